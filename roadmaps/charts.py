"""The roadmap timeline (a Gantt chart) as server-side SVG.

pygal has no Gantt chart, so the geometry is computed here (pure) and drawn
by an ordinary template; the same SVG goes into the page and the PDF. Colours
are presentation attributes, so the chart prints as it shows. The PDF cuts a
long timeline into parts that each fit a page, on the same time axis: an SVG
cannot break across pages, and a chart taller than a page is cut off.
"""

from dataclasses import dataclass
from datetime import date

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from assessments.charts import fit

from .scheduling import add_months, months_between

LABEL_WIDTH = 300
CHART_WIDTH = 560
ROW_HEIGHT = 22
TOP = 64  # room for the title above the axis labels
LABEL_SIZE = 11
ROWS_PER_PAGE = (
    48  # an A4 page holds about 52 rows at the PDF's width (174 mm for 880 units): 48 leave room for a heading
)
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
            label=fit(a.title, LABEL_WIDTH - 12, LABEL_SIZE),
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
            label=fit(m.title, LABEL_WIDTH - 12, LABEL_SIZE),
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


def _description(description: str, actions, milestones) -> str:
    """The text alternative: what the chart shows, then every row in full (a label on the chart may be cut)."""
    rows = [f"{a.title}: {a.start.isoformat()} – {a.end.isoformat()}" for a in actions]
    rows += [f"{m.title}: {m.due.isoformat()}" for m in milestones]
    return " ".join([description, *(f"{row}." for row in rows)])


def roadmap_timeline(roadmap, view) -> str:
    """The roadmap's timeline as the page shows it: one chart."""
    return timeline_svg(
        start=roadmap.start_date,
        months=roadmap.horizon_months,
        actions=view.timeline_actions,
        milestones=view.milestones,
        title=_("Timeline of actions and milestones"),
        description=_("Each bar is an action from its start to its end date; diamonds are milestones."),
    )


def roadmap_timeline_pages(roadmap, view, *, rows_per_page: int = ROWS_PER_PAGE) -> list[str]:
    """The same timeline for print, in parts that each fit a page, all on the whole roadmap's time axis."""
    actions, milestones = list(view.timeline_actions), list(view.milestones)
    rows = [("action", a) for a in actions] + [("milestone", m) for m in milestones]
    count = max(-(-len(rows) // rows_per_page), 1)
    size = -(-len(rows) // count) if rows else 0  # parts of even length: no page with a stub of two rows
    last = max([a.end for a in actions] + [m.due for m in milestones] + [roadmap.start_date])
    months = max(roadmap.horizon_months, months_between(roadmap.start_date, last) + 1)
    title = _("Timeline of actions and milestones")
    parts = []
    for index in range(count):
        chunk = rows[index * size : (index + 1) * size] if size else []
        if count > 1:
            part_title = _("%(title)s (part %(part)s of %(parts)s)") % {
                "title": title,
                "part": index + 1,
                "parts": count,
            }
        else:
            part_title = title
        parts.append(
            timeline_svg(
                start=roadmap.start_date,
                months=months,
                actions=[item for kind, item in chunk if kind == "action"],
                milestones=[item for kind, item in chunk if kind == "milestone"],
                title=part_title,
                description=_("Each bar is an action from its start to its end date; diamonds are milestones."),
                chart_id=f"timeline-{index + 1}",
            )
        )
    return parts


def timeline_svg(
    *, start: date, months: int, actions, milestones, title: str, description: str, chart_id: str = "timeline"
) -> str:
    geometry = timeline_geometry(start=start, months=months, actions=actions, milestones=milestones)
    context = {
        **geometry,
        "chart_id": chart_id,
        "title": fit(title, geometry["width"] - LABEL_WIDTH - 10, 14),
        "full_title": title,
        "description": _description(description, actions, milestones),
    }
    return render_to_string("roadmaps/_timeline.svg", context)
