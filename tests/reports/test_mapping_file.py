"""The mapping of the template's items to bank questions: validated like the banks, loaded all or nothing, curated
with history."""

import copy
from pathlib import Path

import pytest
import yaml
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.urls import reverse

from frameworks.curation import ensure_curator_group
from reports.forms import TemplateMappingAdminForm
from reports.initial_report.mapping import MappingFileError, parse_mapping, unplaced_questions, validate_mapping
from reports.initial_report.template import ITEM_KEYS
from reports.models import NotReportedQuestion, TemplateMapping
from reports.services import MAPPING_FILE, bank_questions
from tests.factories import UserFactory

SHIPPED = yaml.safe_load(MAPPING_FILE.read_text(encoding="utf-8"))
BANK = {
    question["code"]: question["obligation"]
    for section in yaml.safe_load(
        (Path(MAPPING_FILE).parent / "frameworks" / "att-compliance.yaml").read_text(encoding="utf-8")
    )["sections"]
    for question in section["questions"]
}


def _errors(data, bank=BANK) -> list[str]:
    with pytest.raises(MappingFileError) as raised:
        validate_mapping(data, filename="map.yaml", bank=bank)
    return raised.value.errors


def _entry(data, key):
    return next(entry for entry in data["items"] if entry["item"] == key)


def test_the_shipped_file_maps_every_item_of_the_template_and_places_every_bank_question():
    mapping = validate_mapping(SHIPPED, filename="shipped", bank=BANK)
    assert tuple(mapping.items) == ITEM_KEYS
    assert unplaced_questions(mapping, BANK) == []
    # The question whether the report was submitted answers no item of the report itself.
    assert "ART13-01" in mapping.not_reported
    assert all("ART13-01" not in codes for codes in mapping.items.values())


def test_unknown_codes_and_items_are_named_with_the_file_and_the_item():
    data = copy.deepcopy(SHIPPED)
    _entry(data, "A1.2")["questions"].append("ART5-99")
    data["items"].append({"item": "C1.1", "questions": ["ART5-04"]})
    errors = _errors(data)
    assert "map.yaml: A1.2: unknown question code 'ART5-99'" in errors
    assert "map.yaml: C1.1: unknown template item" in errors


def test_duplicates_missing_items_and_set_aside_questions_are_refused():
    data = copy.deepcopy(SHIPPED)
    _entry(data, "A1.2")["questions"].append("ART2-01")
    data["items"].append({"item": "A1.6", "questions": ["ART5-07"]})
    data["items"] = [entry for entry in data["items"] if entry["item"] != "B11.6"]
    _entry(data, "A9.1")["questions"].append("ART13-01")
    assert sorted(_errors(data)) == sorted(
        [
            "map.yaml: A1.2: question 'ART2-01' is listed twice",
            "map.yaml: A1.6: item mapped twice",
            "map.yaml: A9.1: question 'ART13-01' is listed under not_reported: it answers no item",
            "map.yaml: B11.6: template item not mapped to any question",
        ]
    )


def test_the_sections_follow_the_obligations_of_the_questions():
    data = copy.deepcopy(SHIPPED)
    _entry(data, "A1.5")["questions"] = ["ART5-06"]  # encouraged only: no binding question behind a Section A item
    _entry(data, "B1.2")["questions"].append("ART5-04")  # binding: belongs in Section A
    assert sorted(_errors(data)) == [
        "map.yaml: A1.5: a Section A item needs at least one binding or qualified question",
        "map.yaml: B1.2: binding or qualified questions belong in Section A: ART5-04",
    ]


def test_a_bank_that_is_not_loaded_and_a_file_that_is_not_yaml_are_clear_errors():
    assert "map.yaml: file: the question bank 'att-compliance' is not loaded: load it first" in _errors(SHIPPED, {})
    with pytest.raises(MappingFileError) as raised:
        parse_mapping("items: [", filename="map.yaml")
    assert raised.value.errors[0].startswith("map.yaml: file: not valid YAML")


@pytest.fixture
def bank_loaded(report_framework):
    """The shipped bank and mapping (loaded once for the module); each test starts from an emptied mapping."""
    TemplateMapping.objects.all().delete()
    NotReportedQuestion.objects.all().delete()


def test_the_command_loads_the_file_and_loading_again_changes_nothing(bank_loaded, capsys):
    call_command("load_initial_report_template", str(MAPPING_FILE))
    assert list(TemplateMapping.objects.values_list("item", flat=True)) == list(ITEM_KEYS)  # the template's order
    assert TemplateMapping.objects.get(item="A1.2").questions == ["ART2-01", "ART5-04"]
    assert list(NotReportedQuestion.objects.values_list("code", flat=True)) == ["ART13-01"]
    assert "52 items, 52 changed" in capsys.readouterr().out
    marks = TemplateMapping.history.count()
    call_command("load_initial_report_template", str(MAPPING_FILE))
    assert "52 items, 0 changed" in capsys.readouterr().out
    assert TemplateMapping.history.count() == marks  # nothing changed, so nothing new in the history


def test_nothing_is_loaded_from_a_file_with_any_problem(bank_loaded, tmp_path):
    call_command("load_initial_report_template", str(MAPPING_FILE))
    data = copy.deepcopy(SHIPPED)
    _entry(data, "A1.1")["questions"] = ["ART2-02"]  # a valid change...
    _entry(data, "A1.2")["questions"].append("NOPE-1")  # ...and a bad code
    path = tmp_path / "map.yaml"
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(CommandError) as raised:
        call_command("load_initial_report_template", str(path))
    assert f"{path}: A1.2: unknown question code 'NOPE-1'" in str(raised.value)
    assert TemplateMapping.objects.get(item="A1.1").questions == ["ART2-02", "ART2-03", "ART5-03", "ART2-04"]


@pytest.fixture
def curator_client(client_for, db):
    """A curator with the mapping's permissions (the curator group gains them with the proposed change to
    frameworks/curation.py; given here directly so that this test stands on its own)."""
    curator = UserFactory(is_staff=True)
    curator.groups.add(ensure_curator_group())
    curator.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="reports", content_type__model__endswith="templatemapping")
    )
    return client_for(curator)


def test_curators_edit_an_item_in_the_admin_checked_as_the_file_is(bank_loaded, curator_client):
    call_command("load_initial_report_template", str(MAPPING_FILE))
    row = TemplateMapping.objects.get(item="B1.2")
    bad = TemplateMappingAdminForm({"item": "B1.2", "questions": "ART5-08, ART5-04, ART13-01"}, instance=row)
    assert not bad.is_valid()
    assert set(bad.errors["questions"]) == {
        "question 'ART13-01' is listed under not_reported: it answers no item",
        "binding or qualified questions belong in Section A: ART13-01, ART5-04",
    }
    url = reverse("admin:reports_templatemapping_change", args=[row.pk])
    response = curator_client.post(url, {"item": "B1.2", "questions": "ART5-08, ART5-06"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.questions == ["ART5-08", "ART5-06"]
    assert [h.questions for h in row.history.order_by("history_id")] == [["ART5-08"], ["ART5-08", "ART5-06"]]
    assert bank_questions()["ART5-06"] == "encouraged"
    history = curator_client.get(reverse("admin:reports_templatemapping_history", args=[row.pk]))
    assert history.status_code == 200
