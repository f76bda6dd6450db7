"""Workshop mode through its pages: who may do what, the live tally, decisions, minutes."""

import copy

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from assessments.gaps import build_report
from assessments.models import AgreedAnswer
from assessments.scoring import GAP, INVESTIGATE
from assessments.services import agree_answer, save_position
from frameworks.services import load_framework
from tests.assessments.conftest import membership_of
from tests.factories import make_team
from workshops.models import Decision, Workshop


def _position(team, who, value, code="ART5-01"):
    member = membership_of(team, who)
    question = member.assessment.framework.questions.get(code=code)
    return save_position(
        membership=member, question=question, value=value, reason="", notes="", legal_references=[], base_version=0
    )


def _urls(workshop):
    args = [workshop.assessment_id, workshop.pk]
    return {
        "list": reverse("workshops:list", args=args[:1]),
        "projector": reverse("workshops:projector", args=args),
        "tally": reverse("workshops:tally", args=[*args, "ART5"]),
        "move": reverse("workshops:move", args=args),
        "decide": reverse("workshops:decide", args=[*args, "ART5-01"]),
        "minutes": reverse("workshops:minutes", args=args),
        "decisions": reverse("workshops:decisions", args=args),
        "print": reverse("workshops:print", args=args),
    }


# Opening a workshop


def test_the_coordinator_opens_a_workshop_on_the_first_section(team, assessment, client_for):
    client = client_for(team["coordinator"])
    response = client.post(
        reverse("workshops:list", args=[assessment.pk]),
        {"title": "Validation workshop", "date": "2027-03-02", "venue": "Manila"},
    )
    workshop = Workshop.objects.get()
    assert response.status_code == 302 and response.url == workshop.get_absolute_url()
    assert (workshop.assessment, workshop.current_section_code, workshop.created_by) == (
        assessment,
        "ART5",
        team["coordinator"],
    )
    assert workshop.history.count() == 1


def test_a_workshop_without_a_date_is_refused_and_nothing_is_stored(team, assessment, client_for):
    client = client_for(team["coordinator"])
    response = client.post(reverse("workshops:list", args=[assessment.pk]), {"title": "Validation", "date": "soon"})
    assert response.status_code == 422
    assert not Workshop.objects.exists()


@pytest.mark.parametrize("who", ["licensing", "observer"])
def test_only_the_coordinator_opens_workshops_others_watch(team, assessment, client_for, workshop, who):
    client = client_for(team[who])
    url = reverse("workshops:list", args=[assessment.pk])
    assert client.post(url, {"title": "Mine", "date": "2027-03-02"}).status_code == 403
    page = client.get(url)
    assert page.status_code == 200 and "National validation workshop" in page.text
    assert "Open the workshop" not in page.text
    assert Workshop.objects.count() == 1


def test_the_assessment_tabs_lead_to_the_workshops(team, assessment, client_for):
    page = client_for(team["licensing"]).get(reverse("assessments:detail", args=[assessment.pk]))
    assert f'href="{reverse("workshops:list", args=[assessment.pk])}"' in page.text


# The projector and its live tally


def test_the_projector_tallies_the_positions_with_the_agencies_named(team, workshop, client_for):
    _position(team, "licensing", "in_place")
    _position(team, "customs", "not_in_place")
    _position(team, "coordinator", "in_place")
    page = client_for(team["observer"]).get(_urls(workshop)["projector"])
    assert page.status_code == 200
    tally = page.context["rows"][0].tally
    counts = {option.value: (option.count, option.agencies) for option in tally.options}
    assert counts["in_place"] == (2, ("Foreign Ministry", "Licensing Office"))
    assert counts["not_in_place"] == (1, ("Customs Office",))
    assert counts["partly"] == (0, ())
    assert tally.disputed
    # The observer's agency (justice) can give no position: it is not waited for.
    assert tally.waiting == () and tally.total == 3
    assert "Foreign Ministry, Licensing Office" in page.text
    assert "Positions differ." in page.text
    # Only the coordinator gets decision and minutes forms.
    assert "Record the decision" not in page.text and "Save the minutes" not in page.text


def test_the_projector_polls_a_fragment_of_its_section_every_five_seconds(team, workshop, client_for):
    page = client_for(team["licensing"]).get(_urls(workshop)["projector"])
    assert f'data-hx-get="{_urls(workshop)["tally"]}"' in page.text
    assert 'data-hx-trigger="every 5s"' in page.text
    assert " hx-get=" not in page.text  # the data-hx-* spelling, so that the HTML validates


