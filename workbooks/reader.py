"""XLSX bytes in, plain rows out, for a file nobody vouches for.

Everything a hostile file could do is stopped before openpyxl parses it (size, zip bombs, macros) or by
how it is parsed (defusedxml, formulas read as text and never evaluated). File-level problems raise
Rejected; problems in one row are listed against that row so the user can fix them.
"""

import datetime
import io
import json
import zipfile
import zlib
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from . import layout, signing

# The uncompressed size of every member of the zip together: a real workbook of a few hundred questions
# is well under 5 MB. The sizes come from the zip's directory; Python's zipfile never inflates a member
# past the size its directory states, so a lying header cannot smuggle more through.
MAX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_MEMBERS = 500
MACRO_MARKERS = ("vbaproject.bin", "macroenabled", "activex", "vbadata.xml")


class Rejected(Exception):
    """The file as a whole cannot be read as one of this portal's workbooks: nothing in it is used."""


@dataclass
class ReadRow:
    sheet: str
    row: int
    code: str
    answer: str = ""
    reason: str = ""
    notes: str = ""
    legal_references: str = ""
    errors: list[str] = field(default_factory=list)


@dataclass
class ReadWorkbook:
    payload: dict
    rows: list[ReadRow]
    errors: list[tuple[str, int | None, str]]  # (sheet, row or None, message) outside any question row


def check_container(data: bytes, *, max_bytes: int) -> None:
    """The checks that need no parsing: size, a zip at all, what it would inflate to, macros."""
    if len(data) > max_bytes:
        raise Rejected(_("The file is larger than %(mb)s MB.") % {"mb": round(max_bytes / 1024 / 1024, 1)})
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise Rejected(_("This is not an Excel workbook (.xlsx)."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:
        raise Rejected(_("This is not an Excel workbook (.xlsx).")) from exc
    # Sizes first: nothing is inflated before the directory says it is small enough.
    if len(members) > MAX_MEMBERS or sum(member.file_size for member in members) > MAX_UNCOMPRESSED:
        raise Rejected(_("The file would unpack to far more than any workbook: it was not read."))
    names = {member.filename.lower() for member in members}
    if any(marker in name for name in names for marker in MACRO_MARKERS):
        raise Rejected(_("The file contains macros. Save it as a plain Excel workbook (.xlsx) and upload that."))
    if "xl/workbook.xml" not in names or "[content_types].xml" not in names:
        raise Rejected(_("This is not an Excel workbook (.xlsx)."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            content_types = archive.read(next(m for m in members if m.filename.lower() == "[content_types].xml"))
        declares_entities = _declares_entities(data, members)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError) as exc:
        raise Rejected(_("This is not an Excel workbook (.xlsx).")) from exc
    if b"macroenabled" in content_types.lower():
        raise Rejected(_("The file contains macros. Save it as a plain Excel workbook (.xlsx) and upload that."))
    if declares_entities:
        raise Rejected(_("The file could not be read as an Excel workbook."))


def _declares_entities(data: bytes, members) -> bool:
    """Whether any XML part has a DTD: spreadsheets never write one, and entities are how XML bombs work.

    openpyxl reads worksheets through defusedxml, but parses the other parts with lxml when it is installed
    (as here, for WeasyPrint); refusing every DTD up front covers both. The parts' total size is bounded above.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in members:
            if not member.filename.lower().endswith((".xml", ".rels", ".vml")):
                continue
            with archive.open(member) as part:
                tail = b""
                while chunk := part.read(1 << 16):
                    window = (tail + chunk).lower()
                    if b"<!doctype" in window or b"<!entity" in window:
                        return True
                    tail = window[-16:]
    return False


def read_workbook(data: bytes, *, max_bytes: int) -> ReadWorkbook:
    check_container(data, max_bytes=max_bytes)
    try:
        # data_only=False: a formula comes back as its text, never a value computed by whoever saved it.
        book = load_workbook(io.BytesIO(data), data_only=False, keep_vba=False, keep_links=False)
    except Exception as exc:  # openpyxl and defusedxml raise many kinds on malformed or hostile XML
        raise Rejected(_("The file could not be read as an Excel workbook.")) from exc
    payload = _payload(book)
    rows, errors = [], []
    for name, codes in payload["sheets"]:
        if name not in book.sheetnames:
            errors.append((name, None, _("This sheet is missing from the file.")))
            continue
        rows.extend(_rows(book[name], name, codes, set(payload["answers"]), errors))
    return ReadWorkbook(payload=payload, rows=rows, errors=errors)


def _payload(book) -> dict:
    if layout.META_SHEET not in book.sheetnames:
        raise Rejected(_("This workbook was not made by the portal: download the agency's workbook and use that."))
    ws = book[layout.META_SHEET]
    signature = ws.cell(row=1, column=2).value
    chunks = []
    for number in range(2, ws.max_row + 1):
        value = ws.cell(row=number, column=1).value
        if value is None:
            break
        chunks.append(str(value))
    text = "".join(chunks)
    if not isinstance(signature, str) or not signing.verify(text, signature):
        raise Rejected(_("The workbook's hidden sheet was altered, or the workbook comes from another portal."))
    payload = json.loads(text)  # signed by us: well-formed
    if payload.get("format") != layout.FORMAT:
        raise Rejected(_("This workbook was made by another version of the portal: download a new one."))
    return payload


def _rows(ws, name: str, codes: list[str], known: set[str], errors: list) -> list[ReadRow]:
    rows = []
    last = max(ws.max_row, layout.FIRST_ROW + len(codes) - 1)
    for offset, number in enumerate(range(layout.FIRST_ROW, last + 1)):
        expected = codes[offset] if offset < len(codes) else None
        code_cell = ws.cell(row=number, column=layout.CODE).value
        code = str(code_cell).strip() if code_cell is not None else ""
        read = ReadRow(sheet=name, row=number, code=code)
        for column, attribute in zip(layout.EDITABLE, ("answer", "reason", "notes", "legal_references"), strict=True):
            text, problem = cell_text(ws.cell(row=number, column=column))
            setattr(read, attribute, text)
            if problem:
                read.errors.append(problem)
        blank = not any((read.code, read.answer, read.reason, read.notes, read.legal_references))
        if expected is None and blank:
            continue  # an empty row below the questions
        if code == expected:
            rows.append(read)
        elif expected is not None and not code:
            errors.append((name, number, _("The question %(code)s is missing from this row.") % {"code": expected}))
        elif code in known:
            errors.append((name, number, _("Row moved: %(code)s does not belong on this row.") % {"code": code}))
        else:
            errors.append((name, number, _("Unknown question code “%(code)s”.") % {"code": code[:40]}))
    return rows


def cell_text(cell) -> tuple[str, str]:
    """A cell's content as text, and a problem with it (or "")."""
    value = cell.value
    if value is None:
        return "", ""
    if cell.data_type == "f" or not isinstance(value, str | int | float | datetime.date | datetime.time | bool):
        return "", _("A formula is not an answer: type the text itself.")
    if isinstance(value, bool):
        value = _("TRUE") if value else _("FALSE")
    elif isinstance(value, float) and value.is_integer():
        value = str(int(value))
    elif isinstance(value, datetime.datetime | datetime.date | datetime.time):
        value = value.isoformat()
    text = str(value)
    # A text cell that starts with "=" (typed after an apostrophe, or a note written that way online) is
    # text: only a formula cell (above) is refused. Neither is ever evaluated.
    if any(ord(char) < 32 and char not in "\n\r\t" for char in text):
        return "", _("The cell contains control characters.")
    return layout.normalized(text), ""
