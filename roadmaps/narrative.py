"""The opening narrative of a roadmap's executive summary, built from the data by fixed sentences.

A minister reads a few sentences, not tables: where the state stands on the treaty and on its own
roadmap, how ready it is and how much of that is known, the gaps that matter most, the next milestone
and what leads to it, what the cabinet is asked to decide, and what it costs. Every sentence here is
a translatable template filled with the team's data; nothing is invented, and a sentence whose data
is missing is left out rather than guessed.

A pure function over plain values (no database): the caller gathers the facts (roadmaps.summary).
Dates are formatted for the active language and numbers with its separators, so the function is
called inside the document's language.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.formats import date_format, number_format
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments.scoring import OBLIGATION_ORDER
from assessments.templatetags.gap_tags import percent
from frameworks.models import Track
from reference.models import ATTStatus

from .costs import CostTotals
from .models import ActionStatus, Funding

# "The three to five gaps that matter most": every binding (or qualified) gap up to five, and at least three
# gaps when there are that many, so a state with one binding gap still sees what comes next.
MIN_GAPS, MAX_GAPS = 3, 5
STRICT_LEVELS = ("binding", "qualified")
MAX_PATH_ACTIONS = 5
OPEN_STATUSES = (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)


@dataclass(frozen=True)
class StateFacts:
    """The state's standing under the treaty (reference.Country)."""

    country: str
    status: str  # reference.models.ATTStatus value
    signed: date | None = None
    deposited: date | None = None
    in_force: date | None = None


@dataclass(frozen=True)
class GapFact:
    question: str  # in the reader's language
    articles: tuple[str, ...]
    obligation: str  # an obligation level value (assessments.scoring.OBLIGATION_ORDER)
    level: str  # its label
    standing: str  # the answer's label, or "To investigate"
    owners: tuple[str, ...] = ()


@dataclass(frozen=True)
class MilestoneFact:
    title: str
    due: date
    done: bool = False


@dataclass(frozen=True)
class ActionFact:
    code: str
    title: str
    start: date
    end: date
    status: str = ActionStatus.PLANNED
    lead: str = ""
    depends_on: tuple[str, ...] = ()  # codes of the actions it waits for


@dataclass(frozen=True)
class SummaryFacts:
    state: StateFacts
    track: str  # frameworks.models.Track value
    today: date
    readiness: float | None = None
    known: int = 0  # questions with a known answer
    applicable: int = 0  # questions that apply (not "not applicable")
    gaps: tuple[GapFact, ...] = ()
    milestones: tuple[MilestoneFact, ...] = ()
    actions: tuple[ActionFact, ...] = ()
    costs: CostTotals | None = None
    lead_agency: str = ""  # the agency that coordinates the work
    legal_steps: tuple[str, ...] = ()  # titles of the actions that change the law


@dataclass(frozen=True)
class Paragraph:
    """A few sentences, and an optional list under them (the gaps, the actions of the critical path)."""

    key: str
    sentences: tuple[str, ...]
    items: tuple[str, ...] = field(default_factory=tuple)


def _day(value: date) -> str:
    return date_format(value, "DATE_FORMAT")


def _number(value: int | Decimal) -> str:
    places = 0 if Decimal(value) == Decimal(value).to_integral_value() else 2
    return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def _and(items: list[str]) -> str:
    return get_text_list(items, _("and"))


def _standing(facts: SummaryFacts) -> Paragraph | None:
    state = facts.state
    values = {"country": state.country}
    sentences = []
    if state.status == ATTStatus.STATE_PARTY:
        if state.in_force:
            sentences.append(
                _("%(country)s is a State Party to the Arms Trade Treaty, in force for it since %(date)s.")
                % (values | {"date": _day(state.in_force)})
            )
        else:
            sentences.append(_("%(country)s is a State Party to the Arms Trade Treaty.") % values)
    elif state.status == ATTStatus.SIGNATORY:
        if state.signed:
            sentences.append(
                _(
                    "%(country)s signed the Arms Trade Treaty on %(date)s and has not yet ratified, accepted or "
                    "approved it."
                )
                % (values | {"date": _day(state.signed)})
            )
        else:
            sentences.append(
                _("%(country)s has signed the Arms Trade Treaty and has not yet ratified, accepted or approved it.")
                % values
            )
    elif state.status == ATTStatus.NOT_JOINED:
        sentences.append(_("%(country)s has not yet joined the Arms Trade Treaty.") % values)
    total = len(facts.milestones)
    if total:
        reached = sum(milestone.done for milestone in facts.milestones)
        sentences.append(
            ngettext(
                "So far it has reached %(reached)s of the %(total)s milestone on its roadmap.",
                "So far it has reached %(reached)s of the %(total)s milestones on its roadmap.",
                total,
            )
            % {"reached": _number(reached), "total": _number(total)}
        )
    live = [action for action in facts.actions if action.status != ActionStatus.DROPPED]
    if live:
        done = sum(action.status == ActionStatus.DONE for action in live)
        sentences.append(
            ngettext(
                "It has completed %(done)s of its %(total)s action.",
                "It has completed %(done)s of its %(total)s actions.",
                len(live),
            )
            % {"done": _number(done), "total": _number(len(live))}
        )
    return Paragraph("standing", tuple(sentences)) if sentences else None


