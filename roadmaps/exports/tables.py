"""The actions as CSV and XLSX: one row per action, plus the milestones and the costs in the workbook.

The action cells (`lead`, `supporting`, `phase_label`, `xml_text`) read the same in the DOCX, which imports them.
"""

import csv
import io
import re
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from frameworks.models import ActionTemplate

from ..models import Funding, RoadmapAction
from ..selectors import RoadmapView

# A spreadsheet runs a cell that starts with one of these as a formula (OWASP's list, tab and CR included).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# XML 1.0 cannot carry these control characters; text pasted from other programs sometimes holds them.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_XLSX_CELL_MAX = 32767


def xml_text(value: str) -> str:
    return _NOT_XML.sub("", value)


def phase_label(phase: int) -> str:
    return str(ActionTemplate.Phase(phase).label)


def lead(action: RoadmapAction) -> str:
    agency = action.lead_agency or action.lead_agency_type
    return str(agency) if agency else ""


def supporting(action: RoadmapAction) -> str:
    return "; ".join(str(agency) for agency in action.supporting_agencies.all())


# Spreadsheets: one row per action.


def _action_headers() -> list[str]:
    return [
        _("Code"),
        _("Title"),
        _("Phase"),
        _("Lead agency"),
        _("Supporting agencies"),
        _("Start"),
        _("End"),
        _("Status"),
        _("Indicator of completion"),
        _("Estimated cost"),
        _("Currency"),
        _("Funding"),
        _("Assistance"),
        _("Assistance sources"),
        _("Gaps addressed"),
        _("Flags"),
        _("Notes"),
    ]


def _action_row(action: RoadmapAction) -> list:
    flags = [
        label
        for flag, label in ((action.is_custom, _("Added by the team")), (action.gaps_closed, _("Gaps closed: review")))
        if flag
    ]
    return [
        action.code,
        action.title,
        action.phase,
        lead(action),
        supporting(action),
        action.start,
        action.end,
        action.get_status_display(),
        action.indicator,
        action.cost_amount,
        action.cost_currency,
        action.get_funding_display(),
        action.get_assistance_display(),
        "; ".join(source.translated("name") for source in action.assistance_sources.all()),
        ", ".join(question.code for question in action.gaps.all()),
        "; ".join(flags),
        action.notes,
    ]


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | Decimal):
        return str(value)
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text


def actions_csv(view: RoadmapView) -> bytes:
    """UTF-8 with a byte order mark, so that Excel reads non-Latin text right."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(_action_headers())
    writer.writerows([_csv_cell(value) for value in _action_row(action)] for action in view.actions)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _put(sheet, row: int, column: int, value) -> None:
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = xml_text(value)[:_XLSX_CELL_MAX]
        cell.data_type = "s"  # openpyxl would store "=..." as a formula
        cell.quotePrefix = value.startswith(FORMULA_START)  # and Excel would, once someone edits the cell
        return
    cell.value = value
    if isinstance(value, date):
        cell.number_format = "yyyy-mm-dd"
    elif isinstance(value, Decimal):
        cell.number_format = "#,##0.00"


def _fill_sheet(sheet, headers: list[str], rows: list[list]) -> None:
    """Bold frozen header, real dates and numbers, widths from the content, an autofilter."""
    for column, header in enumerate(headers, start=1):
        _put(sheet, 1, column, header)
        sheet.cell(row=1, column=column).font = Font(bold=True)
    for row_number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            _put(sheet, row_number, column, value)
    for column, header in enumerate(headers, start=1):
        longest = max([len(header)] + [len(_csv_cell(row[column - 1])) for row in rows])
        sheet.column_dimensions[get_column_letter(column)].width = min(max(longest + 2, 10), 50)
        if longest > 50:
            for row_number in range(2, len(rows) + 2):
                sheet.cell(row=row_number, column=column).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"


def _cost_rows(view: RoadmapView) -> list[list]:
    totals = view.totals
    rows = [
        [_("By phase"), phase_label(phase), currency, amount] for (phase, currency), amount in totals.by_phase.items()
    ]
    rows += [
        [_("By funding"), _funding_label(key), currency, amount]
        for (key, currency), amount in totals.by_funding.items()
    ]
    rows += [[_("Total"), _("All actions"), currency, amount] for currency, amount in totals.total.items()]
    rows.append([_("Actions without an estimate"), "", "", totals.uncosted])
    return rows


def _funding_label(key: str) -> str:
    return str(Funding(key).label) if key in Funding.values else key


def actions_xlsx(view: RoadmapView) -> bytes:
    workbook = Workbook()
    actions = workbook.active
    actions.title = _("Actions")[:31]
    _fill_sheet(actions, _action_headers(), [_action_row(action) for action in view.actions])
    milestones = workbook.create_sheet(_("Milestones")[:31])
    _fill_sheet(
        milestones,
        [_("Milestone"), _("Due"), _("Basis"), _("Done")],
        [[m.title, m.due, m.basis, m.done] for m in view.milestones],
    )
    costs = workbook.create_sheet(_("Costs")[:31])
    _fill_sheet(costs, [_("Grouping"), _("Item"), _("Currency"), _("Amount")], _cost_rows(view))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
