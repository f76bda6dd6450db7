"""Pages a reader can follow: no page of a demo document holds only a heading (or nothing) between its running
header and footer; a heading keeps with its content."""

import re
from collections import Counter

import pytest

from tests.documents.conftest import page_count, page_text, pdf_path


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _running(pages: list[list[str]]) -> set[str]:
    """The running header and footer: lines found, numbers aside, on most pages ("Page 3 of 12", the title)."""
    seen = Counter(shape for lines in pages for shape in {re.sub(r"\d+", "#", line) for line in lines})
    return {shape for shape, count in seen.items() if count > len(pages) / 2}


def _only_headings(body: str, headings: set[str]) -> bool:
    """Whether the text is nothing but headings, one after another (a section heading and its first sub-heading)."""
    rest = body
    while rest:
        heading = next((h for h in sorted(headings, key=len, reverse=True) if h and rest.startswith(h)), None)
        if heading is None:
            return False
        rest = rest[len(heading) :].strip()
    return True


def lonely_pages(path, headings: set[str]) -> list[tuple[int, str]]:
    pages = [_lines(page_text(path, number)) for number in range(1, page_count(path) + 1)]
    running = _running(pages) if len(pages) > 2 else set()
    found = []
    for number, lines in enumerate(pages, start=1):
        body = " ".join(line for line in lines if re.sub(r"\d+", "#", line) not in running)
        if not body or _only_headings(body, headings):
            found.append((number, body))
    return found


def test_the_page_check_finds_a_page_that_holds_only_a_heading(tmp_path):
    from weasyprint import HTML

    html = "<style>h2 { break-before: page }</style><h2>Alone</h2><div style='break-before: page'>Body text</div>"
    path = tmp_path / "lonely.pdf"
    path.write_bytes(HTML(string=html).write_pdf())
    assert lonely_pages(path, {"Alone"}) == [(1, "Alone")]


@pytest.mark.django_db
def test_no_page_of_a_demo_document_holds_only_a_heading(demo_documents, tmp_path):
    found = {}
    for key, document in demo_documents.items():
        lonely = lonely_pages(pdf_path(tmp_path, document), document.headings())
        if lonely:
            found[key] = lonely
    assert found == {}
