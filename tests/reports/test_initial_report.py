"""The initial report's content: the template's items in its order, answered only from agreed answers, with its
cover, its annexes, and the open items kept apart in a working annex."""

from datetime import date

import pytest

from assessments.models import Evidence
from reports.initial_report.build import (
    NOT_AGREED,
    TO_CONFIRM,
    UNANSWERED,
    UNKNOWN,
    OpenItemsLeft,
    build_initial_report,
    is_available,
    open_state,
)
from reports.initial_report.template import ITEM_KEYS, SECTION_TITLES
from reports.models import ReportCover
from reports.services import save_cover
from tests.assessments.conftest import membership_of
from tests.reports.conftest import agree, position, settle_everything


def _report(team, **kwargs):
    return build_initial_report(assessment=team["assessment"], **kwargs)


def _items(team):
    return {item.key: item for item in _report(team).items}


def test_the_items_are_the_templates_in_its_order_section_a_then_section_b(team):
    report = _report(team)
    assert [item.key for item in report.items] == list(ITEM_KEYS)
    section_a, section_b = report.sections
    assert (section_a.title, section_b.title) == (
        "Section A: binding obligations",
        "Section B: provisions binding to a lesser degree or voluntary",
    )
    assert section_a.title == str(SECTION_TITLES["A"])
    assert {item.key[0] for item in section_a.items} == {"A"} and {item.key[0] for item in section_b.items} == {"B"}
    # Section A stands on binding or qualified questions; Section B on none.
    for item in section_a.items:
        assert any(basis.obligation in ("binding", "qualified") for basis in item.basis), item.key
    for item in section_b.items:
        assert all(basis.obligation not in ("binding", "qualified") for basis in item.basis), item.key
    assert [topic.number for topic in section_a.topics] == list(range(1, 12))
    assert section_a.topics[0].title == "National control system and control list"


def test_bank_questions_are_never_items_and_the_submitted_report_question_is_nowhere(team):
    report = _report(team)
    questions = team["assessment"].framework.questions.all()
    bank_texts = {question.text for question in questions}
    assert not bank_texts & {item.text for item in report.items}
    # Good-practice and "in practice" questions inform an item's answer; they are not items themselves.
    informing = {basis.code: basis.obligation for item in report.items for basis in item.basis}
    assert informing["ART5-14"] == "good_practice" and "ART5-02" in informing
    # "Has your state submitted its initial report?" is not a question the report can answer about itself.
    submitted = questions.get(code="ART13-01")
    assert "ART13-01" not in informing
    assert submitted.text not in " ".join(line.text for line in report.open_items)


def test_only_agreed_answers_answer_an_item(answered):
    items = _items(answered)
    control_list = items["A1.2"]
    assert [(b.code, b.answer, b.reason) for b in control_list.answered] == [
        ("ART5-04", "Partly in place", "The list exists in draft only.")
    ]
    # An agreed "partly" is the state's answer, not an open item; ART2-01 (nobody answered) keeps the item open.
    assert [b.code for b in control_list.basis if b.is_open] == ["ART2-01"]
    assert [(str(ref), ref.agencies) for ref in control_list.legal_references] == [
        ("Arms Act 2019: section 4", ("Licensing Office", "Customs Office"))
    ]
    # ART7-13 has a position and no agreement: the item shows no answer at all, and the position stays in the
    # working annex.
    disclosure = items["A3.6"]
    assert disclosure.answered == [] and disclosure.is_open
    line = next(line for line in _report(answered).open_items if line.code == "ART7-13")
    assert (line.item, line.kind) == ("A3.6", NOT_AGREED)
    assert [(p.agency, p.answer) for p in line.positions] == [("Customs Office", "Not in place")]


def test_legal_references_of_unagreed_questions_wait_for_the_agreement(team):
    position(team, "licensing", "ART5-07", "in_place", refs=[{"instrument": "Secret Draft Bill", "provision": "1"}])
    report = _report(team)
    assert not report.control_list.instruments
    assert "Secret Draft Bill" not in str([item.legal_references for item in report.items])


