"""The preview page with its cover form, and the downloads: draft for any member, final for the coordinators once
nothing is open; outsiders get 404 everywhere."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from accounts.models import SecurityEvent
from reports import pdf as report_pdf
from reports.models import ReportCover
from tests.factories import UserFactory
from tests.reports.conftest import agree, catalog_language, position, settle_everything

NAMES = ("reports:initial_report", "reports:initial_report_pdf", "reports:initial_report_docx")
FINAL = ("reports:initial_report_final_pdf", "reports:initial_report_final_docx")
COVER = "reports:initial_report_cover"


def _url(name, team):
    return reverse(name, args=[team["assessment"].pk])


def _cover_data(**changes):
    return {
        "contact_name": "Maria Santos",
        "contact_agency": "Department of Foreign Affairs",
        "contact_email": "att@dfa.example",
        "submission_date": "2026-12-01",
        "publication": "public",
    } | changes


def test_members_preview_the_template_with_the_working_annex_apart(answered, client_for):
    response = client_for(answered["observer"]).get(_url("reports:initial_report", answered))
    assert response.status_code == 200
    page = response.text
    for expected in (
        "DRAFT FOR NATIONAL VALIDATION",
        "Section A: binding obligations",
        "Arms Act 2019: section 4",
        "Annex 1: national laws and regulations",
        "Working annex: open items (not part of the report)",
        _url("reports:initial_report_pdf", answered),
        _url("reports:initial_report_docx", answered),
    ):
        assert expected in page, expected
    anchors = ["item-A1-1", "item-A11-3", "section-B", "item-B11-6", "annex-control-list", "working-annex"]
    order = [page.index(f'id="{anchor}"') for anchor in anchors]
    assert order == sorted(order)
    # Only coordinators see the cover form and the final version.
    assert _url(COVER, answered) not in page and "Final version" not in page


def test_the_coordinator_fills_in_the_cover(answered, client_for):
    client = client_for(answered["coordinator"])
    page = client.get(_url("reports:initial_report", answered)).text
    assert _url(COVER, answered) in page and "available once nothing is open" in page
    response = client.post(_url(COVER, answered), _cover_data())
    assert response.status_code == 302 and response["Location"] == _url("reports:initial_report", answered)
    cover = ReportCover.objects.get(assessment=answered["assessment"])
    assert (cover.contact_name, cover.contact_email, str(cover.submission_date), cover.publication) == (
        "Maria Santos",
        "att@dfa.example",
        "2026-12-01",
        "public",
    )
    assert cover.updated_by == answered["coordinator"] and cover.history.count() == 1
    page = client.get(_url("reports:initial_report", answered)).text
    assert "Maria Santos, Department of Foreign Affairs, att@dfa.example" in page
    assert "Yes: the report may be made public" in page


def test_a_bad_cover_is_a_form_error_and_changes_nothing(answered, client_for):
    client = client_for(answered["coordinator"])
    response = client.post(_url(COVER, answered), _cover_data(contact_email="not an address", submission_date="x"))
    assert response.status_code == 400
    assert "Enter a valid email address." in response.text and "Enter a valid date." in response.text
    assert not ReportCover.objects.exists()


@pytest.mark.parametrize("who", ["licensing", "observer"])
def test_only_coordinators_edit_the_cover(answered, client_for, who):
    assert client_for(answered[who]).post(_url(COVER, answered), _cover_data()).status_code == 403
    assert not ReportCover.objects.exists()


def test_the_final_version_is_refused_while_items_are_open_then_made(answered, client_for):
    client = client_for(answered["coordinator"])
    for name in FINAL:
        refused = client.get(_url(name, answered))
        assert refused.status_code == 409
        assert "still open" in refused.text and "#working-annex" in refused.text
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.EXPORT).exists()
    settle_everything(answered)
    assert _url(FINAL[0], answered) in client.get(_url("reports:initial_report", answered)).text
    pdf = client.get(_url(FINAL[0], answered))
    assert pdf.status_code == 200 and pdf["Content-Disposition"].endswith('initial-report.pdf"')
    docx = client.get(_url(FINAL[1], answered))
    assert docx.status_code == 200 and docx["Content-Disposition"].endswith('initial-report.docx"')


@pytest.mark.parametrize("name", FINAL)
def test_contributors_and_observers_do_not_make_the_final_version(name, answered, client_for):
    settle_everything(answered)
    assert client_for(answered["observer"]).get(_url(name, answered)).status_code == 403


def test_the_preview_and_the_pdf_are_in_the_users_language(answered, client_for):
    user = answered["licensing"]
    user.preferred_language = "fr"
    user.save()
    client = client_for(user)
    french = answered["assessment"].framework.questions.get(code="ART5-04").translated("text", "fr")
    assert escape(french) in client.get(_url("reports:initial_report", answered)).text
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
    assert "Rendering the initial report pdf of assessment" in caplog.text
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.EXPORT).exists()


def test_a_universalization_assessment_explains_and_offers_nothing(universalization_team, client_for):
    team = universalization_team
    client = client_for(team["coordinator"])
    response = client.get(_url("reports:initial_report", team))
    assert response.status_code == 200
    assert "is for states parties" in response.text
    assert _url("reports:initial_report_pdf", team) not in response.text
    for name in (*NAMES[1:], *FINAL):
        download = client.get(_url(name, team))
        assert download.status_code == 302 and download["Location"] == _url("reports:initial_report", team)
    assert client.post(_url(COVER, team), _cover_data()).status_code == 302
    assert not ReportCover.objects.exists()
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.EXPORT).exists()


def test_the_overview_links_to_the_preview_on_the_compliance_track_only(answered, universalization_team, client_for):
    compliance = client_for(answered["observer"]).get(reverse("assessments:detail", args=[answered["assessment"].pk]))
    assert _url("reports:initial_report", answered) in compliance.text
    team = universalization_team
    joining = client_for(team["coordinator"]).get(reverse("assessments:detail", args=[team["assessment"].pk]))
    assert _url("reports:initial_report", team) not in joining.text


@pytest.mark.parametrize("name", (*NAMES, *FINAL))
def test_outsiders_get_404_and_anonymous_users_sign_in(name, answered, client, client_for):
    url = _url(name, answered)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert client_for(UserFactory()).get(url).status_code == 404


def test_outsiders_get_404_on_the_cover_form(answered, client, client_for):
    url = _url(COVER, answered)
    assert client.post(url, _cover_data()).status_code == 302
    assert client_for(UserFactory()).post(url, _cover_data()).status_code == 404
    assert not ReportCover.objects.exists()


@pytest.mark.parametrize("name", (*NAMES, *FINAL))
def test_only_get(name, answered, client_for):
    assert client_for(answered["coordinator"]).post(_url(name, answered)).status_code == 405


def test_the_cover_takes_only_post(answered, client_for):
    assert client_for(answered["coordinator"]).get(_url(COVER, answered)).status_code == 405


def test_the_preview_runs_a_constant_number_of_queries(answered, client_for, django_assert_max_num_queries):
    client = client_for(answered["customs"])
    url = _url("reports:initial_report", answered)
    client.get(url)  # the session and the language settle on the first request
    with django_assert_max_num_queries(11):
        client.get(url)
    for code in ("ART5-07", "ART16-01"):
        for who in ("licensing", "customs", "coordinator"):
            position(answered, who, code, "partly", notes=f"{who} note", refs=[{"instrument": who, "provision": code}])
        agree(answered, code, "partly")
    with django_assert_max_num_queries(11):
        assert client.get(url).status_code == 200
