"""An official answers offline: downloads the agency's workbook from the overview, fills it in as in a
spreadsheet, sends it back, reads the preview, settles a conflict with an answer saved online meanwhile,
applies it, and finds the answers and their history on the question pages."""

import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from assessments.models import Answer, Assessment, Membership
from assessments.services import save_position
from tests.browser.conftest import axe_violations, html_errors, screenshot
from workbooks import layout


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # the kept uploads stay out of the project


CUSTOMS = "customs.ph@example.org"
LAW = "Customs Modernization and Tariff Act"


def _fill_in(path, assessment) -> tuple[list[str], bytes]:
    """Answer the first three questions of the workbook's first section, as a user would."""
    book = load_workbook(io.BytesIO(path.read_bytes()))  # openpyxl goes by the name, and the download has none
    ws = book[book.sheetnames[1]]
    codes = [ws.cell(row=layout.FIRST_ROW + n, column=layout.CODE).value for n in range(3)]
    labels = {
        code: [o.label for o in assessment.framework.questions.get(code=code).scale.options.order_by("order")]
        for code in codes
    }
    for n, code in enumerate(codes):
        row = layout.FIRST_ROW + n
        ws.cell(row=row, column=layout.ANSWER, value=labels[code][n % 2])
        ws.cell(row=row, column=layout.NOTES, value=f"Answered offline ({code}).")
        ws.cell(row=row, column=layout.LEGAL, value=f"{LAW}: s. 1113")
    buffer = io.BytesIO()
    book.save(buffer)
    return codes, buffer.getvalue()


def _assert_valid_html(files: dict[str, str], tmp_path) -> None:
    assert html_errors(files, tmp_path / "html") == []


def test_answering_offline_with_the_agency_workbook(demo_site, page, sign_in, tmp_path):
    assessment = Assessment.objects.get(country__code="PH")
    customs = Membership.objects.select_related("assessment", "agency", "user").get(
        assessment=assessment, user__email=CUSTOMS
    )
    sign_in(CUSTOMS)
    page.goto(f"{demo_site.url}{assessment.get_absolute_url()}")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download your agency's workbook (Excel)").click()
    download = download_info.value
    assert download.suggested_filename.endswith("-workbook.xlsx")
    codes, filled = _fill_in(download.path(), assessment)

    # Meanwhile a colleague of the same agency saves the third question online.
    conflicted = codes[2]
    question = assessment.framework.questions.get(code=conflicted)
    current = Answer.objects.filter(assessment=assessment, agency=customs.agency, question=question).first()
    save_position(
        membership=customs, question=question, value=question.scale.options.order_by("order").last().value,
        reason="Saved online while the workbook was out", notes="Saved online", legal_references=[],
        base_version=current.version if current else 0,
    )  # fmt: skip

    violations = {"overview": axe_violations(page)}
    page.get_by_role("link", name="Send a filled-in workbook back").click()
    violations["offline"] = axe_violations(page)
    upload = tmp_path / "filled.xlsx"
    upload.write_bytes(filled)
    page.get_by_label("Filled-in workbook (.xlsx)").set_input_files(str(upload))
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_role("heading", name="Workbook preview")).to_be_visible()
    for code in codes[:2]:
        expect(page.locator(f"#row-{code}")).to_have_attribute("data-status", re.compile("new|changed"))
    conflict = page.locator(f"#row-{conflicted}")
    expect(conflict).to_have_attribute("data-status", "conflict")
    expect(conflict).to_contain_text(f"Answered offline ({conflicted}).")  # both versions, side by side
    expect(conflict).to_contain_text("Saved online")
    violations["preview"] = axe_violations(page)
    screenshot(page, "workbook-preview")
    pages = {"offline": f"{demo_site.url}/assessments/{assessment.pk}/workbook/", "preview": page.url}
    _assert_valid_html({name: page.request.get(url).text() for name, url in pages.items()}, tmp_path)

    # Applying without settling the conflict is refused; nothing is saved.
    page.get_by_role("button", name="Apply the workbook").click()
    expect(page.get_by_text("Choose which answer to keep.")).to_be_visible()
    assert not Answer.objects.filter(assessment=assessment, notes__startswith="Answered offline").exists()
    page.get_by_role("group", name=f"Which answer to {conflicted} should stay?").get_by_label(
        "Keep the workbook's"
    ).check()
    page.get_by_role("button", name="Apply the workbook").click()
    expect(page.get_by_text("Workbook applied: 3 answers saved.")).to_be_visible()

    for code in codes:
        answer = Answer.objects.get(assessment=assessment, agency=customs.agency, question__code=code)
        assert answer.notes == f"Answered offline ({code})."
        assert answer.legal_references == [
            {"instrument": "Customs Modernization and Tariff Act", "provision": "s. 1113"}
        ]
        assert answer.history.first().history_change_reason == "from workbook"
    page.goto(f"{demo_site.url}/assessments/{assessment.pk}/questions/{conflicted}/")
    history = page.locator("table", has=page.get_by_role("columnheader", name="Changed"))
    expect(history.locator("tbody tr").first).to_contain_text(f"{LAW}: s. 1113")
    expect(history).to_contain_text("Saved online")  # the online version stays in the history
    assert {name: found for name, found in violations.items() if found} == {}
