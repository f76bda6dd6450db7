import pytest
from django.urls import reverse

from frameworks.curation import ensure_curator_group
from frameworks.models import Guidance, Question
from frameworks.services import load_framework
from tests.conftest import sign_in
from tests.factories import UserFactory


@pytest.fixture
def loaded(catalogues, bank, write_bank):
    return load_framework(path=write_bank(bank)).framework


@pytest.fixture
def curator_client(client, db):
    curator = UserFactory(is_staff=True)
    curator.groups.add(ensure_curator_group())
    sign_in(client, curator)
    client.curator = curator
    return client


def test_curator_edits_guidance_and_the_edit_is_in_its_history(curator_client, loaded):
    guidance = Guidance.objects.get(question__code="ART5-01")
    url = reverse("admin:frameworks_guidance_change", args=[guidance.pk])
    page = curator_client.get(url)
    assert page.status_code == 200
    assert "<strong>In place</strong>" in page.text  # rendered preview
    response = curator_client.post(url, {"body": "New advice with <script>x()</script>", "translations": "{}"})
    assert response.status_code == 302
    guidance.refresh_from_db()
    assert guidance.body.startswith("New advice")
    assert "<script" not in guidance.html_for("en")
    latest = guidance.history.first()
    assert latest.history_user == curator_client.curator
    assert guidance.history.count() == 2
    history_page = curator_client.get(reverse("admin:frameworks_guidance_history", args=[guidance.pk]))
    assert history_page.status_code == 200


def test_curator_cannot_touch_users(curator_client, loaded):
    assert curator_client.get(reverse("admin:accounts_user_changelist")).status_code == 403
    assert curator_client.get(reverse("admin:auth_group_changelist")).status_code == 403


def test_published_question_wording_cannot_be_changed_in_the_admin(curator_client, loaded):
    question = Question.objects.get(code="ART5-01")
    url = reverse("admin:frameworks_question_change", args=[question.pk])
    page = curator_client.get(url)
    assert page.status_code == 200
    assert 'name="text"' not in page.text  # read-only
    curator_client.post(url, {"text": "Changed?", "guidance-TOTAL_FORMS": "0"})
    question.refresh_from_db()
    assert question.text == "Is there a control list?"


def test_curator_adds_a_translation_to_a_published_question(curator_client, loaded):
    question = Question.objects.get(code="ART5-01")
    fingerprint = question.framework.fingerprint
    url = reverse("admin:frameworks_question_change", args=[question.pk])
    inlines = {
        f"{prefix}-{key}": "0"
        for prefix in ("guidance", "resources")
        for key in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS")
    }
    page = curator_client.get(url)
    assert 'name="translations"' in page.text and 'name="text"' not in page.text
    translations = '{"fr": {"text": "Existe-t-il une liste de contrôle ?"}, "es": {"text": "¿Existe una lista?"}}'
    response = curator_client.post(url, {"translations": translations, **inlines})
    assert response.status_code == 302, response.text[:3000]
    question.refresh_from_db()
    assert question.translated("text", "es") == "¿Existe una lista?"
    assert question.text == "Is there a control list?"
    question.framework.refresh_from_db()
    assert question.framework.fingerprint != fingerprint  # the cached blank questionnaires are made anew


def test_question_search_and_filters_answer(curator_client, loaded):
    changelist = reverse("admin:frameworks_question_changelist")
    assert "ART5-01" in curator_client.get(changelist, {"q": "control list"}).text
    assert "ART5-01" in curator_client.get(changelist, {"q": "5(2)"}).text
    by_article = curator_client.get(changelist, {"article": "5"}).text
    assert "ART5-01" in by_article and "ART5-02" in by_article
    assert "ART5-01" not in curator_client.get(changelist, {"article": "7"}).text
    assert "ART5-02" not in curator_client.get(changelist, {"obligation__exact": "binding"}).text


def test_curator_creates_a_draft_version_with_the_admin_action(curator_client, loaded):
    response = curator_client.post(
        reverse("admin:frameworks_framework_changelist"),
        {"action": "new_draft_version", "_selected_action": [loaded.pk]},
    )
    assert response.status_code == 302
    assert loaded.__class__.objects.filter(slug=loaded.slug, version="1-draft", status="draft").exists()


def test_curators_flag_in_the_list_which_action_templates_typically_need_outside_help(curator_client, loaded):
    from frameworks.models import ActionTemplate

    url = reverse("admin:frameworks_actiontemplate_changelist")
    page = curator_client.get(url)
    assert page.status_code == 200 and 'name="form-0-needs_assistance"' in page.text
    law, listing = ActionTemplate.objects.filter(framework=loaded).order_by("code")
    form = {"form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "2", "_save": "Save"}
    for index, template in enumerate((law, listing)):
        form[f"form-{index}-id"] = str(template.pk)
    form["form-1-needs_assistance"] = "on"  # only ACT-LIST ticked
    assert curator_client.post(url, form).status_code == 302
    law.refresh_from_db()
    listing.refresh_from_db()
    assert (law.needs_assistance, listing.needs_assistance) == (False, True)
    assert listing.history.first().history_user == curator_client.curator
