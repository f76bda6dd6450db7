"""A readiness that rests on fewer than half of a section's questions is flagged as low coverage on the gap page."""

import copy
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from tests.assessments.test_gaps import SVG, _answer


@pytest.fixture
def bank(bank):
    """The minimal bank with ART5 grown to four questions: one known answer is a quarter of the section."""
    questions = bank["sections"][0]["questions"]
    for number in ("03", "04"):
        extra = copy.deepcopy(questions[1])
        extra.update(code=f"ART5-{number}", text=f"Question {number}?")
        questions.append(extra)
    return bank


def _page(client_for, team, assessment):
    return client_for(team["coordinator"]).get(reverse("assessments:gaps", args=[assessment.pk])).text


def test_one_answer_of_four_shows_low_coverage_in_the_table_and_the_chart(team, assessment, client_for, framework):
    _answer(team, "licensing", framework, "ART5-01", "in_place")
    page = _page(client_for, team, assessment)
    row = re.search(r"<tr><th scope=\"row\">ART5 · .*?</tr>", page, re.DOTALL).group(0)
    assert "100%" in row and "low coverage" in row and "1 / 4" in row
    chart = ET.fromstring(re.findall(r"<svg .*?</svg>", page, re.DOTALL)[0])
    texts = [t.text for t in chart.iter(f"{SVG}text")]
    assert "100% · low coverage" in texts
    bar = next(r for r in chart.iter(f"{SVG}rect") if r.get("fill", "").startswith("url(#"))
    assert bar.get("stroke-dasharray"), "a low-coverage bar is hatched and dashed, not solid"
    assert "ART5" in chart.find(f"{SVG}desc").text


def test_half_of_the_questions_known_is_not_flagged(team, assessment, client_for, framework):
    _answer(team, "licensing", framework, "ART5-01", "in_place")
    _answer(team, "licensing", framework, "ART5-02", "partly")
    page = _page(client_for, team, assessment)
    assert "low coverage" not in page
    chart = ET.fromstring(re.findall(r"<svg .*?</svg>", page, re.DOTALL)[0])
    assert not [r for r in chart.iter(f"{SVG}rect") if r.get("fill", "").startswith("url(#")]
