"""Browser tests: Debian's Chromium driven by pytest-playwright against the live server on PostgreSQL.

`playwright install` cannot download browsers here, so the tests launch the
system Chromium (`make test` installs Debian's package when it is missing).
"""

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection
from django.test import override_settings

from portal.demo import DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[2]
# Tests write their screenshots to a scratch folder; `make screenshots` points this at docs/screenshots on purpose.
SCREENSHOTS = Path(os.environ.get("SCREENSHOTS_DIR") or Path(tempfile.gettempdir()) / "attportal-screenshots")
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

# Without the background-networking flags Chromium keeps calling home, and this
# machine's closed network refuses every one of those connections.
CHROMIUM_ARGS = [
    "--headless=new",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session", autouse=True)
def orm_beside_playwright():
    """Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    between browser steps, and the database flush after each test, are ordinary synchronous
    code all the same. Session-wide, because the flush runs after function fixtures end."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-GB", "viewport": {"width": 1280, "height": 900}}


def _load_demo():
    call_command("load_reference_data", verbosity=0)
    for bank in sorted((ROOT / "fixtures" / "frameworks").glob("*.yaml")):
        call_command("load_framework", str(bank), verbosity=0)
    call_command("load_initial_report_template", verbosity=0)  # as `make run` does after the banks
    call_command("seed_demo", verbosity=0)


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker):
    """The demo data, loaded once per run and kept beside the tables as plain copies.

    Loading it takes half a minute (two question banks, two teams with history); copying it
    back takes a moment, so every browser test starts from the same fresh demo. The tables
    are emptied again at once: the other tests expect an empty database.
    """
    with django_db_blocker.unblock():
        with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
            _load_demo()
        tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f'DROP TABLE IF EXISTS "{SNAPSHOT_PREFIX}{table}"')
                cursor.execute(f'CREATE UNLOGGED TABLE "{SNAPSHOT_PREFIX}{table}" AS TABLE "{table}"')
        call_command("flush", interactive=False, verbosity=0)
    return tables


SNAPSHOT_PREFIX = "demo_"


@pytest.fixture
def demo_site(demo_snapshot, transactional_db, live_server):
    """The demo of `make run`: reference data, both shipped question banks, two teams."""
    with connection.cursor() as cursor:
        # Rows go back as they were, foreign keys included: no trigger needs to check them again.
        # The flush after every test re-creates content types and permissions; the demo brings its own.
        cursor.execute("TRUNCATE " + ", ".join(f'"{table}"' for table in demo_snapshot) + " CASCADE")
        cursor.execute("SET session_replication_role = replica")
        for table in demo_snapshot:
            cursor.execute(f'INSERT INTO "{table}" SELECT * FROM "{SNAPSHOT_PREFIX}{table}"')
        cursor.execute("SET session_replication_role = DEFAULT")
        for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True)):
            cursor.execute(statement)
    return live_server


@pytest.fixture
def sign_in(page, live_server):
    def sign_in_as(email, *, target=page):
        target.goto(f"{live_server.url}/accounts/login/")
        target.get_by_label("Email").fill(email)
        target.get_by_label("Password").fill(DEMO_PASSWORD)
        target.get_by_role("button", name="Sign in").click()
        target.wait_for_load_state()
        return target

    return sign_in_as


def axe_violations(page, *, impacts=("serious", "critical")):
    """Run axe-core in the page; evaluating it from the test is not subject to the page's CSP."""
    page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations'],"
        " runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "targets": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in impacts
    ]


def screenshot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


# The W3C Nu HTML Checker (vnu-jar from npm), run with the machine's Java.
VNU = Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def html_errors(pages: dict[str, str], folder: Path) -> list[str]:
    """The checker's errors over pages as the server sent them (name -> HTML), as "name:line: message"."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, html in pages.items():
        (folder / f"{name}.html").write_text(html, encoding="utf-8")
    checked = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *sorted(map(str, folder.glob("*.html")))],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(checked.stderr)["messages"]
    return [f"{Path(m['url']).stem}:{m.get('lastLine')}: {m['message']}" for m in messages]
