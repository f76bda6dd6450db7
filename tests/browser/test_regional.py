"""The regional view in a real browser: a coordinator chooses what the assessment shares; a regional organization's
user reads the regional view and downloads it."""

from playwright.sync_api import expect

from accounts.models import User
from assessments.models import Assessment
from portal.demo import DEMO_PASSWORD
from reference.models import Country
from regional.models import RegionalAccess, RegionalOrganization, Sharing
from tests.browser.conftest import axe_violations, screenshot


def test_a_coordinator_shares_and_a_regional_user_reads_and_downloads(demo_site, page, browser, sign_in):
    assessment = Assessment.objects.filter(country__code="PH").order_by("pk").first()

    # The coordinator opens the overview: the sharing panel loads in place, private until someone decides.
    sign_in("coordinator.ph@example.org")
    page.goto(f"{demo_site.url}/assessments/{assessment.pk}/")
    panel = page.locator("#sharing")
    expect(panel.get_by_role("radio", name="Private")).to_be_checked()
    expect(panel).to_contain_text("Nothing leaves the team.")
    panel.get_by_role("radio", name="Aggregated scores and roadmap summary").check()
    panel.get_by_role("button", name="Save sharing level").click()
    expect(page.get_by_role("status")).to_contain_text("Sharing level saved.")
    expect(page.locator("#sharing strong").first).to_have_text("Aggregated scores and roadmap summary")
    assert Sharing.objects.get(assessment=assessment).level == "roadmap_summary"
    page.goto(f"{demo_site.url}/assessments/{assessment.pk}/sharing/")
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    assert axe_violations(page) == []

    # A regional organization's officer, granted access by staff (here, straight in the database).
    officer = User.objects.create_user(
        email="desk.officer@example.org", password=DEMO_PASSWORD, full_name="Desk Officer"
    )
    organization = RegionalOrganization.objects.create(name="South-East Asia Desk")
    organization.countries.set(Country.objects.filter(subregion="south_east_asia"))
    RegionalAccess.objects.create(user=officer, organization=organization)
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900}, accept_downloads=True)
    other = context.new_page()
    sign_in("desk.officer@example.org", target=other)
    other.get_by_role("link", name="Regional view").click()
    expect(other.get_by_role("heading", level=1)).to_have_text("Regional view: South-East Asia Desk")
    # Two demo teams, one of them sharing: fewer than three states, so everything is withheld.
    expect(other.get_by_text("withheld: fewer than three states").first).to_be_visible()
    assert axe_violations(other) == []
    screenshot(other, "regional-view")
    with other.expect_download() as download:
        other.get_by_role("link", name="Download CSV").click()
    content = download.value.path().read_text(encoding="utf-8-sig")
    assert content.startswith("Regional view,South-East Asia Desk")
    assert "withheld: fewer than three states" in content
    assert assessment.title not in content and "Philippines" not in content
    context.close()
