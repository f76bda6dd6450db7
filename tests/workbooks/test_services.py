"""Making the workbook and applying one: through the same save as the online form."""

import pytest
from django.core.exceptions import PermissionDenied

from assessments.models import Answer
from assessments.services import save_position
from tests.assessments.conftest import membership_of
from tests.workbooks.conftest import edit, open_book, row_of, workbook_of
from workbooks import layout, services


def _question(team, code):
    return team["assessment"].framework.questions.get(code=code)


def _save(team, who, code, value, *, notes="", base_version=0, refs=()):
    return save_position(
        membership=membership_of(team, who), question=_question(team, code), value=value, reason="",
        notes=notes, legal_references=list(refs), base_version=base_version,
    )  # fmt: skip


def _preview(team, data, who="customs"):
    return services.preview_workbook(membership=membership_of(team, who), data=data)


def _status(preview, code):
    return next(r for r in preview.results if r.code == code)


def test_the_workbook_is_laid_out_for_a_spreadsheet_user(team):
    _save(team, "licensing", "ART5-01", "partly", notes="Draft list")
    book = open_book(workbook_of(team))
    assert book.sheetnames == ["Instructions", "ART5", layout.LISTS_SHEET, layout.META_SHEET]
    assert book[layout.META_SHEET].sheet_state == "hidden" and book[layout.META_SHEET].protection.sheet
    ws = book["ART5"]
    assert ws.freeze_panes == "B3" and ws.protection.sheet
    number = row_of(ws, "ART5-01")
    assert [ws.cell(row=number, column=c).value for c in range(1, 6)] == [
        "ART5-01", "5(2)", "Binding", "Is there a control list?", "In place means a list adopted by regulation.",
    ]  # fmt: skip
    # The agency's own cells are editable, the rest (the other agencies' positions included) locked.
    for column in layout.EDITABLE:
        assert ws.cell(row=number, column=column).protection.locked is False
    assert ws.cell(row=layout.HEADER_ROW, column=layout.FIRST_OTHER).value == "LIC's position (read-only)"
    other = ws.cell(row=number, column=layout.FIRST_OTHER)
    assert other.value == "Partly in place\nDraft list" and other.protection.locked is True
    assert ws.cell(row=number, column=layout.TEXT).alignment.wrap_text
    assert ws.column_dimensions["D"].width == 50
    [validation] = ws.data_validations.dataValidation
    assert validation.type == "list" and validation.showErrorMessage
    assert {str(r) for r in validation.sqref.ranges} == {"F3", "F4"}
    lists = book[layout.LISTS_SHEET]
    column = validation.formula1.split("!")[1].split(":")[0].replace("$", "")[0]
    labels = [lists[f"{column}{n}"].value for n in range(1, 6)]
    assert labels == ["In place", "Partly in place", "Not in place", "Don't know", "Not applicable"]


def test_the_workbook_speaks_the_readers_language(team):
    book = open_book(workbook_of(team, language="fr"))
    ws = book["ART5"]
    assert ws["A1"].value == "ART5 · Système de contrôle"
    assert ws.cell(row=row_of(ws, "ART5-01"), column=layout.TEXT).value == "Existe-t-il une liste de contrôle ?"
    assert ws.cell(row=row_of(ws, "ART5-02"), column=layout.TEXT).value == "Is the list published?"  # falls back


def test_only_the_agencys_sections_unless_every_section_is_asked_for(team, framework, bank, write_bank):
    from assessments.models import SectionAssignment
    from frameworks.services import load_framework

    bank["version"] = "2"
    bank["sections"].append(
        {"code": "ART7", "title": "Export assessment", "articles": ["7"], "questions": [
            {"code": "ART7-01", "text": "Is there a risk assessment?", "articles": ["7(1)"], "obligation": "encouraged",
             "scale": "implementation", "weight": 3},
        ]}
    )  # fmt: skip
    framework2 = load_framework(path=write_bank(bank, "bank2.yaml")).framework
    from tests.factories import make_team

    other = make_team(framework2, country_code="FJ")
    customs = membership_of(other, "customs")
    SectionAssignment.objects.create(
        assessment=other["assessment"], section=framework2.sections.get(code="ART7"), agency=customs.agency
    )
    assert "ART5" not in open_book(workbook_of(other)).sheetnames
    assert {"ART5", "ART7"} <= set(open_book(workbook_of(other, all_sections=True)).sheetnames)


def test_an_untouched_workbook_changes_nothing(team):
    _save(
        team,
        "customs",
        "ART5-01",
        "in_place",
        notes="Line one\r\nLine two",
        refs=[{"instrument": "Customs Act", "provision": "s. 12"}],
    )
    preview = _preview(team, workbook_of(team))
    assert [r.status for r in preview.results] == ["unchanged", "unchanged"]


