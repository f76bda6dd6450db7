"""Follow-up assessments in a real browser: the coordinator starts one from the overview, finds an answer
carried over from the baseline, confirms it, and opens the comparison; axe-core and the Nu HTML Checker on
the new pages."""

import re

from playwright.sync_api import expect

from assessments.models import Answer, Assessment, Membership
from tests.browser.conftest import axe_violations, html_errors, screenshot

COORDINATOR = "coordinator.ph@example.org"


def test_a_coordinator_follows_up_an_assessment_and_compares(demo_site, page, sign_in, tmp_path):
    base = demo_site.url
    baseline = Assessment.objects.filter(country__code="PH").order_by("pk").first()
    found, pages = {}, {}

    # From the baseline's overview (coordinator tools), the coordinator starts a follow-up.
    sign_in(COORDINATOR)
    page.goto(f"{base}/assessments/{baseline.pk}/")
    page.get_by_role("link", name="Start a follow-up assessment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Start a follow-up assessment")
    found["start"], pages["start"] = axe_violations(page), page.request.get(page.url).text()
    expect(page.get_by_label("Title")).to_have_value(f"Follow-up: {baseline.title}")
    page.get_by_label("Title").fill("Philippines: ATT implementation review 2027")
    page.get_by_role("button", name="Start the follow-up").click()

    follow_up = Assessment.objects.get(title="Philippines: ATT implementation review 2027")
    assert follow_up.baseline_id == baseline.pk
    expect(page).to_have_url(f"{base}/assessments/{follow_up.pk}/")
    expect(page.get_by_text("Follow-up started:")).to_be_visible()
    expect(page.locator("#follow-up")).to_contain_text("carried over from the baseline are still to confirm")
    found["overview"] = axe_violations(page)

    # One of the coordinator's agency's answers, carried over: the section shows it as such.
    agency = Membership.objects.get(assessment=follow_up, user__email=COORDINATOR).agency
    carried = (
        Answer.objects.filter(assessment=follow_up, agency=agency, carried_over=True)
        .exclude(value="")
        .select_related("question__section")
        .order_by("question__section__order", "question__order")
        .first()
    )
    code = carried.question.code
    page.goto(f"{base}/assessments/{follow_up.pk}/sections/{carried.question.section.code}/")
    form = page.locator(f"#answer-{code}")
    expect(form.locator(f"#carried-{code}")).to_contain_text(f"Carried over from “{baseline.title}”")
    expect(page.get_by_text("carried over from the baseline assessment: confirm")).to_be_visible()
    found["section"], pages["section"] = axe_violations(page), page.request.get(page.url).text()
    screenshot(page, "follow-up-carried-over")

    # Confirming keeps the answer as it was and clears the mark, in place (the save goes through the autosave).
    form.get_by_role("button", name="Confirm unchanged").click()
    expect(page.locator(f"#carried-{code}")).to_have_count(0)
    expect(form.get_by_role("status")).to_have_text(re.compile(r"Saved at \d\d:\d\d"))
    confirmed = Answer.objects.get(pk=carried.pk)
    assert (confirmed.carried_over, confirmed.value, confirmed.version) == (False, carried.value, carried.version + 1)

    # The comparison: by section and by article, before, after and change.
    page.get_by_role("link", name="Comparison", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Comparison with the baseline")
    expect(page.get_by_role("heading", name="Readiness by section")).to_be_visible()
    expect(page.get_by_role("heading", name="Readiness by treaty article")).to_be_visible()
    first_section = follow_up.framework.sections.order_by("order").first()
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=f"{first_section.code} ·"))
    expect(row.get_by_role("cell")).to_have_count(3)
    expect(row.get_by_role("cell").last).to_have_text("no change")  # the same answers on both sides so far
    found["compare"], pages["compare"] = axe_violations(page), page.request.get(page.url).text()
    screenshot(page, "follow-up-comparison")

    assert {name: violations for name, violations in found.items() if violations} == {}
    assert html_errors(pages, tmp_path) == []
