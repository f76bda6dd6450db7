from django.urls import reverse

from assessments.models import AgreedAnswer, SectionAssignment, SectionReview
from assessments.services import save_position
from tests.assessments.conftest import membership_of


def _position(team, who, framework, value, code="ART5-01"):
    return save_position(
        membership=membership_of(team, who),
        question=framework.questions.get(code=code),
        value=value,
        reason="",
        notes=f"{who} view",
        legal_references=[],
        base_version=0,
    )


def test_different_agency_answers_make_a_dispute_shown_side_by_side(team, assessment, client_for, framework):
    _position(team, "licensing", framework, "in_place")
    _position(team, "customs", framework, "not_in_place")
    client = client_for(team["coordinator"])
    disputes = client.get(reverse("assessments:disputes", args=[assessment.pk]))
    assert "ART5-01" in disputes.text
    page = client.get(reverse("assessments:question", args=[assessment.pk, "ART5-01"]))
    assert "Disputed" in page.text
    assert "licensing view" in page.text and "customs view" in page.text


def test_dont_know_against_an_answer_is_not_a_dispute(team, assessment, client_for, framework):
    _position(team, "licensing", framework, "in_place")
    _position(team, "customs", framework, "unknown")
    assert (
        "ART5-01" not in client_for(team["coordinator"]).get(reverse("assessments:disputes", args=[assessment.pk])).text
    )


def test_coordinator_records_the_agreed_answer_with_a_reason(team, assessment, client_for, framework):
    _position(team, "licensing", framework, "in_place")
    _position(team, "customs", framework, "not_in_place")
    client = client_for(team["coordinator"])
    url = reverse("assessments:agree", args=[assessment.pk, "ART5-01"])
    missing_reason = client.post(url, {"value": "partly", "reason": "", "version": 0})
    assert missing_reason.status_code == 422 and "This field is required." in missing_reason.text
    assert (
        client.post(url, {"value": "partly", "reason": "Law exists, applied unevenly", "version": 0}).status_code == 302
    )
    agreed = AgreedAnswer.objects.get()
    assert (agreed.value, agreed.decided_by) == ("partly", team["coordinator"])
    assert "ART5-01" not in client.get(reverse("assessments:disputes", args=[assessment.pk])).text
    assert agreed.history.get().history_user == team["coordinator"]


def test_contributors_cannot_record_agreed_answers(team, assessment, client_for):
    url = reverse("assessments:agree", args=[assessment.pk, "ART5-01"])
    assert client_for(team["licensing"]).post(url, {"value": "partly", "reason": "x", "version": 0}).status_code == 403


def test_coordinator_assigns_sections_to_agencies_and_members_see_my_sections(team, assessment, client_for, framework):
    section = framework.sections.get(code="ART5")
    licensing = membership_of(team, "licensing").agency
    client = client_for(team["coordinator"])
    response = client.post(
        reverse("assessments:assignments", args=[assessment.pk]), {"assign": [f"{section.pk}:{licensing.pk}"]}
    )
    assert response.status_code == 302
    assert SectionAssignment.objects.get().agency == licensing
    overview = client_for(team["licensing"]).get(reverse("assessments:detail", args=[assessment.pk]))
    assert "0 of 2 answered by your agency" in overview.text
    # Unassigning keeps a trace in history.
    client = client_for(team["coordinator"])
    client.post(reverse("assessments:assignments", args=[assessment.pk]), {})
    assert SectionAssignment.history.count() == 2


def test_assignment_of_an_agency_outside_the_assessment_is_refused(team, assessment, client_for, framework):
    from tests.factories import AgencyFactory

    foreign = AgencyFactory(country__code="TH", country__name="Thailand")
    section = framework.sections.get(code="ART5")
    response = client_for(team["coordinator"]).post(
        reverse("assessments:assignments", args=[assessment.pk]),
        {"assign": [f"{section.pk}:{foreign.pk}", "x:y"]},
        follow=True,
    )
    assert "not part of this assessment" in response.text
    assert not SectionAssignment.objects.exists()


def test_section_review_cycle(team, assessment, client_for, framework):
    url = reverse("assessments:section_status", args=[assessment.pk, "ART5"])
    client_for(team["licensing"]).post(url, {"action": "submit"})
    assert SectionReview.objects.get().status == "submitted"
    assert client_for(team["licensing"]).post(url, {"action": "agree"}, follow=True).status_code == 200
    assert SectionReview.objects.get().status == "submitted"  # contributors cannot agree
    client_for(team["coordinator"]).post(url, {"action": "agree"})
    assert SectionReview.objects.get().status == "agreed"
    client_for(team["coordinator"]).post(url, {"action": "reopen"})
    assert SectionReview.objects.get().status == "in_progress"


def test_locking_makes_the_assessment_read_only_until_unlocked(team, assessment, client_for):
    client_for(team["coordinator"]).post(reverse("assessments:lock", args=[assessment.pk]), {"locked": "1"})
    assessment.refresh_from_db()
    assert assessment.is_locked
    comment_url = reverse("assessments:comment", args=[assessment.pk, "ART5-01"])
    assert client_for(team["licensing"]).post(comment_url, {"body": "hi"}).status_code == 403
    client_for(team["coordinator"]).post(reverse("assessments:lock", args=[assessment.pk]), {"locked": "0"})
    assert client_for(team["licensing"]).post(comment_url, {"body": "hi"}).status_code == 302


def test_comments_thread_and_activity(team, assessment, client_for):
    client = client_for(team["customs"])
    url = reverse("assessments:comment", args=[assessment.pk, "ART5-01"])
    assert client.post(url, {"body": ""}).status_code == 422
    client.post(url, {"body": "Ports see it differently <script>alert(1)</script>"})
    page = client.get(reverse("assessments:question", args=[assessment.pk, "ART5-01"]))
    assert "Ports see it differently &lt;script&gt;" in page.text
    overview = client.get(reverse("assessments:detail", args=[assessment.pk]))
    assert "commented on" in overview.text


def test_the_overview_is_cached_until_the_team_writes(team, assessment, client_for, framework):
    from django.core.cache import cache

    cache.clear()
    client = client_for(team["coordinator"])
    url = reverse("assessments:detail", args=[assessment.pk])
    assert "Nothing yet." in client.get(url).text
    client_for(team["customs"]).post(reverse("assessments:comment", args=[assessment.pk, "ART5-01"]), {"body": "Hi"})
    assert "commented on" in client_for(team["coordinator"]).get(url).text
    _position(team, "licensing", framework, "in_place")
    _position(team, "customs", framework, "not_in_place")
    page = client_for(team["coordinator"]).get(url).text
    assert f'href="/assessments/{assessment.pk}/disputes/">1</a>' in page
