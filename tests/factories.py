import factory
from factory.django import DjangoModelFactory

from accounts.models import User
from reference.models import Agency, AgencyType, ATTStatus, Country

PASSWORD = "a-long-test-password-42"


class CountryFactory(DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ["code"]

    code = "PH"
    name = "Philippines"
    subregion = "south_east_asia"
    un_region = "asia"
    att_status = ATTStatus.STATE_PARTY


class AgencyTypeFactory(DjangoModelFactory):
    class Meta:
        model = AgencyType
        django_get_or_create = ["code"]

    code = "foreign-affairs"
    name = factory.LazyAttribute(lambda o: o.code.replace("-", " ").capitalize())


class AgencyFactory(DjangoModelFactory):
    class Meta:
        model = Agency

    country = factory.SubFactory(CountryFactory)
    agency_type = factory.SubFactory(AgencyTypeFactory)
    name = factory.Sequence(lambda n: f"Agency {n}")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"official{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Official {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def make_team(framework, *, country_code="PH"):
    """An assessment with a coordinator (foreign affairs), two contributors of
    other agencies (licensing, customs) and an observer (justice)."""
    from assessments.models import Membership, Role
    from assessments.services import start_assessment

    country = CountryFactory(code=country_code, name=f"Country {country_code}")
    types = {code: AgencyTypeFactory(code=code) for code in ("foreign-affairs", "licensing", "customs", "justice")}
    coordinator = UserFactory()
    assessment = start_assessment(
        user=coordinator,
        country=country,
        framework=framework,
        title=f"Assessment of {country.name}",
        agency_type=types["foreign-affairs"],
        agency_name="Foreign Ministry",
    )
    team = {"assessment": assessment, "coordinator": coordinator}
    for name, code, role in (
        ("licensing", "licensing", Role.CONTRIBUTOR),
        ("customs", "customs", Role.CONTRIBUTOR),
        ("observer", "justice", Role.OBSERVER),
    ):
        user = UserFactory()
        agency = AgencyFactory(
            country=country, agency_type=types[code], name=f"{code.title()} Office", acronym=code[:3].upper()
        )
        Membership.objects.create(assessment=assessment, user=user, agency=agency, role=role)
        team[name] = user
    team["memberships"] = {m.user_id: m for m in assessment.memberships.select_related("assessment", "agency", "user")}
    return team
