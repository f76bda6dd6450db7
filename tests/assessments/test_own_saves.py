"""A page never conflicts with itself: its own earlier saves, and saves of what is already stored, go through."""

from assessments.models import Answer, Membership, Role
from tests.assessments.conftest import membership_of
from tests.assessments.test_answers import _post
from tests.factories import UserFactory


def test_a_second_save_of_the_same_content_from_the_opening_version_is_not_a_conflict(team, assessment, client_for):
    client = client_for(team["licensing"])
    first = _post(client, assessment, htmx=True, value="partly", notes="Draft list", version=0)
    assert first.status_code == 200
    # The Save button's request left with version 0 before the autosave's answer came back.
    again = _post(client, assessment, htmx=True, value="partly", notes="Draft list", version=0)
    assert again.status_code == 200 and "after you opened it" not in again.text
    assert Answer.objects.get().version == 1


def test_the_same_pages_own_earlier_save_is_not_a_conflict(team, assessment, client_for):
    client = client_for(team["licensing"])
    _post(client, assessment, htmx=True, value="partly", notes="Draft", version=0, editor="page-1")
    later = _post(client, assessment, htmx=True, value="partly", notes="Draft list, more", version=0, editor="page-1")
    assert later.status_code == 200 and "after you opened it" not in later.text
    answer = Answer.objects.get()
    assert (answer.notes, answer.version) == ("Draft list, more", 2)


def test_another_tab_of_the_same_user_that_saved_something_else_is_a_conflict(team, assessment, client_for):
    client = client_for(team["licensing"])
    _post(client, assessment, htmx=True, value="partly", notes="From tab one", version=0, editor="tab-1")
    other_tab = _post(client, assessment, value="in_place", notes="From tab two", version=0, editor="tab-2")
    assert other_tab.status_code == 409 and "after you opened it" in other_tab.text
    assert Answer.objects.get().notes == "From tab one"


def test_a_colleague_reusing_a_token_still_conflicts(team, assessment, client_for):
    """The token counts only for the user who made the save: it is no key to another person's answer."""
    colleague = membership_of(team, "licensing").user
    _post(client_for(colleague), assessment, htmx=True, value="partly", notes="Theirs", editor="shared")
    second = UserFactory()
    Membership.objects.create(
        assessment=assessment, user=second, agency=membership_of(team, "licensing").agency, role=Role.CONTRIBUTOR
    )
    response = _post(client_for(second), assessment, value="in_place", notes="Mine", version=0, editor="shared")
    assert response.status_code == 409
    assert Answer.objects.get().notes == "Theirs"
