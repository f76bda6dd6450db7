import io

import pytest
from django.core.management import CommandError, call_command
from docx import Document

from tests.reports.conftest import settle_everything


def test_the_command_writes_the_pdf(answered, tmp_path):
    out = tmp_path / "initial-report.pdf"
    call_command("render_initial_report", str(answered["assessment"].pk), "-o", str(out), stdout=io.StringIO())
    assert out.read_bytes().startswith(b"%PDF-")


def test_the_command_writes_a_french_docx(answered, tmp_path):
    out = tmp_path / "initial-report.docx"
    call_command(
        "render_initial_report",
        str(answered["assessment"].pk),
        "-o",
        str(out),
        "--language",
        "fr",
        stdout=io.StringIO(),
    )
    text = "\n".join(paragraph.text for paragraph in Document(str(out)).paragraphs)
    question = answered["assessment"].framework.questions.get(code="ART7-01")
    assert question.translated("text", "fr") in text


def test_the_command_refuses_a_final_report_while_items_are_open_then_writes_it(answered, tmp_path):
    out = tmp_path / "final.docx"
    pk = str(answered["assessment"].pk)
    with pytest.raises(CommandError, match="open questions: the final report is made once nothing is open"):
        call_command("render_initial_report", pk, "-o", str(out), "--final")
    assert not out.exists()
    settle_everything(answered)
    call_command("render_initial_report", pk, "-o", str(out), "--final", stdout=io.StringIO())
    text = "\n".join(paragraph.text for paragraph in Document(str(out)).paragraphs)
    assert "Section A: binding obligations" in text and "Working annex" not in text


def test_the_command_refuses_an_unknown_id(db, tmp_path):
    out = tmp_path / "x.pdf"
    with pytest.raises(CommandError, match="Assessment 987654 does not exist"):
        call_command("render_initial_report", "987654", "-o", str(out))
    assert not out.exists()


def test_the_command_refuses_a_universalization_assessment(universalization_team, tmp_path):
    out = tmp_path / "x.pdf"
    with pytest.raises(CommandError, match="universalization"):
        call_command("render_initial_report", str(universalization_team["assessment"].pk), "-o", str(out))
    assert not out.exists()


def test_the_command_refuses_an_unknown_language(answered, tmp_path):
    with pytest.raises(CommandError, match="Unknown language"):
        call_command(
            "render_initial_report", str(answered["assessment"].pk), "-o", str(tmp_path / "x.pdf"), "--language", "xx"
        )
