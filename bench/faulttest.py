"""`make faulttest`: the load of `make loadtest`, with PostgreSQL stopped for about five seconds
in the middle of it.

Checked: requests during the outage fail cleanly (503 with the "Temporarily unavailable" page,
never a 500), the same gunicorn workers serve pages again once the database is back (no restart),
and no save the server acknowledged is lost. PostgreSQL is stopped and started again exactly as
bin/with-postgres runs it, so this needs the cluster that script starts (PG_BIN, PG_DIR, PG_PORT).
"""

import os
import subprocess
import threading
import time
from dataclasses import dataclass

from django.db import connection

from .common import prepare_database, report
from .loadtest import (
    Client,
    Recorder,
    Response,
    check_acknowledged,
    demo_members,
    describe,
    finish,
    gunicorn,
    number_from_env,
    print_server_errors,
    run_users,
    seconds_from_env,
    server_errors,
    sessions_for,
    sessions_per_member_from_env,
    users_from_env,
)

OUTAGE_SECONDS = 5  # FAULTTEST_OUTAGE_SECONDS shortens it for the short run inside `make test`
RECOVERY_LIMIT = 60  # seconds after the restart to wait for a page before calling it no recovery
PROBE_INTERVAL = 0.05


@dataclass
class Outage:
    """Stops the cluster, waits, starts it again; times are time.monotonic()."""

    stopped_at: float = 0.0  # the stop command was given
    restarted_at: float = 0.0  # the start command was given
    ready_at: float = 0.0  # the start command returned: the database accepts connections again
    recovered_at: float | None = None  # the end of the first successful page begun after ready_at
    error: BaseException | None = None


def _cluster() -> tuple[str, str, str]:
    names = ("PG_BIN", "PG_DIR", "PG_PORT")
    missing = [name for name in names if not os.environ.get(name)]
    if missing:
        raise SystemExit(
            f"{', '.join(missing)} not set: run through `make faulttest`, which starts the PostgreSQL cluster "
            "this test stops and restarts (bin/with-postgres, without a DATABASE_URL of your own)"
        )
    return tuple(os.environ[name] for name in names)


def _pg_ctl(*arguments: str) -> None:
    pg_bin, pg_dir, _port = _cluster()
    command = [f"{pg_bin}/pg_ctl", "-D", f"{pg_dir}/data", *arguments]
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, timeout=120)


def stop_database() -> None:
    _pg_ctl("-m", "fast", "stop")


def start_database() -> None:
    """With the options of bin/with-postgres (keep them in step with that script)."""
    _pg_bin, pg_dir, port = _cluster()
    # A throwaway cluster trades durability for speed; a kept one (PG_KEEP_DIR) stays durable.
    durability = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    if os.environ.get("PG_KEEP_DIR"):
        durability = ""
    options = f"-p {port} -k {pg_dir} -c listen_addresses=127.0.0.1 -c max_connections=200 {durability}".strip()
    _pg_ctl("-l", f"{pg_dir}/server.log", "-w", "-o", options, "start")


def cause_outage(outage: Outage, *, after: float, down: float, probe: Client, probe_path: str) -> None:
    try:
        time.sleep(after)
        outage.stopped_at = time.monotonic()
        try:
            stop_database()
            time.sleep(down)
        finally:
            outage.restarted_at = time.monotonic()
            start_database()
            outage.ready_at = time.monotonic()
        give_up = outage.ready_at + RECOVERY_LIMIT
        while time.monotonic() < give_up:
            if probe.request("probe", "GET", probe_path).status == 200:
                break
            time.sleep(PROBE_INTERVAL)
    except BaseException as error:  # reported by the main thread
        outage.error = error


def first_success_after(responses: list[Response], moment: float) -> float | None:
    ends = [r.ended for r in responses if r.status == 200 and r.started >= moment]
    return min(ends) if ends else None


