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
