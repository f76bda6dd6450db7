"""Destructive actions ask first, on a page of their own that says what will happen; the page's form does it."""

import pytest
from django.urls import reverse

from assessments.models import Invitation, Membership, SectionReview, SectionStatus
from tests.assessments.conftest import membership_of


def test_removing_a_member_asks_first_and_changes_nothing_until_confirmed(team, assessment, client_for):
    member = membership_of(team, "customs")
    url = reverse("assessments:remove", args=[assessment.pk, member.pk])
    page = client_for(team["coordinator"]).get(url)
    assert page.status_code == 200
    assert "can no longer open this assessment" in page.text and "Remove from the team" in page.text
    assert f'action="{url}"' in page.text
    assert Membership.objects.active().filter(pk=member.pk).exists()
    assert client_for(team["coordinator"]).post(url).status_code == 302
    assert not Membership.objects.active().filter(pk=member.pk).exists()


def test_the_team_page_links_to_the_confirmation_instead_of_removing_in_one_click(team, assessment, client_for):
    member = membership_of(team, "customs")
    html = client_for(team["coordinator"]).get(reverse("assessments:team", args=[assessment.pk])).text
    url = reverse("assessments:remove", args=[assessment.pk, member.pk])
    assert f'href="{url}"' in html and f'action="{url}"' not in html


def test_revoking_an_invitation_asks_first(team, assessment, client_for):
    client = client_for(team["coordinator"])
    client.post(
        reverse("assessments:invite", args=[assessment.pk]),
        {"email": "new@example.org", "agency": membership_of(team, "customs").agency.pk, "role": "contributor"},
    )
    invitation = Invitation.objects.get(email="new@example.org")
    url = reverse("assessments:revoke", args=[assessment.pk, invitation.pk])
    page = client.get(url)
    assert page.status_code == 200 and "stops working at once" in page.text
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_unlocking_asks_first(team, assessment, client_for):
    client = client_for(team["coordinator"])
    client.post(reverse("assessments:lock", args=[assessment.pk]), {"locked": "1"})
    page = client.get(reverse("assessments:lock", args=[assessment.pk]))
    assert page.status_code == 200 and "may change" in page.text
    assert 'name="locked" value="0"' in page.text
    assessment.refresh_from_db()
    assert assessment.is_locked
    client.post(reverse("assessments:lock", args=[assessment.pk]), {"locked": "0"})
    assessment.refresh_from_db()
    assert not assessment.is_locked


def test_reopening_a_section_asks_first(team, assessment, client_for, framework):
    section = framework.sections.get()
    client = client_for(team["coordinator"])
    url = reverse("assessments:section_status", args=[assessment.pk, section.code])
    client.post(url, {"action": "submit"})
    client.post(url, {"action": "agree"})
    page = client.get(url)
    assert page.status_code == 200 and "No answer is deleted" in page.text
    assert SectionReview.objects.get().status == SectionStatus.AGREED
    client.post(url, {"action": "reopen"})
    assert SectionReview.objects.get().status == SectionStatus.IN_PROGRESS


@pytest.mark.parametrize("who", ["licensing", "observer"])
def test_only_coordinators_see_the_confirmation_pages(team, assessment, client_for, who):
    member = membership_of(team, "customs")
    client = client_for(team[who])
    assert client.get(reverse("assessments:remove", args=[assessment.pk, member.pk])).status_code == 403
    assert client.get(reverse("assessments:lock", args=[assessment.pk])).status_code == 403
