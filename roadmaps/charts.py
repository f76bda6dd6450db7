"""The roadmap timeline (a Gantt chart) as server-side SVG.

pygal has no Gantt chart, so the geometry is computed here (pure) and drawn
by an ordinary template; the same SVG goes into the page and the PDF.
"""

from dataclasses import dataclass
from datetime import date

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .scheduling import add_months, months_between

LABEL_WIDTH = 300
CHART_WIDTH = 560
ROW_HEIGHT = 22
TOP = 48
PHASE_COLOURS = {1: "#1f5f99", 2: "#c05a00", 3: "#2e7d32"}


@dataclass(frozen=True)
class Bar:
    y: int
    x: float
    width: float
    label: str
    colour: str
    title: str


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Mark:
    y: int
    x: float
    label: str
    title: str


def _x(day: date, start: date, days: int) -> float:
    offset = min(max((day - start).days, 0), days)
    return LABEL_WIDTH + CHART_WIDTH * offset / days


def timeline_geometry(*, start: date, months: int, actions, milestones):
    """Bars for actions (title, phase, start, end), marks for milestones (title, due), yearly ticks."""
    end = add_months(start, months)
    last = max([a.end for a in actions] + [m.due for m in milestones] + [end])
    months = max(months, months_between(start, last) + 1)
    days = max((add_months(start, months) - start).days, 1)
    bars = [
        Bar(
            y=TOP + i * ROW_HEIGHT,
            x=_x(a.start, start, days),
            width=max(_x(a.end, start, days) - _x(a.start, start, days), 2.0),
            label=a.title[:48] + ("…" if len(a.title) > 48 else ""),
            colour=PHASE_COLOURS.get(a.phase, "#455a64"),
            title=f"{a.title}: {a.start.isoformat()} – {a.end.isoformat()}",
        )
        for i, a in enumerate(actions)
    ]
    offset = TOP + len(bars) * ROW_HEIGHT + 10
    marks = [
        Mark(
            y=offset + i * ROW_HEIGHT,
            x=_x(m.due, start, days),
            label=m.title[:48],
            title=f"{m.title}: {m.due.isoformat()}",
        )
        for i, m in enumerate(milestones)
    ]
    ticks = [
        Tick(x=_x(add_months(start, n), start, days), label=add_months(start, n).strftime("%Y-%m"))
        for n in range(0, months + 1, 6)
    ]
    height = offset + len(marks) * ROW_HEIGHT + 20
    return {
        "bars": bars,
        "marks": marks,
        "ticks": ticks,
        "height": height,
        "width": LABEL_WIDTH + CHART_WIDTH + 20,
        "chart_left": LABEL_WIDTH,
        "chart_right": LABEL_WIDTH + CHART_WIDTH,
        "top": TOP,
    }


def roadmap_timeline(roadmap, view) -> str:
    """The roadmap's timeline as the page and the documents show it."""
    return timeline_svg(
        start=roadmap.start_date,
        months=roadmap.horizon_months,
        actions=view.timeline_actions,
        milestones=view.milestones,
        title=_("Timeline of actions and milestones"),
        description=_("Each bar is an action from its start to its end date; diamonds are milestones."),
    )


def timeline_svg(*, start: date, months: int, actions, milestones, title: str, description: str) -> str:
    geometry = timeline_geometry(start=start, months=months, actions=actions, milestones=milestones)
    return render_to_string("roadmaps/_timeline.svg", {**geometry, "title": title, "description": description})
