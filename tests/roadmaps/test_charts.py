"""The timeline chart, drawn without the database: labels cut with an ellipsis, title clear of the axis, and the
printed timeline in page-sized parts on one time axis."""

import xml.etree.ElementTree as ET
from datetime import date
from types import SimpleNamespace

from assessments.charts import text_width
from roadmaps.charts import LABEL_WIDTH, roadmap_timeline_pages, timeline_svg

SVG = "{http://www.w3.org/2000/svg}"
START = date(2027, 1, 4)
LONG = "Establish the national control list by regulation, publish it in the gazette and train every licensing officer"


def _action(title, month=0, phase=1):
    return SimpleNamespace(title=title, phase=phase, start=date(2027, 1 + month, 4), end=date(2027, 2 + month, 4))


def _svg(actions, milestones=(), title="Timeline of actions and milestones"):
    svg = timeline_svg(
        start=START, months=36, actions=actions, milestones=list(milestones), title=title, description="D"
    )
    return ET.fromstring(svg)


def test_a_long_label_ends_with_an_ellipsis_and_stays_whole_in_the_text_alternative():
    root = _svg([_action(LONG), _action("Short one")])
    labels = [t.text for t in root.iter(f"{SVG}text") if t.get("text-anchor") == "end"]
    assert labels[1] == "Short one"
    assert labels[0].endswith("…") and LONG.startswith(labels[0][:-1].rstrip())
    assert text_width(labels[0], 11) <= LABEL_WIDTH - 12
    assert LONG in root.find(f"{SVG}desc").text


def test_a_thai_label_is_measured_by_its_glyphs():
    thai = "จัดทำรายการควบคุมแห่งชาติและเผยแพร่ในราชกิจจานุเบกษา" * 3
    label = [t.text for t in _svg([_action(thai)]).iter(f"{SVG}text") if t.get("text-anchor") == "end"][0]
    assert label.endswith("…") and text_width(label, 11) <= LABEL_WIDTH - 12


def test_the_title_sits_clear_above_the_axis_labels():
    root = _svg([_action("One")])
    texts = list(root.iter(f"{SVG}text"))
    title = next(t for t in texts if t.get("font-weight") == "bold")
    ticks = [t for t in texts if t.get("text-anchor") == "middle"]
    assert ticks
    # Baselines: the title's descenders (a quarter of its size) end above the tallest tick glyphs.
    title_bottom = float(title.get("y")) + 14 / 4
    assert all(float(tick.get("y")) - 11 > title_bottom for tick in ticks)


def test_the_printed_timeline_comes_in_parts_that_fit_a_page_on_one_axis():
    actions = [_action(f"Action {n}", month=n % 11, phase=1 + n % 3) for n in range(70)]
    milestones = [SimpleNamespace(title=f"Milestone {n}", due=date(2029, 1 + n, 1)) for n in range(10)]
    roadmap = SimpleNamespace(start_date=START, horizon_months=36)
    view = SimpleNamespace(timeline_actions=actions, milestones=milestones)
    parts = [ET.fromstring(svg) for svg in roadmap_timeline_pages(roadmap, view, rows_per_page=40)]
    assert len(parts) == 2
    rows = [[t.text for t in part.iter(f"{SVG}text") if t.get("text-anchor") == "end"] for part in parts]
    assert [len(r) for r in rows] == [40, 40]
    assert rows[0] + rows[1] == [a.title for a in actions] + [m.title for m in milestones]
    axes = [[t.text for t in part.iter(f"{SVG}text") if t.get("text-anchor") == "middle"] for part in parts]
    assert axes[0] == axes[1]
    assert "(part 2 of 2)" in parts[1].find(f"{SVG}title").text
