"""Roadmap workflows: generate (and regenerate) from the gaps, edit actions and milestones."""

from collections import defaultdict
from datetime import date

from django.db import transaction
from django.utils import timezone

from assessments.gaps import GapReport, build_report
from assessments.models import Assessment, Membership
from frameworks.models import ActionTemplate, Question
from reference.models import Agency

from . import accession_path
from . import milestones as milestone_rules
from .models import GENERATED_FIELDS, Milestone, Roadmap, RoadmapAction
from .scheduling import ActionSpec, schedule

# Actions led by these agency types are the legal and institutional steps a compliance roadmap marks as milestones.
LAW_MAKERS = {"justice", "parliament"}


# What a follow-up's new action takes over from its baseline's action of the same code (besides the
# generated fields the team had edited there): where the work stands, what it costs, who pays, notes.
CARRIED_FIELDS = ("status", "cost_amount", "cost_currency", "funding", "assistance", "assistance_notes", "notes")
CARRIED_OVER_REASON = "Carried over from the baseline roadmap"


class StaleAction(Exception):
    def __init__(self, current):
        super().__init__("stale action")
        self.current = current


def _templates_for_gaps(report: GapReport) -> tuple[list[ActionTemplate], dict[int, list[int]]]:
    gap_ids = [gap.question.id for gap in report.analysis.gaps]
    links = Question.actions.through.objects.filter(question_id__in=gap_ids).values_list(
        "actiontemplate_id", "question_id"
    )
    closes = defaultdict(list)
    for template_id, question_id in links:
        closes[template_id].append(question_id)
    templates = list(
        ActionTemplate.objects.filter(pk__in=closes)
        .select_related("lead")
        .prefetch_related("requires", "assistance_sources")
    )
    return templates, closes


def _lead_and_support(template, question_ids, report: GapReport, agencies_by_type) -> tuple[Agency | None, set[Agency]]:
    """Lead: an agency assigned to the gaps' sections, preferring the template's type;
    else the country's agency of that type. Supporting: the other owners."""
    owners = {agency for question_id in question_ids for agency in report.owners.get(question_id, [])}
    lead = next((agency for agency in owners if agency.agency_type_id == template.lead_id), None)
    lead = lead or agencies_by_type.get(template.lead_id) or next(iter(sorted(owners, key=lambda a: a.pk)), None)
    return lead, owners - {lead}


def _milestones(assessment: Assessment, roadmap: Roadmap, report: GapReport, actions: dict[str, RoadmapAction]):
    start = roadmap.start_date
    if assessment.track == "universalization":
        return milestone_rules.universalization_milestones(
            start=start,
            needs_parliament=roadmap.needs_parliament,
            actions={code: (action.start, action.end) for code, action in actions.items()},
        )
    answers = {question.code: report.effective.get(pk) for pk, question in report.questions.items()}
    return milestone_rules.compliance_milestones(
        start=start,
        entry_into_force_date=assessment.country.entry_into_force_date,
        initial_report_submitted=not milestone_rules.initial_report_outstanding(
            answers.get(milestone_rules.INITIAL_REPORT_QUESTION)
        ),
        control_list_gap=milestone_rules.CONTROL_LIST_QUESTION in answers
        and milestone_rules.control_list_outstanding(answers[milestone_rules.CONTROL_LIST_QUESTION]),
        points_of_contact_gap="5(6)" in {ref for gap in report.analysis.gaps for ref in gap.question.articles},
        legal_steps=[
            (action.title, action.end)
            for action in actions.values()
            if action.lead_agency_type and action.lead_agency_type.code in LAW_MAKERS
        ],
    )


def _replace_milestones(roadmap: Roadmap, computed) -> None:
    kept = {(m.code, m.title) for m in roadmap.milestones.filter(edited=True)}
    roadmap.milestones.filter(edited=False).delete()
    Milestone.objects.bulk_create(
        Milestone(roadmap=roadmap, code=m.code, title=m.title, due=m.due, basis=m.basis, texts=m.texts, order=order)
        for order, m in enumerate(computed)
        if (m.code, m.title) not in kept
    )


