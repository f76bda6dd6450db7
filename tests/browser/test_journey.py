"""The whole cycle in a real browser: start, invite, answer, dispute, agree, gaps, roadmap, PDF, French."""

import re

from django.utils import translation
from playwright.sync_api import expect

from assessments.models import AgreedAnswer, Answer, Assessment
from reference.models import Agency
from roadmaps.models import RoadmapAction
from tests.browser.conftest import screenshot

SAVED = re.compile(r"Saved at \d\d:\d\d")


def answer(page, question_code, label):
    form = page.locator(f"#answer-{question_code}")
    form.get_by_label(label, exact=True).check()
    expect(form.get_by_role("status")).to_have_text(SAVED)


def test_a_team_goes_from_a_new_assessment_to_the_roadmap_pdf(demo_site, page, browser, sign_in, mailoutbox):
    base = demo_site.url
    coordinator = page
    sign_in("coordinator.ph@example.org")

    # The coordinator starts an assessment.
    coordinator.get_by_role("link", name="Start an assessment").click()
    coordinator.get_by_label("Country").select_option(label="Philippines")
    questionnaire = coordinator.get_by_label("Questionnaire")
    questionnaire.select_option(label=questionnaire.locator("option", has_text="implementation").first.inner_text())
    coordinator.get_by_label("Title").fill("Implementation review 2027")
    coordinator.get_by_label("Your agency's type").select_option(label="Foreign affairs")
    coordinator.get_by_label("Your agency's name").fill("Department of Foreign Affairs")
    coordinator.get_by_role("button", name="Start").click()
    # A new assessment opens on its team page: the first thing to do is to invite people.
    expect(coordinator.get_by_role("heading", level=1)).to_have_text("Team")
    assessment = Assessment.objects.get(title="Implementation review 2027")

    # ... and invites a customs officer, who accepts from the email.
    customs = Agency.objects.get(country__code="PH", agency_type__code="customs")
    coordinator.get_by_label("Email").fill("new.officer@example.org")
    coordinator.get_by_label("Agency").select_option(str(customs.pk))
    coordinator.get_by_role("button", name="Send invitation").click()
    expect(coordinator.get_by_text("Invitation sent to new.officer@example.org.")).to_be_visible()
    link = re.search(r"https?://\S+/assessments/invitations/\S+/", mailoutbox[-1].body).group(0)

    member_context = browser.new_context(locale="en-GB")
    member = member_context.new_page()
    member.goto(base + link[link.index("/assessments/") :])
    member.get_by_label("Your full name").fill("Nora Villanueva")
    member.get_by_label("Choose a password").fill("a long harbour passphrase")
    member.get_by_label("The password again").fill("a long harbour passphrase")
    member.get_by_role("button", name="Join the team").click()
    expect(member.get_by_role("heading", level=1)).to_have_text("Implementation review 2027")

    # The member answers with autosave; the coordinator's agency answers differently: a dispute.
    section = assessment.framework.sections.order_by("order").first()
    question = section.questions.order_by("order").first()
    member.goto(f"{base}/assessments/{assessment.pk}/sections/{section.code}/")
    answer(member, question.code, "Not in place")
    with member.expect_response(lambda response: response.url.endswith("/answer/")) as notes_saved:
        member.locator(f"#n-{question.code}").fill("Transit is not covered by the Customs Modernization Act.")
    assert notes_saved.value.ok
    coordinator.goto(f"{base}/assessments/{assessment.pk}/sections/{section.code}/")
    answer(coordinator, question.code, "In place")
    assert Answer.objects.filter(assessment=assessment, question__code=question.code).count() == 2
    customs_answer = Answer.objects.get(assessment=assessment, agency=customs, question__code=question.code)
    assert "Customs Modernization Act" in customs_answer.notes

    # The coordinator settles the dispute.
    coordinator.get_by_role("link", name="Disputes").click()
    coordinator.get_by_role("link", name=question.code).click()
    coordinator.get_by_label("Agreed answer").select_option(label="Partly in place")
    coordinator.get_by_label("Reason for the agreement").fill("The law covers exports; transit rules are pending.")
    coordinator.get_by_role("button", name="Record the agreed answer").click()
    assert AgreedAnswer.objects.get(assessment=assessment, question__code=question.code).value == "partly"

    # Gap analysis, then the roadmap.
    coordinator.get_by_role("link", name="Gap analysis").click()
    expect(coordinator.get_by_role("heading", level=1)).to_contain_text("Gap analysis")
    coordinator.get_by_role("link", name="Roadmap", exact=True).click()
    coordinator.get_by_role("button", name="Generate the roadmap").click()
    first_action = RoadmapAction.objects.filter(roadmap__assessment=assessment).order_by("pk").first()
    coordinator.get_by_role("link", name=first_action.title).first.click()
    coordinator.get_by_label("Title").fill("Adopt transit rules under the customs act")
    coordinator.get_by_role("button", name="Save").click()
    expect(coordinator.get_by_role("link", name="Adopt transit rules under the customs act")).to_be_visible()

    with coordinator.expect_download() as download_info:
        coordinator.get_by_role("link", name="Roadmap (PDF)").click()
    pdf = download_info.value
    assert pdf.suggested_filename.endswith(".pdf")
    with open(pdf.path(), "rb") as file:
        assert file.read(5) == b"%PDF-"

    # A user switches to French and sees French.
    member.get_by_label("Language").select_option("fr")
    member.get_by_role("button", name="Change language").click()
    with translation.override("fr"):
        my_assessments = translation.gettext("My assessments")
    assert my_assessments != "My assessments"
    expect(member.locator("html")).to_have_attribute("lang", "fr")
    expect(member.get_by_role("link", name=my_assessments)).to_be_visible()
    screenshot(member, "overview-fr")
    member_context.close()
