"""`make loadtest`: 50 signed-in members on gunicorn (2 workers) and PostgreSQL, over loopback.

For LOADTEST_SECONDS (60 by default) every simulated user reads the section, overview, gap
and roadmap pages of a demo assessment (seed_demo) and autosaves its agency's answers as the
browser does: an htmx POST naming the version it last saw, a re-read and a retry when someone
else saved first, now and then "Keep mine". The demo teams have about a dozen members, so each
of them works in several sessions at once, like colleagues of one agency sharing the
questionnaire: that is what makes saves collide.

Every save the server acknowledged (200 with the saved version) is then compared with the
database: it is lost if the final row has a lower version, or the same version with other notes.
A save counts as acknowledged as the page counts it: the response swaps in the new version and
the "Saved at" status out of band (bench/answer_pages.py reads it, and tests/security checks that
reading against the real views).

`make test` runs a short form (LOADTEST_SECONDS=10, LOADTEST_USERS=6, two sessions per member),
so that a change to the save path that breaks saving under load fails there.
"""

import http.client
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from .common import prepare_database, report, setup_django

setup_django()

from django.conf import settings  # noqa: E402 - Django must be set up first
from django.db import connection  # noqa: E402
from django.middleware.csrf import _get_new_csrf_string  # noqa: E402
from django.urls import reverse  # noqa: E402

from .answer_pages import form_versions, offers_keep_mine, saved_version  # noqa: E402
from .http import _free_port, session_cookie  # noqa: E402

ROOT = Path(settings.BASE_DIR)
USERS = 50
WORKERS = 2
REQUEST_TIMEOUT = 30  # seconds; gunicorn's own worker timeout is 120
SAVE_ATTEMPTS = 6  # per answer, before the simulated user gives up on it
KEEP_MINE_SHARE = 0.2  # of conflicts, where the user keeps their own answer rather than re-reading
EDIT_SHARE = 0.5  # of a writer's turns spent editing a section (the rest reads a page)
EDITED_SECTIONS = 2  # per assessment: few enough that sessions of one agency meet on the same answers
THINK_SECONDS = (0.0, 0.3)
UNAVAILABLE_TEXT = "Temporarily unavailable"

READ_PAGES = ("section_page", "overview", "gap_page", "roadmap_page")


def number_from_env(name: str, default: int, *, lowest: int, highest: int, unit: str) -> int:
    raw = os.environ.get(name, "") or str(default)
    if not raw.isdigit() or not lowest <= int(raw) <= highest:
        raise SystemExit(f"{name} must be a whole number of {unit} between {lowest} and {highest}, not {raw!r}")
    return int(raw)


def seconds_from_env(name: str = "LOADTEST_SECONDS", default: int = 60) -> int:
    return number_from_env(name, default, lowest=1, highest=3600, unit="seconds")


def users_from_env() -> int:
    """LOADTEST_USERS: fewer simulated users for the short run inside `make test`."""
    return number_from_env("LOADTEST_USERS", USERS, lowest=1, highest=200, unit="users")


# --- What the simulated users work on, taken from the demo data ---------------------------------


@dataclass(frozen=True)
class QuestionPlan:
    code: str
    question_id: int
    save_path: str
    options: tuple[str, ...]


@dataclass(frozen=True)
class SectionPlan:
    code: str
    path: str
    questions: tuple[QuestionPlan, ...]


@dataclass(frozen=True)
class MemberPlan:
    email: str
    assessment_id: int
    agency_id: int
    can_write: bool
    pages: dict  # read page name -> path (section_page: the first section)
    sections: tuple[SectionPlan, ...]  # the sections this member edits and re-reads


