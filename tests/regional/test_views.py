"""The regional view: who sees it, what it shows (aggregates only), its downloads, and its query budget."""

import csv
import io
import subprocess

import pytest
from django.core.cache import cache
from django.urls import reverse

from accounts.models import SecurityEvent
from assessments.gaps import build_report
from assessments.models import Assessment
from assessments.services import start_assessment
from reference.models import AgencyType
from regional.models import RegionalAccess, RegionalOrganization, Sharing
from regional.report import build_regional_report, shared_assessments
from tests.conftest import sign_in
from tests.factories import UserFactory

from .conftest import SECRET_NOTE, UNIQUE_QUESTION, agree, answer, shared_team

ROUTES = ["regional:organization", "regional:export_csv", "regional:export_pdf"]


@pytest.fixture(autouse=True)
def empty_cache(db):
    cache.clear()


@pytest.fixture
def three_states(framework, organization):
    """Three states that share, with readiness 100%, 55% and 0% (mean 52%), and one that keeps to itself."""
    teams = [
        shared_team(framework, "PH", value="in_place", second="in_place"),
        shared_team(framework, "TH", value="partly", second="in_place", level="roadmap_summary", roadmap=True),
        shared_team(framework, "ID", value="not_in_place", second="not_in_place"),
        shared_team(framework, "VN", value="partly", level="private"),
    ]
    assert [round(100 * _readiness(team)) for team in teams[:3]] == [100, 55, 0]
    return teams


def _readiness(team) -> float:
    return build_report(team["assessment"]).analysis.overall.readiness


def _url(name, organization):
    return reverse(name, args=[organization.pk])


def test_the_page_shows_only_the_band_of_a_mean_over_three_states_and_nothing_of_any_one(
    three_states, organization, client, regional_user
):
    own = sorted(round(100 * _readiness(team)) for team in three_states[:3])
    mean = round(sum(_readiness(team) for team in three_states[:3]) / 3 * 100)
    assert mean not in own and mean == 52
    response = sign_in(client, regional_user).get(_url("regional:organization", organization))
    assert response.status_code == 200
    page = response.text
    assert "50–60%" in page and f"{mean}%" not in page
    for value in own:
        assert f">{value}%<" not in page
    assert SECRET_NOTE not in page and UNIQUE_QUESTION not in page
    assert "Withheld: fewer than three states." in page  # the universalization track, where nobody shares


def test_the_csv_carries_the_organization_the_date_and_only_aggregates(
    three_states, organization, client, regional_user
):
    response = sign_in(client, regional_user).get(_url("regional:export_csv", organization))
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Regional view", organization.name]
    assert rows[1] == ["Date", build_regional_report(organization=organization).generated_on.isoformat()]
    mean = str(round(sum(_readiness(team) for team in three_states[:3]) / 3 * 100))
    readiness = {(row[0], row[2]): row[3:] for row in rows if len(row) == 5 and row[1]}
    compliance = next(key for key in readiness if key[1] == "South-east Asia")[0]
    assert readiness[(compliance, "South-east Asia")] == ["50-60", "3"]
    assert readiness[(compliance, "Article 5")] == ["50-60", "3"]
    assert mean not in {cell for row in rows for cell in row}
    own = {str(round(100 * _readiness(team))) for team in three_states[:3]}
    assert not own & {cell for row in rows for cell in row}
    assert SECRET_NOTE not in text and UNIQUE_QUESTION not in text
    assert "Country PH" not in text  # who shares is nobody's business: only how many


def test_the_pdf_is_marked_with_the_organization_and_date_and_shows_only_aggregates(
    three_states, organization, client, regional_user, tmp_path
):
    response = sign_in(client, regional_user).get(_url("regional:export_pdf", organization))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "regional.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    report = build_regional_report(organization=organization)
    assert organization.name in text
    assert report.generated_on.strftime("%Y") in text
    mean = round(sum(_readiness(team) for team in three_states[:3]) / 3 * 100)
    assert "50–60%" in text and f"{mean}%" not in text
    for team in three_states[:3]:
        assert f"{round(100 * _readiness(team))}%" not in text.split()
    assert SECRET_NOTE not in text and UNIQUE_QUESTION not in text


@pytest.mark.parametrize("name", ["regional:export_csv", "regional:export_pdf"])
def test_downloads_are_in_the_security_log(three_states, organization, client, regional_user, name):
    sign_in(client, regional_user).get(_url(name, organization))
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.EXPORT)
    assert event.user == regional_user and f"organization {organization.pk}" in event.detail


def test_the_regional_numbers_are_the_gap_analysis_numbers(three_states, organization):
    # Disputes, agreements and "not applicable" must score as they do on each team's own gap report.
    ph, th = three_states[0], three_states[1]
    answer(ph, "customs", "ART5-01", "not_in_place")  # an open dispute: to investigate, not a score
    answer(th, "customs", "ART5-01", "in_place")
    agree(th, "ART5-01", "in_place")
    answer(three_states[2], "customs", "ART5-02", "not_applicable")
    scored = {item.assessment_id: item for item in shared_assessments({"PH": "", "TH": "", "ID": ""})}
    for team in three_states[:3]:
        analysis = build_report(team["assessment"]).analysis
        item = scored[team["assessment"].pk]
        assert item.overall == pytest.approx(analysis.overall.readiness)
        assert item.articles == pytest.approx({n: s.readiness for n, s in analysis.by_article.items()})


