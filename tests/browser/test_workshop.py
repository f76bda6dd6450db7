"""Workshop mode in a real browser: the coordinator projects a section, a colleague's new answer
appears in the tally by polling, the room's decision becomes the agreed answer; axe-core and the
Nu HTML Checker on every workshop page."""

from playwright.sync_api import expect

from assessments.models import AgreedAnswer, Answer, Assessment, Membership, Role
from tests.browser.conftest import axe_violations, html_errors, screenshot
from workshops.models import Decision, Workshop


def _row(page, code, label):
    """The tally row of one answer option (labels overlap: "In place" is in "Partly in place")."""
    return page.locator(f"#tally-{code} tbody tr").filter(has=page.get_by_role("rowheader", name=label, exact=True))


def test_a_coordinator_runs_the_validation_workshop(demo_site, page, browser, sign_in, tmp_path):
    base = demo_site.url
    assessment = Assessment.objects.filter(country__code="PH").order_by("pk").first()
    section = assessment.framework.sections.order_by("order").first()
    question = section.questions.order_by("order").first()
    options = {option.value: option.label for option in question.scale.options.all()}
    member = (
        Membership.objects.filter(assessment=assessment, role=Role.CONTRIBUTOR, agency__agency_type__code="defence")
        .select_related("agency", "user")
        .get()
    )
    held = Answer.objects.filter(assessment=assessment, question=question, agency=member.agency).first()
    new_value = next(
        v for v in ("partly", "in_place", "not_in_place") if v in options and (not held or held.value != v)
    )
    found = {}

    # The coordinator opens a workshop from the assessment's Workshop tab.
    coordinator = page
    sign_in("coordinator.ph@example.org")
    coordinator.goto(f"{base}/assessments/{assessment.pk}/")
    coordinator.get_by_role("link", name="Workshop", exact=True).click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text("Workshop")
    coordinator.get_by_label("Title").fill("National validation workshop")
    coordinator.get_by_label("Date").fill("2027-03-02")
    coordinator.get_by_label("Venue").fill("Manila")
    coordinator.get_by_role("button", name="Open the workshop").click()
    workshop = Workshop.objects.get(assessment=assessment)
    projector_url = f"{base}/assessments/{assessment.pk}/workshops/{workshop.pk}/"
    expect(coordinator).to_have_url(projector_url)
    expect(coordinator.get_by_role("heading", level=2, name=f"{section.code} ·")).to_be_visible()
    expect(coordinator.locator("#tally-status")).to_have_attribute("data-hx-trigger", "every 5s")
    found["projector"] = axe_violations(coordinator)
    screenshot(coordinator, "workshop-projector")

    # A colleague answers on their own laptop; the projector shows it after its next poll, in words.
    colleague_context = browser.new_context(locale="en-GB")
    colleague = colleague_context.new_page()
    sign_in(member.user.email, target=colleague)
    colleague.goto(f"{base}/assessments/{assessment.pk}/sections/{section.code}/")
    form = colleague.locator(f"#answer-{question.code}")
    form.get_by_label(options[new_value], exact=True).check()
    expect(form.get_by_role("status")).to_contain_text("Saved at")
    row = _row(coordinator, question.code, options[new_value])
    expect(row).to_contain_text(member.agency.name, timeout=15_000)  # polled every 5 s
    count = Answer.objects.filter(assessment=assessment, question=question, value=new_value).count()
    expect(row.locator(".tally-number")).to_have_text(str(count))
    colleague_context.close()

    # The coordinator records the room's decision, with the keyboard only.
    coordinator.get_by_text(f"Record the room's decision on {question.code}").focus()
    coordinator.keyboard.press("Enter")
    decision_form = coordinator.locator(f"#q-{question.code} form.decision-form")
    decision_form.get_by_label("Agreed answer").focus()
    decision_form.get_by_label("Agreed answer").select_option(label=options[new_value])
    decision_form.get_by_label("Reason for the agreement").fill("The room agreed after hearing defence.")
    decision_form.get_by_label("Reason for the agreement").press("Tab")
    coordinator.keyboard.press("Enter")  # on "Record the decision"
    expect(coordinator.get_by_text(f"Decision on {question.code} recorded as the agreed answer.")).to_be_visible()
    expect(coordinator.locator(f"#tally-{question.code} .tally-agreed")).to_contain_text("decided in this workshop")
    agreed = AgreedAnswer.objects.get(assessment=assessment, question=question)
    assert agreed.value == new_value and Decision.objects.get(workshop=workshop).agreed_answer == agreed

    # The minutes, kept on the same page.
    coordinator.get_by_role("textbox", name="Minutes").fill("Opened at 9:00 by the Department of Foreign Affairs.")
    coordinator.get_by_role("button", name="Save the minutes").click()
    expect(coordinator.get_by_text("Minutes saved.")).to_be_visible()

    # The agreed answer is on the question page at once.
    coordinator.get_by_role("link", name=f"Question page {question.code}").click()
    agreed_heading = coordinator.get_by_role("heading", name="Agreed answer", exact=True)
    expect(agreed_heading).to_be_visible()
    expect(coordinator.locator("main")).to_contain_text("The room agreed after hearing defence.")

    # The decision list and the printable minutes.
    pages = {
        "workshops": f"{base}/assessments/{assessment.pk}/workshops/",
        "decisions": f"{projector_url}decisions/",
        "minutes": f"{projector_url}minutes/print/",
    }
    for name, url in pages.items():
        coordinator.goto(url)
        expect(coordinator.get_by_role("heading", level=1)).to_have_count(1)
        found[name] = axe_violations(coordinator)
    expect(coordinator.locator("main")).to_contain_text("The room agreed after hearing defence.")
    expect(coordinator.locator("main")).to_contain_text("Opened at 9:00")
    coordinator.emulate_media(media="print")
    expect(coordinator.locator("header")).to_be_hidden()
    screenshot(coordinator, "workshop-minutes-print")
    assert {name: violations for name, violations in found.items() if violations} == {}

    # Valid HTML, as the server sends it.
    sent = {name: coordinator.request.get(url).text() for name, url in {**pages, "projector": projector_url}.items()}
    assert html_errors(sent, tmp_path) == []
