"""The executive summary's narrative, as a pure function: each sentence appears when its data exists."""

from datetime import date
from decimal import Decimal

from django.utils import translation

from roadmaps.costs import CostLine, cost_totals
from roadmaps.narrative import (
    ActionFact,
    GapFact,
    MilestoneFact,
    StateFacts,
    SummaryFacts,
    critical_path,
    narrative,
    top_gaps,
)

TODAY = date(2027, 3, 1)


def _gap(question, obligation="binding", articles=("5(2)",), owners=("Ministry of Defence",)):
    return GapFact(
        question=question,
        articles=articles,
        obligation=obligation,
        level=obligation.replace("_", " ").capitalize(),
        standing="Not in place",
        owners=owners,
    )


def _facts(**changes) -> SummaryFacts:
    values = {
        "state": StateFacts(country="Palau", status="signatory", signed=date(2013, 9, 25)),
        "track": "universalization",
        "today": TODAY,
        "readiness": 0.42,
        "known": 12,
        "applicable": 20,
        "gaps": (_gap("Is there a control list?"), _gap("Are brokers registered?", "encouraged", ("10",), ())),
        "milestones": (
            MilestoneFact("Inter-agency ATT working group formed", date(2027, 2, 4), done=True),
            MilestoneFact("Legal review complete", date(2027, 10, 4)),
            MilestoneFact("Cabinet decision to join the Arms Trade Treaty", date(2027, 12, 4)),
        ),
        "actions": (
            ActionFact("ACT-REVIEW", "Review the law", date(2027, 1, 4), date(2027, 6, 30), lead="Attorney-General"),
            ActionFact(
                "ACT-LAW",
                "Draft the law",
                date(2027, 7, 1),
                date(2027, 9, 30),
                lead="Attorney-General",
                depends_on=("ACT-REVIEW",),
            ),
            ActionFact("ACT-TRAIN", "Train customs", date(2027, 1, 4), date(2028, 6, 30), lead="Customs"),
        ),
        "costs": cost_totals(
            [
                CostLine(1, "national", "USD", Decimal("50000")),
                CostLine(2, "donor", "USD", Decimal("120000")),
                CostLine(2, "not_funded", "USD", Decimal("30000")),
                CostLine(3, "donor", "USD", None),
            ]
        ),
        "lead_agency": "Ministry of Foreign Affairs",
    }
    return SummaryFacts(**(values | changes))


def _text(paragraphs) -> str:
    return " ".join(" ".join(p.sentences + p.items) for p in paragraphs)


def _by_key(paragraphs) -> dict:
    return {p.key: p for p in paragraphs}


def test_every_element_appears_in_reading_order_when_the_data_exists():
    paragraphs = narrative(_facts())
    assert [p.key for p in paragraphs] == ["standing", "figures", "gaps", "milestone", "decision", "costs"]
    text = _text(paragraphs)
    assert (
        "Palau signed the Arms Trade Treaty on 25 Sep 2013 and has not yet ratified, accepted or approved it." in text
    )
    assert "So far it has reached 1 of the 3 milestones on its roadmap." in text
    assert "It has completed 0 of its 3 actions." in text
    assert "Overall readiness is 42%" in text
    assert "The team knows the answer to 12 of the 20 applicable questions (60%)." in text
    assert "“Is there a control list?” (Article 5(2); Binding): Not in place. Owner: Ministry of Defence." in text
    assert "“Are brokers registered?” (Article 10; Encouraged): Not in place. No owner named yet." in text
    assert "The next milestone is “Legal review complete”, due on 4 Oct 2027." in text
    assert "The cabinet is asked to decide that Palau ratifies the Arms Trade Treaty." in text
    assert "Ministry of Foreign Affairs as the lead agency" in text
    assert (
        "The estimated cost is 200,000 USD: 50,000 USD from the national budget, 120,000 USD from donors "
        "and 30,000 USD not yet funded." in text
    )
    assert "1 action has no estimate yet." in text


def test_the_critical_path_follows_dependencies_back_from_the_last_action_before_the_milestone():
    paragraph = _by_key(narrative(_facts()))["milestone"]
    assert paragraph.sentences[1] == "The 2 actions that lead to it, in order:"
    assert paragraph.items == (
        "Review the law, led by Attorney-General, from 4 Jan 2027 to 30 Jun 2027.",
        "Draft the law, led by Attorney-General, from 1 Jul 2027 to 30 Sep 2027.",
    )  # training ends after the milestone: not on its path


