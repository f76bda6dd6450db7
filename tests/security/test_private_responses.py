"""What a signed-in user is shown stays off shared caches: ``Cache-Control: private, no-store``.

Walked over every team page and download of the URLconf (the routes tests/test_isolation.py
classifies), plus the downloads outside a team and a sample of other pages.
"""

from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from portal.middleware import PrivateResponsesMiddleware
from regional.models import RegionalAccess, RegionalOrganization
from tests.conftest import sign_in
from tests.experiences.conftest import make_experience
from tests.factories import UserFactory
from tests.test_isolation import (
    COORDINATOR_GET_ROUTES,
    GET_ROUTES,
    _scoped_routes,
    _url,
    world,  # noqa: F401 - the team with one of everything, reused
)

FINAL_REPORTS = {"reports:initial_report_final_pdf", "reports:initial_report_final_docx"}
DOWNLOADS = {
    "roadmaps:pdf",
    "roadmaps:actions_csv",
    "roadmaps:actions_xlsx",
    "roadmaps:docx",
    "assessments:export",
    "assessments:evidence",
    "assistance:outline",
    "briefs:agency_pdf",
    "briefs:parliament_pdf",
    "briefs:zip",
    "reports:initial_report_pdf",
    "reports:initial_report_docx",
}


def _private(response) -> bool:
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives


def test_every_team_page_and_download_is_private_and_not_stored(world, client):  # noqa: F811
    team, kwargs = world
    client.force_login(team["coordinator"])
    downloads = set()
    for name, pattern in _scoped_routes():
        if name not in GET_ROUTES | COORDINATOR_GET_ROUTES:
            continue
        url = _url(name, pattern, kwargs)
        response = client.get(url)
        # The final initial report is refused (409) while questions are open, as they are in this world.
        assert response.status_code == (409 if name in FINAL_REPORTS else 200), url
        assert _private(response), f"{url}: Cache-Control {response.get('Cache-Control')!r}"
        if "attachment" in response.get("Content-Disposition", "") or response.get("Content-Type", "").startswith(
            ("application/pdf", "text/csv", "application/vnd", "application/zip", "application/json")
        ):
            downloads.add(name)
    assert DOWNLOADS <= downloads, f"not walked as downloads: {DOWNLOADS - downloads}"


def test_downloads_outside_a_team_are_private_too(framework, client):
    organization = RegionalOrganization.objects.create(name="Secretariat")
    user = UserFactory()
    RegionalAccess.objects.create(user=user, organization=organization)
    sign_in(client, user)
    urls = [
        reverse("frameworks:questionnaire_pdf", args=[framework.slug, framework.version]),
        reverse("regional:export_csv", args=[organization.pk]),
        reverse("regional:export_pdf", args=[organization.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "attachment" in response["Content-Disposition"], url
        assert _private(response), f"{url}: Cache-Control {response.get('Cache-Control')!r}"


def test_other_signed_in_pages_are_private(client, db):
    sign_in(client, UserFactory())
    experience = make_experience()
    for url in [
        reverse("portal:home"),
        reverse("portal:region"),
        reverse("accounts:profile"),
        reverse("experiences:library"),
        experience.get_absolute_url(),
        reverse("frameworks:index"),
    ]:
        response = client.get(url)
        assert response.status_code == 200 and _private(response), (url, response.get("Cache-Control"))


def test_a_view_that_says_how_to_cache_itself_keeps_its_own_header(client, db):
    sign_in(client, UserFactory())
    # The region's map: public facts, cached a day by the browser (the address changes with the data).
    assert client.get(reverse("portal:region_map"))["Cache-Control"] == "private, max-age=86400"
    assert client.get(reverse("portal:charts_css"))["Cache-Control"] == "public, max-age=86400"


def test_public_pages_and_static_files_are_left_alone(client, db):
    assert not client.get(reverse("password_reset")).has_header("Cache-Control")  # a public page
    middleware = PrivateResponsesMiddleware(lambda request: HttpResponse("body { }", content_type="text/css"))
    request = RequestFactory().get("/static/css/portal.css")
    request.user = UserFactory()
    assert not middleware(request).has_header("Cache-Control")
    request = RequestFactory().get("/experiences/")
    request.user = AnonymousUser()
    assert not middleware(request).has_header("Cache-Control")
