"""The regional view as CSV: the same rows as the page, each cell a mean over at least five states, the band of a mean
over three or four, or withheld."""

import csv
import io

from django.utils.translation import gettext as _

from roadmaps.exports.tables import FORMULA_START

from .report import RegionalReport, Row


def withheld_label() -> str:
    return _("withheld: fewer than three states")


def _text(value) -> str:
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text  # a spreadsheet must not run a cell as a formula


def _percent(row: Row) -> list[str]:
    if row.cell.withheld:
        return [withheld_label(), ""]
    if row.cell.banded:  # three or four states: their band only, "30-40"
        low, high = (round(100 * bound) for bound in row.cell.band)
        return [f"{low}-{high}", str(row.cell.states)]
    readiness = "" if row.cell.readiness is None else str(round(100 * row.cell.readiness))
    return [readiness, str(row.cell.states)]


def regional_csv(report: RegionalReport) -> bytes:
    """UTF-8 with a byte order mark, so that Excel reads non-Latin text right; marked with organization and date."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Regional view"), _text(report.organization.name)])
    writer.writerow([_("Date"), report.generated_on.isoformat()])
    notice = _("Only aggregates over at least three states are shown, as ten-point bands below five states.")
    writer.writerow([notice, _("No state's own values.")])
    writer.writerow([])
    writer.writerow([_("Track"), _("Table"), _("Row"), _("Readiness (%)"), _("States")])
    for view in report.tracks:
        if view.summary.withheld:
            writer.writerow([view.label, "", "", withheld_label(), ""])
            continue
        for table, rows in (
            (_("All states"), [view.overall]),
            (_("Readiness by subregion"), view.subregions),
            (_("Readiness by treaty article"), view.articles),
        ):
            for row in rows:
                writer.writerow([view.label, table, row.label, *_percent(row)])
    writer.writerow([])
    writer.writerow([_("Track"), _("Roadmap actions"), _("Phase"), *report.status_labels, _("Total"), _("States")])
    for view in report.tracks:
        if view.summary.withheld or view.actions.withheld:
            writer.writerow([view.label, _("Roadmap actions"), "", _("withheld: fewer than five states")])
            continue
        for row in view.action_rows:
            writer.writerow([view.label, _("Roadmap actions"), row.label, *row.counts, row.total, view.actions.states])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
