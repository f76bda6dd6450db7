"""Assistance requests in a real browser: the coordinator drafts a request from the roadmap, edits its budget,
marks it submitted and downloads the project outline; the new pages pass axe-core."""

import re
from decimal import Decimal

from docx import Document
from playwright.sync_api import expect

from assessments.models import Assessment
from assistance.models import AssistanceRequest
from roadmaps.models import RoadmapAction
from tests.browser.conftest import axe_violations, screenshot


def test_the_coordinator_drafts_edits_submits_and_downloads_a_request(demo_site, page, sign_in):
    assessment = Assessment.objects.filter(country__code="PH").order_by("pk").first()
    action = RoadmapAction.objects.filter(roadmap__assessment=assessment).exclude(assistance="").order_by("order")[0]
    sign_in("coordinator.ph@example.org")
    violations = {}

    # From the roadmap, the coordinator drafts a request to the Voluntary Trust Fund for one action.
    page.goto(f"{demo_site.url}/assessments/{assessment.pk}/roadmap/")
    page.get_by_role("link", name="Draft an assistance request").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New assistance request")
    violations["new"] = axe_violations(page)
    page.get_by_label("Source of assistance").select_option(label="ATT Voluntary Trust Fund (VTF)")
    page.get_by_role("checkbox", name=re.compile(re.escape(action.title) + r" \(Phase")).check()
    page.get_by_role("button", name="Draft the request").click()
    expect(page.get_by_text("Request drafted from the roadmap.")).to_be_visible()
    request = AssistanceRequest.objects.get(assessment=assessment)
    assert list(request.actions.all()) == [action] and request.source.code == "vtf"
    expect(page.get_by_role("heading", level=1)).to_have_text(request.title)
    expect(page.get_by_label("Need: the gaps and treaty articles behind it")).to_contain_text("Article")
    violations["detail"] = axe_violations(page)
    screenshot(page, "assistance-request")

    # The budget: the action's line costed, and a workshop added.
    page.get_by_label("Amount of line 1").fill("25000")
    page.get_by_label("Description of line 2").fill("National validation workshop")
    page.get_by_label("Amount of line 2").fill("7500.50")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Request saved.")).to_be_visible()
    request.refresh_from_db()
    assert [line.amount for line in request.budget_lines.all()] == [Decimal("25000.00"), Decimal("7500.50")]
    assert request.amount_requested == Decimal("32500.50")

    # Sent to the fund: marked submitted.
    page.get_by_label("Status").select_option(label="Submitted")
    page.get_by_role("button", name="Save status").click()
    expect(page.get_by_text("Status saved.")).to_be_visible()
    request.refresh_from_db()
    assert request.status == "submitted"

    # The project outline, as Word.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Project outline (Word)").click()
    download = download_info.value
    assert download.suggested_filename.endswith("-assistance-outline.docx")
    document = Document(download.path())
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "Project outline for ATT Voluntary Trust Fund (VTF)" in text and "Status: Submitted" in text
    cells = [cell.text for row in document.tables[0].rows for cell in row.cells]
    assert "National validation workshop" in cells and "32,500.50 USD" in cells
    assert document.sections[0].header.paragraphs[0].text.startswith("Draft")

    # The roadmap and the list of requests summarise it.
    page.goto(f"{demo_site.url}/assessments/{assessment.pk}/roadmap/")
    summary = page.locator("#assistance-requests + .table-responsive")
    expect(summary.get_by_role("link", name=request.title)).to_be_visible()
    expect(summary).to_contain_text("Submitted")
    page.get_by_role("link", name="All assistance requests").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Assistance requests")
    expect(page.get_by_role("cell", name="32,500.50 USD").first).to_be_visible()
    violations["list"] = axe_violations(page)
    assert {name: found for name, found in violations.items() if found} == {}