def _figures(facts: SummaryFacts) -> Paragraph | None:
    sentences = []
    if facts.readiness is not None:
        sentences.append(
            _("Overall readiness is %(readiness)s, weighted so that binding obligations count most.")
            % {"readiness": percent(facts.readiness)}
        )
    if facts.applicable:
        sentences.append(
            ngettext(
                "The team knows the answer to %(known)s of the %(applicable)s applicable question (%(share)s).",
                "The team knows the answer to %(known)s of the %(applicable)s applicable questions (%(share)s).",
                facts.applicable,
            )
            % {
                "known": _number(facts.known),
                "applicable": _number(facts.applicable),
                "share": percent(facts.known / facts.applicable),
            }
        )
    return Paragraph("figures", tuple(sentences)) if sentences else None


def top_gaps(gaps: tuple[GapFact, ...]) -> list[GapFact]:
    """The gaps that matter most: most binding first (a stable sort keeps the caller's order within a level)."""
    ranked = sorted(gaps, key=lambda gap: OBLIGATION_ORDER.index(gap.obligation))
    strict = sum(gap.obligation in STRICT_LEVELS for gap in ranked)
    return ranked[: min(MAX_GAPS, max(MIN_GAPS, strict))]


def _gap_item(gap: GapFact) -> str:
    values = {"question": gap.question, "level": gap.level, "standing": gap.standing}
    if gap.articles:
        values["articles"] = ngettext("Article %(refs)s", "Articles %(refs)s", len(gap.articles)) % {
            "refs": ", ".join(gap.articles)
        }
        text = _("“%(question)s” (%(articles)s; %(level)s): %(standing)s.") % values
    else:
        text = _("“%(question)s” (%(level)s): %(standing)s.") % values
    if gap.owners:
        owners = ngettext("Owner: %(owners)s.", "Owners: %(owners)s.", len(gap.owners)) % {
            "owners": _and(list(gap.owners))
        }
    else:
        owners = _("No owner named yet.")
    return f"{text} {owners}"


def _gaps(facts: SummaryFacts) -> Paragraph | None:
    if not facts.gaps:
        if facts.applicable:
            return Paragraph("gaps", (_("No gap and no open question remains in the answers."),))
        return None
    shown = top_gaps(facts.gaps)
    sentences = [
        ngettext("The gap that matters most:", "The %(n)s gaps that matter most, most binding first:", len(shown))
        % {"n": _number(len(shown))}
    ]
    more = len(facts.gaps) - len(shown)
    items = [_gap_item(gap) for gap in shown]
    if more:
        items.append(
            ngettext(
                "%(n)s more gap or open question is in the gap analysis.",
                "%(n)s more gaps and open questions are in the gap analysis.",
                more,
            )
            % {"n": _number(more)}
        )
    return Paragraph("gaps", tuple(sentences), tuple(items))


def next_milestone(milestones: tuple[MilestoneFact, ...]) -> MilestoneFact | None:
    """The earliest milestone not reached yet, overdue or not."""
    return min((m for m in milestones if not m.done), key=lambda m: m.due, default=None)


def critical_path(actions: tuple[ActionFact, ...], due: date) -> list[ActionFact]:
    """The chain of actions that leads to a milestone, in the order they end.

    Actions and milestones are not linked in the data, so this keeps it simple: the action that
    achieves the milestone is taken to be the one that ends last on or before its date (all of them
    when several end that day), and the chain is that action with everything it depends on,
    followed backwards through ``depends_on``. Dropped actions are no part of any path.
    """
    live = {action.code: action for action in actions if action.status != ActionStatus.DROPPED}
    before = [action for action in live.values() if action.end <= due]
    if not before:
        return []
    last = max(action.end for action in before)
    chain, todo = {}, [action.code for action in before if action.end == last]
    while todo:
        code = todo.pop()
        if code in chain or code not in live:
            continue
        chain[code] = live[code]
        todo.extend(live[code].depends_on)
    return sorted(chain.values(), key=lambda action: (action.end, action.start, action.code))


def _path_item(action: ActionFact) -> str:
    values = {"title": action.title, "lead": action.lead, "start": _day(action.start), "end": _day(action.end)}
    if action.lead:
        return _("%(title)s, led by %(lead)s, from %(start)s to %(end)s.") % values
    return _("%(title)s, from %(start)s to %(end)s; no lead agency yet.") % values


