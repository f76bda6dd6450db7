"""Answering in a real browser: a page never conflicts with itself, and nothing typed is lost.

Each test works on a question of the demo's Philippine assessment that the customs agency has not
answered yet, in a section assigned to customs, as its member would.
"""

import re

from django.contrib.auth.hashers import make_password
from playwright.sync_api import expect

from accounts.models import User
from assessments.models import Answer, Assessment, Membership, Role, SectionAssignment
from portal.demo import DEMO_PASSWORD

SAVED = re.compile(r"Saved at \d\d:\d\d")
CONFLICT = "after you opened it"
CUSTOMS = "customs.ph@example.org"


def _customs_questions(count=1):
    """(assessment, section code, [question codes]) of questions customs has not answered, in one section."""
    assessment = Assessment.objects.get(country__code="PH")
    customs = Membership.objects.get(assessment=assessment, user__email=CUSTOMS).agency
    answered = set(Answer.objects.filter(assessment=assessment, agency=customs).values_list("question_id", flat=True))
    for assignment in SectionAssignment.objects.filter(assessment=assessment, agency=customs).select_related("section"):
        free = [q.code for q in assignment.section.questions.order_by("order") if q.pk not in answered]
        if len(free) >= count:
            return assessment, assignment.section.code, free[:count]
    raise AssertionError("the demo gives customs a section with unanswered questions")


def _stored(assessment, code, email=CUSTOMS):
    agency = Membership.objects.get(assessment=assessment, user__email=email).agency
    return Answer.objects.filter(assessment=assessment, agency=agency, question__code=code).first()


def _open_section(page, live_server, assessment, section):
    page.goto(f"{live_server.url}/assessments/{assessment.pk}/sections/{section}/")


def test_save_right_after_typing_is_never_a_conflict_with_yourself(demo_site, page, sign_in):
    assessment, section, codes = _customs_questions(count=2)
    sign_in(CUSTOMS)
    _open_section(page, demo_site, assessment, section)
    for code in codes:  # twice over: the first time on a question never answered before
        form = page.locator(f"#answer-{code}")
        form.locator(f"#n-{code}").fill(f"Customs checks every consignment ({code}).")
        form.get_by_role("button", name="Save").click()
        expect(form.get_by_role("status")).to_have_text(SAVED)
        expect(page.get_by_text(CONFLICT)).to_have_count(0)
        assert _stored(assessment, code).notes == f"Customs checks every consignment ({code})."
    assert page.url.endswith(f"/sections/{section}/")


def test_two_quick_edits_in_a_row_then_save(demo_site, page, sign_in):
    assessment, section, [code] = _customs_questions()
    sign_in(CUSTOMS)
    _open_section(page, demo_site, assessment, section)
    form = page.locator(f"#answer-{code}")
    notes = form.locator(f"#n-{code}")
    notes.fill("First draft.")
    page.wait_for_timeout(1700)  # the autosave of the first edit leaves
    notes.fill("First draft, then a correction.")
    form.get_by_role("button", name="Save").click()
    expect(form.get_by_role("status")).to_have_text(SAVED)
    expect(page.get_by_text(CONFLICT)).to_have_count(0)
    page.wait_for_load_state("networkidle")
    assert _stored(assessment, code).notes == "First draft, then a correction."


def test_on_a_slow_network_a_save_in_flight_is_not_a_conflict(demo_site, page, sign_in):
    assessment, section, [code] = _customs_questions()
    sign_in(CUSTOMS)
    _open_section(page, demo_site, assessment, section)
    network = page.context.new_cdp_session(page)
    network.send("Network.enable")
    network.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 1500, "downloadThroughput": 50_000, "uploadThroughput": 20_000},
    )
    form = page.locator(f"#answer-{code}")
    notes = form.locator(f"#n-{code}")
    notes.fill("Slow line.")
    page.wait_for_timeout(1700)  # the autosave is on its way, its answer still 1.5 s out
    notes.fill("Slow line, and a second thought.")
    form.get_by_role("button", name="Save").click()
    expect(form.get_by_role("status")).to_have_text(SAVED, timeout=20_000)
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text(CONFLICT)).to_have_count(0)
    assert _stored(assessment, code).notes == "Slow line, and a second thought."


def test_two_people_of_one_agency_on_the_same_question_still_see_the_conflict(demo_site, browser, page, sign_in):
    assessment, section, [code] = _customs_questions()
    customs = Membership.objects.get(assessment=assessment, user__email=CUSTOMS).agency
    colleague = User.objects.create(email="customs2.ph@example.org", password=make_password(DEMO_PASSWORD))
    Membership.objects.create(assessment=assessment, user=colleague, agency=customs, role=Role.CONTRIBUTOR)
    sign_in(CUSTOMS)
    _open_section(page, demo_site, assessment, section)
    other = browser.new_context(locale="en-GB").new_page()
    sign_in(colleague.email, target=other)
    _open_section(other, demo_site, assessment, section)

    mine = page.locator(f"#answer-{code}")
    mine.locator(f"#n-{code}").fill("Mine: the port checks it.")
    mine.get_by_role("button", name="Save").click()
    expect(mine.get_by_role("status")).to_have_text(SAVED)

    theirs = other.locator(f"#answer-{code}")
    theirs.locator(f"#n-{code}").fill("Theirs: nobody checks it.")
    theirs.get_by_role("button", name="Save").click()
    expect(other.get_by_text(CONFLICT)).to_be_visible()
    assert _stored(assessment, code).notes == "Mine: the port checks it."


def test_text_typed_just_before_a_reload_is_saved(demo_site, page, sign_in):
    assessment, section, [code] = _customs_questions()
    sign_in(CUSTOMS)
    _open_section(page, demo_site, assessment, section)
    page.on("dialog", lambda dialog: dialog.accept())  # the browser's "leave the page?" while a save is pending
    form = page.locator(f"#answer-{code}")
    form.locator(f"#n-{code}").fill("Notes typed first.")
    form.locator(f"#l-{code}").fill("Customs Modernization and Tariff Act: section 117")
    page.reload()
    # The save left with the old page; the new one shows it once it has landed.
    for _ in range(10):
        answer = _stored(assessment, code)
        if answer and answer.legal_references:
            break
        page.wait_for_timeout(300)
    page.reload()
    expect(page.locator(f"#l-{code}")).to_have_value(re.compile("section 117"))
    expect(page.locator(f"#n-{code}")).to_have_value("Notes typed first.")


def test_the_browser_warns_before_leaving_while_a_save_is_pending(demo_site, page, sign_in):
    assessment, section, [code] = _customs_questions()
    sign_in(CUSTOMS)
    _open_section(page, demo_site, assessment, section)
    page.locator(f"#n-{code}").fill("Not yet saved.")
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.evaluate("() => { location.href = '/'; }")
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]
