"""Demo data: two national teams, five states that share with the region, an outsider, a curator and a regional
officer, so that a new user of `make run` can sign in and see the product at work."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from accounts.models import Official, User
from frameworks.curation import ensure_curator_group
from portal.demo_assessments import seed_demo_assessments
from portal.demo_region import REGION_AGENCIES, REGION_TEAMS, seed_region_assessments
from reference.models import Agency, AgencyType, Country
from reference.services import load_reference_data
from regional.models import RegionalAccess, RegionalOrganization

DEMO_PASSWORD = "att-demo-2026"


@dataclass(frozen=True)
class DemoMember:
    email: str
    full_name: str
    agency_type: str


DEMO_AGENCIES = {
    "PH": {
        "foreign-affairs": ("Department of Foreign Affairs", "DFA"),
        "defence": ("Department of National Defense", "DND"),
        "customs": ("Bureau of Customs", "BOC"),
        "licensing": ("Strategic Trade Management Office", "STMO"),
        "police": ("National Police", "PNP"),
        "justice": ("Department of Justice", "DOJ"),
    },
    "TH": {
        "foreign-affairs": ("Ministry of Foreign Affairs", "MFA"),
        "defence": ("Ministry of Defence", "MOD"),
        "customs": ("Customs Department", "CD"),
        "licensing": ("Department of Foreign Trade", "DFT"),
        "police": ("Royal Police", "RP"),
        "justice": ("Office of the Attorney General", "OAG"),
    },
    "VN": {
        "foreign-affairs": ("Ministry of Foreign Affairs", "MOFA"),
    },
    **REGION_AGENCIES,
}

DEMO_TEAMS = {
    "PH": [
        DemoMember("coordinator.ph@example.org", "Maria Santos", "foreign-affairs"),
        DemoMember("defence.ph@example.org", "Jose Reyes", "defence"),
        DemoMember("customs.ph@example.org", "Ana Cruz", "customs"),
        DemoMember("licensing.ph@example.org", "Ramon Garcia", "licensing"),
        DemoMember("police.ph@example.org", "Liza Mendoza", "police"),
        DemoMember("justice.ph@example.org", "Carlo Bautista", "justice"),
    ],
    "TH": [
        DemoMember("coordinator.th@example.org", "Somchai Prasert", "foreign-affairs"),
        DemoMember("defence.th@example.org", "Nok Chaiyaporn", "defence"),
        DemoMember("customs.th@example.org", "Pim Suwan", "customs"),
        DemoMember("licensing.th@example.org", "Anan Wongsa", "licensing"),
        DemoMember("police.th@example.org", "Kanya Srisuk", "police"),
        DemoMember("justice.th@example.org", "Niran Thongdee", "justice"),
    ],
    "VN": [DemoMember("outsider.vn@example.org", "Nguyen Van An", "foreign-affairs")],
    **{code: [DemoMember(*member) for member in members] for code, members in REGION_TEAMS.items()},
}
# Each team's first member is its state's verified coordinator; the outsider is a verified official of Viet Nam,
# which speaks for Viet Nam and nobody else.


CURATOR = DemoMember("curator@example.org", "Claire Curator", "")
# A regional organization's officer: sees readiness across South-East Asia, only from the assessments states' verified
# officials shared, and only where at least three states share (exact figures from five: the compliance track, where
# five demo states share; the universalization track, with Thailand alone, is withheld).
REGIONAL = DemoMember("regional@example.org", "Rina Regional", "")
REGIONAL_ORGANIZATION = "ASEAN Secretariat (demo)"


def _agency(country: Country, agency_type: AgencyType) -> Agency:
    name, acronym = DEMO_AGENCIES[country.code][agency_type.code]
    agency, _ = Agency.objects.update_or_create(
        country=country, name=name, defaults={"agency_type": agency_type, "acronym": acronym}
    )
    return agency


def _official(user: User, *, country=None, organization=None, coordinator: bool = False) -> None:
    role = Official.Role.COORDINATOR if coordinator else Official.Role.OFFICIAL
    Official.objects.get_or_create(
        user=user,
        defaults={
            "country": country,
            "regional_organization": organization,
            "role": role,
            "verified_at": timezone.now(),
            "how_verified": "demo data",
        },
    )


def _user(member: DemoMember, agency: Agency | None, **extra) -> User:
    user, created = User.objects.get_or_create(
        email=member.email, defaults={"full_name": member.full_name, "agency": agency, **extra}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def seed_demo() -> list[tuple[str, str]]:
    """Create the demo teams and users; idempotent. Returns (email, what) pairs."""
    load_reference_data()
    agency_types = {agency_type.code: agency_type for agency_type in AgencyType.objects.all()}
    logins = []
    for code, members in DEMO_TEAMS.items():
        country = Country.objects.get(code=code)
        for number, member in enumerate(members):
            agency = _agency(country, agency_types[member.agency_type])
            user = _user(member, agency)
            _official(user, country=country, coordinator=number == 0 and code != "VN")
            logins.append((member.email, f"{country.name}, {agency.name}"))

    curator = _user(CURATOR, None, is_staff=True)
    curator.groups.add(ensure_curator_group())
    logins.append((CURATOR.email, "curator (admin)"))
    organization, _ = RegionalOrganization.objects.get_or_create(name=REGIONAL_ORGANIZATION)
    organization.countries.add(*Country.objects.filter(subregion="south_east_asia"))
    regional = _user(REGIONAL, None)
    _official(regional, organization=organization)
    RegionalAccess.objects.get_or_create(user=regional, organization=organization)
    logins.append((REGIONAL.email, f"regional view ({REGIONAL_ORGANIZATION})"))
    seed_demo_assessments()
    seed_region_assessments()
    return logins
