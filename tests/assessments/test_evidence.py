import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.models import Evidence

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _upload(client, assessment, name, content, title="Licensing manual", url=""):
    return client.post(
        reverse("assessments:add_evidence", args=[assessment.pk, "ART5-01"]),
        {"title": title, "url": url, "file": SimpleUploadedFile(name, content, content_type="application/pdf")},
    )


def test_a_pdf_is_stored_under_a_random_name_and_served_only_to_members(team, assessment, client_for, outsider):
    assert _upload(client_for(team["licensing"]), assessment, "manual.pdf", PDF).status_code == 302
    evidence = Evidence.objects.get()
    assert "manual" not in evidence.file.name and evidence.content_type == "application/pdf"
    url = evidence.get_absolute_url()
    response = client_for(team["observer"]).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="manual.pdf"')
    assert b"".join(response.streaming_content) == PDF
    assert client_for(outsider).get(url).status_code == 404


def test_a_disguised_executable_is_refused_and_the_title_kept(team, assessment, client_for):
    response = _upload(
        client_for(team["licensing"]), assessment, "report.pdf", b"MZ\x90\x00" + b"\x00" * 200, title="Kept title"
    )
    assert response.status_code == 422
    assert "This type of file is not accepted" in response.text and "Kept title" in response.text
    assert not Evidence.objects.exists()


def test_a_file_over_10_mb_is_refused(team, assessment, client_for):
    response = _upload(client_for(team["licensing"]), assessment, "big.pdf", PDF + b"0" * (10 * 1024 * 1024))
    assert response.status_code == 422 and "larger than 10 MB" in response.text
    assert not Evidence.objects.exists()


def test_a_link_is_evidence_too(team, assessment, client_for):
    client = client_for(team["customs"])
    response = client.post(
        reverse("assessments:add_evidence", args=[assessment.pk, "ART5-01"]),
        {"title": "Gazette", "url": "https://gazette.example.org/act"},
    )
    assert response.status_code == 302
    assert Evidence.objects.get().url == "https://gazette.example.org/act"


def test_evidence_needs_a_link_or_a_file(team, assessment, client_for):
    response = client_for(team["customs"]).post(
        reverse("assessments:add_evidence", args=[assessment.pk, "ART5-01"]), {"title": "x"}
    )
    assert response.status_code == 422 and "Give a link or choose a file." in response.text


def test_observers_cannot_add_evidence(team, assessment, client_for):
    assert _upload(client_for(team["observer"]), assessment, "manual.pdf", PDF).status_code == 403


def test_evidence_whose_file_is_missing_is_404_not_an_error(team, assessment, client_for):
    _upload(client_for(team["licensing"]), assessment, "manual.pdf", PDF)
    evidence = Evidence.objects.get()
    evidence.file.storage.delete(evidence.file.name)
    assert client_for(team["licensing"]).get(evidence.get_absolute_url()).status_code == 404