def test_roadmap_summary_counts_appear_once_five_states_share_it(framework, organization, client, regional_user):
    for code in ("PH", "TH", "VN", "MY"):
        shared_team(framework, code, level="roadmap_summary", roadmap=True)
    shared_team(framework, "ID", level="aggregated", roadmap=True)
    report = build_regional_report(organization=organization)
    compliance = next(view for view in report.tracks if view.summary.track == "compliance")
    assert not compliance.summary.withheld and compliance.actions.withheld
    Sharing.objects.filter(assessment__country__code="ID").update(level="roadmap_summary")
    report = build_regional_report(organization=organization)
    compliance = next(view for view in report.tracks if view.summary.track == "compliance")
    assert compliance.actions.states == 5
    assert sum(row.total for row in compliance.action_rows) > 0
    page = sign_in(client, regional_user).get(_url("regional:organization", organization)).text
    assert "Roadmap actions by phase and status" in page and "Pass the law" not in page  # counts, never titles


def test_the_index_sends_a_user_of_one_organization_to_it(organization, client, regional_user):
    response = sign_in(client, regional_user).get(reverse("regional:index"))
    assert response.status_code == 302 and response.url == _url("regional:organization", organization)


def test_the_index_lets_a_user_of_several_organizations_choose(organization, client, regional_user):
    other = RegionalOrganization.objects.create(name="Pacific Islands Desk")
    RegionalAccess.objects.create(user=regional_user, organization=other)
    response = sign_in(client, regional_user).get(reverse("regional:index"))
    assert response.status_code == 200
    assert organization.name in response.text and other.name in response.text


@pytest.mark.parametrize("who", ["nobody", "staff", "superuser", "other organization"])
def test_users_without_access_to_the_organization_get_404(organization, client, who):
    user = UserFactory(is_staff=who in ("staff", "superuser"), is_superuser=who == "superuser")
    if who == "other organization":
        RegionalAccess.objects.create(user=user, organization=RegionalOrganization.objects.create(name="Elsewhere"))
    sign_in(client, user)
    for name in ROUTES:
        assert client.get(_url(name, organization)).status_code == 404, name
    if who != "other organization":
        assert client.get(reverse("regional:index")).status_code == 404


def test_anonymous_users_are_sent_to_sign_in(organization, client):
    for url in [reverse("regional:index"), *(_url(name, organization) for name in ROUTES)]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url, url


@pytest.mark.parametrize("name", ["regional:index", *ROUTES])
def test_post_is_refused(organization, client, regional_user, name):
    url = reverse(name) if name == "regional:index" else _url(name, organization)
    assert sign_in(client, regional_user).post(url).status_code == 405


def test_the_nav_link_shows_only_for_users_with_regional_access(organization, client, regional_user):
    link = f'href="{reverse("regional:index")}"'
    page = reverse("portal:region")  # the home page sends a regional officer on to the regional view itself
    assert link in sign_in(client, regional_user).get(page).text
    assert link not in sign_in(client, UserFactory(is_staff=True)).get(page).text


def test_the_nav_link_follows_a_grant_or_a_revocation_at_the_next_sign_in_or_visit(organization, client):
    link = f'href="{reverse("regional:index")}"'
    user = UserFactory()
    sign_in(client, user)
    access = RegionalAccess.objects.create(user=user, organization=organization)
    assert link not in client.get(reverse("portal:region")).text  # remembered at sign-in: no query on every page
    assert client.get(reverse("regional:index")).status_code == 302
    assert link in client.get(reverse("portal:region")).text
    access.delete()
    assert client.get(_url("regional:organization", organization)).status_code == 404  # checked on every request
    assert client.get(reverse("regional:index")).status_code == 404
    assert link not in client.get(reverse("portal:region")).text


def test_the_nav_link_costs_no_query(organization, client, regional_user, django_assert_max_num_queries):
    client = sign_in(client, regional_user)
    client.get(reverse("experiences:library"))
    with django_assert_max_num_queries(100) as with_link:
        assert 'href="/regional/"' in client.get(reverse("experiences:library")).text
    RegionalAccess.objects.all().delete()
    client = sign_in(client, regional_user)
    client.get(reverse("experiences:library"))
    with django_assert_max_num_queries(100) as without_link:
        assert 'href="/regional/"' not in client.get(reverse("experiences:library")).text
    assert len(with_link.captured_queries) == len(without_link.captured_queries)


@pytest.mark.parametrize("name", ["regional:organization", "regional:export_csv"])
def test_the_view_takes_a_constant_number_of_queries(
    framework, organization, client, regional_user, django_assert_max_num_queries, name
):
    for code in ("PH", "TH", "ID"):
        shared_team(framework, code, level="roadmap_summary", roadmap=True)
    client = sign_in(client, regional_user)
    client.get(_url(name, organization))  # the first request of a session writes it; count a later one
    with django_assert_max_num_queries(13) as few:
        assert client.get(_url(name, organization)).status_code == 200
    for code in ("VN", "MY"):
        shared_team(framework, code, level="roadmap_summary", roadmap=True)
    baseline = Assessment.objects.get(country__code="PH")
    follow_up = start_assessment(
        user=baseline.created_by,
        country=baseline.country,
        framework=framework,
        title="Follow-up",
        agency_type=AgencyType.objects.get(code="foreign-affairs"),
        agency_name="Foreign Ministry",
    )
    Sharing.objects.create(assessment=follow_up, level="aggregated")  # the latest of PH: it replaces the baseline
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(_url(name, organization)).status_code == 200
