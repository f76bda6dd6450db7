"""The gap charts, drawn without the database: labels fit, colours are the Okabe-Ito set, nothing is cut."""

import xml.etree.ElementTree as ET

from assessments import charts

SVG = "{http://www.w3.org/2000/svg}"
LONG = "Ministry of Foreign Affairs (Treaties and Legal Division)"


def _dots(agencies):
    svg = charts.agency_section_dots(
        chart_id="t", title="Each agency's view", description="Dots.", sections=["ART5", "ART6"], agencies=agencies
    )
    return ET.fromstring(svg)


def test_a_long_text_is_cut_with_an_ellipsis_to_its_width():
    cut = charts.fit("Establish a national control list and publish it in the gazette", 120, 11)
    assert cut.endswith("…") and charts.text_width(cut, 11) <= 120
    assert charts.fit("Short", 120, 11) == "Short"


def test_wide_scripts_are_measured_wider_than_latin():
    assert charts.text_width("国家管制清单", 11) > charts.text_width("abcdef", 11)
    assert charts.text_width("ก่", 11) == charts.text_width("ก", 11)  # a tone mark takes no room


def test_agency_dots_use_the_okabe_ito_set_and_print_numbers_off_the_dots():
    root = _dots([("MFA", LONG, [0.5, None]), ("CUS", "Customs", [1.0, 0.25])])
    fills = {c.get("fill") for c in root.iter(f"{SVG}circle")}
    assert fills == {"#0072b2", "#e69f00"}
    circles = [c for c in root.iter(f"{SVG}circle") if c.find(f"{SVG}title") is not None]
    numbers = [t for t in root.iter(f"{SVG}text") if t.text and t.text.endswith("%")]
    for number in numbers:  # each number sits under its dot, outside the circle
        below = [
            c
            for c in circles
            if abs(float(c.get("cx")) - float(number.get("x"))) < 1
            and float(number.get("y")) - 10 > float(c.get("cy")) + float(c.get("r")) - 1
        ]
        assert below, number.text


def test_the_legend_gives_every_full_name_uncut():
    root = _dots([("MFA", LONG, [0.5, 0.5]), ("CUS", "Customs", [1.0, 0.25])])
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert f"MFA: {LONG}" in texts and "CUS: Customs" in texts
    assert not [t for t in texts if t and t.endswith("…")]
    assert LONG in root.find(f"{SVG}desc").text


def test_a_section_without_a_known_answer_says_so_instead_of_a_zero_bar():
    svg = charts.readiness_bars(chart_id="t", title="R", description="D", rows=[("ART5", None, False)])
    root = ET.fromstring(svg)
    assert "no known answer" in [t.text for t in root.iter(f"{SVG}text")]
    assert not [r for r in root.iter(f"{SVG}rect") if r.get("fill") == charts.BAR]
