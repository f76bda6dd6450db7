import pytest
import yaml
from django.core.management import CommandError, call_command

from frameworks.bank_file import content_fingerprint
from frameworks.models import ActionTemplate, Framework, Guidance, Question, ScaleOption
from frameworks.services import (
    create_draft_from,
    export_framework,
    framework_as_data,
    load_framework,
    publish_framework,
)


def _load_errors(path):
    with pytest.raises(CommandError) as excinfo:
        call_command("load_framework", str(path))
    assert Framework.objects.count() == 0, "a bad file must load nothing"
    return str(excinfo.value)


def test_a_valid_file_loads_everything(catalogues, bank, write_bank):
    result = load_framework(path=write_bank(bank))
    framework = result.framework
    assert result.created and framework.is_published
    question = Question.objects.get(code="ART5-01")
    assert question.articles == ["5(2)"]
    assert set(question.agency_types.values_list("code", flat=True)) == {"licensing", "defence"}
    assert question.translated("text", "fr") == "Existe-t-il une liste de contrôle ?"
    assert question.translated("text", "es") == "Is there a control list?"  # falls back to English
    assert "<strong>In place</strong>" in question.guidance.html_for("en")
    listing = ActionTemplate.objects.get(code="ACT-LIST")
    assert list(listing.requires.values_list("code", flat=True)) == ["ACT-LAW"]
    assert set(Question.objects.get(code="ART5-02").actions.all()) == {listing}


def test_loading_the_same_file_twice_changes_nothing(catalogues, bank, write_bank):
    path = write_bank(bank)
    first = load_framework(path=path).framework
    guidance = Guidance.objects.get(question__code="ART5-01")
    guidance.body = "A curator's improved advice."
    guidance.save()
    second = load_framework(path=path)
    assert not second.created and second.framework == first
    assert Framework.objects.count() == 1 and Question.objects.count() == 2
    guidance.refresh_from_db()
    assert guidance.body == "A curator's improved advice."


def test_same_version_with_different_questions_is_refused(catalogues, bank, write_bank):
    load_framework(path=write_bank(bank))
    bank["sections"][0]["questions"][0]["text"] = "Reworded question?"
    errors = None
    with pytest.raises(CommandError) as excinfo:
        call_command("load_framework", str(write_bank(bank, "changed.yaml")))
    errors = str(excinfo.value)
    assert "already loaded with different questions" in errors
    assert Question.objects.get(code="ART5-01").text == "Is there a control list?"


def test_a_new_language_joins_a_loaded_version_and_curated_translations_stay(catalogues, bank, write_bank):
    framework = load_framework(path=write_bank(bank)).framework
    question = Question.objects.get(code="ART5-01")
    question.translations = {"fr": {"text": "Une liste de contrôle existe-t-elle ?"}}  # a curator's correction
    question.save()
    section, first_question = bank["sections"][0], bank["sections"][0]["questions"][0]
    section["translations"]["es"] = {"title": "Sistema de control"}
    first_question["translations"]["es"] = {"text": "¿Existe una lista de control?", "guidance": "**Establecido**."}
    bank["scales"]["implementation"][0]["translations"] = {"es": {"label": "Establecido"}}
    bank["translations"] = {"es": {"title": "Banco de prueba"}}

    call_command("load_framework", str(write_bank(bank, "with-spanish.yaml")))

    framework.refresh_from_db()
    question.refresh_from_db()
    assert Framework.objects.count() == 1
    assert question.translations == {
        "fr": {"text": "Une liste de contrôle existe-t-elle ?"},
        "es": {"text": "¿Existe una lista de control?"},
    }
    assert framework.sections.get().translated("title", "es") == "Sistema de control"
    assert framework.translated("title", "es") == "Banco de prueba"
    assert ScaleOption.objects.get(value="in_place").translated("label", "es") == "Establecido"
    assert "<strong>Establecido</strong>" in Guidance.objects.get(question=question).html_for("es")
    assert framework.fingerprint == content_fingerprint(framework_as_data(framework))
    assert not load_framework(path=write_bank(bank, "again.yaml")).translations_added


