"""The requests summarised on the roadmap page and in the roadmap PDF, which both refresh when a request changes."""

import subprocess
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from assistance.services import change_status, draft_request
from roadmaps import pdf as roadmap_pdf
from tests.assessments.conftest import membership_of


@pytest.fixture(autouse=True)
def empty_cache(db):
    cache.clear()


@pytest.fixture
def funded(team, draft, catalogues, law):
    from reference.models import AssistanceSource

    other = draft_request(
        assessment=team["assessment"],
        source=AssistanceSource.objects.get(code="eu-outreach"),
        actions=[law],
        user=team["coordinator"],
    )
    return change_status(
        membership=membership_of(team, "coordinator"),
        request=other,
        status="funded",
        amount_granted=Decimal("20000"),
        base_version=1,
    )


def test_the_roadmap_page_lists_the_requests_and_totals_by_status(team, client_for, draft, funded):
    page = client_for(team["observer"]).get(reverse("roadmaps:detail", args=[team["assessment"].pk])).text
    summary = page[page.index('id="assistance-requests"') :]
    assert "ATT Voluntary Trust Fund (VTF)" in summary and "EU ATT Outreach Project" in summary
    assert "Drafted" in summary and "Funded" in summary
    assert "48,000.00 USD" in summary and "20,000.00 USD" in summary
    assert summary.count("48,000.00 USD") == 4  # two requests of 48,000, each alone in its status total
    assert reverse("assistance:detail", args=[team["assessment"].pk, draft.pk]) in summary


def test_the_cached_roadmap_page_shows_a_new_status(team, client_for, draft):
    client = client_for(team["customs"])
    url = reverse("roadmaps:detail", args=[team["assessment"].pk])
    assert "Submitted" not in client.get(url).text
    change_status(
        membership=membership_of(team, "customs"),
        request=draft,
        status="submitted",
        amount_granted=None,
        base_version=1,
    )
    page = client.get(url).text
    assert "Submitted" in page[page.index('id="assistance-requests"') :]


def test_the_pdf_stamp_changes_with_the_requests(team, roadmap, draft):
    def key():
        return roadmap_pdf.cache_key(assessment=team["assessment"], roadmap=roadmap, language="en", region_stamp="r")

    before = key()
    change_status(
        membership=membership_of(team, "customs"),
        request=draft,
        status="submitted",
        amount_granted=None,
        base_version=1,
    )
    assert key() != before


def test_the_pdf_summarises_the_requests(team, roadmap, draft, funded, tmp_path):
    html = roadmap_pdf.roadmap_html(assessment=team["assessment"], roadmap=roadmap, region_states=[])
    assert '<a href="#assistance-requests">Assistance requests</a>' in html
    content = roadmap_pdf.render_roadmap_pdf(assessment=team["assessment"], roadmap=roadmap, language="en")
    path = tmp_path / "roadmap.pdf"
    path.write_bytes(content)
    text = " ".join(
        subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    section = text[text.rindex("Assistance requests") :]
    assert "EU ATT Outreach Project" in section and "Funded" in section and "Drafted" in section
    assert "48,000.00 USD" in section and "20,000.00 USD" in section
    assert "Totals by status" in section