def demo_members() -> list[MemberPlan]:
    """Every active member of the demo assessments, with the pages and answers they work on."""
    from assessments.models import Assessment
    from portal.demo_assessments import DEMO_ASSESSMENTS

    plans = []
    for assessment in Assessment.objects.filter(title__in=[spec.title for spec in DEMO_ASSESSMENTS]).order_by("pk"):
        sections = []
        for section in assessment.framework.sections.order_by("order")[:EDITED_SECTIONS]:
            questions = tuple(
                QuestionPlan(
                    code=question.code,
                    question_id=question.pk,
                    save_path=reverse("assessments:save_answer", args=[assessment.pk, question.code]),
                    # "Not applicable" needs a reason: every save sends one, so every option is fair.
                    options=tuple(option.value for option in question.scale.options.all()),
                )
                for question in section.questions.order_by("order").select_related("scale")
            )
            path = reverse("assessments:section", args=[assessment.pk, section.code])
            sections.append(SectionPlan(code=section.code, path=path, questions=questions))
        pages = {
            "section_page": sections[0].path,
            "overview": reverse("assessments:detail", args=[assessment.pk]),
            "gap_page": reverse("assessments:gaps", args=[assessment.pk]),
            "roadmap_page": reverse("roadmaps:detail", args=[assessment.pk]),
        }
        for membership in assessment.memberships.active().select_related("user", "assessment").order_by("pk"):
            plans.append(
                MemberPlan(
                    email=membership.user.email,
                    assessment_id=assessment.pk,
                    agency_id=membership.agency_id,
                    can_write=membership.can_write,
                    pages=pages,
                    sections=tuple(sections),
                )
            )
    if not any(plan.can_write for plan in plans):
        raise SystemExit("The demo data has no member who may write: did seed_demo run?")
    return plans


