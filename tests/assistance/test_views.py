"""The assistance pages: list, draft from the roadmap, edit with the budget, status, and who may do what."""

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import SecurityEvent
from assistance.models import AssistanceRequest, BudgetLine
from assistance.services import draft_request
from reference.models import AssistanceSource
from roadmaps.services import generate_roadmap
from tests.assessments.conftest import membership_of
from tests.factories import UserFactory, make_team


def _url(name, team, draft=None):
    args = [team["assessment"].pk] + ([draft.pk] if draft is not None else [])
    return reverse(f"assistance:{name}", args=args)


def _edit(draft, lines=(), **changes):
    data = {
        "title": draft.title,
        "source": draft.source_id,
        "actions": [a.pk for a in draft.actions.all()],
        "need": draft.need,
        "objective": draft.objective,
        "activities": draft.activities,
        "outputs": draft.outputs,
        "duration_months": draft.duration_months or "",
        "implementing_partner": draft.implementing_partner,
        "national_counterpart": draft.national_counterpart_id or "",
        "amount_requested": draft.amount_requested if draft.amount_requested is not None else "",
        "currency": draft.currency,
        "version": draft.version,
        "lines-TOTAL_FORMS": len(lines),
        "lines-INITIAL_FORMS": draft.budget_lines.count(),
        "lines-MIN_NUM_FORMS": 0,
        "lines-MAX_NUM_FORMS": 100,
    }
    for n, (description, amount) in enumerate(lines):
        data[f"lines-{n}-description"] = description
        data[f"lines-{n}-amount"] = amount
    return data | changes


def test_a_contributor_drafts_a_request_from_the_roadmap(team, client_for, roadmap, vtf, law):
    client = client_for(team["licensing"])
    page = client.get(_url("new", team))
    assert page.status_code == 200 and "Pass the law" in page.text and "Adopt the list" not in page.text
    response = client.post(_url("new", team), {"source": vtf.pk, "actions": [law.pk]})
    draft = AssistanceRequest.objects.get()
    assert response.status_code == 302 and response.url == draft.get_absolute_url()
    assert draft.source == vtf and list(draft.actions.all()) == [law] and draft.created_by == team["licensing"]
    detail = client.get(response.url)
    assert "Article 5(2)" in detail.text and "Pass the law" in detail.text


def test_the_source_in_the_address_chooses_the_actions_that_name_it(team, client_for, roadmap, law):
    form = client_for(team["licensing"]).get(_url("new", team), {"source": "vtf"}).context["form"]
    assert form.initial == {"source": AssistanceSource.objects.get(code="vtf"), "actions": [law.pk]}
    for junk in ("nope", "vtf\x00", "<script>", "x" * 500):
        page = client_for(team["licensing"]).get(_url("new", team), {"source": junk})
        assert page.status_code == 200 and page.context["form"].initial == {}


def test_actions_of_another_roadmap_or_not_needing_assistance_and_unknown_sources_are_form_errors(
    team, client_for, roadmap, vtf, law, framework
):
    other = make_team(framework, country_code="FR")
    elsewhere = generate_roadmap(assessment=other["assessment"], user=other["coordinator"]).actions.get(code="ACT-LAW")
    listing = roadmap.actions.get(code="ACT-LIST")
    client = client_for(team["licensing"])
    for data in (
        {"source": vtf.pk, "actions": [elsewhere.pk]},
        {"source": vtf.pk, "actions": [law.pk, listing.pk]},
        {"source": vtf.pk, "actions": []},
        {"source": 987654321, "actions": [law.pk]},
        {"source": "vtf", "actions": [law.pk]},
    ):
        response = client.post(_url("new", team), data)
        assert response.status_code == 422 and response.context["form"].errors, data
    assert not AssistanceRequest.objects.exists()


def test_the_team_edits_the_outline_and_the_budget(team, client_for, draft, law):
    client = client_for(team["customs"])
    response = client.post(
        _url("detail", team, draft),
        _edit(
            draft,
            lines=[("Pass the law", "40000"), ("Drafting workshop", "7500.25"), ("", "")],
            objective="Adopt a complete law",
            implementing_partner="UNRCPD",
            amount_requested="",
        ),
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.objective == "Adopt a complete law" and draft.implementing_partner == "UNRCPD"
    assert [(line.description, line.amount) for line in draft.budget_lines.all()] == [
        ("Pass the law", Decimal("40000.00")),
        ("Drafting workshop", Decimal("7500.25")),
    ]
    assert draft.amount_requested == Decimal("47500.25") and draft.version == 2
    page = client.get(_url("detail", team, draft)).text
    assert "47,500.25" in page


def test_a_line_with_an_amount_needs_a_description_and_nothing_is_saved(team, client_for, draft):
    response = client_for(team["customs"]).post(_url("detail", team, draft), _edit(draft, lines=[("", "100")]))
    assert response.status_code == 422 and "Say what this amount pays for." in response.text
    assert BudgetLine.objects.get().amount == Decimal("48000.00")


def test_a_counterpart_of_another_country_or_an_action_of_another_roadmap_is_refused(
    team, client_for, draft, framework
):
    other = make_team(framework, country_code="FR")
    elsewhere = generate_roadmap(assessment=other["assessment"], user=other["coordinator"]).actions.get(code="ACT-LAW")
    client = client_for(team["customs"])
    foreign = membership_of(other, "customs").agency_id
    for changes in ({"national_counterpart": foreign}, {"actions": [elsewhere.pk]}, {"source": 987654321}):
        response = client.post(_url("detail", team, draft), _edit(draft, **changes))
        assert response.status_code == 422 and response.context["form"].errors, changes
    draft.refresh_from_db()
    assert draft.version == 1


def test_a_stale_edit_shows_their_version(team, client_for, draft):
    client_for(team["customs"]).post(_url("detail", team, draft), _edit(draft, title="Their title"))
    response = client_for(team["licensing"]).post(_url("detail", team, draft), _edit(draft, title="My title"))
    assert response.status_code == 409
    assert "saved this request after you opened it" in response.text and "Their title" in response.text
    draft.refresh_from_db()
    assert draft.title == "Their title"


def test_marking_a_request_submitted_then_funded_is_in_its_history(team, client_for, draft):
    client = client_for(team["coordinator"])
    assert client.post(_url("status", team, draft), {"status": "submitted", "version": 1}).status_code == 302
    refused = client.post(_url("status", team, draft), {"status": "funded", "amount_granted": "", "version": 2})
    assert refused.status_code == 422 and "Give the amount granted." in refused.text
    response = client.post(_url("status", team, draft), {"status": "funded", "amount_granted": "30000", "version": 2})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.amount_granted) == ("funded", Decimal("30000.00"))
    page = client.get(_url("detail", team, draft)).text
    history = page[page.index("History") :]
    assert "Funded" in history and "Submitted" in history and "Drafted" in history
    stale = client.post(_url("status", team, draft), {"status": "declined", "version": 2})
    assert stale.status_code == 409


