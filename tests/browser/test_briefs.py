"""Agency briefs in a real browser: the coordinator opens the Briefs tab, reads the customs brief, downloads all."""

import io
import zipfile

from django.core.management import call_command
from playwright.sync_api import expect

from assessments.models import Assessment
from briefs.services import team_agencies
from reference.models import Agency
from tests.browser.conftest import axe_violations, html_errors, screenshot


def test_the_coordinator_reads_the_customs_brief_and_downloads_every_brief(demo_site, page, sign_in, tmp_path):
    call_command("load_agency_benefits", verbosity=0)  # as `make run` does after the reference data
    assessment = Assessment.objects.get(country__code="PH", framework__track="compliance")
    customs = Agency.objects.get(country__code="PH", agency_type__code="customs")
    sign_in("coordinator.ph@example.org")
    page.get_by_role("link", name=assessment.title).first.click()

    # The Briefs tab lists every agency of the team, the parliament brief and the zip.
    page.get_by_role("link", name="Briefs", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Agency briefs")
    expect(page.get_by_role("link", name="Read the parliament brief")).to_be_visible()
    assert axe_violations(page) == []

    # The customs brief: gaps first on the compliance track, then actions, what the treaty asks, what customs gains.
    page.get_by_role("link", name=f"Read the brief of {customs.acronym}").click()
    title = f"What {customs} must do next under the Arms Trade Treaty"
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    headings = page.get_by_role("heading", level=2).all_inner_texts()
    assert headings == [
        "Open gaps the agency owns",
        "Roadmap actions the agency leads",
        "What the treaty asks of the agency",
        "What the agency gains from doing it",
    ]
    expect(page.get_by_text("Better information on transit cargo.")).to_be_visible()
    expect(page.get_by_role("button", name="Print")).to_be_visible()  # shown once the script runs
    assert axe_violations(page) == []
    screenshot(page, "agency-brief")

    # Printed from the page: the tabs and buttons stay off the paper.
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Print")).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.emulate_media(media="screen")

    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="Download as PDF").click()
    assert pdf_download.value.suggested_filename == "PH-brief-bureau-of-customs.pdf"
    with open(pdf_download.value.path(), "rb") as file:
        assert file.read(5) == b"%PDF-"

    # The parliament brief, then every brief at once.
    page.get_by_role("link", name="All briefs").click()
    page.get_by_role("link", name="Read the parliament brief").click()
    expect(page.get_by_role("heading", name="Which laws are needed")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Briefs", exact=True).click()
    with page.expect_download(timeout=120_000) as zip_download:
        page.get_by_role("link", name="Download all briefs (zip of PDFs)").click()
    assert zip_download.value.suggested_filename == "PH-briefs.zip"
    with open(zip_download.value.path(), "rb") as file:
        names = zipfile.ZipFile(io.BytesIO(file.read())).namelist()
    assert len(names) == len(team_agencies(assessment)) + 1 and "PH-parliament-brief.pdf" in names

    # The three pages are valid HTML, as the server sends them (the W3C Nu HTML Checker).
    base = f"{demo_site.url}/assessments/{assessment.pk}/briefs"
    paths = (("list", "/"), ("customs", f"/{customs.pk}/"), ("parliament", "/parliament/"))
    assert html_errors({name: page.request.get(base + path).text() for name, path in paths}, tmp_path) == []


def test_a_contributor_reads_briefs_but_is_not_offered_the_zip(demo_site, page, sign_in):
    assessment = Assessment.objects.get(country__code="TH", framework__track="universalization")
    sign_in("customs.th@example.org")
    page.goto(f"{demo_site.url}/assessments/{assessment.pk}/briefs/")
    expect(page.get_by_role("link", name="Download all briefs (zip of PDFs)")).to_have_count(0)
    page.get_by_role("link", name="Read the brief of CD").click()
    # On the road to joining, the brief makes the case: the gains come first.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Why the Arms Trade Treaty matters to")
    assert page.get_by_role("heading", level=2).all_inner_texts()[0] == "What customs gains from the treaty"
