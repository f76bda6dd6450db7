"""The draft initial report PDF, checked as a reader would: text, order, marking on every page, fonts, tags."""

import subprocess
from unittest import mock

import pytest
from django.core.cache import cache

from reports import pdf as report_pdf
from tests.reports.conftest import agree, catalog_language, position


@pytest.fixture(autouse=True)
def empty_cache(db):
    cache.clear()


def _pdf(team, language="en"):
    return report_pdf.render_initial_report_pdf(assessment=team["assessment"], language=language)


def _tool(tmp_path, command, content, *args):
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    output = ["-"] if command == "pdftotext" else []
    return subprocess.run([command, *args, str(path), *output], capture_output=True, text=True, check=True).stdout


def _pages(tmp_path, content) -> int:
    info = _tool(tmp_path, "pdfinfo", content)
    return int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])


def test_the_pdf_is_a_draft_with_binding_articles_first_legal_references_and_open_items(answered, tmp_path):
    content = _pdf(answered)
    assert content.startswith(b"%PDF-")
    raw = _tool(tmp_path, "pdftotext", content, "-layout")
    pages = raw.split("\f")[:-1] if raw.endswith("\f") else raw.split("\f")
    assert len(pages) == _pages(tmp_path, content) >= 3
    assert all("DRAFT FOR NATIONAL VALIDATION" in page for page in pages)  # the running header: every page
    assert all("For official use only" in page for page in pages)  # the team's confidentiality marking
    text = " ".join(raw.split())
    for expected in (
        answered["assessment"].country.name,
        "Initial report on measures undertaken to implement the Arms Trade Treaty",
        "Article 13(1)",
        answered["assessment"].title,
        "Arms Act 2019: section 4",
        "A draft control list is with the defence staff.",
        "The list exists in draft only.",
        "Open items to settle before validation",
        "No agency has answered yet.",
        "the team has not recorded its agreed answer yet",
        "Page 2 of",
    ):
        assert expected in text, expected
    # Part A (binding: Articles 5 then 7) before Part B (voluntary: Articles 5 then 16), whatever the bank's order.
    order = [
        text.index(marker)
        for marker in ("Part A: binding", "ART5-01", "ART7-01", "ART7-02", "Part B: voluntary", "ART5-02")
    ]
    assert order == sorted(order)
    assert text.index("Part B: voluntary") < text.index("ART16-01 ·") < text.index("Open items to settle")


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
    assert "Existe-t-il une liste de contrôle ?" in french_text
    assert "Contraignante" in french_text and "Page 1 sur" in french_text
    assert "Is there a control list?" not in french_text


def test_an_unchanged_report_is_not_rendered_twice(answered):
    with mock.patch.object(report_pdf, "html_to_pdf", wraps=report_pdf.html_to_pdf) as render:
        first, second = _pdf(answered), _pdf(answered)
    assert first == second and render.call_count == 1


@pytest.mark.parametrize("change", ["position", "agreement", "marking", "title", "language"])
def test_any_change_renders_again(answered, change):
    with mock.patch.object(report_pdf, "html_to_pdf", wraps=report_pdf.html_to_pdf) as render:
        _pdf(answered)
        language, assessment = "en", answered["assessment"]
        if change == "position":
            position(answered, "customs", "ART16-01", "partly", refs=[{"instrument": "Aid Act", "provision": "2"}])
        elif change == "agreement":
            agree(answered, "ART7-02", "not_in_place")
        elif change == "marking":
            assessment.marking = "confidential"
            assessment.save()
        elif change == "title":
            assessment.title = "Renamed"
            assessment.save()
        else:
            language = "fr"
        _pdf(answered, language=language)
    assert render.call_count == 2
