from django.urls import reverse

from assessments.models import Answer, SectionReview
from assessments.services import save_position
from tests.assessments.conftest import membership_of


def _save_url(assessment, code="ART5-01"):
    return reverse("assessments:save_answer", args=[assessment.pk, code])


def _post(client, assessment, code="ART5-01", htmx=False, **data):
    payload = {"value": "", "reason": "", "notes": "", "legal_references": "", "version": 0} | data
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(_save_url(assessment, code), payload, **headers)


def test_contributor_saves_their_agency_position(team, assessment, client_for):
    client = client_for(team["licensing"])
    response = _post(client, assessment, value="partly", notes="Draft list exists", legal_references="Arms Act: s. 4")
    assert response.status_code == 302
    answer = Answer.objects.get()
    assert answer.agency == membership_of(team, "licensing").agency
    assert (answer.value, answer.notes, answer.version, answer.author) == (
        "partly",
        "Draft list exists",
        1,
        team["licensing"],
    )
    assert answer.legal_references == [{"instrument": "Arms Act", "provision": "s. 4"}]
    assert SectionReview.objects.get().status == "in_progress"


def test_autosave_answers_with_the_new_version_and_a_saved_status(team, assessment, client_for):
    client = client_for(team["licensing"])
    response = _post(client, assessment, htmx=True, value="in_place")
    assert response.status_code == 200
    assert 'id="version-ART5-01" value="1" data-hx-swap-oob="true"' in response.text
    assert "Saved at" in response.text


def test_autosave_of_unchanged_content_makes_no_new_version(team, assessment, client_for):
    client = client_for(team["licensing"])
    _post(client, assessment, htmx=True, value="in_place")
    _post(client, assessment, htmx=True, value="in_place", version=1)
    answer = Answer.objects.get()
    assert answer.version == 1 and answer.history.count() == 1


def test_not_applicable_requires_a_reason_and_keeps_what_was_typed(team, assessment, client_for):
    client = client_for(team["licensing"])
    response = _post(client, assessment, value="not_applicable", notes="My long notes")
    assert response.status_code == 422
    assert "Say why this does not apply to your country." in response.text
    assert "My long notes" in response.text
    assert 'value="not_applicable" id="v-ART5-01-not_applicable" checked' in response.text
    assert not Answer.objects.exists()


def test_not_applicable_error_comes_back_inside_the_form_for_autosave(team, assessment, client_for):
    client = client_for(team["licensing"])
    response = _post(client, assessment, htmx=True, value="not_applicable", notes="Kept")
    assert response.status_code == 200 and response["HX-Reswap"] == "outerHTML"
    assert "Say why this does not apply" in response.text and "Kept" in response.text


def test_an_unknown_option_is_refused(team, assessment, client_for):
    client = client_for(team["licensing"])
    response = _post(client, assessment, value="excellent", notes="Keep me")
    assert response.status_code == 422
    assert "Select a valid choice" in response.text and "Keep me" in response.text
    assert not Answer.objects.exists()


def test_a_stale_save_is_refused_and_shows_what_the_other_person_saved(team, assessment, client_for, framework):
    other = membership_of(team, "licensing")
    question = framework.questions.get(code="ART5-01")
    save_position(
        membership=other,
        question=question,
        value="in_place",
        reason="",
        notes="Theirs",
        legal_references=[],
        base_version=0,
    )
    # A colleague of the same agency opened the page before that save (version 0).
    colleague = team["licensing"]
    response = _post(client_for(colleague), assessment, value="not_in_place", notes="Mine")
    assert response.status_code == 409
    assert "after you opened it" in response.text
    assert "Theirs" in response.text and "Mine" in response.text
    assert Answer.objects.get().notes == "Theirs"


def test_keep_mine_after_a_conflict_saves_over_theirs(team, assessment, client_for, framework):
    other = membership_of(team, "licensing")
    question = framework.questions.get(code="ART5-01")
    save_position(
        membership=other,
        question=question,
        value="in_place",
        reason="",
        notes="Theirs",
        legal_references=[],
        base_version=0,
    )
    response = _post(client_for(team["licensing"]), assessment, value="not_in_place", notes="Mine", keep_mine="1")
    assert response.status_code == 302
    answer = Answer.objects.get()
    assert (answer.notes, answer.version) == ("Mine", 2)


def test_agencies_keep_separate_positions_and_history(team, assessment, client_for):
    _post(client_for(team["licensing"]), assessment, value="in_place")
    _post(client_for(team["customs"]), assessment, value="not_in_place")
    _post(client_for(team["customs"]), assessment, value="partly", version=1)
    assert Answer.objects.count() == 2
    customs = Answer.objects.get(agency__agency_type__code="customs")
    values = list(customs.history.order_by("history_date").values_list("value", "history_user"))
    assert values == [("not_in_place", team["customs"].pk), ("partly", team["customs"].pk)]


def test_observer_cannot_answer(team, assessment, client_for):
    response = _post(client_for(team["observer"]), assessment, value="in_place")
    assert response.status_code == 403
    assert not Answer.objects.exists()


def test_locked_assessment_refuses_answers(team, assessment, client_for):
    client_for(team["coordinator"]).post(reverse("assessments:lock", args=[assessment.pk]), {"locked": "1"})
    response = _post(client_for(team["licensing"]), assessment, value="in_place")
    assert response.status_code == 403
    assert not Answer.objects.exists()


def test_answering_a_question_of_another_framework_is_404(team, assessment, client_for):
    response = _post(client_for(team["licensing"]), assessment, code="NOPE-01", value="in_place")
    assert response.status_code == 404


def test_save_answer_refuses_get(team, assessment, client_for):
    assert client_for(team["licensing"]).get(_save_url(assessment)).status_code == 405


def test_section_page_shows_questions_positions_and_forms(team, assessment, client_for):
    _post(client_for(team["customs"]), assessment, value="not_in_place")
    response = client_for(team["licensing"]).get(reverse("assessments:section", args=[assessment.pk, "ART5"]))
    assert response.status_code == 200
    assert "Is there a control list?" in response.text
    assert "<strong>In place</strong> means a list adopted by regulation." in response.text  # guidance
    assert 'data-hx-post="/assessments/' in response.text and 'type="submit"' in response.text  # autosave + plain save
    assert "CUS: <strong>Not in place</strong>" in response.text


def test_section_page_in_french(team, assessment, client_for):
    response = client_for(team["licensing"]).get(
        reverse("assessments:section", args=[assessment.pk, "ART5"]), HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert "Existe-t-il une liste de contrôle ?" in response.text
    assert "Système de contrôle" in response.text


def test_section_page_requires_login(client, assessment):
    response = client.get(reverse("assessments:section", args=[assessment.pk, "ART5"]))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_the_history_says_what_each_version_changed_references_included(team, assessment, client_for):
    client = client_for(team["licensing"])
    _post(client, assessment, value="partly", notes="Draft", version=0)
    _post(client, assessment, value="partly", notes="Draft", legal_references="Arms Act: s. 4", version=1)
    response = client.get(reverse("assessments:question", args=[assessment.pk, "ART5-01"]))
    newest, first = response.context["history"]
    assert first.created and not newest.created
    assert newest.changes == ["legal references"]
    assert "Arms Act: s. 4" in response.text and "legal references" in response.text
