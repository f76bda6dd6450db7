"""Where people land, the icon the admin asks for, and dates English readers outside the US read right."""

import datetime

from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from regional.models import RegionalAccess, RegionalOrganization
from tests.conftest import sign_in
from tests.factories import UserFactory


def test_a_regional_officer_on_no_team_lands_on_the_regional_view(client, db):
    officer = UserFactory()
    organization = RegionalOrganization.objects.create(name="South-East Asian Secretariat")
    RegionalAccess.objects.create(user=officer, organization=organization)
    response = sign_in(client, officer).get(reverse("portal:home"))
    assert response.status_code == 302 and response.url == reverse("regional:index")


def test_staff_and_curators_on_no_team_land_in_the_admin(client, db):
    curator = UserFactory(is_staff=True)
    response = sign_in(client, curator).get(reverse("portal:home"))
    assert response.status_code == 302 and response.url == reverse("admin:index")


def test_a_national_official_on_no_team_is_offered_to_start_one(logged_in_client):
    response = logged_in_client.get(reverse("portal:home"))
    assert response.status_code == 200 and reverse("assessments:start") in response.text


def test_favicon_ico_answers_with_the_portals_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response.url == "/static/favicon.svg"


def test_the_admin_pages_link_the_icon(client, db):
    admin = UserFactory(is_staff=True, is_superuser=True)
    html = sign_in(client, admin).get(reverse("admin:index")).text
    assert 'rel="icon"' in html and "favicon.svg" in html


def test_english_dates_read_day_month_year():
    when = datetime.datetime(2026, 12, 7, 22, 14, tzinfo=datetime.UTC)
    template = Template(
        "{{ day|date }}|{{ day|date:'SHORT_DATE_FORMAT' }}|{{ when|date:'SHORT_DATETIME_FORMAT' }}|{{ when|date }}"
    )
    with translation.override("en"):
        rendered = template.render(Context({"day": datetime.date(2027, 1, 15), "when": when}))
    assert rendered == "15 Jan 2027|15 Jan 2027|7 Dec 2026, 22:14|7 Dec 2026"


def test_other_languages_keep_their_own_formats():
    with translation.override("fr"):
        rendered = Template("{{ day|date }}").render(Context({"day": datetime.date(2027, 1, 15)}))
    assert rendered == "15 janvier 2027"