def test_a_new_version_never_alters_the_published_one(catalogues, bank, write_bank):
    old = load_framework(path=write_bank(bank)).framework
    bank["version"] = "2"
    bank["sections"][0]["questions"][0]["text"] = "Reworded question?"
    new = load_framework(path=write_bank(bank, "v2.yaml")).framework
    assert old.questions.get(code="ART5-01").text == "Is there a control list?"
    assert new.questions.get(code="ART5-01").text == "Reworded question?"


def test_bad_yaml_is_reported_with_the_file_name(catalogues, tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("slug: [unclosed\n")
    assert f"{path}: file: not valid YAML" in _load_errors(path)


def test_duplicate_codes_are_reported(catalogues, bank, write_bank):
    bank["sections"][0]["questions"][1]["code"] = "ART5-01"
    assert "ART5/ART5-01: duplicate question code" in _load_errors(write_bank(bank))


def test_unknown_scale_is_reported(catalogues, bank, write_bank):
    bank["sections"][0]["questions"][0]["scale"] = "stars"
    assert "ART5/ART5-01: unknown scale 'stars'" in _load_errors(write_bank(bank))


def test_unknown_agency_type_is_reported(catalogues, bank, write_bank):
    bank["sections"][0]["questions"][0]["agencies"] = ["navy"]
    assert "ART5/ART5-01: unknown agency type 'navy'" in _load_errors(write_bank(bank))


def test_unknown_assistance_source_is_reported(catalogues, bank, write_bank):
    bank["sections"][0]["questions"][0]["actions"][0]["assistance"] = ["lottery"]
    assert "ART5/ART5-01/ACT-LAW: unknown assistance source 'lottery'" in _load_errors(write_bank(bank))


@pytest.mark.parametrize("ref", ["7.1", "Art 7", "7(1)(B)", "29", "7(1)(b)(xx)"])
def test_malformed_article_references_are_reported(catalogues, bank, write_bank, ref):
    bank["sections"][0]["questions"][0]["articles"] = [ref]
    errors = _load_errors(write_bank(bank))
    assert f"ART5/ART5-01: article reference '{ref}'" in errors


def test_missing_required_fields_are_reported(catalogues, bank, write_bank):
    del bank["sections"][0]["questions"][0]["obligation"]
    del bank["version"]
    errors = _load_errors(write_bank(bank))
    assert "ART5/ART5-01: missing required field 'obligation'" in errors
    assert "file: missing required field 'version'" in errors


def test_binding_question_without_action_is_reported(catalogues, bank, write_bank):
    bank["sections"][0]["questions"][0]["actions"] = []
    bank["sections"][0]["questions"][1]["actions"] = []
    assert "binding and qualified questions need at least one action template" in _load_errors(write_bank(bank))


def test_a_reference_to_an_undefined_action_is_reported(catalogues, bank, write_bank):
    bank["sections"][0]["questions"][1]["actions"] = [{"code": "ACT-GHOST", "ref": True}]
    assert "action 'ACT-GHOST' is referenced but never defined" in _load_errors(write_bank(bank))


def test_every_problem_is_reported_at_once(catalogues, bank, write_bank):
    bank["sections"][0]["questions"][0]["scale"] = "stars"
    bank["sections"][0]["questions"][1]["articles"] = ["7.1"]
    errors = _load_errors(write_bank(bank))
    assert "unknown scale" in errors and "article reference '7.1'" in errors


def test_the_command_exits_with_status_1_on_errors(catalogues, bank, write_bank):
    bank["sections"][0]["questions"][0]["scale"] = "stars"
    with pytest.raises(CommandError) as excinfo:
        call_command("load_framework", str(write_bank(bank)))
    assert excinfo.value.returncode == 1  # what manage.py exits with


def test_export_then_load_round_trips(catalogues, bank, write_bank, tmp_path):
    load_framework(path=write_bank(bank))
    exported = export_framework(slug="test-bank", version="1")
    data = yaml.safe_load(exported)
    assert data["sections"][0]["questions"][0]["actions"][1]["requires"] == ["ACT-LAW"]
    assert data["sections"][0]["questions"][1]["actions"] == [{"code": "ACT-LIST", "ref": True}]
    # Loading the export over the original is recognized as the same version...
    assert not load_framework(path=write_bank(data, "exported.yaml")).created
    # ...and into a fresh version gives the same export again.
    data["version"] = "1-copy"
    load_framework(path=write_bank(data, "copy.yaml"))
    again = yaml.safe_load(export_framework(slug="test-bank", version="1-copy"))
    assert {**again, "version": "1"} == {**data, "version": "1"}


def test_export_command_writes_yaml_to_stdout(catalogues, bank, write_bank, capsys):
    load_framework(path=write_bank(bank))
    call_command("export_framework", "test-bank", "--version", "1")
    assert yaml.safe_load(capsys.readouterr().out)["slug"] == "test-bank"


def test_a_draft_copies_a_version_and_publishing_validates_it(catalogues, bank, write_bank):
    published = load_framework(path=write_bank(bank)).framework
    draft = create_draft_from(framework=published, version="2")
    assert not draft.is_published and draft.questions.count() == 2
    draft.questions.filter(code="ART5-02").update(text="Is the list public?")
    publish_framework(framework=draft)
    draft.refresh_from_db()
    assert draft.is_published and draft.fingerprint != published.fingerprint
    assert published.questions.get(code="ART5-02").text == "Is the list published?"


def test_needs_assistance_is_loaded_exported_and_kept_by_a_draft(catalogues, bank, write_bank):
    bank["sections"][0]["questions"][0]["actions"][0]["needs_assistance"] = True
    framework = load_framework(path=write_bank(bank)).framework
    flags = dict(ActionTemplate.objects.filter(framework=framework).values_list("code", "needs_assistance"))
    assert flags == {"ACT-LAW": True, "ACT-LIST": False}
    exported = yaml.safe_load(export_framework(slug="test-bank", version="1"))
    law, listing = exported["sections"][0]["questions"][0]["actions"]
    assert law["needs_assistance"] is True and "needs_assistance" not in listing  # false is the default
    draft = create_draft_from(framework=framework, version="2")
    assert draft.action_templates.get(code="ACT-LAW").needs_assistance


@pytest.mark.parametrize("value", ["yes", 1, None])
def test_needs_assistance_must_be_true_or_false(catalogues, bank, write_bank, value):
    bank["sections"][0]["questions"][0]["actions"][0]["needs_assistance"] = value
    assert "ART5/ART5-01/ACT-LAW: needs_assistance must be true or false" in _load_errors(write_bank(bank))


def test_the_change_log_is_loaded_and_exported(catalogues, bank, write_bank):
    bank["changes"] = ["ART5-02: encouraged -> qualified."]
    framework = load_framework(path=write_bank(bank)).framework
    assert framework.changes == ["ART5-02: encouraged -> qualified."]
    assert yaml.safe_load(export_framework(slug="test-bank", version="1"))["changes"] == framework.changes


@pytest.mark.parametrize("changes", ["One line, not a list", [], ["fine", ""], [{"code": "ART5-01"}]])
def test_a_malformed_change_log_is_reported(catalogues, bank, write_bank, changes):
    bank["changes"] = changes
    assert ": changes: " in _load_errors(write_bank(bank))


def test_an_older_version_loaded_after_a_newer_one_is_not_the_newest(catalogues, bank, write_bank):
    # Shipped files load in name order: att-compliance-2027.1.yaml comes before att-compliance.yaml (2026.1).
    for version in ("2026.10", "2026.2", "2026.1", "2027.1-rc"):
        load_framework(path=write_bank(bank | {"version": version}, f"{version}.yaml"))
    newest_first = Framework.objects.published().filter(slug="test-bank").order_by("-published_at")
    assert list(newest_first.values_list("version", flat=True)) == ["2027.1-rc", "2026.10", "2026.2", "2026.1"]
    assert yaml.safe_load(export_framework(slug="test-bank"))["version"] == "2027.1-rc"