def test_observers_read_but_do_not_write(team, client_for, draft, vtf, law):
    client = client_for(team["observer"])
    assert client.get(_url("list", team)).status_code == 200
    page = client.get(_url("detail", team, draft))
    assert page.status_code == 200 and "<fieldset disabled>" in page.text and "Save status" not in page.text
    assert client.get(_url("outline", team, draft)).status_code == 200
    assert client.get(_url("new", team)).status_code == 403
    assert client.post(_url("new", team), {"source": vtf.pk, "actions": [law.pk]}).status_code == 403
    assert client.post(_url("detail", team, draft), _edit(draft, title="X")).status_code == 403
    assert client.post(_url("status", team, draft), {"status": "submitted", "version": 1}).status_code == 403
    draft.refresh_from_db()
    assert draft.title == "Pass the law" and draft.status == "drafted"


def test_a_locked_assessment_takes_no_request(team, client_for, draft, vtf, law):
    team["assessment"].status = "locked"
    team["assessment"].save()
    client = client_for(team["coordinator"])
    assert client.post(_url("new", team), {"source": vtf.pk, "actions": [law.pk]}).status_code == 403
    assert client.post(_url("status", team, draft), {"status": "submitted", "version": 1}).status_code == 403


URLS = [
    ("list", False, "get"),
    ("new", False, "get"),
    ("new", False, "post"),
    ("detail", True, "get"),
    ("detail", True, "post"),
    ("status", True, "post"),
    ("outline", True, "get"),
]


@pytest.mark.parametrize(("name", "with_id", "method"), URLS)
def test_an_outsider_gets_404_everywhere(team, client_for, draft, name, with_id, method):
    client = client_for(UserFactory(is_staff=True))
    response = getattr(client, method)(_url(name, team, draft if with_id else None))
    assert response.status_code == 404


@pytest.mark.parametrize(("name", "with_id", "method"), URLS)
def test_anonymous_visitors_are_sent_to_sign_in(team, client, draft, name, with_id, method):
    response = getattr(client, method)(_url(name, team, draft if with_id else None))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_another_teams_request_is_not_found(team, client_for, draft, framework, vtf):
    other = make_team(framework, country_code="FR")
    theirs_roadmap = generate_roadmap(assessment=other["assessment"], user=other["coordinator"])
    theirs = draft_request(
        assessment=other["assessment"],
        source=vtf,
        actions=[theirs_roadmap.actions.get(code="ACT-LAW")],
        user=other["coordinator"],
    )
    client = client_for(team["coordinator"])
    pk = team["assessment"].pk
    assert client.get(reverse("assistance:detail", args=[pk, theirs.pk])).status_code == 404
    assert client.get(reverse("assistance:outline", args=[pk, theirs.pk])).status_code == 404
    assert (
        client.post(
            reverse("assistance:status", args=[pk, theirs.pk]), {"status": "submitted", "version": 1}
        ).status_code
        == 404
    )
    assert (
        client.post(reverse("assistance:detail", args=[pk, theirs.pk]), _edit(theirs, title="Mine")).status_code == 404
    )
    theirs.refresh_from_db()
    assert theirs.title == "Pass the law" and theirs.status == "drafted"


def test_wrong_methods_are_refused(team, client_for, draft):
    client = client_for(team["coordinator"])
    assert client.post(_url("list", team)).status_code == 405
    assert client.get(_url("status", team, draft)).status_code == 405
    assert client.post(_url("outline", team, draft)).status_code == 405


def test_the_outline_download_is_logged(team, client_for, draft):
    response = client_for(team["observer"]).get(_url("outline", team, draft))
    assert response["Content-Disposition"] == 'attachment; filename="PH-pass-the-law-assistance-outline.docx"'
    event = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.EXPORT).get()
    assert event.user == team["observer"] and str(team["assessment"].pk) in event.detail
