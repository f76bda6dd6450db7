"""Bank translation files: a language joins a bank without touching its file, with a review state per item."""

import datetime

import pytest
import yaml
from django.core.management import CommandError, call_command

from frameworks.models import Framework, Guidance, Question, Resource, ScaleOption, TranslationReview
from frameworks.services import export_framework, load_framework
from frameworks.translation_status import translation_status

THAI = {
    "bank": "test-bank",
    "version": "1",
    "language": "th",
    "review": {"state": "machine-assisted"},
    "framework": {"title": "ชุดคำถามทดสอบ"},
    "scales": {"implementation": {"in_place": "มีแล้ว"}},
    "sections": {"ART5": {"title": "ระบบควบคุม"}},
    "questions": {
        "ART5-01": {
            "text": "มีบัญชีควบคุมหรือไม่",
            "guidance": "**มีแล้ว** หมายถึงบัญชีที่ออกเป็นระเบียบ",
            "resources": {"https://thearmstradetreaty.org/reporting.html": "การรายงาน"},
            "review": {"state": "reviewed", "by": "Khun Somchai", "on": datetime.date(2026, 11, 30)},
        }
    },
    "actions": {"ACT-LAW": {"title": "ตรากฎหมาย"}},
}


@pytest.fixture
def with_translation(tmp_path):
    def write(bank_path, data, language="th"):
        folder = bank_path.parent / "translations"
        folder.mkdir(exist_ok=True)
        (folder / f"{bank_path.stem}.{language}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))

    return write


def test_a_translation_file_beside_the_bank_loads_with_it(catalogues, bank, write_bank, with_translation):
    path = write_bank(bank)
    with_translation(path, THAI)
    framework = load_framework(path=path).framework
    question = Question.objects.get(code="ART5-01")
    assert framework.translated("title", "th") == "ชุดคำถามทดสอบ"
    assert question.translated("text", "th") == "มีบัญชีควบคุมหรือไม่"
    assert question.section.translated("title", "th") == "ระบบควบคุม"
    assert "<strong>มีแล้ว</strong>" in Guidance.objects.get(question=question).html_for("th")
    assert Resource.objects.get(question=question).translated("title", "th") == "การรายงาน"
    assert ScaleOption.objects.get(scale__framework=framework, value="in_place").translated("label", "th") == "มีแล้ว"
    assert framework.action_templates.get(code="ACT-LAW").translated("title", "th") == "ตรากฎหมาย"
    # The French written in the bank file itself is kept as it was.
    assert question.translated("text", "fr") == "Existe-t-il une liste de contrôle ?"
    # An export carries the language inline, in the documented bank format.
    exported = yaml.safe_load(export_framework(slug="test-bank"))
    assert exported["sections"][0]["questions"][0]["translations"]["th"]["text"] == "มีบัญชีควบคุมหรือไม่"


def test_every_translated_item_carries_its_review_state(catalogues, bank, write_bank, with_translation):
    path = write_bank(bank)
    with_translation(path, THAI)
    framework = load_framework(path=path).framework
    reviews = {(r.kind, r.code, r.language): r for r in TranslationReview.objects.filter(framework=framework)}
    reviewed = reviews[("question", "ART5-01", "th")]
    assert reviewed.is_reviewed and reviewed.reviewer_name() == "Khun Somchai"
    assert reviewed.reviewed_at.date() == datetime.date(2026, 11, 30)
    assert reviews[("action", "ACT-LAW", "th")].state == TranslationReview.State.MACHINE_ASSISTED
    assert reviews[("resource", "ART5-01 https://thearmstradetreaty.org/reporting.html", "th")]
    # Inline translations in the bank file are machine-assisted until a curator says otherwise.
    assert reviews[("section", "ART5", "fr")].state == TranslationReview.State.MACHINE_ASSISTED


def test_a_language_joins_a_loaded_version_and_a_curators_review_stays(
    catalogues, bank, write_bank, with_translation, admin_user
):
    path = write_bank(bank)
    framework = load_framework(path=path).framework
    fr_section = TranslationReview.objects.get(framework=framework, kind="section", language="fr")
    fr_section.state, fr_section.reviewed_by = TranslationReview.State.REVIEWED, admin_user
    fr_section.save()
    with_translation(path, THAI)
    result = load_framework(path=path)
    assert result.translations_added > 0
    assert Question.objects.get(code="ART5-01").translated("text", "th") == "มีบัญชีควบคุมหรือไม่"
    fr_section.refresh_from_db()
    assert fr_section.is_reviewed, "loading again must not undo a curator's review"
    # Guidance and resources are outside the fingerprint, and still join.
    assert Resource.objects.get().translated("title", "th") == "การรายงาน"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t["questions"].update({"NOPE-01": {"text": "x"}}), "questions.NOPE-01: no such question"),
        (lambda t: t.update({"version": "2"}), "this file translates test-bank 2, not this bank"),
        (lambda t: t["sections"]["ART5"].update({"code": "x"}), "'code' cannot be translated here"),
        (
            lambda t: t["sections"]["ART5"].update({"title": "Autre"}) or t.update({"language": "fr"}),
            "both in the bank",
        ),
        (lambda t: t["actions"]["ACT-LAW"].update({"review": {"state": "reviewed"}}), "names who reviewed it"),
        (lambda t: t["scales"]["implementation"].update({"maybe": "x"}), "no such answer option"),
    ],
)
def test_a_bad_translation_file_loads_nothing_and_says_where(
    catalogues, bank, write_bank, with_translation, change, message
):
    path = write_bank(bank)
    broken = yaml.safe_load(yaml.safe_dump(THAI, allow_unicode=True))
    change(broken)
    with_translation(path, broken, language=broken["language"])
    with pytest.raises(CommandError) as excinfo:
        call_command("load_framework", str(path))
    assert message in str(excinfo.value)
    assert Framework.objects.count() == 0


