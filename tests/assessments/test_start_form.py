"""The start form: the newest questionnaires named by track, an acronym for the first agency, a warning when the
questionnaire does not fit the state's treaty status, and states found by their common names."""

from django.urls import reverse

from accounts.forms import AccessRequestForm
from assessments.forms import StartAssessmentForm
from assessments.models import Assessment
from reference.country_names import choice_label
from tests.accounts.factories_officials import make_official
from tests.factories import AgencyTypeFactory, CountryFactory


def _post(client, country, framework, **extra):
    data = {
        "country": country.pk,
        "framework": framework.pk,
        "title": "Readiness 2027",
        "agency_type": AgencyTypeFactory(code="foreign-affairs").pk,
        "agency_name": "Ministry of Foreign Affairs",
    }
    return client.post(reverse("assessments:start"), data | extra)


def test_a_non_party_choosing_the_compliance_questionnaire_is_warned_and_may_go_on(framework, logged_in_client, user):
    country = CountryFactory(code="ID", name="Indonesia", att_status="not_joined")
    make_official(user, country)
    warned = _post(logged_in_client, country, framework)
    assert warned.status_code == 200 and not Assessment.objects.exists()
    assert "Indonesia is not a State Party: the universalization questionnaire fits it." in warned.text
    assert 'name="other_track"' in warned.text and "Readiness 2027" in warned.text
    assert _post(logged_in_client, country, framework, other_track="on").status_code == 302
    assert Assessment.objects.get().framework == framework


def test_no_warning_where_the_questionnaire_fits_or_the_status_is_unknown(framework, logged_in_client, user):
    party = CountryFactory(code="PH", name="Philippines", att_status="state_party")
    make_official(user, party)
    form = StartAssessmentForm(user=user)
    assert "other_track" not in form.fields
    assert _post(logged_in_client, party, framework).status_code == 302


def test_the_questionnaires_are_the_newest_versions_named_by_track(framework, bank, write_bank, user):
    from frameworks.services import load_framework

    newer = load_framework(path=write_bank(bank | {"version": "2"}, name="v2.yaml")).framework
    make_official(user, CountryFactory(code="PH"))
    field = StartAssessmentForm(user=user).fields["framework"]
    labels = [label for value, label in field.choices if value]
    assert list(field.queryset) == [newer]
    assert labels == ["Implementing the treaty (compliance track): Test bank (2)"]


def test_states_are_listed_and_found_by_their_common_names(db):
    iran = CountryFactory(code="IR", name="Islamic Republic of Iran")
    bolivia = CountryFactory(code="BO", name="Plurinational State of Bolivia")
    viet_nam = CountryFactory(code="VN", name="Viet Nam")
    assert choice_label(iran) == "Iran (Islamic Republic of Iran)"
    labels = [label for value, label in AccessRequestForm().fields["country"].choices if value]
    assert labels.index("Bolivia (Plurinational State of Bolivia)") < labels.index("Iran (Islamic Republic of Iran)")
    assert labels.index("Iran (Islamic Republic of Iran)") < labels.index(choice_label(viet_nam))
    assert bolivia.pk in [value.value for value, _label in AccessRequestForm().fields["country"].choices if value]
