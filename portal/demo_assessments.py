"""Demo assessments: partly answered, with disputes, agreements, comments and
history, so that a new user sees the product at work."""

import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import transaction

from accounts.models import User
from assessments import services as assessment_services
from assessments.models import Assessment, Membership, Role
from frameworks.models import Framework, Question
from frameworks.services import load_framework
from reference.models import Country
from roadmaps.services import generate_roadmap, update_action

FRAMEWORK_DIR = settings.BASE_DIR / "fixtures" / "frameworks"


@dataclass(frozen=True)
class DemoAssessment:
    country: str
    framework: str
    title: str
    description: str
    coordinator: str
    sections_answered: int


DEMO_ASSESSMENTS = [
    DemoAssessment(
        country="PH",
        framework="att-compliance",
        title="Philippines: ATT implementation review 2026",
        description="Review of how far national law and practice meet the treaty's obligations, "
        "ahead of the next annual report.",
        coordinator="coordinator.ph@example.org",
        sections_answered=6,
    ),
    DemoAssessment(
        country="TH",
        framework="att-universalization",
        title="Thailand: readiness to ratify the ATT",
        description="Inter-agency assessment of the obstacles to ratification and the steps to take.",
        coordinator="coordinator.th@example.org",
        sections_answered=5,
    ),
]

DEMO_COMMENTS = [
    "Customs sees this differently at the ports: can we discuss at the next working group?",
    "The draft regulation covers this; it is with the Attorney-General for review.",
    "Evidence: the licensing manual, chapter 3. I will upload it.",
]


def load_shipped_frameworks() -> None:
    for path in sorted(FRAMEWORK_DIR.glob("*.yaml")):
        load_framework(path=path)


def _answer_value(rng: random.Random, options: list[str]) -> str:
    substantive = [value for value in options if value not in {"unknown", "not_applicable"}]
    return rng.choices(substantive + ["unknown"], weights=[3] * len(substantive) + [1])[0]


@transaction.atomic
def seed_demo_assessment(spec: DemoAssessment) -> Assessment:
    """Build one demo assessment through the same services the team uses."""
    country = Country.objects.get(code=spec.country)
    existing = Assessment.objects.filter(country=country, title=spec.title).first()
    if existing is not None:
        return existing
    framework = Framework.objects.published().filter(slug=spec.framework).order_by("-published_at").first()
    coordinator = User.objects.get(email=spec.coordinator)
    assessment = assessment_services.start_assessment(
        user=coordinator,
        country=country,
        framework=framework,
        title=spec.title,
        description=spec.description,
        agency_type=coordinator.agency.agency_type,
        agency_name=coordinator.agency.name,
    )
    for user in User.objects.filter(agency__country=country).exclude(pk=coordinator.pk).select_related("agency"):
        role = Role.OBSERVER if user.agency.agency_type.code == "justice" else Role.CONTRIBUTOR
        Membership.objects.create(assessment=assessment, user=user, agency=user.agency, role=role)
    members = list(assessment.memberships.select_related("agency__agency_type", "user", "assessment"))
    answering = [m for m in members if m.role != Role.OBSERVER]

    sections = list(framework.sections.order_by("order"))
    wanted = set()
    for index, section in enumerate(sections):
        for member in (answering[index % len(answering)], answering[(index + 1) % len(answering)]):
            wanted.add((section.pk, member.agency_id))
    assessment_services.set_assignments(assessment=assessment, wanted=wanted)

    rng = random.Random(spec.country)
    questions = Question.objects.filter(section__in=sections[: spec.sections_answered]).prefetch_related(
        "scale__options"
    )
    disputed = agreed = 0
    for number, question in enumerate(questions.order_by("section__order", "order")):
        if number % 5 == 4:
            continue  # leave gaps so the demo shows unanswered questions
        options = [option.value for option in question.scale.options.all()]
        authors = rng.sample(answering, k=2 if number % 3 else 3)
        value = _answer_value(rng, options)
        for position, member in enumerate(authors):
            this_value = value
            if number % 7 == 0 and position == 1:
                this_value = next(v for v in options if v not in {value, "unknown", "not_applicable"})
            answer = assessment_services.save_position(
                membership=member,
                question=question,
                value=this_value,
                reason="",
                notes="",
                legal_references=[],
                base_version=0,
            )
            if position == 0 and number % 4 == 0:
                # A second edit, so the history shows how the answer evolved.
                assessment_services.save_position(
                    membership=member,
                    question=question,
                    value=this_value,
                    reason="",
                    notes="Checked against the current regulation.",
                    legal_references=[{"instrument": "Arms Trade Control Act", "provision": "section 4"}],
                    base_version=answer.version,
                )
        if number % 7 == 0:
            disputed += 1
            if disputed % 2 == 0:
                agreed += 1
                assessment_services.agree_answer(
                    membership=members[0],
                    question=question,
                    value=value,
                    base_version=0,
                    reason="Agreed at the inter-agency meeting: the law exists but is applied unevenly.",
                )
        elif spec.framework == "att-compliance" and number % 3 == 0:
            # Undisputed answers confirmed by the team, so that the draft initial report has agreed content.
            assessment_services.agree_answer(
                membership=members[0],
                question=question,
                value=value,
                base_version=0,
                reason="Confirmed at the inter-agency working group.",
            )
        if number % 6 == 1:
            for offset, body in enumerate(DEMO_COMMENTS[: 1 + number % 3]):
                assessment_services.add_comment(
                    membership=answering[(number + offset) % len(answering)], question=question, body=body
                )
    _seed_roadmap(assessment, coordinator, members)
    return assessment


def _seed_roadmap(assessment: Assessment, coordinator: User, members: list[Membership]) -> None:
    """A generated roadmap with a few edits by the team, as a new user should see it."""
    roadmap = generate_roadmap(assessment=assessment, user=coordinator, start_date=date(2027, 1, 4))
    actions = list(roadmap.actions.order_by("order")[:3])
    edits = [
        {
            "status": "in_progress",
            "cost_amount": Decimal("45000"),
            "cost_currency": "USD",
            "funding": "national",
            "notes": "Drafting team named; first meeting held.",
        },
        {
            "cost_amount": Decimal("120000"),
            "cost_currency": "USD",
            "funding": "donor",
            "assistance": "requested",
            "assistance_notes": "Request sent to the Voluntary Trust Fund in the last call.",
        },
        {"title": None, "cost_amount": Decimal("15000"), "cost_currency": "USD", "funding": "not_funded"},
    ]
    for action, edit in zip(actions, edits, strict=False):
        if edit.get("title", "") is None:
            edit["title"] = f"{action.title} (with the regional workshop)"
        update_action(membership=members[0], action=action, data=edit, base_version=action.version)


def seed_demo_assessments() -> list[Assessment]:
    load_shipped_frameworks()
    return [seed_demo_assessment(spec) for spec in DEMO_ASSESSMENTS]