def test_translation_status_counts_texts_translated_and_reviewed(catalogues, bank, write_bank, with_translation):
    path = write_bank(bank)
    with_translation(path, THAI)
    framework = load_framework(path=path).framework
    rows = {row.language: row for row in translation_status([framework])[framework]}
    # Texts: bank title, 5 labels, section title, 2 questions' text and guidance, 1 resource, 2 actions.
    assert rows["th"].texts == 1 + 5 + 1 + 4 + 1 + 2
    assert rows["th"].translated == 1 + 1 + 1 + 2 + 1 + 1
    assert rows["th"].reviewed == 2  # ART5-01's text and guidance
    assert rows["fr"].translated == 2 and rows["fr"].reviewed == 0
    assert rows["es"].translated == 0


def test_translation_status_command_prints_every_language(shipped_banks, db, capsys):
    call_command("translation_status")
    out = capsys.readouterr().out
    assert "att-compliance 2027.1" in out and "att-universalization 2027.1" in out
    for language in ("fr", "es", "th", "id"):
        assert f"\n  {language} " in out


@pytest.fixture
def curator_client(client, db):
    from frameworks.curation import ensure_curator_group
    from tests.conftest import sign_in
    from tests.factories import UserFactory

    curator = UserFactory(is_staff=True, full_name="Ana Curator")
    curator.groups.add(ensure_curator_group())
    sign_in(client, curator)
    client.curator = curator
    return client


def test_a_curator_filters_marks_reviewed_and_corrects_translations_with_history(
    curator_client, catalogues, bank, write_bank, with_translation
):
    from django.urls import reverse

    path = write_bank(bank)
    with_translation(path, THAI)
    framework = load_framework(path=path).framework
    changelist = reverse("admin:frameworks_translationreview_changelist")
    listed = curator_client.get(
        changelist, {"state__exact": "machine-assisted", "language__exact": "th", "framework__id__exact": framework.pk}
    )
    assert listed.status_code == 200
    rows = [r for r in listed.content.decode().split("<tr") if 'class="action-select"' in r]
    assert any("ACT-LAW" in row for row in rows)
    assert not any(">ART5-01<" in row for row in rows), "the reviewed question is filtered out"
    assert len(rows) == TranslationReview.objects.filter(framework=framework, language="th").count() - 1

    action = TranslationReview.objects.get(framework=framework, kind="action", code="ACT-LAW", language="th")
    response = curator_client.post(changelist, {"action": "mark_reviewed", "_selected_action": [action.pk]})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.is_reviewed and action.reviewed_by == curator_client.curator

    section = TranslationReview.objects.get(framework=framework, kind="section", code="ART5", language="th")
    page = curator_client.get(reverse("admin:frameworks_translationreview_change", args=[section.pk]))
    assert "Control system" in page.content.decode(), "the English stands beside the translation"
    response = curator_client.post(
        reverse("admin:frameworks_translationreview_change", args=[section.pk]), {"text_title": "ระบบการควบคุม"}
    )
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.is_reviewed and section.reviewer_name() == "Ana Curator"
    assert framework.sections.get(code="ART5").translated("title", "th") == "ระบบการควบคุม"
    assert section.history.count() == 2  # loaded, then reviewed with the correction


def test_the_readmes_language_table_is_true(shipped_banks, db, capsys):
    """The README's table is the command's output over the shipped banks: regenerate it with
    `manage.py translation_status --markdown` when translations or reviews change."""
    from django.conf import settings

    call_command("translation_status", "--markdown")
    table = capsys.readouterr().out.strip()
    readme = (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")
    assert table in readme, f"update the README's language table to:\n{table}"
