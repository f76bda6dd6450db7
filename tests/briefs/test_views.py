"""The briefs pages and downloads: members only, the team's own agencies only, coordinators for the zip."""

import io
import zipfile
from datetime import date

import pytest
from django.urls import reverse

from accounts.models import SecurityEvent
from assessments.models import SectionAssignment
from roadmaps.models import RoadmapAction
from tests.assessments.conftest import membership_of
from tests.briefs.conftest import answer, pdf_text
from tests.factories import AgencyFactory, AgencyTypeFactory, CountryFactory, UserFactory


def _urls(team):
    pk, customs = team["assessment"].pk, membership_of(team, "customs").agency_id
    return [
        reverse("briefs:list", args=[pk]),
        reverse("briefs:agency", args=[pk, customs]),
        reverse("briefs:agency_pdf", args=[pk, customs]),
        reverse("briefs:parliament", args=[pk]),
        reverse("briefs:parliament_pdf", args=[pk]),
        reverse("briefs:zip", args=[pk]),
    ]


def test_the_list_offers_a_brief_for_each_agency_of_the_team_and_parliament(team, roadmap, client_for):
    response = client_for(team["customs"]).get(reverse("briefs:list", args=[team["assessment"].pk]))
    assert response.status_code == 200
    for who in ("coordinator", "licensing", "customs", "observer"):
        agency = membership_of(team, who).agency
        assert reverse("briefs:agency", args=[team["assessment"].pk, agency.pk]) in response.text
        assert reverse("briefs:agency_pdf", args=[team["assessment"].pk, agency.pk]) in response.text
    assert reverse("briefs:parliament", args=[team["assessment"].pk]) in response.text
    # Only coordinators are offered the zip of every brief.
    assert reverse("briefs:zip", args=[team["assessment"].pk]) not in response.text
    coordinator_page = client_for(team["coordinator"]).get(reverse("briefs:list", args=[team["assessment"].pk]))
    assert reverse("briefs:zip", args=[team["assessment"].pk]) in coordinator_page.text
    # The assessment's tabs lead here.
    assert 'aria-current="page" href="{}"'.format(reverse("briefs:list", args=[team["assessment"].pk])) in (
        coordinator_page.text
    )


def test_the_brief_page_shows_the_brief_and_can_be_printed(team, roadmap, client_for):
    customs = membership_of(team, "customs").agency
    response = client_for(team["observer"]).get(reverse("briefs:agency", args=[team["assessment"].pk, customs.pk]))
    assert response.status_code == 200
    text = response.text
    assert "<h1>What Customs Office (CUS) must do next under the Arms Trade Treaty</h1>" in text
    assert "Are arms in transit checked at ports and borders?" in text
    assert "Screen transit manifests for arms" in text
    assert "Better information on transit cargo." in text
    assert "data-print hidden" in text and "js/print.js" in text and "css/briefs.css" in text
    assert reverse("briefs:agency_pdf", args=[team["assessment"].pk, customs.pk]) in text


def test_the_parliament_page_shows_the_path_and_the_laws(universalization_team, client_for):
    pk = universalization_team["assessment"].pk
    response = client_for(universalization_team["coordinator"]).get(reverse("briefs:parliament", args=[pk]))
    assert response.status_code == 200
    assert "The approval path" in response.text and "Parliamentary approval" in response.text
    assert "Draft the arms transfer offences bill" in response.text


