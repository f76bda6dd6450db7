"""Key dates on the road to, and under, the Arms Trade Treaty.

Some dates are fixed by the treaty (entry into force 90 days after deposit, Art 22(2); the initial report
within a year of entry into force, Art 13(1); annual reports by 31 May, Art 13(3)). Others are planning
defaults that the team edits later (how long a legal review or a cabinet decision takes). Each milestone
carries a one-sentence ``basis`` so the roadmap can tell a minister which dates are obligations and which
are our guesses. Pure functions over dates: no Django, no database.

Titles and bases are English here, and each also carries its message and values (``Text``), so that the
roadmap shows them in the reader's language at render time (``roadmaps.models.Milestone.in_reader_language``).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from assessments.scoring import NOT_APPLICABLE_VALUE
from roadmaps import accession_path
from roadmaps.scheduling import add_months

__all__ = [
    "CONTROL_LIST_QUESTION",
    "ENTRY_INTO_FORCE_DAYS",
    "INITIAL_REPORT_QUESTION",
    "Milestone",
    "annual_report_due",
    "compliance_milestones",
    "control_list_outstanding",
    "entry_into_force",
    "first_annual_report_due",
    "initial_report_outstanding",
    "initial_report_due",
    "next_annual_report_due",
    "universalization_milestones",
]

# Art 22(2): for a State depositing after the treaty's own entry into force, it enters into force on the
# ninetieth day following the date of deposit.
ENTRY_INTO_FORCE_DAYS = 90

_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def gettext_noop(message: str) -> str:
    """Marks a message for the catalogue (makemessages reads the name); it is translated where it is shown."""
    return message


@dataclass(frozen=True)
class Text:
    """A catalogue message with its values: read in English here, in the reader's language where shown.

    Values are years (int) or dates; ``as_data`` is the stored form (dates as ISO strings).
    """

    message: str
    values: tuple[tuple[str, int | date], ...] = ()

    def english(self) -> str:
        values = {name: _long_date(value) if isinstance(value, date) else value for name, value in self.values}
        return self.message % values if values else self.message

    def as_data(self) -> list:
        return [
            self.message,
            {name: value.isoformat() if isinstance(value, date) else value for name, value in self.values},
        ]


@dataclass(frozen=True)
class Milestone:
    """One dated step, with the reason for its date.

    ``code`` is stable (``"committee"``, ``"deposit"``, ``"annual_report"``, ``"legal_step"`` ...) so that
    the roadmap can match a milestone to stored edits; it is not unique (two annual reports, several legal
    steps). ``basis`` is one sentence saying whether the date is a treaty rule or a planning assumption.
    ``texts`` holds the title's and the basis's messages (none for a title the team wrote).
    """

    code: str
    title: str
    due: date
    basis: str
    texts: dict = field(default_factory=dict, compare=False)


def _milestone(code: str, title: Text, due: date, basis: Text) -> Milestone:
    return Milestone(
        code=code,
        title=title.english(),
        due=due,
        basis=basis.english(),
        texts={"title": title.as_data(), "basis": basis.as_data()},
    )


def _long_date(day: date) -> str:
    """'4 October 2026': unambiguous for readers in any country, and independent of the process locale."""
    return f"{day.day} {_MONTH_NAMES[day.month - 1]} {day.year}"


def _by_due_date(milestones: list[Milestone]) -> list[Milestone]:
    """Sorted by date; the sort is stable, so steps on the same day keep their logical order."""
    return sorted(milestones, key=lambda milestone: milestone.due)


def entry_into_force(deposit: date) -> date:
    """Art 22(2): the treaty enters into force for a State 90 days after it deposits its instrument."""
    return deposit + timedelta(days=ENTRY_INTO_FORCE_DAYS)


def initial_report_due(entry_into_force: date) -> date:
    """Art 13(1): the initial report is due within the first year after entry into force.

    The day of entry into force is the first day of that year, so its last day, the due date, is the day
    before the anniversary, as the ATT Secretariat counts it: in force 24 December 2014, due 23 December 2015.
    An entry into force on 29 February has its anniversary on 1 March in a common year, and so falls due on
    28 February, the last day of February.
    """
    try:
        anniversary = entry_into_force.replace(year=entry_into_force.year + 1)
    except ValueError:  # 29 February, and the next year is a common year
        anniversary = date(entry_into_force.year + 1, 3, 1)
    return anniversary - timedelta(days=1)


def annual_report_due(for_year: int) -> date:
    """Art 13(3): the annual report for a calendar year is due by 31 May of the next year."""
    return date(for_year + 1, 5, 31)


def _first_full_year(entry_into_force: date) -> int:
    """The first calendar year during all of which the treaty is in force for the State."""
    if (entry_into_force.month, entry_into_force.day) == (1, 1):
        return entry_into_force.year
    return entry_into_force.year + 1


def first_annual_report_due(entry_into_force: date) -> date:
    """The due date of a State's first annual report.

    Secretariat practice (unconfirmed in our brief) is that the first report covers the first full calendar
    year after entry into force: entry into force on 4 October 2026 means a first report for 2027, due
    31 May 2028; entry into force on 1 January 2027 means the same.
    """
    return annual_report_due(_first_full_year(entry_into_force))


def next_annual_report_due(today: date) -> date:
    """The next 31 May on or after ``today``: a report due today is still to be sent."""
    this_year = date(today.year, 5, 31)
    return this_year if today <= this_year else date(today.year + 1, 5, 31)


def _first_annual_report(entry_into_force_date: date) -> Milestone:
    year = _first_full_year(entry_into_force_date)
    return _milestone(
        "first_annual_report",
        Text(gettext_noop("First annual report (for %(year)s) sent to the ATT Secretariat"), (("year", year),)),
        annual_report_due(year),
        Text(
            gettext_noop(
                "Article 13(3) requires an annual report by 31 May for the preceding calendar year, and the first "
                "is taken to cover %(year)s, the first full calendar year after entry into force, which is "
                "Secretariat practice not yet confirmed."
            ),
            (("year", year),),
        ),
    )


def _annual_report(due: date) -> Milestone:
    return _milestone(
        "annual_report",
        Text(gettext_noop("Annual report for %(year)s sent to the ATT Secretariat"), (("year", due.year - 1),)),
        due,
        Text(
            gettext_noop("Article 13(3): each annual report is due by 31 May and covers the preceding calendar year.")
        ),
    )


# What each milestone on the domestic path is called, and why its planning default is what it is.
_PATH_TITLES = {
    "committee": gettext_noop("Inter-agency ATT working group formed"),
    "self_assessment": gettext_noop("National self-assessment complete"),
    "legal_review": gettext_noop("Legal review complete"),
    "cabinet": gettext_noop("Cabinet decision to join the Arms Trade Treaty"),
    "parliament": gettext_noop("Parliamentary approval"),
    # Article 21: ratification, acceptance or approval by a signatory, accession by any other State (Japan
    # accepted the treaty); the wording leaves the choice to the State.
    "instrument": gettext_noop("Instrument of ratification, acceptance, approval or accession executed"),
    "deposit": gettext_noop(
        "Instrument of ratification, acceptance, approval or accession deposited with the UN Secretary-General"
    ),
}
# Each planning default as one whole sentence, so that translators see it whole.
_PATH_DEFAULTS = {
    "committee": gettext_noop(
        "Planning assumption, edit as needed: the lead ministry brings the agencies together within a month of "
        "the start."
    ),
    "self_assessment": gettext_noop(
        "Planning assumption, edit as needed: the inter-agency gap analysis is finished two months after the "
        "working group is formed."
    ),
    "legal_review": gettext_noop(
        "Planning assumption, edit as needed: the review of national law against the treaty takes six months "
        "after the self-assessment."
    ),
    "cabinet": gettext_noop(
        "Planning assumption, edit as needed: the executive decides two months after the legal review."
    ),
    "parliament": gettext_noop(
        "Planning assumption, edit as needed: the legislature approves four months after the cabinet decision."
    ),
    "instrument": gettext_noop(
        "Planning assumption, edit as needed: the instrument is drafted and signed one month after the approval "
        "it needs."
    ),
    "deposit": gettext_noop(
        "Planning assumption, edit as needed: the instrument is deposited with the UN Secretary-General "
        "(Article 21) one month after it is signed."
    ),
}


_INITIAL_REPORT_TITLE = gettext_noop("Initial report sent to the ATT Secretariat")
# The deposit's title in roadmaps generated before it named all four instruments (Articles 21 and 22): such
# rows carry no message and are looked up by their English.
_EARLIER_TITLES = (gettext_noop("Instrument of ratification or accession deposited with the UN Secretary-General"),)


def universalization_milestones(
    *, start: date, needs_parliament: bool = True, actions: Mapping[str, tuple[date, date]] | None = None
) -> list[Milestone]:
    """The road from today to being a State Party and its first reports, sorted by due date.

    The domestic steps follow the path in ``accession_path``: each takes the end of the roadmap action that
    achieves it when ``actions`` (code -> (start, end)) holds that action, otherwise a planning default drawn
    from observed country cases, which the team edits later. The dates from deposit on follow from the treaty.
    ``needs_parliament`` is false where the executive alone can ratify, accept, approve or accede.
    """
    milestones = []
    for step in accession_path.step_dates(start=start, needs_parliament=needs_parliament, actions=actions):
        if step.action is None:
            basis = Text(_PATH_DEFAULTS[step.milestone])
        else:
            basis = Text(gettext_noop("Date planned in this roadmap: the end of the action that achieves this step."))
        milestones.append(_milestone(step.milestone, Text(_PATH_TITLES[step.milestone]), step.due, basis))

    in_force = entry_into_force(milestones[-1].due)
    milestones += [
        _milestone(
            "entry_into_force",
            Text(gettext_noop("Treaty enters into force for the country")),
            in_force,
            Text(gettext_noop("Article 22(2): entry into force 90 days after deposit.")),
        ),
        _milestone(
            "initial_report",
            Text(_INITIAL_REPORT_TITLE),
            initial_report_due(in_force),
            Text(
                gettext_noop("Article 13(1): the initial report is due within the first year after entry into force.")
            ),
        ),
        _first_annual_report(in_force),
    ]
    return _by_due_date(milestones)


# The compliance bank's questions that decide whether a one-off step is still to be taken, by code (bank files
# are renamed and re-versioned, codes stay). Other questions cite the same articles but ask something else:
# ART13-02 asks about reporting new measures "when appropriate" (13(1)), ART5-08 about publishing the list (5(4)).
INITIAL_REPORT_QUESTION = "ART13-01"  # Has the State submitted its initial report to the Secretariat? (13(1))
CONTROL_LIST_QUESTION = "ART5-07"  # Has the State sent its national control list to the Secretariat? (5(4))

# Answers that say the step is taken, or that there is nothing to take ("not applicable" never means "not done").
_REPORT_SENT = {"in_place", "partly", NOT_APPLICABLE_VALUE}  # the bank's "partly": sent late, or incomplete
_LIST_SENT = {"in_place", NOT_APPLICABLE_VALUE}  # "partly": the current list or its updates are still to send


def initial_report_outstanding(value: str | None) -> bool:
    """Whether the answer to ``INITIAL_REPORT_QUESTION`` leaves the initial report still to be sent.

    "Partly" is a report sent late or incomplete (the bank's guidance): sent all the same, so never overdue.
    "Don't know" and no answer leave it outstanding, so the milestone is there to be checked.
    """
    return value not in _REPORT_SENT


def control_list_outstanding(value: str | None) -> bool:
    """Whether the answer to ``CONTROL_LIST_QUESTION`` leaves the national control list still to be sent."""
    return value not in _LIST_SENT


def compliance_milestones(
    *,
    start: date,
    entry_into_force_date: date | None,
    initial_report_submitted: bool,
    control_list_gap: bool,
    points_of_contact_gap: bool,
    legal_steps: Iterable[tuple[str, date]] = (),
) -> list[Milestone]:
    """The reporting and notification dates a State Party has to plan for, sorted by due date.

    An initial report whose treaty date has passed is not shown in the past, where it would be useless as a
    target: it gets a planning date three months from the start, and its basis says it is overdue.

    The two annual reports are the next two from ``start``, but never earlier than the State's first annual
    report (see ``first_annual_report_due``): a State that joined recently owes nothing for the part-year it
    was not yet a party, and the first of the two then carries code ``first_annual_report``.

    ``legal_steps`` are (title, date) pairs from the team's plan for its laws and regulations.
    """
    milestones: list[Milestone] = []

    if entry_into_force_date is not None and not initial_report_submitted:
        treaty_due = initial_report_due(entry_into_force_date)
        if treaty_due < start:
            due = add_months(start, 3)
            basis = Text(
                gettext_noop(
                    "Article 13(1) required the initial report within one year of entry into force, by "
                    "%(date)s, so it is overdue; planning target three months from the start."
                ),
                (("date", treaty_due),),
            )
        else:
            due = treaty_due
            basis = Text(gettext_noop("Article 13(1): the initial report is due within one year of entry into force."))
        milestones.append(_milestone("initial_report", Text(_INITIAL_REPORT_TITLE), due, basis))

    first_due = next_annual_report_due(start)
    if entry_into_force_date is not None and first_annual_report_due(entry_into_force_date) >= first_due:
        milestones.append(_first_annual_report(entry_into_force_date))
        first_due = first_annual_report_due(entry_into_force_date)
    else:
        milestones.append(_annual_report(first_due))
    milestones.append(_annual_report(date(first_due.year + 1, 5, 31)))

    if control_list_gap:
        milestones.append(
            _milestone(
                "control_list",
                Text(gettext_noop("National control list sent to the ATT Secretariat")),
                add_months(start, 6),
                Text(
                    gettext_noop(
                        "Article 5(4): each State Party provides its national control list to the Secretariat; "
                        "planning target six months from the start."
                    )
                ),
            )
        )
    if points_of_contact_gap:
        milestones.append(
            _milestone(
                "points_of_contact",
                Text(gettext_noop("National points of contact notified to the ATT Secretariat")),
                add_months(start, 3),
                Text(
                    gettext_noop(
                        "Article 5(6): each State Party designates national points of contact and notifies the "
                        "Secretariat; planning target three months from the start."
                    )
                ),
            )
        )
    legal_basis = Text(gettext_noop("Date set by the team for this step in its laws and regulations."))
    for title, due in legal_steps:
        # The title is the team's own action title: shown as written; only the basis is ours to translate.
        milestones.append(
            Milestone(
                code="legal_step",
                title=title,
                due=due,
                basis=legal_basis.english(),
                texts={"basis": legal_basis.as_data()},
            )
        )
    return _by_due_date(milestones)