def test_the_fragment_shows_a_new_position_as_an_out_of_band_tally(team, workshop, client_for):
    client = client_for(team["coordinator"])
    before = client.get(_urls(workshop)["tally"], headers={"HX-Request": "true"})
    assert before.context["rows"][0].tally.answered == 0
    _position(team, "customs", "partly")
    after = client.get(_urls(workshop)["tally"], headers={"HX-Request": "true"})
    assert after.status_code == 200
    assert 'id="tally-ART5-01" class="tally" data-hx-swap-oob="true"' in after.text
    assert after.context["rows"][0].tally.options[1].agencies == ("Customs Office",)
    assert "Positions as of" in after.text
    assert "<html" not in after.text  # a fragment, not a page


def test_the_fragment_offers_to_follow_the_projector_when_it_moves(team, workshop, client_for):
    client = client_for(team["coordinator"])
    client.post(_urls(workshop)["move"], {"section": "ART6"})
    fragment = client_for(team["licensing"]).get(_urls(workshop)["tally"])
    assert "The projector has moved to another section." in fragment.text
    assert 'id="follow-projector"' in fragment.text


def test_a_signed_out_poll_reloads_the_page_instead_of_swapping_in_the_sign_in_page(workshop, client):
    response = client.get(_urls(workshop)["tally"], headers={"HX-Request": "true"})
    assert response.headers["HX-Refresh"] == "true"
    assert "/accounts/login/" in client.get(_urls(workshop)["tally"]).url


def test_the_coordinator_moves_the_projector_and_watchers_see_that_section(team, workshop, client_for):
    client = client_for(team["coordinator"])
    response = client.post(_urls(workshop)["move"], {"section": "ART6"})
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.current_section_code == "ART6"
    page = client_for(team["customs"]).get(_urls(workshop)["projector"])
    assert page.context["section"].code == "ART6"
    assert page.context["previous"].code == "ART5" and page.context["next"] is None


def test_moving_to_a_section_the_questionnaire_lacks_is_refused(team, workshop, client_for):
    client = client_for(team["coordinator"])
    for bad in ["ART99", "", "\x00", "ART5' OR 1=1"]:
        response = client.post(_urls(workshop)["move"], {"section": bad})
        assert response.status_code == 302
        assert {str(m) for m in get_messages(response.wsgi_request)} == {"Choose a section of this questionnaire."}
    workshop.refresh_from_db()
    assert workshop.current_section_code == "ART5" and workshop.history.count() == 1


def test_members_browse_sections_without_moving_the_projector(team, workshop, client_for):
    client = client_for(team["licensing"])
    page = client.get(_urls(workshop)["projector"], {"section": "ART6"})
    assert page.context["section"].code == "ART6"
    assert client.get(_urls(workshop)["projector"], {"section": "NOPE"}).status_code == 404
    assert client.post(_urls(workshop)["move"], {"section": "ART6"}).status_code == 403
    workshop.refresh_from_db()
    assert workshop.current_section_code == "ART5"


# Decisions


def _decide(client, workshop, code="ART5-01", **data):
    url = reverse("workshops:decide", args=[workshop.assessment_id, workshop.pk, code])
    return client.post(url, {"value": "partly", "reason": "Exports covered; transit pending.", "version": 0} | data)


def test_a_decision_becomes_the_agreed_answer_and_scoring_uses_it(team, assessment, workshop, client_for):
    _position(team, "licensing", "in_place")
    _position(team, "customs", "not_in_place")
    question = assessment.framework.questions.get(code="ART5-01")
    before = build_report(assessment)
    assert before.effective[question.pk] is None  # an open dispute: to investigate, not scored
    assert {gap.question.id: gap.kind for gap in before.analysis.gaps}[question.pk] == INVESTIGATE

    response = _decide(client_for(team["coordinator"]), workshop)
    assert response.status_code == 302 and response.url.endswith("#q-ART5-01")
    agreed = AgreedAnswer.objects.get(assessment=assessment, question=question)
    decision = Decision.objects.get()
    assert (agreed.value, agreed.reason, agreed.decided_by) == (
        "partly",
        "Exports covered; transit pending.",
        team["coordinator"],
    )
    assert (decision.workshop, decision.value, decision.agreed_answer, decision.agreed_version) == (
        workshop,
        "partly",
        agreed,
        1,
    )
    report = build_report(assessment)
    assert report.effective[question.pk] == "partly"
    gap = next(gap for gap in report.analysis.gaps if gap.question.id == question.pk)
    assert (gap.kind, gap.question.score, gap.question.disputed) == (GAP, 0.5, False)
    assert report.analysis.by_section["ART5"].to_investigate < before.analysis.by_section["ART5"].to_investigate
    # The question page and the gap analysis show it at once.
    client = client_for(team["customs"])
    page = client.get(reverse("assessments:question", args=[assessment.pk, "ART5-01"]))
    assert "Exports covered; transit pending." in page.text
    assert client.get(reverse("assessments:disputes", args=[assessment.pk])).context["questions"] == []