def _baseline_actions(assessment: Assessment) -> dict[str, RoadmapAction]:
    """A follow-up's baseline roadmap actions from templates, by code (the template's code); {} for others."""
    if assessment.baseline_id is None:
        return {}
    actions = RoadmapAction.objects.filter(roadmap__assessment_id=assessment.baseline_id, is_custom=False)
    return {action.code: action for action in actions.prefetch_related("assistance_sources")}


def _carry_over(action: RoadmapAction, previous: RoadmapAction) -> None:
    """Start a follow-up's action where the baseline's left off: its status and the team's edits there."""
    edited = [name for name in previous.edited_fields if name in GENERATED_FIELDS]
    for name in (*CARRIED_FIELDS, *edited):
        attname = RoadmapAction._meta.get_field(name).attname
        setattr(action, attname, getattr(previous, attname))
    action.edited_fields = edited
    if action.end < action.start:  # an edited date of the baseline against a newly scheduled one
        action.end = action.start
    action._change_reason = CARRIED_OVER_REASON


def _pinned_dates(existing: dict[str, RoadmapAction], carried: dict[str, RoadmapAction]):
    """The dates the team set by hand, by action code, for the scheduler to keep and to plan after.

    An action already in the roadmap keeps its own edits; a follow-up's new action those of its baseline.
    """
    pinned = {}
    for code, action in {**carried, **existing}.items():
        edited = set(action.edited_fields)
        if "start" in edited or "end" in edited:
            pinned[code] = (action.start if "start" in edited else None, action.end if "end" in edited else None)
    return pinned


@transaction.atomic
def generate_roadmap(
    *, assessment: Assessment, user, start_date: date | None = None, needs_parliament: bool | None = None
) -> Roadmap:
    """Create the roadmap from the gaps, or bring it up to date.

    Regenerating keeps every manual edit (fields the team changed are not
    touched, actions the team added stay), adds actions for new gaps, and flags,
    never deletes, actions whose gaps have closed.
    """
    roadmap, _created = Roadmap.objects.get_or_create(
        assessment=assessment, defaults={"start_date": start_date or timezone.localdate()}
    )
    if start_date:
        roadmap.start_date = start_date
    if needs_parliament is not None:
        roadmap.needs_parliament = needs_parliament
    report = build_report(assessment)
    templates, closes = _templates_for_gaps(report)
    by_code = {template.code: template for template in templates}
    # The bank's prerequisites, with the domestic path's legal order added (and parliamentary approval left
    # out where parliament need not approve): see accession_path.
    specs = accession_path.arrange(
        (
            ActionSpec(
                code=t.code,
                phase=t.phase,
                duration_months=t.duration_months,
                requires=tuple(r.code for r in t.requires.all()),
            )
            for t in templates
        ),
        needs_parliament=roadmap.needs_parliament,
    )
    requires = {spec.code: spec.requires for spec in specs}
    existing = {action.code: action for action in roadmap.actions.all()}
    # A follow-up's actions start from its baseline's (matched by template code) the first time they appear.
    carried = _baseline_actions(assessment)
    slots = schedule(specs, start=roadmap.start_date, pinned=_pinned_dates(existing, carried))
    agencies_by_type = {}
    for agency in Agency.objects.filter(country_id=assessment.country_id).order_by("pk"):
        agencies_by_type.setdefault(agency.agency_type_id, agency)
    actions = {}
    for order, slot in enumerate(slots):
        template = by_code[slot.code]
        lead, support = _lead_and_support(template, closes[template.pk], report, agencies_by_type)
        generated = {
            "title": template.title,
            "description": template.description,
            "indicator": template.indicator,
            "phase": slot.phase,
            "start": slot.start,
            "end": slot.end,
            "lead_agency": lead,
            "lead_agency_type": template.lead,
        }
        action = existing.get(slot.code)
        if action is None:
            action = RoadmapAction(roadmap=roadmap, template=template, code=slot.code, order=order, **generated)
            previous = carried.get(slot.code)
            if previous is not None:
                _carry_over(action, previous)
            action._history_user = user
            action.save()
            action.supporting_agencies.set(support)
            if previous is not None:
                action.assistance_sources.set(previous.assistance_sources.all())
            else:
                action.assistance_sources.set(template.assistance_sources.all())
                # The sources are suggestions; only curators (the template) or the team decide help is needed.
                if template.needs_assistance:
                    action.assistance = "needed"
                    action.save(update_fields=["assistance"])
        else:
            for field, value in generated.items():
                if field not in action.edited_fields:
                    setattr(action, field, value)
            action.gaps_closed, action.order, action.template = False, order, template
            if action.end < action.start:  # the team moved one date and the generator the other
                action.end = action.start
            action._history_user = user
            action.save()
        action.gaps.set(closes[template.pk])
        actions[slot.code] = action
    for code, action in actions.items():
        action.depends_on.set([actions[required] for required in requires[code] if required in actions])
    for code, action in existing.items():
        if code not in actions and not action.is_custom and not action.gaps_closed:
            action.gaps_closed = True
            action._history_user = user
            action.save(update_fields=["gaps_closed", "updated_at"])
    _replace_milestones(roadmap, _milestones(assessment, roadmap, report, actions))
    roadmap.generated_at = timezone.now()
    roadmap.save()
    return roadmap


