"""The draft initial report in a real browser: from the overview to the preview and the downloads."""

import io

from docx import Document
from playwright.sync_api import expect

from assessments.models import Assessment
from tests.browser.conftest import axe_violations, screenshot


def test_the_coordinator_previews_the_draft_initial_report_and_downloads_it(demo_site, page, sign_in):
    assessment = Assessment.objects.get(country__code="PH", framework__track="compliance")
    sign_in("coordinator.ph@example.org")
    page.get_by_role("link", name=assessment.title).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(assessment.title)

    # From the overview to the preview: the draft marking, Section A before Section B, the annexes, and the open
    # items in a working annex apart from the report.
    page.get_by_role("link", name="Draft initial report (Article 13(1))").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Draft initial report (Article 13(1))")
    expect(page.get_by_text("DRAFT FOR NATIONAL VALIDATION")).to_be_visible()
    section_a, section_b = (
        "Section A: binding obligations",
        "Section B: provisions binding to a lesser degree or voluntary",
    )
    working = "Working annex: open items (not part of the report)"
    for name in (section_a, section_b, "Annex 1: national laws and regulations", working):
        expect(page.get_by_role("heading", name=name)).to_be_visible()
    headings = page.get_by_role("heading", level=2).all_inner_texts()
    assert headings.index(section_a) < headings.index(section_b) < headings.index(working)

    # The coordinator fills in the cover.
    page.get_by_text("Edit the cover").click()
    page.get_by_label("National point of contact: name").fill("Maria Santos")
    page.get_by_label("National point of contact: e-mail").fill("att@dfa.example")
    page.get_by_role("button", name="Save the cover").click()
    expect(page.get_by_text("The report's cover is saved.")).to_be_visible()
    expect(page.get_by_text("Maria Santos, att@dfa.example").first).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "initial-report")

    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="Draft initial report (PDF)").click()
    pdf = pdf_download.value
    assert pdf.suggested_filename.endswith("-initial-report-draft.pdf")
    with open(pdf.path(), "rb") as file:
        assert file.read(5) == b"%PDF-"

    with page.expect_download() as docx_download:
        page.get_by_role("link", name="Draft initial report to edit (Word)").click()
    with open(docx_download.value.path(), "rb") as file:
        document = Document(io.BytesIO(file.read()))
    assert "DRAFT FOR NATIONAL VALIDATION" in document.sections[0].header.paragraphs[0].text


def test_a_team_joining_the_treaty_is_told_the_initial_report_comes_later(demo_site, page, sign_in):
    assessment = Assessment.objects.get(country__code="TH", framework__track="universalization")
    sign_in("coordinator.th@example.org")
    page.goto(f"{demo_site.url}/assessments/{assessment.pk}/")
    expect(page.get_by_role("link", name="Draft initial report (Article 13(1))")).to_have_count(0)
    page.goto(f"{demo_site.url}/assessments/{assessment.pk}/initial-report/")
    expect(page.get_by_text("is for states parties")).to_be_visible()
    expect(page.get_by_role("link", name="Draft initial report (PDF)")).to_have_count(0)
    assert axe_violations(page) == []
