"""Gap-analysis charts as server-side SVG, the same bytes in the page and the PDF.

Drawn here, not by pygal: every colour, line and font is an SVG presentation attribute (``fill="…"``), so a
chart needs no stylesheet. pygal styles its charts with a stylesheet, which the page's content security policy
only allows as a served file, and WeasyPrint applies no HTML stylesheet's ``fill`` to an inline SVG: the PDF's
readiness chart printed as a black rectangle. Self-contained charts print as they show.

Labels are measured (``text_width``, an estimate on the safe side) and cut with an ellipsis rather than run out
of the picture; the full text stays in the chart's text alternative and in the table beside every chart.
"""

import unicodedata

from django.utils.html import escape
from django.utils.translation import gettext as _
from pygal.style import Style

# Okabe-Ito colours, told apart with the common colour-vision deficiencies (the region map uses them too).
OKABE_ITO = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000")
PALETTE = OKABE_ITO
BAR = "#0072b2"
BAR_PALE = "#cfe3f1"  # a low-coverage bar: pale and hatched, so it never reads as a measured score
TEXT = "#212529"
MUTED = "#495057"
GRID = "#ced4da"
FONT = "'Noto Sans', 'DejaVu Sans', sans-serif"
WIDTH = 800

# The pygal style of the region map (reference/region.py), which is still drawn by pygal.
STYLE = Style(
    background="white",
    plot_background="white",
    foreground=TEXT,
    foreground_strong=TEXT,
    foreground_subtle="#6c757d",
    colors=PALETTE,
    font_family=FONT,
    title_font_size=18,
    label_font_size=12,
    major_label_font_size=12,
    legend_font_size=12,
    value_font_size=11,
)


# --- Text ------------------------------------------------------------------------------------


def _char_width(char: str) -> float:
    """A character's advance in ems, a little generous: Noto Sans, and the CJK fonts for wide characters."""
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0.0  # Thai and Khmer vowel signs, tone marks: drawn over or under their base
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1.0
    if char == " ":
        return 0.27
    if char in "il.,;:!'|()[]":
        return 0.3
    if char.isupper() or char in "mwMW%":
        return 0.72
    return 0.58


def text_width(text: str, size: float) -> float:
    return size * sum(_char_width(char) for char in text)


def fit(text: str, width: float, size: float) -> str:
    """The text, or as much of it as fits in ``width`` followed by an ellipsis."""
    if text_width(text, size) <= width:
        return text
    room = width - text_width("…", size)
    kept, used = "", 0.0
    for char in text:
        used += size * _char_width(char)
        if used > room:
            break
        kept += char
    return kept.rstrip() + "…"


def _text(x: float, y: float, content: str, *, size: float = 12, fill: str = TEXT, **attributes) -> str:
    extra = "".join(f' {name.replace("_", "-")}="{escape(value)}"' for name, value in attributes.items())
    return f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:g}" fill="{fill}"{extra}>{escape(content)}</text>'


def _svg(*, chart_id: str, title: str, description: str, height: float, body: list[str], defs: str = "") -> str:
    # An accessible name and description for screen readers; the data table beside it carries the numbers.
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" id="chart-{chart_id}" class="chart-svg" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'width="{WIDTH}" height="{height:.0f}" font-family="{FONT}">'
        f'<title id="{chart_id}-title">{escape(title)}</title><desc id="{chart_id}-desc">{escape(description)}</desc>'
        f"{f'<defs>{defs}</defs>' if defs else ''}"
        f'<rect width="{WIDTH}" height="{height:.0f}" fill="white"/>' + "".join(body) + "</svg>"
    )


def _hatch(pattern_id: str) -> str:
    return (
        f'<pattern id="{pattern_id}" patternUnits="userSpaceOnUse" width="8" height="8" '
        f'patternTransform="rotate(45)"><rect width="8" height="8" fill="{BAR_PALE}"/>'
        f'<line x1="0" y1="0" x2="0" y2="8" stroke="{BAR}" stroke-width="2"/></pattern>'
    )


# --- Readiness by section ----------------------------------------------------------------------

BAR_HEIGHT = 20
ROW = 32


