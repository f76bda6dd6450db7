"""Agreement in bulk in a real browser: from the disputes page, preview, confirm, and find the agreed answers."""

from playwright.sync_api import expect

from assessments.bulk_agreement import common_answers
from assessments.models import AgreedAnswer, Assessment


def test_the_coordinator_agrees_the_common_answers_of_the_whole_assessment(demo_site, page, sign_in):
    assessment = Assessment.objects.filter(country__code="PH").order_by("pk").first()
    expected = {item.question.code: item.value for item in common_answers(assessment=assessment)}
    assert expected, "the demo has questions on which the agencies agree"
    before = AgreedAnswer.objects.filter(assessment=assessment).count()

    sign_in("coordinator.ph@example.org")
    page.goto(f"{demo_site.url}/assessments/{assessment.pk}/disputes/")
    page.get_by_role("link", name="Agree the common answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Agree the common answers")
    expect(page.locator("tbody tr")).to_have_count(len(expected))
    page.get_by_role("button", name=f"Agree {len(expected)} answer").click()
    expect(page.get_by_text(f"{len(expected)} answers agreed.")).to_be_visible()

    agreed = AgreedAnswer.objects.filter(assessment=assessment, reason__contains="agreed in bulk by Maria Santos")
    assert {a.question.code: a.value for a in agreed} == expected
    assert AgreedAnswer.objects.filter(assessment=assessment).count() == before + len(expected)
    assert common_answers(assessment=assessment) == []


def test_a_section_agreement_leaves_other_sections_alone(demo_site, page, sign_in):
    assessment = Assessment.objects.filter(country__code="PH").order_by("pk").first()
    sections = [
        s for s in assessment.framework.sections.order_by("order") if common_answers(assessment=assessment, section=s)
    ]
    section, others = sections[0], sections[1:]
    other_count = sum(len(common_answers(assessment=assessment, section=s)) for s in others)

    sign_in("coordinator.ph@example.org")
    page.goto(f"{demo_site.url}/assessments/{assessment.pk}/sections/{section.code}/")
    page.get_by_role("link", name="Agree the common answers").click()
    page.get_by_role("button", name="Agree").first.click()
    expect(page).to_have_url(f"{demo_site.url}/assessments/{assessment.pk}/sections/{section.code}/")
    assert common_answers(assessment=assessment, section=section) == []
    assert sum(len(common_answers(assessment=assessment, section=s)) for s in others) == other_count