def test_deciding_again_updates_the_agreed_answer_and_the_decision(team, assessment, workshop, client_for):
    client = client_for(team["coordinator"])
    _decide(client, workshop)
    response = _decide(client, workshop, value="in_place", reason="The transit decree was signed.", version=1)
    assert response.status_code == 302
    agreed = AgreedAnswer.objects.get()
    decision = Decision.objects.get()
    assert (agreed.value, agreed.version) == ("in_place", 2)
    assert (decision.value, decision.agreed_version) == ("in_place", 2)
    assert decision.history.count() == 2 and agreed.history.count() == 2


def test_a_decision_over_an_agreement_made_meanwhile_is_refused_and_keeps_the_reason(
    team, assessment, workshop, client_for
):
    question = assessment.framework.questions.get(code="ART5-01")
    agree_answer(
        membership=membership_of(team, "coordinator"),
        question=question,
        value="not_in_place",
        reason="Agreed by email",
        base_version=0,
    )
    response = _decide(client_for(team["coordinator"]), workshop, reason="My careful reasoning")
    assert response.status_code == 409
    assert "An agreed answer was recorded meanwhile" in response.text
    assert "My careful reasoning" in response.text and "Agreed by email" in response.text
    assert AgreedAnswer.objects.get().value == "not_in_place"
    assert not Decision.objects.exists()
    form = next(row.form for row in response.context["rows"] if row.question == question)
    assert form.data["version"] == "1"  # saving again decides over the newer agreement, knowingly


@pytest.mark.parametrize("who", ["licensing", "observer"])
def test_only_the_coordinator_decides(team, workshop, client_for, who):
    assert _decide(client_for(team[who]), workshop).status_code == 403
    assert not Decision.objects.exists() and not AgreedAnswer.objects.exists()


@pytest.mark.parametrize(
    "data", [{"value": "maybe"}, {"reason": "   "}, {"value": ""}, {"version": "x"}, {"reason": "x" * 2001}]
)
def test_a_decision_with_bad_input_is_refused_and_nothing_is_stored(team, workshop, client_for, data):
    response = _decide(client_for(team["coordinator"]), workshop, **data)
    assert response.status_code == 422
    assert not Decision.objects.exists() and not AgreedAnswer.objects.exists()


def test_a_question_of_another_framework_is_not_found(team, workshop, client_for, catalogues, bank, write_bank):
    other = copy.deepcopy(bank) | {"slug": "other-bank"}
    other["sections"] = [copy.deepcopy(bank["sections"][0])]
    other["sections"][0]["code"] = "OTH"
    other["sections"][0]["questions"] = [other["sections"][0]["questions"][1] | {"code": "OTH-01", "actions": []}]
    load_framework(path=write_bank(other, "other.yaml"))
    response = _decide(client_for(team["coordinator"]), workshop, code="OTH-01")
    assert response.status_code == 404
    assert not Decision.objects.exists() and not AgreedAnswer.objects.exists()


def test_another_teams_workshop_is_not_found_even_to_a_coordinator(team, framework, client_for):
    other = make_team(framework, country_code="TH")
    from workshops.services import create_workshop

    theirs = create_workshop(membership=membership_of(other, "coordinator"), title="Theirs", date="2027-01-01")
    client = client_for(team["coordinator"])
    # Their workshop's id under our assessment: not ours, so not found.
    ours = Workshop(pk=theirs.pk, assessment=team["assessment"])
    for name, url in _urls(ours).items():
        if name == "list":
            continue
        assert client.get(url).status_code in (404, 405), url
        assert client.post(url, {"section": "ART6", "minutes": "x", "version": 1, "value": "partly"}).status_code in (
            404,
            405,
        ), url
    theirs.refresh_from_db()
    assert (theirs.minutes, theirs.current_section_code) == ("", "ART5")
    assert not Decision.objects.exists()


def test_outsiders_get_404_everywhere(workshop, outsider, client_for):
    client = client_for(outsider)
    for url in _urls(workshop).values():
        assert client.get(url).status_code in (404, 405), url
        assert client.post(url, {"title": "x", "date": "2027-01-01", "value": "partly"}).status_code in (404, 405), url
    assert Workshop.objects.count() == 1 and not Decision.objects.exists()