def readiness_bars(*, chart_id: str, title: str, description: str, rows: list[tuple[str, float | None, bool]]) -> str:
    """Horizontal bars of readiness in percent, one per (label, readiness, low coverage) row, first at the top.

    A row without a score shows "no known answer"; a low-coverage row a pale hatched bar and says so."""
    low_label = _("low coverage")
    label_width = min(max([text_width(label, 12) for label, *_rest in rows] + [40]) + 12, 260)
    left = label_width + 8
    value_room = text_width(f"100% · {low_label}", 12) + 16
    plot = WIDTH - left - value_room
    top = 44
    height = top + ROW * len(rows) + 34
    low_rows = [label for label, value, low in rows if value is not None and low]
    legend = bool(low_rows)
    if legend:
        height += 28
    body = [_text(WIDTH / 2, 24, fit(title, WIDTH - 20, 18), size=18, text_anchor="middle")]
    axis_y = top + ROW * len(rows)
    for tick in range(0, 101, 25):
        x = left + plot * tick / 100
        body.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{axis_y}" stroke="{GRID}" stroke-width="1"/>')
        body.append(_text(x, axis_y + 16, f"{tick}%", size=11, fill=MUTED, text_anchor="middle"))
    for i, (label, value, low) in enumerate(rows):
        y = top + ROW * i
        middle = y + ROW / 2 + 4
        body.append(_text(left - 8, middle, fit(label, label_width - 4, 12), text_anchor="end"))
        if value is None:
            body.append(_text(left + 4, middle, _("no known answer"), size=11, fill=MUTED, font_style="italic"))
            continue
        width = max(plot * value, 1.5)
        bar_y = y + (ROW - BAR_HEIGHT) / 2
        shape = f'x="{left:.1f}" y="{bar_y:.1f}" width="{width:.1f}" height="{BAR_HEIGHT}"'
        shown = f"{100 * value:.0f}%"
        if low:
            body.append(
                f'<rect {shape} fill="url(#{chart_id}-low)" stroke="{BAR}" stroke-width="1.2" stroke-dasharray="4 2"/>'
            )
            shown += f" · {low_label}"
        else:
            body.append(f'<rect {shape} fill="{BAR}"/>')
        body.append(_text(left + width + 6, middle, shown, size=12, font_weight="normal" if low else "bold"))
    if legend:
        y = axis_y + 30
        body.append(
            f'<rect x="{left:.1f}" y="{y:.1f}" width="28" height="14" fill="url(#{chart_id}-low)" '
            f'stroke="{BAR}" stroke-width="1.2" stroke-dasharray="4 2"/>'
        )
        note = _("Low coverage: fewer than half of the section's applicable questions have a known answer.")
        body.append(_text(left + 36, y + 11, fit(note, WIDTH - left - 40, 11), size=11, fill=MUTED))
        description = f"{description} {note} {', '.join(low_rows)}."
    return _svg(
        chart_id=chart_id,
        title=title,
        description=description,
        height=height,
        body=body,
        defs=_hatch(f"{chart_id}-low") if legend else "",
    )


# --- Each agency's view --------------------------------------------------------------------------

DOT_ROW = 46


def agency_section_dots(
    *,
    chart_id: str,
    title: str,
    description: str,
    sections: list[str],
    agencies: list[tuple[str, str, list[float | None]]],
) -> str:
    """A grid of agencies (rows) by sections (columns): each dot's size is that agency's own readiness for the
    section, its number printed beneath it (never on the dot). Rows are labelled with the short name; the legend
    under the grid gives each agency's full name, one a line."""
    label_width = min(max([text_width(short, 12) for short, _name, _values in agencies] + [40]) + 12, 200)
    left = label_width + 8
    column = (WIDTH - left - 10) / max(len(sections), 1)
    rotate = any(text_width(code, 11) > column - 6 for code in sections)
    header = 40 + (max([text_width(code, 11) for code in sections] + [0]) * 0.72 + 10 if rotate else 22)
    top = header
    radius = min(column / 2 - 3, 15)
    grid_bottom = top + DOT_ROW * len(agencies)
    legend_top = grid_bottom + 18
    height = legend_top + 20 * len(agencies) + 10
    body = [_text(WIDTH / 2, 24, fit(title, WIDTH - 20, 18), size=18, text_anchor="middle")]
    for j, code in enumerate(sections):
        x = left + column * (j + 0.5)
        if rotate:
            body.append(_text(x, top - 8, code, size=11, transform=f"rotate(-45 {x:.1f} {top - 8:.1f})"))
        else:
            body.append(_text(x, top - 8, code, size=11, text_anchor="middle"))
    for i, (short, name, values) in enumerate(agencies):
        colour = PALETTE[i % len(PALETTE)]
        y = top + DOT_ROW * i
        body.append(f'<line x1="{left:.1f}" y1="{y:.1f}" x2="{WIDTH - 10}" y2="{y:.1f}" stroke="{GRID}"/>')
        body.append(_text(left - 8, y + 22, fit(short, label_width - 4, 12), text_anchor="end"))
        for j, value in enumerate(values):
            x = left + column * (j + 0.5)
            if value is None:
                body.append(_text(x, y + 22, "—", size=11, fill=MUTED, text_anchor="middle"))
                continue
            r = 2.5 + (radius - 2.5) * value
            body.append(
                f'<circle cx="{x:.1f}" cy="{y + 17:.1f}" r="{r:.1f}" fill="{colour}" stroke="{TEXT}" '
                f'stroke-width="0.6"><title>{escape(name)}, {escape(sections[j])}: {100 * value:.0f}%</title></circle>'
            )
            body.append(_text(x, y + 42, f"{100 * value:.0f}%", size=10, text_anchor="middle"))
    for i, (short, name, _values) in enumerate(agencies):
        y = legend_top + 20 * i
        colour = PALETTE[i % len(PALETTE)]
        body.append(
            f'<circle cx="{left + 6:.1f}" cy="{y + 6:.1f}" r="6" fill="{colour}" stroke="{TEXT}" stroke-width="0.6"/>'
        )
        entry = name if short == name else f"{short}: {name}"
        # A legend line has the chart's whole width: a name is cut only past ~100 characters, and stays whole in
        # the chart's description either way.
        body.append(_text(left + 18, y + 10, fit(entry, WIDTH - left - 28, 12), size=12))
    description = f"{description} " + "; ".join(name for _short, name, _values in agencies) + "."
    return _svg(chart_id=chart_id, title=title, description=description, height=height, body=body)


def chart_stylesheet() -> str:
    """The charts' screen stylesheet (served as /charts.css): the charts carry their own colours, so this only
    scales them to their box and marks a hovered dot."""
    return (
        "svg.chart-svg { max-width: 100%; height: auto; }\n"
        "svg.chart-svg circle:hover { stroke-width: 2px; }\n"
        "svg.timeline { max-width: 100%; height: auto; }\n"
    )
