"""The roadmap on a 375-pixel phone: actions as cards with every field on screen, a timeline at a readable size."""

from playwright.sync_api import expect

from assessments.models import Assessment
from portal.demo import DEMO_PASSWORD
from tests.browser.conftest import screenshot


def test_on_a_phone_actions_are_cards_and_the_timeline_stays_readable(demo_site, browser):
    assessment = Assessment.objects.filter(country__code="PH").order_by("pk").first()
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="en-GB", is_mobile=True)
    page = context.new_page()
    page.goto(f"{demo_site.url}/accounts/login/")
    page.get_by_label("Email").fill("coordinator.ph@example.org")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{demo_site.url}/assessments/{assessment.pk}/roadmap/")
    expect(page.get_by_role("heading", level=1)).to_have_count(1)

    # Every cell of every action card, dates, status and cost included, lies within the screen's width.
    cells = page.evaluate(
        """() => Array.from(document.querySelectorAll('.action-cards td')).map(td => {
             const box = td.getBoundingClientRect();
             return {right: box.right, label: td.dataset.label || '', text: td.innerText.slice(0, 40)};
           })"""
    )
    assert cells, "the demo roadmap has actions"
    assert [cell for cell in cells if cell["right"] > 376] == []
    assert {"Dates", "Status", "Cost"} <= {cell["label"] for cell in cells}

    # The timeline's labels keep a readable size: the chart scrolls in its own region instead of shrinking.
    sizes = page.evaluate(
        """() => Array.from(document.querySelectorAll('.timeline-chart svg text'))
             .map(t => t.getBoundingClientRect().height).filter(h => h > 0)"""
    )
    assert sizes and min(sizes) >= 8, sizes[:5]
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "roadmap-phone-cards")
    context.close()
