"""Thai prints in Thai: the Thai documents embed a Thai font, every Thai word of the rasterised pages carries
ink where pdftotext places it, and the printed text gives back every Thai character of the document.

A glyph missing from every font would print as nothing or as a box without a character behind it: the text
taken back from the PDF would lose the character, and an empty glyph leaves its word's box blank."""

import re
import subprocess
import unicodedata
from html import unescape

import pytest
from PIL import Image

from .conftest import page_count, pdf_path
from .leaks import visible_text

THAI = re.compile(r"[\u0e00-\u0e7f]+")
CONSONANTS = re.compile(r"[\u0e01-\u0e2e]")
# pdftotext gives SARA AM back as SARA AA alone: the NIKHAHIT it is drawn with carries no text of its own.
NIKHAHIT = "\u0e4d"
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.DOTALL)
DPI = 72  # one pixel per point: word boxes and pixels line up
THAI_DOCUMENTS = [
    "roadmap TH (th)",
    "parliament brief TH (th)",
    "agency brief TH (th)",
    "questionnaire universalization (th)",
]


def _thai_characters(text: str) -> set[str]:
    # Combining marks (vowel signs, tone marks) are characters too: each must come back. Compatibility
    # decomposition on both sides: the font draws SARA AM as NIKHAHIT and SARA AA, and the text comes back so.
    return set("".join(THAI.findall(unicodedata.normalize("NFKD", text)))) - {NIKHAHIT}


@pytest.mark.django_db
@pytest.mark.parametrize("key", THAI_DOCUMENTS)
def test_thai_documents_print_every_thai_character(demo_documents, key, tmp_path):
    document = demo_documents[key]
    path = pdf_path(tmp_path, document)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Noto[-\w]*(Thai|Looped)", fonts), fonts
    printed = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "\ufffd" not in printed
    wanted = _thai_characters(visible_text(document.html))
    assert len(wanted) > 30, "the document is in Thai"
    assert wanted - _thai_characters(printed) == set()


@pytest.mark.django_db
@pytest.mark.parametrize("key", THAI_DOCUMENTS)
def test_every_thai_word_leaves_ink_on_the_rasterised_page(demo_documents, key, tmp_path):
    document = demo_documents[key]
    path = pdf_path(tmp_path, document)
    boxes = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    pages = PAGE.findall(boxes)
    assert len(pages) == page_count(path)
    blank, checked = [], 0
    for number, (_width, _height, words) in enumerate(pages, start=1):
        # Words of three consonants or more: pdftotext boxes lone vowel and tone marks apart, at no useful place.
        thai_words = [w for w in WORD.findall(words) if len(CONSONANTS.findall(unescape(w[4]))) >= 3]
        if not thai_words:
            continue
        prefix = tmp_path / f"page-{number}"
        page_range = ["-f", str(number), "-l", str(number), "-singlefile"]
        subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", *page_range, str(path), str(prefix)], check=True)
        image = Image.open(f"{prefix}.png").convert("L")
        for x_min, y_min, x_max, y_max, text in thai_words:
            left, top = int(float(x_min)), int(float(y_min))
            box = (left, top, max(left + 1, round(float(x_max))), max(top + 1, round(float(y_max))))
            darkest, _lightest = image.crop(box).getextrema()
            checked += 1
            if darkest > 160:  # nothing darker than light grey inside the word
                blank.append((number, unescape(text)))
    assert checked > 30
    # A few words may be clipped on purpose (a chart label cut at its box); a missing glyph blanks every word
    # that needs it, hundreds in a Thai document.
    assert len(blank) <= checked // 100, blank