def test_the_decision_list_and_printable_minutes_list_the_decisions(team, workshop, client_for):
    _decide(client_for(team["coordinator"]), workshop)
    client = client_for(team["observer"])
    for name in ("decisions", "print"):
        page = client.get(_urls(workshop)[name])
        assert page.status_code == 200
        assert "Partly in place" in page.text and "Exports covered; transit pending." in page.text
    printable = client.get(_urls(workshop)["print"])
    assert "css/workshop.css" in printable.text  # its print rules
    assert "Customs Office" in printable.text  # the agencies on the team


def test_a_decision_replaced_later_on_the_question_page_is_marked_so(team, assessment, workshop, client_for):
    client = client_for(team["coordinator"])
    _decide(client, workshop)
    client.post(
        reverse("assessments:agree", args=[assessment.pk, "ART5-01"]),
        {"value": "in_place", "reason": "New decree", "version": 1},
    )
    page = client.get(_urls(workshop)["decisions"])
    assert "Since replaced by a later agreed answer." in page.text


# Minutes


def test_the_coordinator_saves_the_minutes_with_a_new_version(team, workshop, client_for):
    client = client_for(team["coordinator"])
    response = client.post(_urls(workshop)["minutes"], {"minutes": "Opened at 9:00.", "version": 1})
    assert response.status_code == 302 and response.url.endswith("#minutes")
    workshop.refresh_from_db()
    assert (workshop.minutes, workshop.version, workshop.minutes_updated_by) == (
        "Opened at 9:00.",
        2,
        team["coordinator"],
    )
    assert workshop.history.count() == 2


def test_a_minutes_conflict_keeps_both_texts(team, workshop, client_for):
    client = client_for(team["coordinator"])
    # Two tabs (or two coordinators) opened the minutes at version 1; the first save wins ...
    client.post(_urls(workshop)["minutes"], {"minutes": "Their notes: item 1 agreed.", "version": 1})
    # ... and the second is refused, with nothing lost: their text shown, mine kept in the box.
    response = client.post(_urls(workshop)["minutes"], {"minutes": "My notes: item 2 deferred.", "version": 1})
    assert response.status_code == 409
    assert "Their notes: item 1 agreed." in response.text
    assert "My notes: item 2 deferred." in response.text
    workshop.refresh_from_db()
    assert (workshop.minutes, workshop.version) == ("Their notes: item 1 agreed.", 2)
    form = response.context["minutes_form"]
    assert form.data["version"] == "2" and form.data["minutes"] == "My notes: item 2 deferred."
    # Saving the merged text from the page now succeeds.
    merged = "Their notes: item 1 agreed.\nMy notes: item 2 deferred."
    assert client.post(_urls(workshop)["minutes"], {"minutes": merged, "version": 2}).status_code == 302
    workshop.refresh_from_db()
    assert (workshop.minutes, workshop.version) == (merged, 3)


@pytest.mark.parametrize("who", ["licensing", "observer"])
def test_only_the_coordinator_keeps_the_minutes(team, workshop, client_for, who):
    assert client_for(team[who]).post(_urls(workshop)["minutes"], {"minutes": "x", "version": 1}).status_code == 403
    workshop.refresh_from_db()
    assert workshop.minutes == ""


@pytest.mark.parametrize("data", [{"minutes": "x" * 50_001, "version": 1}, {"minutes": "a\x00b", "version": 1}, {}])
def test_bad_minutes_are_refused_and_nothing_changes(team, workshop, client_for, data):
    response = client_for(team["coordinator"]).post(_urls(workshop)["minutes"], data)
    assert response.status_code == 422
    workshop.refresh_from_db()
    assert (workshop.minutes, workshop.version) == ("", 1)


def test_a_locked_assessment_keeps_its_workshops_read_only(team, assessment, workshop, client_for):
    client = client_for(team["coordinator"])
    client.post(reverse("assessments:lock", args=[assessment.pk]), {"locked": "1"})
    assert _decide(client, workshop).status_code == 403
    assert client.post(_urls(workshop)["minutes"], {"minutes": "x", "version": 1}).status_code == 403
    page = client.get(_urls(workshop)["projector"])
    assert page.status_code == 200 and "Record the decision" not in page.text


@pytest.mark.parametrize("name", ["list", "projector", "tally", "decisions", "print", "decide", "minutes", "move"])
def test_anonymous_visitors_are_sent_to_sign_in(workshop, client, name):
    url = _urls(workshop)[name]
    response = client.post(url) if name in ("decide", "minutes", "move") else client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.parametrize("name", ["projector", "tally", "decisions", "print"])
def test_read_only_pages_refuse_posts(team, workshop, client_for, name):
    assert client_for(team["coordinator"]).post(_urls(workshop)[name]).status_code == 405
