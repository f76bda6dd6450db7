import pytest

from assessments.services import agree_answer, save_position
from regional.models import RegionalAccess, RegionalOrganization, Sharing
from roadmaps.services import generate_roadmap
from tests.accounts.factories_officials import verify_team
from tests.assessments.conftest import membership_of
from tests.factories import CountryFactory, UserFactory, make_team

# Words that must never leave a team: an answer's notes and a question's own text.
SECRET_NOTE = "Cabinet memo 7731: the customs database is offline until March"
UNIQUE_QUESTION = "Is there a control list?"  # the minimal bank's ART5-01 text


def answer(team, who, code, value, *, notes=SECRET_NOTE):
    membership = membership_of(team, who)
    question = team["assessment"].framework.questions.get(code=code)
    return save_position(
        membership=membership,
        question=question,
        value=value,
        reason="Explained" if value == "not_applicable" else "",
        notes=notes,
        legal_references=[],
        base_version=0,
    )


def shared_team(framework, code, *, level="aggregated", value="in_place", second="partly", roadmap=False):
    """A team of another state with both questions answered (ART5-01 `value`, ART5-02 `second`), sharing at
    `level`, started and shared by its verified officials and marked as the state's current assessment."""
    team = verify_team(make_team(framework, country_code=code))
    answer(team, "licensing", "ART5-01", value)
    answer(team, "licensing", "ART5-02", second)
    if level != "private":
        Sharing.objects.create(assessment=team["assessment"], level=level, changed_by=team["coordinator"], current=True)
    if roadmap:
        generate_roadmap(assessment=team["assessment"], user=team["coordinator"])
    return team


def agree(team, code, value):
    question = team["assessment"].framework.questions.get(code=code)
    return agree_answer(
        membership=membership_of(team, "coordinator"), question=question, value=value, reason="Agreed", base_version=0
    )


@pytest.fixture
def organization(db):
    organization = RegionalOrganization.objects.create(name="South-East Asian Secretariat")
    organization.countries.set(
        [CountryFactory(code=code, name=f"Country {code}") for code in ("PH", "TH", "ID", "VN", "MY")]
    )
    return organization


@pytest.fixture
def regional_user(organization):
    user = UserFactory()
    RegionalAccess.objects.create(user=user, organization=organization)
    return user


@pytest.fixture
def team(framework):
    return make_team(framework)
