"""Staff set up regional organizations and grant access in the admin; every change keeps its history."""

from django.urls import reverse

from regional.models import RegionalAccess, RegionalOrganization
from tests.conftest import sign_in
from tests.factories import CountryFactory, UserFactory


def test_staff_grant_regional_access_in_the_admin_with_history(db, client):
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    officer = UserFactory()
    country = CountryFactory(code="KH", name="Cambodia")
    sign_in(client, admin_user)
    for name in ("regional_regionalorganization", "regional_regionalaccess"):
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200
        assert client.get(reverse(f"admin:{name}_add")).status_code == 200
    response = client.post(
        reverse("admin:regional_regionalorganization_add"),
        {
            "name": "Mekong Desk",
            "countries": [country.pk],
            "accesses-TOTAL_FORMS": "1",
            "accesses-INITIAL_FORMS": "0",
            "accesses-MIN_NUM_FORMS": "0",
            "accesses-MAX_NUM_FORMS": "1000",
            "accesses-0-user": officer.pk,
        },
    )
    assert response.status_code == 302, response.content[:2000]
    organization = RegionalOrganization.objects.get(name="Mekong Desk")
    assert list(organization.countries.all()) == [country]
    access = RegionalAccess.objects.get(organization=organization)
    assert access.user == officer
    assert access.history.get().history_user == admin_user
    assert organization.history.latest().history_user == admin_user
    history = reverse("admin:regional_regionalorganization_history", args=[organization.pk])
    assert client.get(history).status_code == 200


def test_sharing_levels_are_not_in_the_admin(db):
    from django.contrib import admin

    from regional.models import Sharing

    assert not admin.site.is_registered(Sharing)  # they name assessments, which staff outside a team never see
