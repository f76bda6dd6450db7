"""Files that are not what they claim: each is refused with a clear message and changes nothing."""

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from assessments.models import Answer, SectionAssignment
from tests.assessments.conftest import membership_of
from tests.factories import make_team
from tests.workbooks.conftest import edit, open_book, row_of, save_book, workbook_of
from workbooks import layout, reader, services
from workbooks.models import WorkbookUpload


def _preview(team, data, who="customs"):
    return services.preview_workbook(membership=membership_of(team, who), data=data)


def _refused(team, data, message, who="customs"):
    with pytest.raises(services.Rejected, match=message):
        _preview(team, data, who)
    assert not Answer.objects.exists()


def _zip(members: dict[str, bytes], base: bytes | None = None) -> bytes:
    """A zip with the given members, plus (optionally) every member of a real workbook."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if base:
            with zipfile.ZipFile(io.BytesIO(base)) as source:
                for info in source.infolist():
                    if info.filename not in members:
                        archive.writestr(info, source.read(info))
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize("data", [b"", b"%PDF-1.4\n%%EOF\n", b"Code,Answer\nART5-01,In place\n", b"PK\x03\x04broken"])
def test_what_is_not_a_workbook_is_refused(team, data):
    _refused(team, data, "not an Excel workbook")


def test_a_zip_that_is_not_a_workbook_is_refused(team):
    _refused(team, _zip({"hello.txt": b"hi"}), "not an Excel workbook")


def test_a_workbook_the_portal_did_not_make_is_refused(team):
    _refused(team, save_book(Workbook()), "not made by the portal")


def test_a_workbook_of_another_assessment_is_refused(team, framework):
    other = make_team(framework, country_code="FJ")
    _refused(team, edit(workbook_of(other), "ART5-01", answer="In place"), "another assessment")


def test_a_workbook_of_another_agency_is_refused_for_a_contributor(team):
    licensing_book = edit(workbook_of(team, "licensing"), "ART5-01", answer="In place")
    _refused(team, licensing_book, "another agency")


def test_a_coordinator_may_send_back_another_agencys_workbook(team):
    preview = _preview(team, edit(workbook_of(team, "licensing"), "ART5-01", answer="In place"), who="coordinator")
    assert preview.agency == membership_of(team, "licensing").agency


def _tamper(data: bytes, change) -> bytes:
    book = open_book(data)
    ws = book[layout.META_SHEET]
    payload = json.loads(ws.cell(row=2, column=1).value)
    change(payload)
    ws.cell(row=2, column=1).value = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    return save_book(book)


def test_a_tampered_hidden_sheet_is_refused(team, framework):
    other = make_team(framework, country_code="FJ")
    data = workbook_of(team)
    # Pointed at another assessment, or its versions rewritten to slip past a conflict: the signature no longer fits.
    _refused(team, _tamper(data, lambda p: p.update(assessment=other["assessment"].pk)), "altered")
    _refused(team, _tamper(data, lambda p: p["answers"]["ART5-01"].__setitem__(0, 7)), "altered")
    book = open_book(data)
    book[layout.META_SHEET].cell(row=1, column=2).value = "0" * 64
    _refused(team, save_book(book), "altered")
    del book[layout.META_SHEET]
    _refused(team, save_book(book), "not made by the portal")


def test_formulas_are_read_as_text_never_evaluated_and_refused(team):
    data = edit(workbook_of(team), "ART5-01", answer='=INDIRECT("_lists!A1")', notes='=HYPERLINK("http://evil","x")')
    preview = _preview(team, data)
    [result] = [r for r in preview.results if r.code == "ART5-01"]
    assert result.status == "error"
    assert "A formula is not an answer: type the text itself." in result.errors
    assert not preview.can_apply
    with pytest.raises(services.ApplyRefused):
        services.apply_workbook(membership=membership_of(team, "customs"), preview=preview, resolutions={})
    assert not Answer.objects.exists()


def test_moved_rows_and_unknown_codes_are_errors_with_sheet_and_row(team):
    book = open_book(workbook_of(team))
    ws = book["ART5"]
    first, second = row_of(ws, "ART5-01"), row_of(ws, "ART5-02")
    ws.cell(row=first, column=layout.CODE).value, ws.cell(row=second, column=layout.CODE).value = "ART5-02", "ART5-01"
    ws.cell(row=second + 1, column=layout.CODE).value = "ART99-01"
    preview = _preview(team, save_book(book))
    messages = [(sheet, row, message) for sheet, row, message in preview.errors]
    assert ("ART5", first, "Row moved: ART5-02 does not belong on this row.") in messages
    assert ("ART5", second, "Row moved: ART5-01 does not belong on this row.") in messages
    assert ("ART5", second + 1, "Unknown question code “ART99-01”.") in messages
    assert not preview.can_apply


def test_a_deleted_sheet_is_an_error(team):
    book = open_book(workbook_of(team))
    del book["ART5"]
    preview = _preview(team, save_book(book))
    assert ("ART5", None, "This sheet is missing from the file.") in preview.errors


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(team, client, settings, monkeypatch):
    monkeypatch.setattr(reader, "load_workbook", lambda *a, **k: pytest.fail("parsed"))
    big = b"PK" + b"\0" * (50 * 1024 * 1024)  # 50 MB
    client.force_login(team["customs"])
    response = client.post(
        reverse("workbooks:upload", args=[team["assessment"].pk]), {"file": SimpleUploadedFile("big.xlsx", big)}
    )
    assert response.status_code == 422 and "The file is larger than 5.0 MB." in response.text
    assert not WorkbookUpload.objects.exists()
    with pytest.raises(reader.Rejected, match="larger than"):
        reader.read_workbook(big, max_bytes=settings.WORKBOOK_MAX_BYTES)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(team, monkeypatch):
    bomb = _zip({"xl/worksheets/sheet9.xml": b"\0" * (60 * 1024 * 1024)}, base=workbook_of(team))
    assert len(bomb) < 1024 * 1024  # small on the wire
    monkeypatch.setattr(reader, "load_workbook", lambda *a, **k: pytest.fail("parsed"))
    _refused(team, bomb, "unpack to far more")


def test_macro_enabled_files_are_refused(team, client):
    data = edit(workbook_of(team), "ART5-01", answer="In place")
    _refused(team, _zip({"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"}, base=data), "macros")
    client.force_login(team["customs"])
    response = client.post(
        reverse("workbooks:upload", args=[team["assessment"].pk]), {"file": SimpleUploadedFile("answers.xlsm", data)}
    )
    assert response.status_code == 422 and "contains macros" in response.text
    assert not WorkbookUpload.objects.exists()


def test_xml_entity_expansion_is_refused(team):
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]>'
        b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">&lol2;</workbook>'
    )
    _refused(team, _zip({"xl/workbook.xml": laughs}, base=workbook_of(team)), "could not be read")


def test_a_workbook_of_a_section_no_longer_assigned_still_reads(team):
    data = edit(workbook_of(team), "ART5-01", answer="In place")
    SectionAssignment.objects.all().delete()  # the workbook names its questions; assignments do not gate answers
    assert _preview(team, data).counts["new"] == 1


def test_a_workbook_declared_macro_enabled_is_refused(team):
    data = workbook_of(team)
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        types = source.read("[Content_Types].xml").replace(
            b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        )
    _refused(team, _zip({"[Content_Types].xml": types}, base=data), "macros")


def test_a_bomb_in_the_content_types_part_is_not_inflated(team):
    bomb = _zip({"[Content_Types].xml": b" " * (60 * 1024 * 1024)}, base=workbook_of(team))
    _refused(team, bomb, "unpack to far more")
