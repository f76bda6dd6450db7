import re
import xml.etree.ElementTree as ET

from django.urls import reverse

from assessments.gaps import build_report
from assessments.services import agree_answer, save_position
from tests.assessments.conftest import membership_of

SVG = "{http://www.w3.org/2000/svg}"


def _answer(team, who, framework, code, value, reason=""):
    save_position(
        membership=membership_of(team, who),
        question=framework.questions.get(code=code),
        value=value,
        reason=reason,
        notes="",
        legal_references=[],
        base_version=0,
    )


def test_only_the_agreed_answer_counts_where_agencies_disagree(team, framework):
    _answer(team, "licensing", framework, "ART5-01", "in_place")
    _answer(team, "customs", framework, "ART5-01", "not_in_place")
    report = build_report(team["assessment"])
    assert report.analysis.overall.to_investigate == 2  # the dispute and the unanswered ART5-02
    assert report.analysis.overall.readiness is None
    agree_answer(
        membership=membership_of(team, "coordinator"),
        question=framework.questions.get(code="ART5-01"),
        value="partly",
        reason="agreed",
        base_version=0,
    )
    report = build_report(team["assessment"])
    assert report.analysis.overall.readiness == 0.5
    assert report.effective[framework.questions.get(code="ART5-01").pk] == "partly"


def test_not_applicable_leaves_the_denominator_with_its_reason(team, framework):
    _answer(team, "licensing", framework, "ART5-01", "in_place")
    _answer(team, "licensing", framework, "ART5-02", "not_applicable", reason="No arms industry")
    report = build_report(team["assessment"])
    assert report.analysis.overall.readiness == 1.0 and report.analysis.overall.not_applicable == 1
    assert report.analysis.gaps == ()


def test_gap_page_shows_readiness_gaps_and_owners(team, assessment, client_for, framework):
    section = framework.sections.get(code="ART5")
    licensing = membership_of(team, "licensing").agency
    assessment.assignments.create(section=section, agency=licensing)
    _answer(team, "licensing", framework, "ART5-01", "partly")
    page = client_for(team["observer"]).get(reverse("assessments:gaps", args=[assessment.pk]))
    assert page.status_code == 200
    text = page.text
    assert "50%" in text  # ART5-01 is the only known answer
    assert text.index("ART5-01") < text.index("ART5-02"), "binding gaps come first"
    assert "LIC" in text  # the owning agency


def test_charts_contain_the_data_they_claim(team, assessment, client_for, framework):
    _answer(team, "licensing", framework, "ART5-01", "partly")
    _answer(team, "customs", framework, "ART5-01", "partly")
    _answer(team, "customs", framework, "ART5-02", "in_place")
    page = client_for(team["coordinator"]).get(reverse("assessments:gaps", args=[assessment.pk])).text
    svgs = re.findall(r"<svg .*?</svg>", page, re.DOTALL)
    assert len(svgs) == 2
    bars = ET.fromstring(svgs[0])
    assert bars.find(f"{SVG}title").text == "Readiness by section"
    texts = [t.text for t in bars.iter(f"{SVG}text") if t.text]
    # readiness of ART5: (0.5*9 + 1*1) / 10 = 55%
    assert "ART5" in texts and "55%" in texts
    assert all("<script" not in svg for svg in svgs)
    dots = ET.fromstring(svgs[1])
    labels = [t.text for t in dots.iter(f"{SVG}text") if t.text]
    assert "LIC" in labels and "CUS" in labels


def test_gap_filters_by_agency_and_section(team, assessment, client_for, framework):
    licensing = membership_of(team, "licensing").agency
    customs = membership_of(team, "customs").agency
    assessment.assignments.create(section=framework.sections.get(code="ART5"), agency=licensing)
    client = client_for(team["coordinator"])
    url = reverse("assessments:gaps", args=[assessment.pk])
    assert "ART5-01</a>" in client.get(url, {"agency": licensing.pk}).text
    assert "No gap matches." in client.get(url, {"agency": customs.pk}).text
    assert "No gap matches." in client.get(url, {"section": "ART9"}).text


def test_every_number_links_to_the_answers_behind_it(team, assessment, client_for, framework):
    _answer(team, "licensing", framework, "ART5-01", "partly")
    client = client_for(team["coordinator"])
    explain = reverse("assessments:explain", args=[assessment.pk])
    page = client.get(reverse("assessments:gaps", args=[assessment.pk])).text
    assert f"{explain}?section=ART5" in page and f"{explain}?article=5" in page
    behind = client.get(explain, {"section": "ART5"}).text
    assert "ART5-01" in behind and "Partly in place" in behind and "ART5-02" in behind
    assert client.get(explain, {"article": "5"}).status_code == 200
    assert client.get(explain, {"section": "NOPE"}).status_code == 404
    assert client.get(explain, {"article": "x"}).status_code == 404


def test_the_gap_page_is_built_once_until_the_answers_change(team, assessment, client_for, framework):
    from unittest import mock

    from django.core.cache import cache

    from assessments.views import gaps as gap_views

    cache.clear()
    client = client_for(team["coordinator"])
    url = reverse("assessments:gaps", args=[assessment.pk])
    with mock.patch.object(gap_views, "build_report", wraps=gap_views.build_report) as build:
        first, second = client.get(url).text, client.get(url).text
        assert build.call_count == 1
        assert first.split("<main", 1)[1].split("</main>")[0].count("%") == second.split("<main", 1)[1].count("%")
        _answer(team, "licensing", framework, "ART5-01", "partly")
        third = client.get(url).text
    assert build.call_count == 2 and '">50%</a>' in third and '">50%</a>' not in first


def test_a_guidance_edit_shows_on_the_section_page_at_once(team, assessment, client_for, framework):
    from frameworks.models import Guidance

    client = client_for(team["licensing"])
    url = reverse("assessments:section", args=[assessment.pk, "ART5"])
    assert "adopted by regulation" in client.get(url).text
    guidance = Guidance.objects.get(question__code="ART5-01")
    guidance.body = "A **fresher** word from the curators."
    guidance.save()
    assert "<strong>fresher</strong>" in client.get(url).text


def test_the_charts_carry_their_own_colours(team, assessment, client_for, framework):
    # The PDF applies no stylesheet to an inline SVG: a shape without its own fill prints black.
    _answer(team, "licensing", framework, "ART5-01", "partly")
    page = client_for(team["coordinator"]).get(reverse("assessments:gaps", args=[assessment.pk])).text
    for svg in re.findall(r"<svg .*?</svg>", page, re.DOTALL):
        assert "<style" not in svg and "style=" not in svg and "<script" not in svg
        shapes = [e for e in ET.fromstring(svg).iter() if e.tag in (f"{SVG}rect", f"{SVG}circle", f"{SVG}text")]
        assert shapes and all(shape.get("fill") for shape in shapes)


def test_the_charts_stylesheet_is_still_served(client, db):
    response = client.get(reverse("portal:charts_css"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/css")
