"""Every chart prints as it shows: the demo PDFs' pages are rasterised (poppler's pdftoppm) and each chart's box
is checked on its pixels: not one flat colour, no large black area, and the chart palette's colours inside.

A chart is found by its title as printed (pdftotext's word boxes); its box runs down to the next chart with the
same title on the page, or to the page's footer."""

import re
import subprocess
import unicodedata
from dataclasses import dataclass
from html import unescape

import pytest
from django.utils import translation
from django.utils.translation import gettext
from PIL import Image

from assessments.charts import BAR
from reference.models import ATTStatus
from reference.region import COLOURS, map_title
from roadmaps.charts import PHASE_COLOURS
from tests.documents.conftest import pdf_path

DPI = 50
MILESTONE = "#6a1b9a"
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.DOTALL)
FOOTER = 60  # points kept clear at the bottom of a page: the running footer


@dataclass
class Box:
    page: int
    top: float
    bottom: float
    width: float


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def _letters(text: str) -> str:
    """Base letters only: pdftotext gives Thai tone marks and vowel signs as words of their own, out of order."""
    return "".join(
        c for c in unicodedata.normalize("NFKD", text) if unicodedata.category(c) != "Mn" and not c.isspace()
    )


def chart_boxes(path, title: str) -> list[Box]:
    """Where each chart with this title starts (its printed title), down to the next one or the footer."""
    layout = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    wanted = _letters(title)
    boxes = []
    for number, (width, height, body) in enumerate(PAGE.findall(layout), start=1):
        words = [(float(m[1]), float(m[3]), unescape(m[4])) for m in WORD.findall(body)]
        tops = []
        for i in range(len(words)):
            joined = ""
            for _top, _bottom, text in words[i:]:
                joined += _letters(text)
                if not wanted.startswith(joined):
                    break
                if joined == wanted:
                    tops.append(words[i][0])
                    break
        if not tops:
            continue
        ends = [*tops[1:], float(height) - FOOTER]
        boxes += [Box(number, top - 4, end - 2, float(width)) for top, end in zip(tops, ends, strict=True)]
    return boxes


def _raster(path, page: int, tmp_path) -> Image.Image:
    prefix = tmp_path / f"{path.stem}-{page}"
    subprocess.run(["pdftoppm", "-r", str(DPI), "-png", "-f", str(page), "-l", str(page), str(path), str(prefix)])
    return Image.open(next(tmp_path.glob(f"{prefix.name}-*.png"))).convert("RGB")


def problems(image: Image.Image, box: Box, colours: list[str], *, need: int) -> list[str]:
    """What is wrong with the chart in this box: flat, black, or missing the palette (fewer than `need` found)."""
    scale = image.width / box.width
    crop = image.crop((0, round(box.top * scale), image.width, round(box.bottom * scale)))
    total = crop.width * crop.height
    counts = {pixel: n for n, pixel in crop.getcolors(maxcolors=total)}
    found = []
    if max(counts.values()) > 0.97 * total:
        found.append("one flat colour")
    dark = sum(n for (r, g, b), n in counts.items() if max(r, g, b) < 60)
    if dark > 0.15 * total:
        found.append(f"{100 * dark / total:.0f}% black")
    present = []
    for colour in colours:
        target = _rgb(colour)
        near = sum(
            n for pixel, n in counts.items() if all(abs(a - b) <= 24 for a, b in zip(pixel, target, strict=True))
        )
        if near >= 12:
            present.append(colour)
    if len(present) < need:
        found.append(f"palette: {present} of {colours}")
    return found


def _charts(language: str) -> list[tuple[str, list[str], int]]:
    """The roadmap PDF's charts: title, palette, how many of its colours must show."""
    with translation.override(language):
        return [
            (gettext("Readiness by section"), [BAR], 1),
            # A part of the timeline may hold only one phase, and its milestones.
            (gettext("Timeline of actions and milestones"), [*PHASE_COLOURS.values(), MILESTONE], 2),
            (map_title(), [COLOURS[ATTStatus.SIGNATORY], COLOURS[ATTStatus.STATE_PARTY]], 2),
        ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "key",
    [
        "roadmap PH (en)",
        "roadmap TH (en)",
        "roadmap TH (th)",
        "roadmap LA parliament on (en)",
        "roadmap MM parliament off (en)",
    ],
)
def test_every_chart_of_the_roadmap_prints_with_its_colours(demo_documents, key, tmp_path):
    document = demo_documents[key]
    path = pdf_path(tmp_path, document)
    failures, seen = [], {}
    for title, colours, need in _charts(document.language):
        boxes = chart_boxes(path, title)
        # The readiness chart's title is also its table's caption: the chart is the first of the two.
        boxes = boxes[:1] if colours == [BAR] else boxes
        seen[title] = len(boxes)
        for box in boxes:
            image = _raster(path, box.page, tmp_path)
            failures += [(title, box.page, problem) for problem in problems(image, box, colours, need=need)]
    assert all(seen.values()), f"a chart was not found: {seen}"
    assert failures == []
