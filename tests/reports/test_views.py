"""The preview page and the two downloads: members only, any role; the right thing for each track."""

import pytest
from django.urls import reverse

from accounts.models import SecurityEvent
from reports import pdf as report_pdf
from tests.factories import UserFactory
from tests.reports.conftest import agree, catalog_language, position

NAMES = ("reports:initial_report", "reports:initial_report_pdf", "reports:initial_report_docx")


def _url(name, team):
    return reverse(name, args=[team["assessment"].pk])


def test_members_preview_the_draft_with_links_to_both_downloads(answered, client_for):
    response = client_for(answered["observer"]).get(_url("reports:initial_report", answered))
    assert response.status_code == 200
    page = response.text
    for expected in (
        "DRAFT FOR NATIONAL VALIDATION",
        "Part A: binding obligations",
        "Arms Act 2019: section 4",
        "Open items to settle before validation",
        _url("reports:initial_report_pdf", answered),
        _url("reports:initial_report_docx", answered),
    ):
        assert expected in page, expected
    assert page.index("ART7-01") < page.index("Part B: voluntary") < page.index("ART16-01")


def test_the_preview_and_the_pdf_are_in_the_users_language(answered, client_for):
    user = answered["licensing"]
    user.preferred_language = "fr"
    user.save()
    client = client_for(user)
    assert "Existe-t-il une liste de contrôle ?" in client.get(_url("reports:initial_report", answered)).text
    assert catalog_language(client.get(_url("reports:initial_report_pdf", answered)).content) == "fr"


def test_downloads_are_files_and_go_to_the_security_log(answered, client_for):
    client = client_for(answered["customs"])
    pdf = client.get(_url("reports:initial_report_pdf", answered))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith('attachment; filename="PH-')
    assert pdf["Content-Disposition"].endswith('initial-report-draft.pdf"')
    assert pdf.content.startswith(b"%PDF-")
    docx = client.get(_url("reports:initial_report_docx", answered))
    assert docx.status_code == 200 and docx.content.startswith(b"PK")
    assert docx["Content-Disposition"].endswith('initial-report-draft.docx"')
    details = set(SecurityEvent.objects.filter(kind=SecurityEvent.Kind.EXPORT).values_list("detail", flat=True))
    pk = answered["assessment"].pk
    assert details == {
        f"draft initial report PDF of assessment {pk}",
        f"draft initial report DOCX of assessment {pk}",
    }


def test_a_rendering_failure_shows_a_page_with_a_retry(answered, client_for, monkeypatch, caplog):
    monkeypatch.setattr(report_pdf, "html_to_pdf", lambda html: (_ for _ in ()).throw(RuntimeError("fonts")))
    response = client_for(answered["customs"]).get(_url("reports:initial_report_pdf", answered))
    assert response.status_code == 503 and _url("reports:initial_report_pdf", answered) in response.text
    assert "Rendering the initial report PDF of assessment" in caplog.text
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.EXPORT).exists()


def test_a_universalization_assessment_explains_and_offers_nothing(universalization_team, client_for):
    team = universalization_team
    client = client_for(team["coordinator"])
    response = client.get(_url("reports:initial_report", team))
    assert response.status_code == 200
    assert "is for states parties" in response.text
    assert _url("reports:initial_report_pdf", team) not in response.text
    for name in NAMES[1:]:
        download = client.get(_url(name, team))
        assert download.status_code == 302 and download["Location"] == _url("reports:initial_report", team)
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.EXPORT).exists()


def test_the_overview_links_to_the_preview_on_the_compliance_track_only(answered, universalization_team, client_for):
    compliance = client_for(answered["observer"]).get(reverse("assessments:detail", args=[answered["assessment"].pk]))
    assert _url("reports:initial_report", answered) in compliance.text
    team = universalization_team
    joining = client_for(team["coordinator"]).get(reverse("assessments:detail", args=[team["assessment"].pk]))
    assert _url("reports:initial_report", team) not in joining.text


@pytest.mark.parametrize("name", NAMES)
def test_outsiders_get_404_and_anonymous_users_sign_in(name, answered, client, client_for):
    url = _url(name, answered)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert client_for(UserFactory()).get(url).status_code == 404


@pytest.mark.parametrize("name", NAMES)
def test_only_get(name, answered, client_for):
    assert client_for(answered["coordinator"]).post(_url(name, answered)).status_code == 405


def test_the_preview_runs_a_constant_number_of_queries(answered, client_for, django_assert_max_num_queries):
    client = client_for(answered["customs"])
    url = _url("reports:initial_report", answered)
    client.get(url)  # the session and the language settle on the first request
    with django_assert_max_num_queries(8):
        client.get(url)
    for code in ("ART5-02", "ART16-01"):
        for who in ("licensing", "customs", "coordinator"):
            position(answered, who, code, "partly", notes=f"{who} note", refs=[{"instrument": who, "provision": code}])
        agree(answered, code, "partly")
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200
