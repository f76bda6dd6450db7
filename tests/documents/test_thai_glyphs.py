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
    # Combining marks (vowel signs, tone marks) are characters too: each must come back.
    return set("".join(THAI.findall(unicodedata.normalize("NFC", text))))


@pytest.mark.django_db
@pytest.mark.parametrize("key", THAI_DOCUMENTS)
def test_thai_documents_print_every_thai_character(demo_documents, key, tmp_path):
    document = demo_documents[key]
    path = pdf_path(tmp_path, document)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Noto\w*(Thai|Looped)", fonts), fonts
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
        thai_words = [w for w in WORD.findall(words) if THAI.search(unescape(w[4]))]
        if not thai_words:
            continue
        prefix = tmp_path / f"page-{number}"
        subprocess.run(
            ["pdftoppm", "-r", str(DPI), "-gray", "-png", "-f", str(number), "-l", str(number), str(path), str(prefix)],
            check=True,
        )
        image = Image.open(next(tmp_path.glob(f"page-{number}*.png")))
        for x_min, y_min, x_max, y_max, text in thai_words:
            box = tuple(round(float(v)) for v in (x_min, y_min, x_max, y_max))
            darkest, _lightest = image.crop(box).getextrema()
            checked += 1
            if darkest > 160:  # nothing darker than light grey inside the word
                blank.append((number, unescape(text)))
    assert checked > 30
    assert blank == []