def test_notes_that_look_like_formulas_go_out_as_text(team):
    _save(team, "customs", "ART5-01", "in_place", notes="=SUM(A1:A9) is what the form says")
    ws = open_book(workbook_of(team))["ART5"]
    cell = ws.cell(row=row_of(ws, "ART5-01"), column=layout.NOTES)
    assert cell.data_type == "s" and cell.value == "=SUM(A1:A9) is what the form says"
    assert [r.status for r in _preview(team, workbook_of(team)).results] == ["unchanged", "unchanged"]


def test_a_coordinator_applies_for_an_agency_without_accounts_named_in_history(team):
    coordinator = membership_of(team, "coordinator")
    data = edit(workbook_of(team, "customs"), "ART5-01", answer="Not applicable", reason="No such goods")
    preview = _preview(team, data, who="coordinator")
    assert services.apply_workbook(membership=coordinator, preview=preview, resolutions={}) == 1
    answer = Answer.objects.get()
    assert answer.agency == membership_of(team, "customs").agency
    record = answer.history.get()
    assert record.history_user == team["coordinator"]
    name = team["coordinator"].get_full_name() or team["coordinator"].email
    assert record.history_change_reason == f"by {name} for CUS, from workbook"


def test_save_position_for_another_agency_is_for_coordinators_only(team):
    with pytest.raises(PermissionDenied):
        save_position(
            membership=membership_of(team, "licensing"), question=_question(team, "ART5-01"), value="in_place",
            reason="", notes="", legal_references=[], base_version=0, agency=membership_of(team, "customs").agency,
        )  # fmt: skip
    assert not Answer.objects.exists()


def test_a_row_not_edited_offline_leaves_what_was_saved_online_since(team):
    data = workbook_of(team)
    _save(team, "customs", "ART5-01", "in_place", notes="online")
    result = _status(_preview(team, data), "ART5-01")
    assert (result.status, result.online_newer) == ("unchanged", True)


def test_versions_are_checked_again_when_applying_all_or_nothing(team):
    data = edit(workbook_of(team), "ART5-01", answer="In place")
    data = edit(data, "ART5-02", answer="Partly in place")
    preview = _preview(team, data)
    assert preview.counts["new"] == 2
    _save(team, "customs", "ART5-02", "not_in_place")  # online, after the preview was shown
    with pytest.raises(services.ApplyRefused, match="ART5-02"):
        services.apply_workbook(membership=membership_of(team, "customs"), preview=preview, resolutions={})
    assert {a.question.code: a.value for a in Answer.objects.select_related("question")} == {"ART5-02": "not_in_place"}
    assert _status(_preview(team, data), "ART5-02").status == "conflict"


def test_a_conflict_kept_online_is_left_alone_and_the_rest_applies(team):
    data = edit(workbook_of(team), "ART5-01", answer="In place")
    data = edit(data, "ART5-02", answer="Partly in place")
    online = _save(team, "customs", "ART5-01", "not_in_place")
    preview = _preview(team, data)
    assert [r.status for r in preview.results] == ["conflict", "new"]
    with pytest.raises(services.ApplyRefused, match="Choose which answer to keep for ART5-01"):
        services.apply_workbook(membership=membership_of(team, "customs"), preview=preview, resolutions={})
    services.apply_workbook(
        membership=membership_of(team, "customs"), preview=preview, resolutions={"ART5-01": ("online", 1)}
    )
    online.refresh_from_db()
    assert online.value == "not_in_place" and online.version == 1
    assert Answer.objects.get(question__code="ART5-02").value == "partly"


def test_a_conflict_settled_on_a_version_that_moved_again_is_refused(team):
    data = edit(workbook_of(team), "ART5-01", answer="In place")
    _save(team, "customs", "ART5-01", "not_in_place")
    preview = _preview(team, data)
    _save(team, "customs", "ART5-01", "partly", base_version=1)
    with pytest.raises(services.ApplyRefused):
        services.apply_workbook(
            membership=membership_of(team, "customs"), preview=preview, resolutions={"ART5-01": ("workbook", 1)}
        )
    assert Answer.objects.get().value == "partly"


def test_answers_typed_as_values_or_in_another_case_are_understood(team):
    data = edit(workbook_of(team), "ART5-01", answer="  in PLACE ")
    data = edit(data, "ART5-02", answer="not_in_place")
    preview = _preview(team, data)
    assert [r.workbook.value for r in preview.results] == ["in_place", "not_in_place"]