def _milestone(facts: SummaryFacts) -> Paragraph | None:
    if not facts.milestones:
        return None
    upcoming = next_milestone(facts.milestones)
    if upcoming is None:
        return Paragraph("milestone", (_("Every milestone of the roadmap is reached."),))
    values = {"title": upcoming.title, "date": _day(upcoming.due)}
    if upcoming.due < facts.today:
        sentences = [_("The next milestone, “%(title)s”, was due on %(date)s and is not reached yet.") % values]
    else:
        sentences = [_("The next milestone is “%(title)s”, due on %(date)s.") % values]
    path = critical_path(facts.actions, upcoming.due)
    still_open = [action for action in path if action.status in OPEN_STATUSES]
    items = [_path_item(action) for action in still_open[:MAX_PATH_ACTIONS]]
    if still_open:
        sentences.append(
            ngettext(
                "The action that leads to it:",
                "The %(n)s actions that lead to it, in order:",
                len(still_open),
            )
            % {"n": _number(len(still_open))}
        )
        if len(still_open) > MAX_PATH_ACTIONS:
            more = len(still_open) - MAX_PATH_ACTIONS
            items.append(
                ngettext("%(n)s more action, in the timeline.", "%(n)s more actions, in the timeline.", more)
                % {"n": _number(more)}
            )
    elif path:
        sentences.append(_("The actions that lead to it are done."))
    return Paragraph("milestone", tuple(sentences), tuple(items))


def _join_sentence(state: StateFacts) -> str:
    values = {"country": state.country}
    if state.status == ATTStatus.SIGNATORY:  # a signatory ratifies (or accepts or approves): Article 21(2)
        return _("The cabinet is asked to decide that %(country)s ratifies the Arms Trade Treaty.") % values
    if state.status == ATTStatus.NOT_JOINED:  # a state that did not sign accedes: Article 21(3)
        return _("The cabinet is asked to decide that %(country)s accedes to the Arms Trade Treaty.") % values
    return (
        _(
            "The cabinet is asked to decide that %(country)s joins the Arms Trade Treaty, by ratification, "
            "acceptance, approval or accession."
        )
        % values
    )


def _decision(facts: SummaryFacts) -> Paragraph:
    joining = facts.track == Track.UNIVERSALIZATION and facts.state.status != ATTStatus.STATE_PARTY
    if joining:
        sentences = [_join_sentence(facts.state)]
        if facts.lead_agency:
            sentences.append(
                _("It is also asked to approve this roadmap, its funding and %(agency)s as the lead agency.")
                % {"agency": facts.lead_agency}
            )
        else:
            sentences.append(_("It is also asked to approve this roadmap and its funding, and to name a lead agency."))
        return Paragraph("decision", tuple(sentences))
    sentences = [_("The cabinet is asked to approve this roadmap and its funding.")]
    if facts.legal_steps:
        sentences.append(
            ngettext(
                "It is also asked to approve the legal step it plans: %(steps)s.",
                "It is also asked to approve the %(n)s legal steps it plans: %(steps)s.",
                len(facts.legal_steps),
            )
            % {"n": _number(len(facts.legal_steps)), "steps": _and(list(facts.legal_steps))}
        )
    return Paragraph("decision", tuple(sentences))


FUNDING_PARTS = {
    Funding.NATIONAL: lambda amount: _("%(amount)s from the national budget") % {"amount": amount},
    Funding.DONOR: lambda amount: _("%(amount)s from donors") % {"amount": amount},
    Funding.NOT_FUNDED: lambda amount: _("%(amount)s not yet funded") % {"amount": amount},
}


def _money(amount: Decimal, currency: str) -> str:
    return _("%(amount)s %(currency)s") % {"amount": _number(amount), "currency": currency}


def _costs(facts: SummaryFacts) -> Paragraph | None:
    totals = facts.costs
    if totals is None:
        return None
    sentences = []
    for currency, total in totals.total.items():  # currencies are never added together
        parts = [
            FUNDING_PARTS[funding](_money(amount, currency))
            for funding in FUNDING_PARTS
            for (key, key_currency), amount in totals.by_funding.items()
            if key == funding and key_currency == currency and amount
        ]
        values = {"total": _money(total, currency), "parts": _and(parts)}
        if parts:
            sentences.append(_("The estimated cost is %(total)s: %(parts)s.") % values)
        else:
            sentences.append(_("The estimated cost is %(total)s.") % values)
    if totals.uncosted:
        sentences.append(
            ngettext("%(n)s action has no estimate yet.", "%(n)s actions have no estimate yet.", totals.uncosted)
            % {"n": _number(totals.uncosted)}
        )
    return Paragraph("costs", tuple(sentences)) if sentences else None


def narrative(facts: SummaryFacts) -> list[Paragraph]:
    """The summary's paragraphs in reading order; a part without data is left out."""
    parts = (_standing, _figures, _gaps, _milestone, _decision, _costs)
    return [paragraph for paragraph in (part(facts) for part in parts) if paragraph is not None]