def test_a_brief_pdf_downloads_as_an_attachment_and_is_logged(team, roadmap, client_for):
    customs = membership_of(team, "customs").agency
    response = client_for(team["customs"]).get(reverse("briefs:agency_pdf", args=[team["assessment"].pk, customs.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'attachment; filename="PH-brief-customs-office.pdf"' == response["Content-Disposition"]
    assert response.content.startswith(b"%PDF-")
    event = SecurityEvent.objects.get(kind="export")
    assert event.user == team["customs"] and event.detail == f"agency brief PDF of assessment {team['assessment'].pk}"
    parliament = client_for(team["customs"]).get(reverse("briefs:parliament_pdf", args=[team["assessment"].pk]))
    assert parliament["Content-Disposition"] == 'attachment; filename="PH-parliament-brief.pdf"'
    assert SecurityEvent.objects.filter(kind="export").count() == 2


def test_the_pdf_is_in_the_users_language(team, roadmap, client_for, tmp_path):
    user = team["customs"]
    user.preferred_language = "fr"
    user.save()
    customs = membership_of(team, "customs").agency
    response = client_for(user).get(reverse("briefs:agency_pdf", args=[team["assessment"].pk, customs.pk]))
    text = pdf_text(tmp_path, response.content)
    assert "Les armes en transit sont-elles contrôlées aux ports et aux frontières ?" in text
    assert "De meilleures informations sur les cargaisons en transit." in text


def test_the_coordinator_downloads_every_brief_at_once(team, roadmap, client_for):
    response = client_for(team["coordinator"]).get(reverse("briefs:zip", args=[team["assessment"].pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="PH-briefs.zip"'
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert len(archive.namelist()) == 5  # four agencies of the team and the parliament brief
    assert "PH-parliament-brief.pdf" in archive.namelist()
    assert SecurityEvent.objects.get(kind="export").detail.startswith("all agency briefs (zip) of assessment")


@pytest.mark.parametrize("who", ["licensing", "customs", "observer"])
def test_only_coordinators_download_the_zip(team, client_for, who):
    response = client_for(team[who]).get(reverse("briefs:zip", args=[team["assessment"].pk]))
    assert response.status_code == 403
    assert not SecurityEvent.objects.filter(kind="export").exists()


def test_outsiders_and_staff_get_404_on_every_briefs_url(team, client_for):
    for user in (UserFactory(), UserFactory(is_staff=True, is_superuser=True)):
        client = client_for(user)
        for url in _urls(team):
            assert client.get(url).status_code == 404, url
    assert not SecurityEvent.objects.filter(kind="export").exists()


def test_anonymous_visitors_are_sent_to_sign_in(team, client):
    for url in _urls(team):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url, url


def test_briefs_are_read_only(team, client_for):
    client = client_for(team["coordinator"])
    for url in _urls(team):
        assert client.post(url).status_code == 405, url


def test_an_agency_of_another_country_or_outside_the_team_is_not_found(team, client_for):
    pk = team["assessment"].pk
    elsewhere = AgencyFactory(country=CountryFactory(code="FR", name="Elsewhere"), name="Customs elsewhere")
    same_country_not_in_team = AgencyFactory(
        country=team["assessment"].country, agency_type=AgencyTypeFactory(code="police"), name="Police HQ"
    )
    client = client_for(team["coordinator"])
    for agency_id in (elsewhere.pk, same_country_not_in_team.pk, 987654321):
        assert client.get(reverse("briefs:agency", args=[pk, agency_id])).status_code == 404, agency_id
        assert client.get(reverse("briefs:agency_pdf", args=[pk, agency_id])).status_code == 404, agency_id
    for junk in ("abc", "-1", "1.5", "1e3"):
        assert client.get(f"/assessments/{pk}/briefs/{junk}/").status_code == 404, junk
    assert client.get(f"/assessments/{pk}/briefs/%00/").status_code == 400  # a control character: a bad request
    # An agency that takes part through an assignment or a roadmap lead has a brief, and is listed.
    section = team["assessment"].framework.sections.get(code="ART9")
    SectionAssignment.objects.create(assessment=team["assessment"], section=section, agency=same_country_not_in_team)
    assert client.get(reverse("briefs:agency", args=[pk, same_country_not_in_team.pk])).status_code == 200
    assert "Police HQ" in client.get(reverse("briefs:list", args=[pk])).text


def test_a_rendering_fault_shows_a_page_with_a_retry(team, client_for, monkeypatch):
    from briefs import pdf as brief_pdf

    def broken(html):
        raise RuntimeError("font cache gone")

    monkeypatch.setattr(brief_pdf, "html_to_pdf", broken)
    url = reverse("briefs:parliament_pdf", args=[team["assessment"].pk])
    response = client_for(team["customs"]).get(url)
    assert response.status_code == 503 and "Try again" in response.text and url in response.text
    assert not SecurityEvent.objects.filter(kind="export").exists()


def _grow(team, roadmap, n):
    """More answers and actions led by customs, so the query count can be compared as data grows."""
    customs = membership_of(team, "customs").agency
    answer(team, "licensing", "ART5-02", "partly")
    answer(team, "customs", "ART9-02", "not_in_place")
    for number in range(n):
        RoadmapAction.objects.create(
            roadmap=roadmap,
            code=f"TEAM-{number}",
            title=f"Extra action {number}",
            phase=1,
            start=date(2027, 2, 1),
            end=date(2027, 6, 1),
            lead_agency=customs,
            order=100 + number,
        )


def test_the_brief_page_stays_within_a_flat_query_budget(
    team, roadmap, client_for, django_assert_max_num_queries, django_assert_num_queries
):
    client = client_for(team["customs"])
    pk, customs = team["assessment"].pk, membership_of(team, "customs").agency_id
    url = reverse("briefs:agency", args=[pk, customs])
    client.get(url)  # sessions, two-step checks and caches warmed up
    with django_assert_max_num_queries(30) as before:
        assert client.get(url).status_code == 200
    _grow(team, roadmap, 15)
    with django_assert_num_queries(len(before.captured_queries)):
        assert "Extra action" in client.get(url).text
    parliament = reverse("briefs:parliament", args=[pk])
    client.get(parliament)
    with django_assert_max_num_queries(30):
        assert client.get(parliament).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("briefs:list", args=[pk])).status_code == 200


def test_hostile_names_and_titles_come_back_escaped_on_the_page_and_in_the_pdf(team, roadmap, client_for, tmp_path):
    payload = "<script>alert(1)</script>"
    customs = membership_of(team, "customs").agency
    customs.name = f"{payload} Customs"
    customs.save()
    roadmap.actions.filter(code="ACT-TRANSIT").update(
        title=f"Screen {payload} manifests", edited_fields=["title"]
    )  # as the form saves it
    team["assessment"].title = f"{payload} review"
    team["assessment"].save()
    client = client_for(team["customs"])
    page = client.get(reverse("briefs:agency", args=[team["assessment"].pk, customs.pk])).text
    assert payload not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Customs" in page
    assert "Screen &lt;script&gt;alert(1)&lt;/script&gt; manifests" in page
    assert payload not in client.get(reverse("briefs:list", args=[team["assessment"].pk])).text
    pdf = client.get(reverse("briefs:agency_pdf", args=[team["assessment"].pk, customs.pk])).content
    assert f"Screen {payload} manifests" in pdf_text(tmp_path, pdf)  # shown as text, never run
