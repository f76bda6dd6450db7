"""Agreement in bulk: the coordinator agrees, in one step, the questions on which every answering agency agrees."""

import pytest
from django.urls import reverse

from accounts.models import SecurityEvent
from assessments.bulk_agreement import agree_common_answers, common_answers
from assessments.disputes import common_value
from assessments.models import AgreedAnswer, SectionAssignment
from assessments.services import save_position
from tests.assessments.conftest import membership_of


def _answer(team, who, code, value, framework, reason=""):
    return save_position(
        membership=membership_of(team, who),
        question=framework.questions.get(code=code),
        value=value,
        reason=reason,
        notes="",
        legal_references=[],
        base_version=0,
    )


def _url(assessment, section=None):
    url = reverse("assessments:agree_common", args=[assessment.pk])
    return f"{url}?section={section}" if section else url


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["in_place", "in_place"], "in_place"),
        (["partly", "", "partly"], "partly"),
        (["in_place", "partly"], None),
        (["in_place", "unknown"], None),
        (["unknown", "unknown"], None),
        (["", ""], None),
        ([], None),
        (["not_applicable"], "not_applicable"),
    ],
)
def test_common_value_is_the_one_position_every_agency_gave(values, expected):
    assert common_value(values) == expected


def test_the_preview_lists_common_answers_with_who_answered_and_who_did_not(team, assessment, client_for, framework):
    section = framework.sections.get()
    customs = membership_of(team, "customs").agency
    SectionAssignment.objects.create(assessment=assessment, section=section, agency=customs)
    _answer(team, "licensing", "ART5-01", "in_place", framework)
    _answer(team, "coordinator", "ART5-01", "in_place", framework)
    _answer(team, "licensing", "ART5-02", "in_place", framework)
    _answer(team, "coordinator", "ART5-02", "partly", framework)  # a dispute: never listed
    response = client_for(team["coordinator"]).get(_url(assessment, section.code))
    assert response.status_code == 200
    items = response.context["items"]
    assert [item.question.code for item in items] == ["ART5-01"]
    assert {agency.acronym for agency in items[0].answered} == {
        "LIC",
        membership_of(team, "coordinator").agency.acronym,
    }
    assert items[0].silent == [customs]
    assert "ART5-02" not in response.text


def test_confirming_records_each_agreed_answer_with_a_reason_history_and_a_log_entry(
    team, assessment, client_for, framework
):
    _answer(team, "licensing", "ART5-01", "in_place", framework)
    _answer(team, "customs", "ART5-01", "in_place", framework)
    _answer(team, "licensing", "ART5-02", "in_place", framework)
    _answer(team, "customs", "ART5-02", "partly", framework)
    response = client_for(team["coordinator"]).post(_url(assessment), {"agree": ["ART5-01=in_place"]})
    assert response.status_code == 302
    agreed = AgreedAnswer.objects.get()
    assert (agreed.question.code, agreed.value, agreed.decided_by) == ("ART5-01", "in_place", team["coordinator"])
    assert agreed.reason.startswith("Same answer from CUS and LIC; agreed in bulk by")
    assert agreed.history.get().history_change_reason == "Agreed in bulk"
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.BULK_AGREED)
    assert "ART5-01" in event.detail and event.user == team["coordinator"]
    assert not AgreedAnswer.objects.filter(question__code="ART5-02").exists()  # the dispute is untouched


def test_a_question_whose_answers_changed_after_the_preview_is_left_out(team, assessment, framework):
    _answer(team, "licensing", "ART5-01", "in_place", framework)
    coordinator = membership_of(team, "coordinator")
    previewed = {item.question.code: item.value for item in common_answers(assessment=assessment)}
    _answer(team, "customs", "ART5-01", "not_in_place", framework)  # now a dispute
    assert agree_common_answers(membership=coordinator, confirmed=previewed) == []
    assert not AgreedAnswer.objects.exists()


def test_a_value_other_than_the_common_one_is_never_agreed(team, assessment, framework):
    _answer(team, "licensing", "ART5-01", "in_place", framework)
    coordinator = membership_of(team, "coordinator")
    assert agree_common_answers(membership=coordinator, confirmed={"ART5-01": "not_in_place"}) == []


def test_questions_already_agreed_this_round_are_not_listed(team, assessment, framework):
    _answer(team, "licensing", "ART5-01", "in_place", framework)
    agree_common_answers(membership=membership_of(team, "coordinator"), confirmed={"ART5-01": "in_place"})
    assert common_answers(assessment=assessment) == []


@pytest.mark.parametrize("who", ["licensing", "observer"])
def test_only_coordinators_agree_in_bulk(team, assessment, client_for, framework, who):
    _answer(team, "licensing", "ART5-01", "in_place", framework)
    client = client_for(team[who])
    assert client.get(_url(assessment)).status_code == 403
    assert client.post(_url(assessment), {"agree": ["ART5-01=in_place"]}).status_code == 403
    assert not AgreedAnswer.objects.exists()


def test_outsiders_get_404(assessment, client_for, outsider):
    assert client_for(outsider).get(_url(assessment)).status_code == 404


def test_an_unknown_section_is_404(team, assessment, client_for):
    assert client_for(team["coordinator"]).get(_url(assessment, "NOPE")).status_code == 404


def test_the_preview_and_the_agreement_keep_one_query_budget(
    team, assessment, client_for, framework, django_assert_max_num_queries
):
    for code in ("ART5-01", "ART5-02"):
        _answer(team, "licensing", code, "in_place", framework)
    client = client_for(team["coordinator"])
    with django_assert_max_num_queries(20):
        client.get(_url(assessment))
    with django_assert_max_num_queries(30):
        client.post(_url(assessment), {"agree": ["ART5-01=in_place", "ART5-02=in_place"]})
    assert AgreedAnswer.objects.count() == 2


def test_the_agreed_answer_form_starts_blank(team, assessment, client_for):
    response = client_for(team["coordinator"]).get(reverse("assessments:question", args=[assessment.pk, "ART5-01"]))
    form = response.context["agree_form"]
    assert form["value"].value() in (None, "")
    assert form.fields["value"].choices[0][0] == ""


def test_hostile_input_agrees_nothing_and_never_fails(team, assessment, client_for, framework):
    _answer(team, "licensing", "ART5-01", "in_place", framework)
    client = client_for(team["coordinator"])
    junk = ["ART5-01=not_in_place", "ART5-01", "=", "\x00=\x00", "ART5-01=in_place\x07", "x" * 10_000, ""]
    assert client.post(_url(assessment), {"agree": junk}).status_code == 302
    assert not AgreedAnswer.objects.exists()
    assert client.get(_url(assessment) + "?section=" + "y" * 5000).status_code == 404
