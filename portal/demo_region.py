"""Demo states that share with the region: five South-East Asian states, each with a verified coordinator and a
small compliance assessment shared as its current one, so that the demo's regional view shows real figures
(exact, since five states share) while no single state's own values appear anywhere outside its team."""

import random
from dataclasses import dataclass

from django.db import transaction

from accounts.models import User
from assessments import services as assessment_services
from assessments.models import Assessment, Membership
from frameworks.models import Framework, Question
from reference.models import Country
from regional.models import SharingLevel
from regional.services import set_sharing


@dataclass(frozen=True)
class RegionState:
    code: str
    email: str
    full_name: str
    ministry: tuple[str, str]
    # How far along the state is: the share of questions answered "in place" rather than partly or not.
    progress: float


REGION_STATES = [
    RegionState("ID", "coordinator.id@example.org", "Dewi Lestari", ("Ministry of Foreign Affairs", "Kemlu"), 0.6),
    RegionState(
        "MY", "coordinator.my@example.org", "Aisyah Rahman", ("Ministry of Foreign Affairs", "Wisma Putra"), 0.5
    ),
    RegionState("KH", "coordinator.kh@example.org", "Sokha Chan", ("Ministry of Foreign Affairs", "MFAIC"), 0.3),
    RegionState("SG", "coordinator.sg@example.org", "Wei Ling Tan", ("Ministry of Foreign Affairs", "MFA"), 0.7),
    RegionState("BN", "coordinator.bn@example.org", "Hajah Nurul", ("Ministry of Foreign Affairs", "MOFA"), 0.2),
]

# Read by portal.demo, which makes the agencies, the users and their verified officials.
REGION_AGENCIES = {state.code: {"foreign-affairs": state.ministry} for state in REGION_STATES}
REGION_TEAMS = {state.code: [(state.email, state.full_name, "foreign-affairs")] for state in REGION_STATES}


def _title(country: Country) -> str:
    return f"{country.name}: ATT implementation review (regional demo)"


@transaction.atomic
def seed_region_assessment(state: RegionState, framework: Framework) -> Assessment:
    """One state's assessment, every question answered by its coordinator, shared with the region."""
    country = Country.objects.get(code=state.code)
    existing = Assessment.objects.filter(country=country, title=_title(country)).first()
    if existing is not None:
        return existing
    coordinator = User.objects.select_related("agency__agency_type").get(email=state.email)
    assessment = assessment_services.start_assessment(
        user=coordinator,
        country=country,
        framework=framework,
        title=_title(country),
        agency_type=coordinator.agency.agency_type,
        agency_name=coordinator.agency.name,
    )
    membership = Membership.objects.select_related("assessment__framework", "agency", "user").get(
        assessment=assessment, user=coordinator
    )
    rng = random.Random(state.code)
    questions = Question.objects.filter(framework=framework).prefetch_related("scale__options")
    for question in questions.order_by("section__order", "order"):
        values = {option.value for option in question.scale.options.all()}
        wanted = "in_place" if rng.random() < state.progress else rng.choice(["partly", "not_in_place"])
        value = wanted if wanted in values else sorted(values - {"unknown", "not_applicable"})[0]
        assessment_services.save_position(
            membership=membership,
            question=question,
            value=value,
            reason="",
            notes="",
            legal_references=[],
            base_version=0,
        )
    set_sharing(by=membership, level=SharingLevel.AGGREGATED)
    return assessment


def seed_region_assessments() -> list[Assessment]:
    framework = Framework.objects.published().filter(slug="att-compliance").order_by("-published_at").first()
    if framework is None:
        return []
    return [seed_region_assessment(state, framework) for state in REGION_STATES]
