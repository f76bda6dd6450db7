"""The printed questionnaire and the workshop's printed minutes tell people the workbook exists."""

import subprocess

from django.core.cache import cache
from django.urls import reverse

from tests.assessments.conftest import membership_of
from workshops.services import create_workshop


def test_the_blank_questionnaire_pdf_mentions_the_workbook(framework, logged_in_client, tmp_path):
    cache.clear()
    url = reverse("frameworks:questionnaire_pdf", args=[framework.slug, framework.version])
    path = tmp_path / "q.pdf"
    path.write_bytes(logged_in_client.get(url, {"lang": "en"}).content)
    text = " ".join(
        subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split()
    )
    assert "download their agency's workbook (Excel)" in text
    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")], check=True
    )
    assert list(tmp_path.glob("page*.png"))


def test_the_workshop_minutes_print_mentions_the_workbook(team, client):
    workshop = create_workshop(membership=membership_of(team, "coordinator"), title="Validation", date="2027-03-02")
    client.force_login(team["customs"])
    page = client.get(reverse("workshops:print", args=[team["assessment"].pk, workshop.pk]))
    assert page.status_code == 200 and "their agency's workbook (Excel)" in page.text
