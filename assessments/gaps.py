"""From a team's answers to a gap analysis: the adapter between the database
and the pure scoring core, in a constant number of queries."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch

from frameworks.models import Question, ScaleOption, Section
from reference.models import Agency

from .disputes import effective_value, positions_differ
from .models import AgreedAnswer, Answer, Assessment, SectionAssignment
from .scoring import GapAnalysis, QuestionInput, Score, analyse, score_group


@dataclass
class GapReport:
    analysis: GapAnalysis
    questions: dict[int, Question]
    sections: list[Section]
    agencies: list[Agency]
    owners: dict[int, list[Agency]]  # question id -> agencies that own it
    effective: dict[int, str | None]  # question id -> the answer scoring used
    by_agency_section: dict[tuple[int, str], Score]  # each agency's own view, per section

    def section_title(self, code: str) -> str:
        return next((section.translated("title") for section in self.sections if section.code == code), code)


def _options_by_question(questions) -> dict[int, dict[str, ScaleOption]]:
    return {question.pk: {option.value: option for option in question.scale.options.all()} for question in questions}


def build_report(assessment: Assessment) -> GapReport:
    questions = list(
        Question.objects.filter(framework_id=assessment.framework_id)
        .select_related("section", "scale")
        .prefetch_related(Prefetch("scale__options"), "agency_types")
        .order_by("section__order", "order")
    )
    options = _options_by_question(questions)
    positions = defaultdict(list)
    for answer in Answer.objects.filter(assessment=assessment).only("question_id", "agency_id", "value", "reason"):
        positions[answer.question_id].append(answer)
    agreed = {a.question_id: a for a in AgreedAnswer.objects.filter(assessment=assessment)}
    assigned = defaultdict(list)
    for assignment in SectionAssignment.objects.filter(assessment=assessment).select_related("agency"):
        assigned[assignment.section_id].append(assignment.agency)
    agencies = {agency.pk: agency for agency in Agency.objects.filter(country_id=assessment.country_id)}

    inputs, owners, effective = [], {}, {}
    per_agency = defaultdict(list)
    for question in questions:
        answers = positions[question.pk]
        values = [answer.value for answer in answers]
        agreement = agreed.get(question.pk)
        value = effective_value(values, agreement.value if agreement else None)
        option = options[question.pk].get(value or "")
        typical_types = {agency_type.pk for agency_type in question.agency_types.all()}
        owners[question.pk] = assigned[question.section_id] or [
            agency for agency in agencies.values() if agency.agency_type_id in typical_types
        ]
        effective[question.pk] = value
        reason = agreement.reason if agreement else next((a.reason for a in answers if a.value == value), "")
        base = {
            "id": question.pk,
            "code": question.code,
            "section": question.section.code,
            "articles": tuple(question.articles),
            "obligation": question.obligation,
            "weight": question.weight,
        }
        inputs.append(
            QuestionInput(
                **base,
                value=value,
                score=option.score if option else None,
                not_applicable=value == "not_applicable",
                reason=reason,
                disputed=positions_differ(values) and agreement is None,
                owners=tuple(agency.name for agency in owners[question.pk]),
            )
        )
        for answer in answers:
            own = options[question.pk].get(answer.value)
            per_agency[(answer.agency_id, question.section.code)].append(
                QuestionInput(
                    **base,
                    value=answer.value or None,
                    score=own.score if own else None,
                    not_applicable=answer.value == "not_applicable",
                )
            )
    sections = list(Section.objects.filter(framework_id=assessment.framework_id).order_by("order"))
    return GapReport(
        analysis=analyse(inputs),
        questions={question.pk: question for question in questions},
        sections=sections,
        agencies=sorted(
            {
                agency.pk: agency for agency, _section in ((agencies.get(a), s) for a, s in per_agency) if agency
            }.values(),
            key=lambda agency: (agency.agency_type_id, agency.name),
        ),
        owners=owners,
        effective=effective,
        by_agency_section={key: score_group(items) for key, items in per_agency.items()},
    )
