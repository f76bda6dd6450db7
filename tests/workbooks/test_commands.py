"""manage.py export_workbook and import_workbook: the same workbook, without a web server."""

import pytest
from django.core.management import CommandError, call_command

from assessments.models import Answer
from assessments.services import save_position
from tests.assessments.conftest import membership_of
from tests.workbooks.conftest import edit, open_book


def _export(team, tmp_path, agency) -> bytes:
    path = tmp_path / "out.xlsx"
    call_command("export_workbook", str(team["assessment"].pk), agency, "-o", str(path))
    return path.read_bytes()


def test_export_by_acronym_or_id(team, tmp_path):
    customs = membership_of(team, "customs").agency
    for agency in (customs.acronym.lower(), str(customs.pk)):
        book = open_book(_export(team, tmp_path, agency))
        assert customs.name in book["Instructions"]["A3"].value


def test_export_of_an_unknown_agency_fails(team, tmp_path):
    with pytest.raises(CommandError, match="No agency"):
        _export(team, tmp_path, "NOPE")


def test_import_previews_without_apply_then_applies(team, tmp_path, capsys):
    path = tmp_path / "in.xlsx"
    path.write_bytes(edit(_export(team, tmp_path, "CUS"), "ART5-01", answer="In place"))
    email = team["customs"].email
    call_command("import_workbook", str(path), "--user", email)
    assert "NEW       ART5-01" in capsys.readouterr().out
    assert not Answer.objects.exists()
    call_command("import_workbook", str(path), "--user", email, "--apply")
    answer = Answer.objects.get()
    assert answer.value == "in_place" and answer.history.get().history_change_reason == "from workbook"


def test_import_with_errors_exits_1_and_applies_nothing(team, tmp_path):
    path = tmp_path / "in.xlsx"
    data = edit(_export(team, tmp_path, "CUS"), "ART5-01", answer="In place")
    path.write_bytes(edit(data, "ART5-02", answer="Not applicable"))
    with pytest.raises(CommandError, match="nothing was applied") as raised:
        call_command("import_workbook", str(path), "--user", team["customs"].email, "--apply")
    assert raised.value.returncode == 1
    assert not Answer.objects.exists()


def test_import_reports_conflicts_and_leaves_them(team, tmp_path, capsys):
    customs = membership_of(team, "customs")
    path = tmp_path / "in.xlsx"
    data = edit(_export(team, tmp_path, "CUS"), "ART5-01", answer="In place")
    path.write_bytes(edit(data, "ART5-02", answer="Partly in place"))
    question = team["assessment"].framework.questions.get(code="ART5-01")
    save_position(
        membership=customs, question=question, value="not_in_place", reason="", notes="", legal_references=[],
        base_version=0,
    )  # fmt: skip
    call_command("import_workbook", str(path), "--user", team["customs"].email, "--apply")
    out = capsys.readouterr().out
    assert "CONFLICT  ART5-01" in out and "1 conflicts left" in out
    stored = {a.question.code: a.value for a in Answer.objects.select_related("question")}
    assert stored == {"ART5-01": "not_in_place", "ART5-02": "partly"}


def test_import_by_someone_outside_the_team_fails(team, tmp_path):
    path = tmp_path / "in.xlsx"
    path.write_bytes(_export(team, tmp_path, "CUS"))
    with pytest.raises(CommandError, match="may not change"):
        call_command("import_workbook", str(path), "--user", "nobody@example.org")
    with pytest.raises(CommandError, match="may not change"):
        call_command("import_workbook", str(path), "--user", team["observer"].email)


def test_import_of_a_file_that_is_not_a_workbook_fails(team, tmp_path):
    path = tmp_path / "in.xlsx"
    path.write_bytes(b"hello")
    with pytest.raises(CommandError, match="not an Excel workbook"):
        call_command("import_workbook", str(path), "--user", team["customs"].email)
