"""The roadmap PDF's regional context: the state's own status and the region's map."""

import re
import subprocess
from datetime import date
from unittest import mock

import pytest
from django.core.cache import cache
from django.utils import translation

from reference import region
from reference.models import ATTStatus, Country
from roadmaps import pdf as roadmap_pdf
from roadmaps.services import generate_roadmap
from tests.reference.test_region import load_region

CAPTION = "ATT status of the Indo-Pacific states, from public sources (UN Treaty Collection and national sources)."


@pytest.fixture(autouse=True)
def empty_cache(db):
    cache.clear()


@pytest.fixture
def roadmap(team, tmp_path):
    load_region(tmp_path)  # the Philippines of the team becomes the real one, with the region around it
    team["assessment"].country.refresh_from_db()
    return generate_roadmap(assessment=team["assessment"], user=team["coordinator"], start_date=date(2027, 1, 4))


def _text(tmp_path, content: bytes) -> str:
    path = tmp_path / "roadmap.pdf"
    path.write_bytes(content)
    output = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(output.split())


def test_the_context_section_has_the_states_status_and_the_regions_map(team, roadmap):
    with translation.override("en"):
        html = roadmap_pdf.roadmap_html(assessment=team["assessment"], roadmap=roadmap)
    assert '<a href="#context">Regional context</a>' in html and '<h2 id="context">Regional context</h2>' in html
    svg = re.search(r'<figure class="region-map">(<svg .*?</svg>)\s*<figcaption>', html, re.DOTALL).group(1)
    assert svg == region.region_map_svg("en")  # the same map as the portal's page
    for code, status in (("ph", "state_party"), ("pw", "state_party"), ("th", "signatory"), ("vn", "not_joined")):
        assert f'class="{code} country {status}"' in svg
    assert "<style" not in svg and "<script" not in svg


def test_the_pdf_shows_the_caption_and_the_status_line(team, roadmap, tmp_path):
    content = roadmap_pdf.render_roadmap_pdf(assessment=team["assessment"], roadmap=roadmap, language="en")
    text = _text(tmp_path, content)
    assert CAPTION in text
    assert "Status of Philippines under the Arms Trade Treaty: State party." in text
    assert "Ratification deposited on 24 Mar 2022." in text
    assert "ATT status in the Indo-Pacific" in text and "Signatory (9)" in text  # the map's own text, drawn


def test_a_change_in_the_regions_facts_renders_the_pdf_again(team, roadmap):
    with mock.patch.object(roadmap_pdf, "html_to_pdf", wraps=roadmap_pdf.html_to_pdf) as render:
        roadmap_pdf.render_roadmap_pdf(assessment=team["assessment"], roadmap=roadmap, language="en")
        roadmap_pdf.render_roadmap_pdf(assessment=team["assessment"], roadmap=roadmap, language="en")
        assert render.call_count == 1
        Country.objects.filter(code="TH").update(att_status=ATTStatus.STATE_PARTY, deposit_date=date(2026, 1, 5))
        roadmap_pdf.render_roadmap_pdf(assessment=team["assessment"], roadmap=roadmap, language="en")
    assert render.call_count == 2
