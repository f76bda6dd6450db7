"""The workbook's download and its preview run a constant number of queries, however big the questionnaire."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from frameworks.services import load_framework
from tests.assessments.test_query_budget import QUESTIONS, _big_bank, _fill
from tests.factories import make_team
from tests.workbooks.conftest import open_book, save_book, workbook_of
from workbooks import layout
from workbooks.models import WorkbookUpload

BUDGET = {"preview": 10, "download": 13}


@pytest.fixture
def big_team(catalogues, write_bank):
    return make_team(load_framework(path=write_bank(_big_bank(QUESTIONS))).framework)


def _edited_everywhere(team) -> bytes:
    """The licensing workbook with every answer changed (conflicts, once someone saves online after it)."""
    book = open_book(workbook_of(team, "licensing", all_sections=True))
    for name in book.sheetnames:
        if name.startswith("_") or name == "Instructions":
            continue
        for row in range(layout.FIRST_ROW, book[name].max_row + 1):
            book[name].cell(row=row, column=layout.ANSWER, value="Not in place")
            book[name].cell(row=row, column=layout.NOTES, value="offline")
    return save_book(book)


def _preview_queries(client, team) -> int:
    data = _edited_everywhere(team)
    _fill(team, agencies=3, comments=0)  # saved online after the workbook was made: conflicts everywhere
    client.force_login(team["licensing"])
    url = reverse("workbooks:upload", args=[team["assessment"].pk])
    client.post(url, {"file": SimpleUploadedFile("w.xlsx", data)})
    kept = WorkbookUpload.objects.filter(assessment=team["assessment"]).get()
    with CaptureQueriesContext(connection) as context:
        page = client.get(reverse("workbooks:preview", args=[team["assessment"].pk, kept.pk]))
    assert page.status_code == 200 and 'data-status="conflict"' in page.text
    return len(context.captured_queries)


def _download_queries(client, team) -> int:
    _fill(team, agencies=4, comments=0)
    client.force_login(team["licensing"])
    with CaptureQueriesContext(connection) as context:
        response = client.get(reverse("workbooks:download", args=[team["assessment"].pk]), {"sections": "all"})
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("page", sorted(BUDGET))
def test_workbook_queries_do_not_grow_with_questions_and_answers(big_team, framework, client, page):
    measure = _preview_queries if page == "preview" else _download_queries
    small = measure(client, make_team(framework, country_code="TH"))
    large = measure(client, big_team)
    assert large == small, f"{page}: {small} queries with little data, {large} with much"
    assert large <= BUDGET[page]
