"""A workbook saved by LibreOffice (as an official without Excel would) still verifies and applies."""

import shutil
import subprocess

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.models import Answer
from assessments.services import save_position
from tests.assessments.conftest import membership_of
from tests.workbooks.conftest import edit, open_book, workbook_of
from workbooks import layout
from workbooks.models import WorkbookUpload
from workbooks.services import preview_workbook

SOFFICE = shutil.which("soffice")


def _through_libreoffice(data: bytes, tmp_path) -> bytes:
    assert SOFFICE, (
        "LibreOffice is missing: bin/system-packages libreoffice-calc-nogui (in the Makefile's TEST_PACKAGES)"
    )
    source, out = tmp_path / "in" / "workbook.xlsx", tmp_path / "out"
    source.parent.mkdir()
    source.write_bytes(data)
    subprocess.run(
        [
            SOFFICE, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "xlsx",
            "--outdir", str(out), str(source),
        ],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return (out / "workbook.xlsx").read_bytes()


def test_a_workbook_saved_by_libreoffice_verifies_and_applies(team, client, tmp_path):
    customs = membership_of(team, "customs")
    data = edit(
        workbook_of(team), "ART5-01", answer="Not applicable", reason="No arms are made here", notes="Line 1\nLine 2"
    )
    data = edit(data, "ART5-02", answer="Partly in place", legal="Customs Act 2016: s. 12\nExport Order: art. 3")
    saved = _through_libreoffice(data, tmp_path)
    assert saved != data
    book = open_book(saved)
    assert book[layout.META_SHEET].sheet_state == "hidden"  # LibreOffice kept the hidden sheet, and its text
    assert book["ART5"].data_validations.dataValidation  # and the drop-downs
    client.force_login(team["customs"])
    response = client.post(
        reverse("workbooks:upload", args=[team["assessment"].pk]),
        {"file": _upload_file(saved)},
    )
    assert response.status_code == 302, response.text
    preview = client.get(response.url)
    assert preview.text.count('data-status="new"') == 2
    kept = WorkbookUpload.objects.get()
    assert client.post(reverse("workbooks:apply", args=[team["assessment"].pk, kept.pk])).status_code == 302
    stored = {a.question.code: a for a in Answer.objects.filter(agency=customs.agency).select_related("question")}
    assert (stored["ART5-01"].value, stored["ART5-01"].reason) == ("not_applicable", "No arms are made here")
    assert stored["ART5-01"].notes == "Line 1\nLine 2"
    assert stored["ART5-02"].legal_references == [
        {"instrument": "Customs Act 2016", "provision": "s. 12"},
        {"instrument": "Export Order", "provision": "art. 3"},
    ]


def _upload_file(data):
    return SimpleUploadedFile("workbook.xlsx", data)


def test_libreoffice_round_trip_keeps_an_untouched_workbook_unchanged(team, tmp_path):
    save_position(
        membership=membership_of(team, "customs"), question=team["assessment"].framework.questions.get(code="ART5-01"),
        value="in_place", reason="", notes="Typed online\r\nover two lines", base_version=0,
        legal_references=[{"instrument": "Customs Act 2016", "provision": "s. 12"}],
    )  # fmt: skip
    saved = _through_libreoffice(workbook_of(team), tmp_path)
    preview = preview_workbook(membership=membership_of(team, "customs"), data=saved)
    assert [r.status for r in preview.results] == ["unchanged", "unchanged"] and preview.can_apply
