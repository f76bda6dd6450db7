"""The initial report PDF, checked as a reader would: text in the template's order, marking on every page, the
working annex in the draft only, fonts, tags, escaping."""

import subprocess
from unittest import mock

import pytest
from django.core.cache import cache

from reports import pdf as report_pdf
from reports.initial_report.build import OpenItemsLeft
from reports.initial_report.template import ITEM_KEYS
from reports.models import TemplateMapping
from reports.services import save_cover
from tests.reports.conftest import agree, catalog_language, position, settle_everything


@pytest.fixture(autouse=True)
def empty_cache(db):
    cache.clear()


def _pdf(team, language="en", final=False):
    return report_pdf.render_initial_report_pdf(assessment=team["assessment"], language=language, final=final)


def _tool(tmp_path, command, content, *args):
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    output = ["-"] if command == "pdftotext" else []
    return subprocess.run([command, *args, str(path), *output], capture_output=True, text=True, check=True).stdout


def _pages(tmp_path, content) -> int:
    info = _tool(tmp_path, "pdfinfo", content)
    return int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])


def test_the_draft_follows_the_template_and_keeps_the_working_annex_at_the_end(answered, tmp_path):
    content = _pdf(answered)
    raw = _tool(tmp_path, "pdftotext", content, "-layout")
    pages = raw.split("\f")[:-1] if raw.endswith("\f") else raw.split("\f")
    assert len(pages) == _pages(tmp_path, content) >= 5
    assert all("DRAFT FOR NATIONAL VALIDATION" in page for page in pages)  # the running header: every page
    assert all("For official use only" in page for page in pages)  # the team's confidentiality marking
    text = " ".join(raw.split())
    for expected in (
        "Initial report on measures undertaken to implement the Arms Trade Treaty",
        "National point of contact for this report",
        "Date of submission",
        "May the report be made public?",
        "Arms Act 2019: section 4",
        "The list exists in draft only.",
        "No agency has answered yet.",
        "Page 2 of",
    ):
        assert expected in text, expected
    # Every item of the template, in its order, then the annexes, then the working annex.
    markers = [
        "Section A: binding obligations",
        *[f"{key} " for key in ITEM_KEYS if key.startswith("A")],
        "Section B: provisions binding",
        *[f"{key} " for key in ITEM_KEYS if key.startswith("B")],
        "Annex 1: national laws and regulations",
        "Annex 2: national control list",
        "Working annex: open items",
    ]
    start = text.index("Section A: binding obligations", text.index("About this draft"))
    positions, cursor = [], start
    for marker in markers:
        cursor = text.index(marker, cursor)
        positions.append(cursor)
    assert positions == sorted(positions)
    assert text.index("ART7-13", start) > text.index("Working annex: open items", start)


def test_the_final_pdf_has_no_draft_marking_and_no_working_annex_and_is_refused_while_items_are_open(
    answered, tmp_path
):
    with pytest.raises(OpenItemsLeft):
        _pdf(answered, final=True)
    settle_everything(answered)
    text = " ".join(_tool(tmp_path, "pdftotext", _pdf(answered, final=True)).split())
    assert "DRAFT" not in text and "Working annex" not in text and "About this draft" not in text
    assert text.index("Section B: provisions binding") < text.rindex("Annex 2: national control list")
    assert "For official use only" in text


def test_typed_fields_are_printed_as_text(answered, tmp_path):
    save_cover(
        assessment=answered["assessment"],
        user=answered["coordinator"],
        data={"contact_name": 'Ana <b>"Q"</b> & Co', "contact_agency": "<script>alert(1)</script>"},
    )
    position(answered, "customs", "ART5-07", "in_place", refs=[{"instrument": "Law <i>7</i> & Order", "provision": ""}])
    agree(answered, "ART5-07", "in_place", "Sent <u>2025</u>")
    text = " ".join(_tool(tmp_path, "pdftotext", _pdf(answered)).split())
    for typed in ('Ana <b>"Q"</b> & Co', "<script>alert(1)</script>", "Law <i>7</i> & Order", "Sent <u>2025</u>"):
        assert typed in text, typed


def test_the_pdf_is_tagged_titled_in_english_or_french_with_fonts_embedded(answered, tmp_path):
    content = _pdf(answered)
    info = _tool(tmp_path, "pdfinfo", content)
    assert "Tagged:          yes" in info
    title = "Initial report on measures undertaken to implement the Arms Trade Treaty"
    assert f"Title:           {title}: {answered['assessment'].country.name}" in info
    assert catalog_language(content) == "en"
    fonts = _tool(tmp_path, "pdffonts", content).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts  # the "emb" column
    assert all("Noto" in line.split()[0] for line in fonts), fonts
    french = _pdf(answered, language="fr")
    assert catalog_language(french) == "fr"
    french_text = " ".join(_tool(tmp_path, "pdftotext", french).split())
    assert "Page 1 sur" in french_text


def test_an_unchanged_report_is_not_rendered_twice(answered):
    with mock.patch.object(report_pdf, "html_to_pdf", wraps=report_pdf.html_to_pdf) as render:
        first, second = _pdf(answered), _pdf(answered)
    assert first == second and render.call_count == 1


@pytest.mark.parametrize("change", ["position", "agreement", "marking", "cover", "mapping", "language"])
def test_any_change_renders_again(answered, change):
    with mock.patch.object(report_pdf, "html_to_pdf", wraps=report_pdf.html_to_pdf) as render:
        _pdf(answered)
        language, assessment = "en", answered["assessment"]
        if change == "position":
            position(answered, "customs", "ART16-01", "partly", refs=[{"instrument": "Aid Act", "provision": "2"}])
        elif change == "agreement":
            agree(answered, "ART7-13", "not_in_place")
        elif change == "marking":
            assessment.marking = "confidential"
            assessment.save()
        elif change == "cover":
            save_cover(assessment=assessment, user=answered["coordinator"], data={"contact_name": "New"})
        elif change == "mapping":
            row = TemplateMapping.objects.get(item="B1.2")
            row.questions = ["ART5-08", "ART5-06"]
            row.save()
        else:
            language = "fr"
        _pdf(answered, language=language)
    assert render.call_count == 2