def main() -> None:
    _cluster()
    seconds = seconds_from_env()
    down = number_from_env("FAULTTEST_OUTAGE_SECONDS", OUTAGE_SECONDS, lowest=1, highest=600, unit="seconds")
    if seconds < 3 * down:
        raise SystemExit(f"LOADTEST_SECONDS must be at least {3 * down} for an outage of {down} s in the middle")
    prepare_database()
    # One session more than the users: the probe that times the recovery.
    everyone = sessions_for(demo_members(), users_from_env() + 1, sessions_per_member_from_env())
    (probe_member, probe_session), *sessions = everyone
    connection.close()
    recorder = Recorder()
    outage = Outage()
    with gunicorn() as server:
        workers_before = server.worker_pids()
        fault = threading.Thread(
            target=cause_outage,
            args=(outage,),
            kwargs={
                "after": seconds / 2 - down / 2,
                "down": down,
                "probe": Client(server.port, probe_session, recorder),
                "probe_path": probe_member.pages["overview"],
            },
            daemon=True,
        )
        fault.start()
        run_users(server.port, sessions, seconds, recorder)
        fault.join(timeout=RECOVERY_LIMIT + 180)
        workers_after = server.worker_pids() if server.process.poll() is None else set()
        print_server_errors(server_errors(server.log), server.log)
    if outage.error is not None or fault.is_alive():
        raise SystemExit(f"The outage could not be staged: {outage.error!r}")

    responses = recorder.responses
    outage.recovered_at = first_success_after(responses, outage.ready_at)
    recovered = outage.recovered_at if outage.recovered_at is not None else float("inf")
    during = [r for r in responses if r.started < outage.ready_at and r.ended > outage.stopped_at]
    other_5xx = [r for r in responses if r.status >= 500 and r.status != 503]
    unclean_503 = [r for r in responses if r.status == 503 and not r.is_clean_503]
    outage_503s = [r for r in during if r.is_clean_503]
    after_recovery_503 = [r for r in responses if r.status == 503 and r.started > recovered]
    before_outage_503 = [r for r in responses if r.status == 503 and r.ended < outage.stopped_at]
    no_response = [r for r in responses if r.status == 0]
    lost, missing = check_acknowledged(recorder.acknowledged)
    worker_restarts = len(workers_before - workers_after)

    report("seconds", seconds)
    report("users", len(sessions))
    report("members", len({member.email for member, _session in sessions}))
    report("requests", len(responses))
    report("errors_5xx_other_than_503", len(other_5xx))
    report("outage_requests", len(during))
    report("outage_503s", len(outage_503s))
    report("unclean_503s", len(unclean_503))
    report("503s_outside_outage", len(before_outage_503) + len(after_recovery_503))
    report("database_down_seconds", outage.ready_at - outage.stopped_at)
    report("recovery_seconds", recovered - outage.ready_at)
    report("no_response", len(no_response))
    report("unexpected_responses", len(recorder.unexpected))
    report("saves_acknowledged", len(recorder.acknowledged))
    report("conflicts", len(recorder.conflicts))
    report("saves_abandoned", len(recorder.abandoned))
    report("lost_updates", lost)
    report("acknowledged_missing_from_history", missing)
    report("worker_restarts", worker_restarts)

    problems = []
    unclean = other_5xx + unclean_503 + no_response + recorder.unexpected
    if unclean:
        problems.append(f"requests failed other than cleanly:\n{describe(unclean)}")
    if not outage_503s:
        problems.append("no request met the outage: the test did not test it")
    if outage.recovered_at is None:
        problems.append(f"no page succeeded within {RECOVERY_LIMIT} s of the database's return")
    if before_outage_503 or after_recovery_503:
        problems.append("503s outside the outage")
    if lost or missing:
        problems.append("acknowledged saves were lost")
    if worker_restarts:
        problems.append(f"gunicorn workers were replaced: {sorted(workers_before)} -> {sorted(workers_after)}")
    if not recorder.acknowledged:
        problems.append("no save was acknowledged")
    finish(problems, server)


if __name__ == "__main__":
    main()