def sessions_for(members: list[MemberPlan], count: int, per_member: int = 1) -> list[tuple[MemberPlan, str]]:
    """``count`` signed-in sessions, spread over the members in turn (each session its own cookie).

    ``per_member`` sessions go to each member before the next: a short run with a handful of users
    still has colleagues editing the same answers at once (LOADTEST_SESSIONS_PER_MEMBER).
    """
    from accounts.models import User

    users = {user.email: user for user in User.objects.filter(email__in=[m.email for m in members])}
    chosen = [members[(n // per_member) % len(members)] for n in range(count)]
    return [(member, session_cookie(users[member.email])) for member in chosen]


def sessions_per_member_from_env() -> int:
    return number_from_env("LOADTEST_SESSIONS_PER_MEMBER", 1, lowest=1, highest=50, unit="sessions")


# --- Talking to the server ------------------------------------------------------------------------


@dataclass(frozen=True)
class Response:
    name: str
    method: str
    started: float  # time.monotonic()
    ended: float
    status: int  # 0: no HTTP response (refused, reset, timed out)
    text: str

    @property
    def milliseconds(self) -> float:
        return (self.ended - self.started) * 1000

    @property
    def is_clean_503(self) -> bool:
        return self.status == 503 and UNAVAILABLE_TEXT in self.text


@dataclass(frozen=True)
class Acknowledged:
    assessment_id: int
    question_id: int
    agency_id: int
    version: int
    notes: str


@dataclass
class Recorder:
    """What every simulated user saw; appended to from many threads (list.append is atomic)."""

    responses: list = field(default_factory=list)
    acknowledged: list = field(default_factory=list)
    conflicts: list = field(default_factory=list)
    unexpected: list = field(default_factory=list)
    abandoned: list = field(default_factory=list)  # saves given up after SAVE_ATTEMPTS, never acknowledged


class Client:
    """One simulated user's browser: its session and CSRF cookies, a new connection per request
    (gunicorn's sync workers close every connection anyway)."""

    def __init__(self, port: int, session: str, recorder: Recorder):
        self.port = port
        self.recorder = recorder
        csrf = _get_new_csrf_string()
        self.headers = {"Cookie": f"sessionid={session}; csrftoken={csrf}", "X-CSRFToken": csrf}

    def request(self, name: str, method: str, path: str, body: str | None = None, htmx: bool = False) -> Response:
        headers = dict(self.headers)
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if htmx:
            headers["HX-Request"] = "true"
        started = time.monotonic()
        status, text = 0, ""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)
        try:
            conn.request(method, path, body=body, headers=headers)
            answer = conn.getresponse()
            status, text = answer.status, answer.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException) as exc:
            text = f"{type(exc).__name__}: {exc}"
        finally:
            conn.close()
        response = Response(name, method, started, time.monotonic(), status, text)
        self.recorder.responses.append(response)
        return response


# --- One simulated user ---------------------------------------------------------------------------


class SimulatedUser:
    def __init__(self, number: int, member: MemberPlan, client: Client, deadline: float, rng: random.Random):
        self.number = number
        self.member = member
        self.client = client
        self.deadline = deadline
        self.rng = rng
        self.versions: dict[str, int] = {}  # question code -> the version this user last saw
        self.saves = 0

    def run(self) -> None:
        while time.monotonic() < self.deadline:
            if self.member.can_write and self.rng.random() < EDIT_SHARE:
                self.edit_section(self.rng.choice(self.member.sections))
            else:
                name = self.rng.choice(READ_PAGES)
                self.read(name, self.member.pages[name])
            time.sleep(self.rng.uniform(*THINK_SECONDS))

    def read(self, name: str, path: str) -> Response:
        response = self.client.request(name, "GET", path)
        if response.status != 200 and 0 < response.status < 500:  # 5xx and no response are counted apart
            self.client.recorder.unexpected.append(response)
        return response

    def read_versions(self, section: SectionPlan) -> bool:
        page = self.read("section_page", section.path)
        if page.status != 200:
            return False
        self.versions.update(form_versions(page.text))
        return True

    def edit_section(self, section: SectionPlan) -> None:
        if not self.read_versions(section):
            self.pause_after_failure(1)
            return
        for question in self.rng.sample(section.questions, k=min(len(section.questions), self.rng.randint(1, 3))):
            if time.monotonic() >= self.deadline:
                return
            self.save(section, question)

    def save(self, section: SectionPlan, question: QuestionPlan) -> None:
        """Save one answer until the server acknowledges it, as autosave.js and the conflict form do."""
        self.saves += 1
        notes = f"user {self.number} save {self.saves} {self.rng.getrandbits(32):08x}"
        value = self.rng.choice(question.options)
        keep_mine = False
        for attempt in range(1, SAVE_ATTEMPTS + 1):
            fields = {
                "value": value,
                "reason": "Load test",
                "notes": notes,
                "legal_references": "",
                "version": self.versions.get(question.code, 0),
            }
            if keep_mine:
                fields["keep_mine"] = "1"
            response = self.client.request("answer_save", "POST", question.save_path, urlencode(fields), htmx=True)
            version = saved_version(response.text, question.code) if response.status == 200 else None
            if version is not None:
                self.versions[question.code] = version
                self.client.recorder.acknowledged.append(
                    Acknowledged(self.member.assessment_id, question.question_id, self.member.agency_id, version, notes)
                )
                return
            if response.status == 409 or (response.status == 200 and offers_keep_mine(response.text)):
                self.client.recorder.conflicts.append(response)
                # The conflict form shows the other answer: keep mine (forced save), or re-read and redo.
                keep_mine = self.rng.random() < KEEP_MINE_SHARE
                if not keep_mine:
                    self.read_versions(section)
            elif response.status == 0 or response.status >= 500:
                self.pause_after_failure(attempt)  # autosave.js retries later, with the same form
            else:
                self.client.recorder.unexpected.append(response)
                return
            if time.monotonic() >= self.deadline + REQUEST_TIMEOUT:
                break
        self.client.recorder.abandoned.append(question.code)

    def pause_after_failure(self, attempt: int) -> None:
        # autosave.js waits 4 s, 8 s, ... up to 30 s; shorter here so that users come back within a short run.
        time.sleep(min(0.5 * 2**attempt, 4.0) * self.rng.uniform(0.5, 1.0))


def run_users(port: int, sessions: list[tuple[MemberPlan, str]], seconds: float, recorder: Recorder) -> None:
    """Run one thread per session until the deadline; every thread ends by itself soon after it."""
    deadline = time.monotonic() + seconds
    threads = []
    for number, (member, session) in enumerate(sessions):
        user = SimulatedUser(number, member, Client(port, session, recorder), deadline, random.Random(number))
        threads.append(threading.Thread(target=user.run, name=f"user-{number}", daemon=True))
    for thread in threads:
        thread.start()
    # A save in flight may retry a few times after the deadline; a request never outlives its timeout.
    give_up = deadline + SAVE_ATTEMPTS * (REQUEST_TIMEOUT + 5)
    for thread in threads:
        thread.join(timeout=max(0.0, give_up - time.monotonic()))
    stuck = [thread.name for thread in threads if thread.is_alive()]
    if stuck:
        raise SystemExit(f"{len(stuck)} simulated users did not stop: {', '.join(stuck[:5])}")


# --- The server -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Server:
    base: str
    port: int
    process: subprocess.Popen
    log: Path

    def worker_pids(self) -> set[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return {int(pid) for pid in children}


@contextmanager
def gunicorn(workers: int = WORKERS):
    """Like bench.http.gunicorn, but the server's output goes to a log file that a failure can quote."""
    port = _free_port()
    env = dict(os.environ, GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKERS=str(workers), GUNICORN_ACCESSLOG="")
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
    log = Path(tempfile.mkdtemp(prefix="attportal-loadtest-")) / "gunicorn.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "-c", "gunicorn.conf.py"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    server = Server(f"http://127.0.0.1:{port}", port, process, log)
    try:
        _wait_until_up(server)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_up(server: Server, seconds: float = 120) -> None:  # workers boot slowly on a busy machine
    give_up = time.monotonic() + seconds
    while time.monotonic() < give_up:
        try:
            with urllib.request.urlopen(f"{server.base}/healthz", timeout=2) as response:
                if response.status == 200 and len(server.worker_pids()) == WORKERS:
                    return
        except OSError:
            pass
        if server.process.poll() is not None:
            break
        time.sleep(0.1)
    raise SystemExit(f"gunicorn did not come up; its log:\n{server.log.read_text()[-3000:]}")


ERROR_HEADER = re.compile(r"^Internal Server Error: (\S+)")
# Lines that start another log record: Django's request log, the portal's own, gunicorn's.
LOG_MESSAGE = re.compile(
    r"^(Internal Server Error|Service Unavailable|Database unavailable|Bad Request|Forbidden|\[\d{4}-)"
)
EXCEPTION_LINE = re.compile(r"^([A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt))\b(.*)")


def server_errors(log: Path) -> Counter:
    """The 500s in the server's log, by where the project's code met them and what was raised:
    "accounts/middleware.py:22 django.db.utils.OperationalError" -> how many times."""
    frame = re.compile(rf'^\s+File "{re.escape(str(ROOT))}/(?!\.venv/)([^"]+)", line (\d+)')
    errors = Counter()
    lines = log.read_text(errors="replace").splitlines()
    for number, line in enumerate(lines):
        if not ERROR_HEADER.match(line):
            continue
        where, raised = "(no project frame)", "(no exception line)"
        for following in lines[number + 1 :]:
            if LOG_MESSAGE.match(following):
                break
            if found := frame.match(following):
                where = f"{found.group(1)}:{found.group(2)}"
            elif found := EXCEPTION_LINE.match(following):
                raised = found.group(1)
        errors[f"{where} {raised}"] += 1
    return errors


def print_server_errors(errors: Counter, log: Path) -> None:
    if errors:
        listed = "\n".join(f"  {count} x {what}" for what, count in errors.most_common())
        print(f"Server errors (500), by the last project frame of the traceback:\n{listed}", file=sys.stderr)


# --- The figures ----------------------------------------------------------------------------------


def p95_ms(responses: list[Response]) -> float:
    timings = [r.milliseconds for r in responses if r.status]
    return statistics.quantiles(timings, n=100, method="inclusive")[94] if len(timings) > 1 else 0.0


def check_acknowledged(acknowledged: list[Acknowledged]) -> tuple[int, int]:
    """(lost updates, acknowledged saves missing from the answer's history), against the final database.

    Lost: the final row has a lower version than the one acknowledged, or the same version with other
    notes. The history check is stricter: every acknowledged (version, notes) must have been stored.
    """
    from assessments.models import Answer

    connection.close()  # the database may have restarted since this process last used it
    assessment_ids = {a.assessment_id for a in acknowledged}
    rows = Answer.objects.filter(assessment_id__in=assessment_ids).values_list(
        "pk", "assessment_id", "question_id", "agency_id", "version", "notes"
    )
    final = {(a, q, g): (pk, version, notes) for pk, a, q, g, version, notes in rows}
    history = set(
        Answer.history.filter(assessment_id__in=assessment_ids).values_list("id", "version", "notes").distinct()
    )
    lost = missing = 0
    for ack in acknowledged:
        row = final.get((ack.assessment_id, ack.question_id, ack.agency_id))
        if row is None or row[1] < ack.version or (row[1] == ack.version and row[2] != ack.notes):
            lost += 1
        if row is None or (row[0], ack.version, ack.notes) not in history:
            missing += 1
    return lost, missing


def describe(responses: list[Response], limit: int = 5) -> str:
    counts = Counter((r.method, r.name, r.status) for r in responses)
    lines = [
        f"  {count} x {method} {name} -> {status or 'no response'}" for (method, name, status), count in counts.items()
    ]
    samples = [f"  e.g. {r.text[:200]!r}" for r in responses[:1]]
    return "\n".join(lines[:limit] + samples)


def finish(problems: list[str], server: Server) -> None:
    """Exit non-zero on any problem, keeping the server's log; otherwise remove it."""
    for problem in problems:
        print(f"FAILED: {problem}", file=sys.stderr)
    if problems:
        print(f"Server log: {server.log}", file=sys.stderr)
        sys.exit(1)
    shutil.rmtree(server.log.parent, ignore_errors=True)


def main() -> None:
    seconds = seconds_from_env()
    prepare_database()
    sessions = sessions_for(demo_members(), users_from_env(), sessions_per_member_from_env())
    connection.close()
    recorder = Recorder()
    with gunicorn() as server:
        run_users(server.port, sessions, seconds, recorder)
        errors = server_errors(server.log)
    print_server_errors(errors, server.log)
    responses = recorder.responses
    errors_5xx = [r for r in responses if r.status >= 500]
    no_response = [r for r in responses if r.status == 0]
    lost, missing = check_acknowledged(recorder.acknowledged)
    report("seconds", seconds)
    report("users", len(sessions))
    report("members", len({member.email for member, _session in sessions}))
    report("requests", len(responses))
    report("requests_per_second", len(responses) / seconds)
    report("errors_5xx", len(errors_5xx))
    report("no_response", len(no_response))
    report("unexpected_responses", len(recorder.unexpected))
    report("p95_ms", p95_ms(responses))
    for name in (*READ_PAGES, "answer_save"):
        report(f"p95_ms_{name}", p95_ms([r for r in responses if r.name == name]))
    report("saves_acknowledged", len(recorder.acknowledged))
    report("conflicts", len(recorder.conflicts))
    report("saves_abandoned", len(recorder.abandoned))
    report("lost_updates", lost)
    report("acknowledged_missing_from_history", missing)
    problems = []
    failures = errors_5xx + no_response + recorder.unexpected
    if failures:
        problems.append(f"requests failed:\n{describe(failures)}")
    if lost or missing:
        problems.append("acknowledged saves were lost")
    if not recorder.acknowledged:
        problems.append("no save was acknowledged: the load test did not test saving")
    finish(problems, server)


if __name__ == "__main__":
    main()