@transaction.atomic
def update_action(*, membership: Membership, action: RoadmapAction, data: dict, base_version: int) -> RoadmapAction:
    """Save the team's edit of an action; refuse it if someone saved since it was opened."""
    current = RoadmapAction.objects.select_for_update().get(pk=action.pk)
    if current.version != base_version:
        raise StaleAction(current)
    many = {name: data.pop(name) for name in ("supporting_agencies", "assistance_sources") if name in data}
    # The form showed generated texts in the reader's language: sent back as shown, they are not an edit.
    shown = RoadmapAction(
        template=current.template,
        edited_fields=current.edited_fields,
        **{name: getattr(current, name) for name in ("title", "description", "indicator")},
    ).in_reader_language()
    for name in ("title", "description", "indicator"):
        if name in data and data[name] == getattr(shown, name):
            data[name] = getattr(current, name)
    changed = [name for name, value in data.items() if getattr(current, name) != value]
    for name, value in data.items():
        setattr(current, name, value)
    current.edited_fields = sorted(set(current.edited_fields) | {n for n in changed if n in GENERATED_FIELDS})
    current.version += 1
    current.updated_by = membership.user
    current._history_user = membership.user
    current.save()
    for name, values in many.items():
        getattr(current, name).set(values)
    return current


@transaction.atomic
def add_action(*, membership: Membership, roadmap: Roadmap, data: dict) -> RoadmapAction:
    many = {name: data.pop(name) for name in ("supporting_agencies", "assistance_sources") if name in data}
    number = roadmap.actions.filter(is_custom=True).count() + 1
    while roadmap.actions.filter(code=f"TEAM-{number}").exists():
        number += 1
    action = RoadmapAction(
        roadmap=roadmap,
        code=f"TEAM-{number}",
        is_custom=True,
        updated_by=membership.user,
        order=roadmap.actions.count(),
        **data,
    )
    action._history_user = membership.user
    action.save()
    for name, values in many.items():
        getattr(action, name).set(values)
    return action


def update_milestone(*, milestone: Milestone, due: date, done: bool, user) -> Milestone:
    milestone.edited = milestone.edited or milestone.due != due
    milestone.due, milestone.done = due, done
    milestone._history_user = user
    milestone.save()
    return milestone