@pytest.mark.parametrize(
    ("value", "answered", "carried_over", "kind"),
    [
        (None, False, False, UNANSWERED),
        (None, True, False, NOT_AGREED),
        ("unknown", True, False, UNKNOWN),
        ("partly", True, True, TO_CONFIRM),
        ("partly", True, False, ""),
        ("not_in_place", True, False, ""),
        ("in_place", True, False, ""),
        ("not_applicable", True, False, ""),
    ],
)
def test_what_is_left_to_settle(value, answered, carried_over, kind):
    class Agreed:
        pass

    agreed = None
    if value:
        agreed = Agreed()
        agreed.value, agreed.carried_over = value, carried_over
    score = {"partly": 0.5, "not_in_place": 0.0, "in_place": 1.0}.get(value)
    assert open_state(agreed=agreed, score=score, answered=answered)[0] == kind


def test_the_annexes_list_laws_and_the_control_list_from_agreed_references_and_evidence(answered):
    assessment = answered["assessment"]
    question = assessment.framework.questions.get(code="ART5-04")
    agency = membership_of(answered, "licensing").agency
    Evidence.objects.create(
        assessment=assessment, question=question, agency=agency, title="Control list 2024", url="https://gov.example/cl"
    )
    report = _report(answered)
    assert [(e.title, e.provisions, e.items) for e in report.control_list.instruments] == [
        ("Arms Act 2019", ["section 4"], ["A1.2"])
    ]
    assert [(e.title, e.link, e.items) for e in report.control_list.documents] == [
        ("Control list 2024", "https://gov.example/cl", ["A1.2"])
    ]
    assert [(e.title, e.provisions, e.items) for e in report.laws.instruments] == [
        ("Export Licensing Regulation", ["rule 12"], ["A3.1"])
    ]


def test_the_cover_carries_the_point_of_contact_the_date_and_publication_with_history(answered):
    assert _report(answered).cover.pk is None  # nothing recorded yet: an empty cover, not an error
    data = {
        "contact_name": "Maria Santos",
        "contact_agency": "Department of Foreign Affairs",
        "contact_email": "att@dfa.example",
        "submission_date": date(2026, 12, 1),
        "publication": ReportCover.Publication.PUBLIC,
    }
    save_cover(assessment=answered["assessment"], user=answered["coordinator"], data=data)
    save_cover(assessment=answered["assessment"], user=answered["coordinator"], data=data | {"publication": ""})
    cover = _report(answered).cover
    assert (cover.contact_name, cover.contact_email, cover.submission_date) == (
        "Maria Santos",
        "att@dfa.example",
        date(2026, 12, 1),
    )
    assert [h.publication for h in cover.history.order_by("history_id")] == ["public", ""]


def test_the_due_date_is_the_day_before_the_first_anniversary_of_entry_into_force(answered):
    # Article 13(1): "within the first year": in force 24 December 2014, due 23 December 2015 (the Secretariat's
    # own reading). Computed by roadmaps.milestones.initial_report_due, which carries that rule.
    country = answered["assessment"].country
    country.entry_into_force_date = date(2014, 12, 24)
    country.save()
    assert _report(answered).due_date == date(2015, 12, 23)


def test_the_working_annex_lists_every_open_question_once_and_a_final_report_is_refused_while_any_is(answered):
    report = _report(answered)
    codes = [line.code for line in report.open_items]
    assert len(codes) == len(set(codes)) and "ART7-13" in codes and "ART5-04" not in codes
    with pytest.raises(OpenItemsLeft) as refused:
        _report(answered, final=True)
    assert refused.value.count == len(report.open_items)
    settle_everything(answered)
    final = _report(answered, final=True)
    assert final.final and final.open_items == [] and final.open_item_count == 0


def test_the_report_speaks_the_language_asked_for(answered):
    report = build_initial_report(assessment=answered["assessment"], language="fr")
    question = answered["assessment"].framework.questions.get(code="ART5-04")
    basis = next(b for b in report.items[1].basis if b.code == "ART5-04")
    assert basis.text == question.translated("text", "fr") != question.text


def test_the_report_costs_a_constant_number_of_queries(answered, django_assert_num_queries):
    with django_assert_num_queries(7):
        _report(answered)
    for code in ("ART5-07", "ART16-01", "ART9-01"):
        position(answered, "customs", code, "partly", refs=[{"instrument": "Aid Act", "provision": code}])
        agree(answered, code, "partly")
    with django_assert_num_queries(7):
        _report(answered)


def test_a_universalization_assessment_has_no_initial_report(universalization_team):
    assessment = universalization_team["assessment"]
    assert not is_available(assessment)
    with pytest.raises(ValueError):
        build_initial_report(assessment=assessment)
