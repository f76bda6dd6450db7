"""The initial report as DOCX: the same content as the PDF, with the template's headings in its order."""

import io

from docx import Document

from reports.docx import initial_report_docx
from reports.initial_report.build import build_initial_report
from reports.initial_report.template import ITEM_KEYS
from reports.models import ReportCover
from reports.services import save_cover
from tests.reports.conftest import settle_everything


def _document(team, language="en", final=False):
    report = build_initial_report(assessment=team["assessment"], language=language, final=final)
    return Document(io.BytesIO(initial_report_docx(report)))


def _text(document) -> str:
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([paragraph.text for paragraph in document.paragraphs] + cells)


def _headings(document, level):
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def test_the_draft_is_marked_on_every_page(answered):
    document = _document(answered)
    for section in document.sections:
        header = " ".join(paragraph.text for paragraph in section.header.paragraphs)
        assert "DRAFT FOR NATIONAL VALIDATION" in header and "For official use only" in header
    assert document.paragraphs[0].text == "DRAFT FOR NATIONAL VALIDATION"
    assert document.core_properties.title.startswith("Initial report on measures undertaken")


def test_the_headings_follow_the_template(answered):
    document = _document(answered)
    assert _headings(document, 1) == [
        "About this draft",
        "Section A: binding obligations",
        "Section B: provisions binding to a lesser degree or voluntary",
        "Annex 1: national laws and regulations",
        "Annex 2: national control list",
        "Working annex: open items (not part of the report)",
    ]
    assert [heading.split(" ", 1)[0] for heading in _headings(document, 3)] == list(ITEM_KEYS)
    assert _headings(document, 2)[:2] == ["1. National control system and control list", "2. Prohibitions"]
    text = _text(document)
    for expected in (
        "Partly in place: The list exists in draft only.",
        "National legal provisions: Arms Act 2019: section 4",
        "Arms Act 2019: section 4 (items A1.2)",
        "Export Licensing Regulation: rule 12 (items A3.1)",
        "Customs Office: Not in place",
    ):
        assert expected in text, expected
    # The agencies' notes and unagreed positions are working material, not the state's answer.
    body = text[: text.index("Working annex: open items")]
    assert "A draft control list is with the defence staff." not in text
    assert "Customs Office: Not in place" not in body


def test_the_final_version_has_no_draft_marking_and_no_working_annex(answered):
    settle_everything(answered)
    document = _document(answered, final=True)
    text = _text(document)
    headers = " ".join(p.text for section in document.sections for p in section.header.paragraphs)
    assert "DRAFT" not in text and "DRAFT" not in headers and "For official use only" in headers
    assert "Working annex" not in text and "About this draft" not in text
    assert _headings(document, 1)[-1] == "Annex 2: national control list"


def test_typed_fields_reach_the_document_as_text(answered):
    typed = 'Ana <b>"Q"</b> & Co \x0b'
    save_cover(
        assessment=answered["assessment"],
        user=answered["coordinator"],
        data={"contact_name": typed, "contact_agency": "<script>alert(1)</script>", "publication": "restricted"},
    )
    text = _text(_document(answered))
    assert 'Ana <b>"Q"</b> & Co' in text and "<script>alert(1)</script>" in text
    assert str(ReportCover.Publication.RESTRICTED.label) in text


def test_the_docx_speaks_french(answered):
    question = answered["assessment"].framework.questions.get(code="ART7-01")
    text = _text(_document(answered, "fr"))
    assert question.translated("text", "fr") in text and question.text not in text
