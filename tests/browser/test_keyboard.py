"""The answer page with the keyboard only: skip link, visible focus, answers and notes that save themselves."""

import re

from playwright.sync_api import expect

from assessments.models import Answer, Assessment

# Focus is visible when the element draws an outline or Bootstrap's focus ring (a box shadow).
FOCUS_VISIBLE = """() => {
  const style = getComputedStyle(document.activeElement);
  return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
}"""
ACTIVE = """() => {
  const element = document.activeElement;
  return {tag: element.tagName, id: element.id, type: element.type || '', text: element.textContent.slice(0, 40)};
}"""


def tab_until(page, wanted, limit=150):
    """Press Tab until the focused element matches; every stop on the way must show where the focus is."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        active = page.evaluate(ACTIVE)
        assert page.evaluate(FOCUS_VISIBLE), f"no visible focus on {active}"
        if wanted(active):
            return active
    raise AssertionError("never reached the element with Tab")


def test_answering_a_section_with_the_keyboard_only(demo_site, page, sign_in):
    sign_in("defence.ph@example.org")
    assessment = Assessment.objects.filter(country__code="PH").order_by("pk").first()
    section = assessment.framework.sections.order_by("order").first()
    question = section.questions.order_by("order").first()
    page.goto(f"{demo_site.url}/assessments/{assessment.pk}/sections/{section.code}/")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()
    page.keyboard.press("Enter")
    assert page.evaluate(ACTIVE)["id"] == "main"

    tab_until(page, lambda active: active["type"] == "radio" and active["id"].startswith(f"v-{question.code}-"))
    before = page.evaluate("document.activeElement.value")
    with page.expect_response(lambda response: response.url.endswith(f"/questions/{question.code}/answer/")):
        page.keyboard.press("ArrowRight")
    after = page.evaluate("document.activeElement.value")
    assert after != before
    expect(page.locator(f"#status-{question.code}")).to_have_text(re.compile(r"Saved at"))

    tab_until(page, lambda active: active["id"] == f"n-{question.code}")
    with page.expect_response(lambda response: response.url.endswith(f"/questions/{question.code}/answer/")):
        page.keyboard.type("Checked with the arms control division.")

    answer = Answer.objects.get(assessment=assessment, question=question, agency__agency_type__code="defence")
    assert answer.value == after
    assert answer.notes.endswith("Checked with the arms control division.")
