import io

import pytest
from openpyxl import load_workbook

from assessments.models import SectionAssignment
from tests.assessments.conftest import membership_of
from workbooks import layout
from workbooks.services import export_workbook


@pytest.fixture
def team(framework):
    from tests.factories import make_team

    team = make_team(framework)
    customs = membership_of(team, "customs")
    SectionAssignment.objects.create(
        assessment=team["assessment"], section=framework.sections.get(code="ART5"), agency=customs.agency
    )
    return team


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def workbook_of(team, who="customs", **kwargs) -> bytes:
    membership = membership_of(team, who)
    return export_workbook(assessment=team["assessment"], agency=membership.agency, **kwargs)


def open_book(data: bytes):
    return load_workbook(io.BytesIO(data))


def save_book(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def row_of(ws, code) -> int:
    for number in range(layout.FIRST_ROW, ws.max_row + 1):
        if ws.cell(row=number, column=layout.CODE).value == code:
            return number
    raise AssertionError(f"{code} not in {ws.title}")


def edit(data: bytes, code: str, *, answer=None, reason=None, notes=None, legal=None, sheet="ART5") -> bytes:
    """Fill in one question's row as a user would in a spreadsheet."""
    book = open_book(data)
    ws = book[sheet]
    number = row_of(ws, code)
    for column, value in (
        (layout.ANSWER, answer),
        (layout.REASON, reason),
        (layout.NOTES, notes),
        (layout.LEGAL, legal),
    ):
        if value is not None:
            ws.cell(row=number, column=column, value=value)
    return save_book(book)
