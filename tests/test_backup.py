"""bin/backup and bin/restore: a round trip from the test database into a fresh one on the same server."""

import os
import subprocess
import uuid
from pathlib import Path
from urllib.parse import quote, urlencode

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from assessments.services import add_evidence, save_position
from tests.assessments.conftest import membership_of
from tests.factories import make_team

ROOT = Path(__file__).resolve().parent.parent
PDF = b"%PDF-1.4\n% evidence for the backup test\n"


def _database_url(name: str) -> str:
    """A libpq URL of database ``name`` on the server the tests run on."""
    server = connection.settings_dict
    user, password = server.get("USER") or "", server.get("PASSWORD") or ""
    credentials = quote(user, safe="") + (":" + quote(password, safe="") if password else "")
    host, port = server.get("HOST") or "", str(server.get("PORT") or "")
    query = ""
    if host.startswith("/"):  # a Unix socket directory goes in the query string
        query, host = "?" + urlencode({"host": host}), ""
    return f"postgresql://{credentials}{'@' if credentials else ''}{host}{':' + port if port else ''}/{name}{query}"


def _connect(name: str) -> psycopg.Connection:
    server = connection.settings_dict
    return psycopg.connect(
        dbname=name,
        user=server.get("USER") or None,
        password=server.get("PASSWORD") or None,
        host=server.get("HOST") or None,
        port=server.get("PORT") or None,
        autocommit=True,
    )


def _run(script: str, *arguments: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(ROOT / "bin" / script), *arguments],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def _row_counts(name: str) -> dict[str, int]:
    with _connect(name) as db:
        tables = [row[0] for row in db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        return {table: db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in sorted(tables)}


def _history(name: str, answer_id: int) -> list[tuple]:
    with _connect(name) as db:
        return db.execute(
            "SELECT version, value, notes, history_type FROM assessments_historicalanswer"
            " WHERE id = %s ORDER BY history_date, history_id",
            [answer_id],
        ).fetchall()


@pytest.fixture
def fresh_database():
    """An empty database on the test database's server, dropped afterwards."""
    assert connection.vendor == "postgresql", (
        f"bin/backup and bin/restore work on PostgreSQL only, and the suite runs on it (`make test`); "
        f"this run uses {connection.vendor}"
    )
    name = f"restore_test_{uuid.uuid4().hex[:12]}"
    with _connect("postgres") as server:
        server.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with _connect("postgres") as server:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)  # bin/backup reads the test database from another process
def test_a_backup_restored_into_a_fresh_database_has_the_same_rows_history_and_files(
    fresh_database, framework, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    team = make_team(framework)
    licensing, customs = membership_of(team, "licensing"), membership_of(team, "customs")
    question = framework.questions.get(code="ART5-01")
    answer = None
    for version, (value, notes) in enumerate([("partly", "first"), ("in_place", "second"), ("partly", "third")]):
        answer = save_position(
            membership=licensing,
            question=question,
            value=value,
            reason="",
            notes=notes,
            legal_references=[],
            base_version=version,
        )
    save_position(
        membership=customs,
        question=question,
        value="not_in_place",
        reason="",
        notes="ports",
        legal_references=[],
        base_version=0,
    )
    evidence = add_evidence(
        membership=licensing,
        question=question,
        title="Licensing manual",
        upload=SimpleUploadedFile("manual.pdf", PDF, content_type="application/pdf"),
    )
    source = connection.settings_dict["NAME"]

    backup = _run(
        "backup",
        DATABASE_URL=_database_url(source),
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        BACKUP_ROOT=str(tmp_path / "backups"),
    )
    assert backup.returncode == 0, backup.stderr
    folder = Path(backup.stdout.strip().splitlines()[-1])
    assert folder.parent == tmp_path / "backups" and (folder / "database.dump").is_file()

    restored_media = tmp_path / "restored-media"
    restore = _run("restore", str(folder), DATABASE_URL=_database_url(fresh_database), MEDIA_ROOT=str(restored_media))
    assert restore.returncode == 0, restore.stderr

    counts = _row_counts(source)
    assert counts["assessments_answer"] == 2 and counts["assessments_historicalanswer"] == 4
    assert _row_counts(fresh_database) == counts
    history = _history(source, answer.pk)
    assert [(version, notes) for version, _value, notes, _type in history] == [
        (1, "first"),
        (2, "second"),
        (3, "third"),
    ]
    assert _history(fresh_database, answer.pk) == history
    assert (restored_media / evidence.file.name).read_bytes() == PDF


@pytest.mark.parametrize("script, arguments", [("backup", []), ("restore", ["var/backups/any"])])
def test_backup_and_restore_refuse_to_run_without_a_database_url(script, arguments):
    env = {name: value for name, value in os.environ.items() if name != "DATABASE_URL"}
    result = subprocess.run(
        [str(ROOT / "bin" / script), *arguments], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "DATABASE_URL is not set" in result.stderr