def test_the_critical_path_skips_dropped_actions_and_reports_a_finished_chain():
    facts = _facts()
    review, law, train = facts.actions
    dropped = ActionFact(**(law.__dict__ | {"status": "dropped"}))
    assert critical_path((review, dropped, train), date(2027, 10, 4)) == [review]
    done = tuple(ActionFact(**(a.__dict__ | {"status": "done"})) for a in (review, law))
    paragraph = _by_key(narrative(_facts(actions=(*done, train))))["milestone"]
    assert paragraph.sentences[-1] == "The actions that lead to it are done."
    assert paragraph.items == ()


def test_an_overdue_milestone_says_so():
    text = _text(narrative(_facts(today=date(2027, 11, 1))))
    assert "The next milestone, “Legal review complete”, was due on 4 Oct 2027 and is not reached yet." in text


def test_gaps_come_binding_first_and_at_most_five():
    gaps = tuple(_gap(f"Encouraged {n}?", "encouraged") for n in range(3)) + tuple(
        _gap(f"Binding {n}?") for n in range(6)
    )
    shown = top_gaps(gaps)
    assert [g.question for g in shown] == [f"Binding {n}?" for n in range(5)]
    paragraph = _by_key(narrative(_facts(gaps=gaps)))["gaps"]
    assert paragraph.sentences == ("The 5 gaps that matter most, most binding first:",)
    assert paragraph.items[0].startswith("“Binding 0?”")
    assert paragraph.items[-1] == "4 more gaps and open questions are in the gap analysis."


def test_at_least_three_gaps_are_shown_when_few_are_binding():
    gaps = (
        _gap("Good 1?", "good_practice"),
        _gap("Optional 1?", "optional"),
        _gap("Binding 1?"),
        _gap("Good 2?", "good_practice"),
    )
    assert [g.question for g in top_gaps(gaps)] == ["Binding 1?", "Optional 1?", "Good 1?"]


def test_a_sentence_without_its_data_is_left_out():
    bare = SummaryFacts(state=StateFacts(country="Nauru", status="unknown"), track="compliance", today=TODAY)
    paragraphs = narrative(bare)
    # Only the decision stands on the track alone; nothing else is guessed.
    assert [p.key for p in paragraphs] == ["decision"]
    assert _text(paragraphs) == "The cabinet is asked to approve this roadmap and its funding."


def test_no_gap_is_said_only_when_questions_were_answered():
    assert "No gap and no open question remains" in _text(narrative(_facts(gaps=())))
    assert "gaps" not in _by_key(narrative(_facts(gaps=(), applicable=0, known=0)))


def test_the_cabinet_decision_follows_the_track_and_the_status():
    acceding = _text(narrative(_facts(state=StateFacts("Tonga", "not_joined"), lead_agency="")))
    assert "decide that Tonga accedes to the Arms Trade Treaty." in acceding
    assert "approve this roadmap and its funding, and to name a lead agency." in acceding
    compliance = _text(
        narrative(
            _facts(
                state=StateFacts("Samoa", "state_party", in_force=date(2014, 12, 24)),
                track="compliance",
                legal_steps=("Amend the Customs Act", "Adopt the control list regulation"),
            )
        )
    )
    assert "Samoa is a State Party to the Arms Trade Treaty, in force for it since 24 Dec 2014." in compliance
    assert "The cabinet is asked to approve this roadmap and its funding." in compliance
    assert (
        "approve the 2 legal steps it plans: Amend the Customs Act and Adopt the control list regulation." in compliance
    )
    assert "joins" not in compliance and "accedes" not in compliance


def test_currencies_are_kept_apart_in_the_cost():
    costs = cost_totals([CostLine(1, "donor", "USD", Decimal("1000")), CostLine(1, "donor", "EUR", Decimal("500.5"))])
    paragraph = _by_key(narrative(_facts(costs=costs)))["costs"]
    assert paragraph.sentences == (
        "The estimated cost is 500.50 EUR: 500.50 EUR from donors.",
        "The estimated cost is 1,000 USD: 1,000 USD from donors.",
    )


def test_french_output_has_french_dates_and_numbers():
    with translation.override("fr"):
        text = _text(narrative(_facts()))
    assert "25 septembre 2013" in text
    assert "4 octobre 2027" in text
    assert "200\xa0000 USD" in text  # the French thousands separator
