"""Pages under load: gunicorn (2 workers) on PostgreSQL, debug off, 20 concurrent
connections from wrk over loopback, each page against a trivial view through the
same middleware, in the same run."""

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.middleware.csrf import _get_new_csrf_string

from .common import report

ROOT = Path(settings.BASE_DIR)
SECONDS = int(os.environ.get("BENCH_SECONDS", "8"))
CONNECTIONS = 20
LUA = """
wrk.method = "{method}"
wrk.headers["Cookie"] = "sessionid={session}; csrftoken={csrf}"
wrk.headers["X-CSRFToken"] = "{csrf}"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["HX-Request"] = "true"
if wrk.method == "POST" then
  -- every save writes something new, so each one is a real write with history
  request = function()
    return wrk.format(nil, nil, nil, "{body}" .. math.random(1, 1000000000))
  end
end
done = function(summary, latency, requests)
  io.write(string.format("p95_us %d\\n", latency:percentile(95)))
  io.write(string.format("non2xx %d\\n", summary.errors.status))
end
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def session_cookie(user) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return session.session_key


@contextmanager
def gunicorn(workers: int = 2):
    port = _free_port()
    # The bench process already runs with PRODUCTION_ENV (bench/common.py); the workers inherit it.
    env = dict(os.environ, GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKERS=str(workers), GUNICORN_ACCESSLOG="")
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
    server = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "-c", "gunicorn.conf.py"], cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    try:
        yield base, server
    finally:
        server.terminate()
        server.wait(timeout=30)


def worker_peak_mb(server) -> float:
    """The largest peak resident size (VmHWM) among the master's worker processes."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    peaks = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        peaks.append(int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024)
    return max(peaks)


def wrk(url: str, *, session: str, method: str = "GET", body: str = "") -> dict:
    csrf = _get_new_csrf_string()
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA.format(method=method, body=body, session=session, csrf=csrf))
    try:
        output = subprocess.run(
            ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--timeout", "10s", "-s", script.name, url],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(script.name)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p95_ms": int(re.search(r"p95_us (\d+)", output).group(1)) / 1000,
        "non2xx": int(re.search(r"non2xx (\d+)", output).group(1)),
    }


def _check_signed_in(url: str, session: str) -> None:
    """The load must hit the page itself, not a redirect to the sign-in form."""
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={session}"})
    opener = urllib.request.build_opener(_NoRedirect)
    status = opener.open(request, timeout=30).status
    assert status in (200, 204), f"{url} answered {status}"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def run(*, pages: dict[str, str], save: tuple[str, str], user) -> None:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: `make bench` installs it (Debian package wrk)")
    session = session_cookie(user)
    with gunicorn() as (base, server):
        for path in [*pages.values(), "/session/keepalive"]:
            _check_signed_in(base + path, session)
            wrk(base + path, session=session)  # warm up: templates, caches, connections
        bare = wrk(base + "/session/keepalive", session=session)
        for name, path in pages.items():
            result = wrk(base + path, session=session)
            assert result["non2xx"] == 0, f"{name}: {result['non2xx']} responses were not 2xx/3xx"
            report(f"{name}_over_bare_view", result["rps"] / bare["rps"])
            if name == "section_page":
                report("section_page_p95_ms", result["p95_ms"])
        saved = wrk(base + save[0], session=session, method="POST", body=save[1])
        assert saved["non2xx"] == 0, f"answer saves: {saved['non2xx']} failed"
        report("answer_save_p95_ms", saved["p95_ms"])
        report("bare_view_rps", bare["rps"])
        report("worker_peak_mb", worker_peak_mb(server))
