"""Plain values in, XLSX bytes out: the agency's workbook as a spreadsheet user expects it.

Nothing here touches the database; workbooks/services.py gathers what goes in.
"""

import io
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from . import layout, signing

EDITABLE_FILL = PatternFill("solid", fgColor="FFF8DC")  # the cells to fill in stand out
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
WRAP = Alignment(wrap_text=True, vertical="top")
UNLOCKED = Protection(locked=False)


@dataclass
class Row:
    code: str
    articles: str
    obligation: str
    text: str
    guidance: str
    scale: str  # the scale's code: its labels are the answer's drop-down
    answer: str  # the label, in the workbook's language
    reason: str
    notes: str
    legal_references: str
    others: list[str] = field(default_factory=list)  # one per other agency, in WorkbookContent.other_agencies order


@dataclass
class Sheet:
    code: str
    title: str
    rows: list[Row]


@dataclass
class WorkbookContent:
    assessment: str
    agency: str
    made_at: str
    other_agencies: list[str]
    scales: dict[str, list[str]]  # scale code -> labels, in order
    sheets: list[Sheet]
    payload: dict  # completed here with the sheets' names and their questions' order
    all_sections: bool = False


def sheet_name(code: str, taken: set[str]) -> str:
    """A sheet name spreadsheets accept (31 characters, no []:*?/\\), unique in the workbook."""
    base = re.sub(r"[\[\]:*?/\\']", "-", code).strip() or "Section"
    name, n = base[:31], 2
    while name.lower() in taken or name.startswith("_"):
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def build_workbook(content: WorkbookContent) -> bytes:
    book = Workbook()
    _instructions(book.active, content)
    lists = _lists(book, content.scales)
    taken = {"instructions", layout.META_SHEET, layout.LISTS_SHEET}
    sheets = []
    for sheet in content.sheets:
        name = sheet_name(sheet.code, taken)
        _section(book.create_sheet(name), sheet, content, lists)
        sheets.append([name, [row.code for row in sheet.rows]])
    book.move_sheet(layout.LISTS_SHEET, offset=len(book.sheetnames) - 1 - book.sheetnames.index(layout.LISTS_SHEET))
    _meta(book, content.payload | {"sheets": sheets})
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _instructions(ws, content: WorkbookContent) -> None:
    ws.title = _("Instructions")[:31]
    lines = [
        (_("Answering offline"), True),
        (content.assessment, False),
        (_("Agency: %(agency)s") % {"agency": content.agency}, False),
        (_("Made on %(when)s") % {"when": content.made_at}, False),
        ("", False),
        (_("1. Each sheet after this one is a section of the questionnaire, one question per row."), False),
        (
            _(
                "2. Fill in the yellow columns only: the answer (choose it from the list), the reason when you "
                "answer “not applicable”, notes, and the national legal references, one per line as "
                "“Instrument: provision”."
            ),
            False,
        ),
        (_("3. The other agencies' positions are there for reference; they cannot be edited here."), False),
        (
            _("4. Do not add, move, sort or delete rows or sheets, and do not type formulas: the upload refuses them."),
            False,
        ),
        (
            _(
                "5. Save the file as an Excel workbook (.xlsx) and upload it on the assessment's “Work offline” "
                "page. You will see every change before anything is saved; if someone changed an answer online "
                "meanwhile, you choose which one to keep."
            ),
            False,
        ),
    ]
    if content.all_sections:
        lines.append((_("This workbook holds every section, not only those assigned to your agency."), False))
    for number, (text, bold) in enumerate(lines, start=1):
        cell = ws.cell(row=number, column=1, value=text)
        cell.alignment = WRAP
        if bold:
            cell.font = Font(bold=True, size=14)
    ws.column_dimensions["A"].width = 110
    ws.protection.sheet = True


def _lists(book, scales: dict[str, list[str]]) -> dict[str, str]:
    """Each scale's labels in a hidden sheet; returns the range each drop-down points at."""
    ws = book.create_sheet(layout.LISTS_SHEET)
    ranges = {}
    for column, (code, labels) in enumerate(sorted(scales.items()), start=1):
        letter = get_column_letter(column)
        for number, label in enumerate(labels, start=1):
            ws.cell(row=number, column=column, value=label)
        ranges[code] = f"{quote_sheetname(layout.LISTS_SHEET)}!${letter}$1:${letter}${max(len(labels), 1)}"
    ws.sheet_state = "hidden"
    ws.protection.sheet = True
    return ranges


def _section(ws, sheet: Sheet, content: WorkbookContent, lists: dict[str, str]) -> None:
    headers = [
        (_("Code"), 11),
        (_("Articles"), 11),
        (_("Obligation"), 14),
        (_("Question"), 50),
        (_("Guidance"), 50),
        (_("Answer"), 22),
        (_("Reason (for “not applicable”)"), 30),
        (_("Notes"), 40),
        (_("National legal references (one per line)"), 36),
    ] + [(_("%(agency)s's position (read-only)") % {"agency": agency}, 26) for agency in content.other_agencies]
    title = ws.cell(row=layout.TITLE_ROW, column=1, value=f"{sheet.code} · {sheet.title}")
    title.font = Font(bold=True, size=13)
    for column, (header, width) in enumerate(headers, start=1):
        cell = ws.cell(row=layout.HEADER_ROW, column=column, value=header)
        cell.font, cell.fill, cell.alignment = Font(bold=True), HEADER_FILL, WRAP
        ws.column_dimensions[get_column_letter(column)].width = width
    validations = {}
    for offset, row in enumerate(sheet.rows):
        number = layout.FIRST_ROW + offset
        values = [row.code, row.articles, row.obligation, row.text, row.guidance]
        values += [row.answer, row.reason, row.notes, row.legal_references] + row.others
        for column, value in enumerate(values, start=1):
            # Written as text, whatever it looks like: a note starting with "=" stays a note, not a formula.
            cell = ws.cell(row=number, column=column)
            cell.value = value or None
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"
            cell.alignment = WRAP
            if column in layout.EDITABLE:
                cell.protection, cell.fill = UNLOCKED, EDITABLE_FILL
        if row.scale in lists:
            validations.setdefault(row.scale, []).append(f"{get_column_letter(layout.ANSWER)}{number}")
    for scale, cells in validations.items():
        validation = DataValidation(
            type="list",
            formula1=lists[scale],
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=_("Not on the scale"),
            error=_("Choose one of the answers in the list."),
        )
        for cell in cells:
            validation.add(cell)
        ws.add_data_validation(validation)
    ws.freeze_panes = ws.cell(row=layout.FIRST_ROW, column=layout.ARTICLES)
    # Locked cells stay read-only; columns and rows may still be resized to read long text.
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def _meta(book, payload: dict) -> None:
    ws = book.create_sheet(layout.META_SHEET)
    text, signature = signing.encode(payload)
    ws.cell(row=1, column=1, value="ATT Roadmap Portal workbook: do not edit this sheet.")
    ws.cell(row=1, column=2, value=signature)
    chunks = [text[i : i + layout.PAYLOAD_CHUNK] for i in range(0, len(text), layout.PAYLOAD_CHUNK)]
    for number, chunk in enumerate(chunks, start=2):
        ws.cell(row=number, column=1, value=chunk).data_type = "s"
    ws.sheet_state = "hidden"
    ws.protection.sheet = True
