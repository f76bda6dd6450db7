"""Gap-analysis charts as server-side SVG (pygal), the same in the page and the PDF.

pygal writes an inline configuration script, an inline stylesheet and a random
element id into every chart. We drop the script (nothing needs it), give each
chart a stable id (identical data gives identical bytes), and move the
stylesheet out of the SVG into ``chart_stylesheet()``, served as a file: the
content security policy allows no inline script or style.
"""

import functools
import html
import re

import pygal
from django.utils.html import escape
from pygal.style import Style

PALETTE = ("#1f5f99", "#c05a00", "#2e7d32", "#6a1b9a", "#ad1457", "#00838f", "#5d4037", "#455a64")
STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#212529",
    foreground_strong="#212529",
    foreground_subtle="#6c757d",
    colors=PALETTE,
    font_family="'Noto Sans', 'DejaVu Sans', sans-serif",
    title_font_size=18,
    label_font_size=12,
    major_label_font_size=12,
    legend_font_size=12,
    value_font_size=11,
)
SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)
STYLESHEET = re.compile(r"<style\b[^>]*>(.*?)</style>", re.DOTALL)
HIDDEN = ' style="opacity: 0"'  # pygal's only style attribute, for tooltip placeholders
CHART_ID = re.compile(r"chart-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _render(chart, chart_id: str) -> tuple[str, str]:
    """The chart's SVG without script or inline style, and its stylesheet."""
    svg = CHART_ID.sub(f"chart-{chart_id}", SCRIPT.sub("", chart.render(is_unicode=True)))
    css = html.unescape("".join(STYLESHEET.findall(svg)))  # the SVG's text escapes ">" in child selectors
    # pygal writes text-anchor="left", which SVG does not know (browsers fall back to "start").
    svg = STYLESHEET.sub("", svg).replace(HIDDEN, ' opacity="0"').replace('text-anchor="left"', 'text-anchor="start"')
    return svg, css


def _finish(chart, *, chart_id: str, title: str, description: str) -> str:
    svg, _css = _render(chart, chart_id)
    # An accessible name and description for screen readers; the data table beside it carries the numbers.
    label = f'<title id="{chart_id}-title">{escape(title)}</title>'
    label += f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
    svg = svg.replace("<svg ", f'<svg role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" ', 1)
    return svg.replace("<defs>", f"{label}<defs>", 1)


def _base(chart_class, *, title: str, **options):
    defaults = {"show_legend": False, "width": 800, "print_values": True, "truncate_label": 60}
    return chart_class(title=title, style=STYLE, js=[], disable_xml_declaration=True, **(defaults | options))


def readiness_bars(*, chart_id: str, title: str, description: str, rows: list[tuple[str, float | None]]) -> str:
    """Horizontal bars of readiness in percent, one per row label; rows without a score show no bar."""
    chart = _base(
        pygal.HorizontalBar,
        title=title,
        range=(0, 100),
        height=max(220, 34 * len(rows) + 100),
        value_formatter=lambda value: f"{value:.0f}%",
    )
    rows = rows[::-1]  # pygal draws the first bar at the bottom; readers expect it at the top
    chart.x_labels = [label for label, _value in rows]
    chart.add("readiness", [None if value is None else round(100 * value, 1) for _label, value in rows])
    return _finish(chart, chart_id=chart_id, title=title, description=description)


def agency_section_dots(
    *, chart_id: str, title: str, description: str, sections: list[str], agencies: list[tuple[str, list[float | None]]]
) -> str:
    """A heat map of agencies by sections: each dot's size is that agency's own readiness for the section."""
    chart = _base(
        pygal.Dot,
        title=title,
        x_label_rotation=45,
        show_legend=True,
        legend_at_bottom=True,
        height=max(300, 50 * len(agencies) + 200),
        value_formatter=lambda value: f"{value:.0f}%",
    )
    chart.x_labels = sections
    for name, values in agencies:
        chart.add(name, [None if value is None else round(100 * value) for value in values])
    return _finish(chart, chart_id=chart_id, title=title, description=description)


# The chart ids the app uses, each with a sample of its kind: their stylesheets are the same whatever the data.
CHART_KINDS = {"readiness-by-section": "bars", "pdf-readiness": "bars", "agencies-by-section": "dots"}


@functools.cache
def chart_stylesheet() -> str:
    """The stylesheet of every chart the app draws, scoped by chart id (served as /charts.css)."""
    sheets = []
    for chart_id, kind in CHART_KINDS.items():
        if kind == "bars":
            chart = _base(pygal.HorizontalBar, title="", range=(0, 100))
            chart.add("readiness", [50])
        else:
            chart = _base(pygal.Dot, title="", show_legend=True, legend_at_bottom=True)
            chart.add("agency", [50])
        sheets.append(_render(chart, chart_id)[1])
    return "\n".join(sheets)
