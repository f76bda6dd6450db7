"""The draft initial report as DOCX: the same content as the PDF, the draft marking in every page header."""

import io

from docx import Document

from reports.docx import initial_report_docx
from reports.initial_report import build_initial_report


def _document(team, language="en"):
    return Document(
        io.BytesIO(initial_report_docx(build_initial_report(assessment=team["assessment"], language=language)))
    )


def _text(document) -> str:
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([paragraph.text for paragraph in document.paragraphs] + cells)


def test_the_docx_is_marked_as_a_draft_on_every_page(answered):
    document = _document(answered)
    for section in document.sections:
        header = " ".join(paragraph.text for paragraph in section.header.paragraphs)
        assert "DRAFT FOR NATIONAL VALIDATION" in header and "For official use only" in header
    assert document.paragraphs[0].text == "DRAFT FOR NATIONAL VALIDATION"
    assert document.core_properties.title.startswith("Initial report on measures undertaken")


def test_the_docx_carries_the_report_binding_first(answered):
    text = _text(_document(answered))
    for expected in (
        "Arms Act 2019: section 4 (Licensing Office, Customs Office)",
        "A draft control list is with the defence staff. (Licensing Office)",
        "Agreed answer: Partly in place · The list exists in draft only.",
        "Agreed answer: not yet agreed (positions: Customs Office: Not in place)",
        "Open item: No agency has answered yet.",
        "Open items to settle before validation",
    ):
        assert expected in text, expected
    order = [
        text.index(marker)
        for marker in ("Part A: binding", "ART5-01 ·", "ART7-01 ·", "Part B: voluntary", "ART5-02 ·", "ART16-01 ·")
    ]
    assert order == sorted(order)


def test_the_docx_speaks_french(answered):
    text = _text(_document(answered, "fr"))
    assert "Existe-t-il une liste de contrôle ?" in text and "Is there a control list?" not in text
