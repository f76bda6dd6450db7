"""Follow-up assessments: starting one from a baseline, carried-over answers, confirming them, the comparison."""

import copy

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments.follow_up import CARRIED_OVER_REASON, build_comparison, start_follow_up
from assessments.models import AgreedAnswer, Answer, Assessment, Membership, SectionAssignment
from assessments.services import agree_answer, remove_member, save_position, set_assignments
from frameworks.services import load_framework
from roadmaps.models import Roadmap, RoadmapAction
from roadmaps.services import CARRIED_OVER_REASON as ACTION_CARRIED_OVER_REASON
from roadmaps.services import add_action, generate_roadmap, update_action
from tests.assessments.conftest import membership_of
from tests.assessments.test_query_budget import BUDGET, _big_bank, _fill, _queries
from tests.conftest import MINIMAL_BANK
from tests.factories import make_team

LICENSING_NOTES = "Draft list with the defence staff"


def _save(member, question, value, *, notes="", base_version=0, reason=""):
    return save_position(
        membership=member,
        question=question,
        value=value,
        reason=reason,
        notes=notes,
        legal_references=[],
        base_version=base_version,
    )


@pytest.fixture
def answered(team, framework):
    """The baseline: licensing and customs differ on ART5-01 (agreed: partly); licensing answers ART5-02."""
    art501, art502 = framework.questions.get(code="ART5-01"), framework.questions.get(code="ART5-02")
    licensing, customs = membership_of(team, "licensing"), membership_of(team, "customs")
    save_position(
        membership=licensing,
        question=art501,
        value="partly",
        reason="",
        notes=LICENSING_NOTES,
        legal_references=[{"instrument": "Arms Act", "provision": "s. 4"}],
        base_version=0,
    )
    _save(customs, art501, "not_in_place")
    _save(licensing, art502, "in_place")
    agree_answer(
        membership=membership_of(team, "coordinator"),
        question=art501,
        value="partly",
        reason="The law exists, applied unevenly",
        base_version=0,
    )
    set_assignments(assessment=team["assessment"], wanted={(art501.section_id, licensing.agency_id)})
    return team


def _start(team, framework=None, title="Follow-up 2027"):
    baseline = team["assessment"]
    return start_follow_up(
        baseline=baseline, framework=framework or baseline.framework, title=title, user=team["coordinator"]
    )


def _member(follow_up, user) -> Membership:
    return Membership.objects.select_related("assessment", "agency").get(assessment=follow_up, user=user)


@pytest.fixture
def version_two(catalogues, write_bank):
    """Version 2 of the test bank: ART5-02 retired; ART5-03 and a section ART7 new."""
    bank = copy.deepcopy(MINIMAL_BANK) | {"version": "2"}
    section = bank["sections"][0]
    section["questions"] = [
        section["questions"][0],
        {
            "code": "ART5-03",
            "text": "Are brokers registered?",
            "articles": ["10"],
            "obligation": "qualified",
            "scale": "implementation",
            "weight": 2,
            "actions": [
                {
                    "code": "ACT-BROKERS",
                    "title": "Register brokers",
                    "phase": 2,
                    "duration_months": 6,
                    "lead": "licensing",
                }
            ],
        },
    ]
    bank["sections"].append(
        {
            "code": "ART7",
            "title": "Export assessment",
            "articles": ["7"],
            "questions": [
                {
                    "code": "ART7-01",
                    "text": "Are exports assessed?",
                    "articles": ["7(1)"],
                    "obligation": "binding",
                    "scale": "implementation",
                    "weight": 3,
                    "actions": [{"code": "ACT-LAW", "ref": True}],
                }
            ],
        }
    )
    return load_framework(path=write_bank(bank, "v2.yaml")).framework


# Starting a follow-up


def test_a_follow_up_gets_the_team_assignments_and_answers_marked_as_carried_over(answered):
    started = _start(answered)
    follow_up = started.assessment
    baseline = answered["assessment"]
    assert follow_up.baseline == baseline and follow_up.country == baseline.country
    assert list(baseline.follow_ups.all()) == [follow_up]
    roles = {(m.user_id, m.agency_id, m.role) for m in baseline.memberships.all()}
    assert {(m.user_id, m.agency_id, m.role) for m in follow_up.memberships.all()} == roles
    assert list(follow_up.assignments.values_list("section__code", "agency_id")) == [
        ("ART5", membership_of(answered, "licensing").agency_id)
    ]
    positions = {(a.question.code, a.agency_id): a for a in follow_up.answers.select_related("question")}
    assert len(positions) == 3 and started.positions == 3
    copied = positions[("ART5-01", membership_of(answered, "licensing").agency_id)]
    assert (copied.value, copied.notes, copied.carried_over, copied.version) == ("partly", LICENSING_NOTES, True, 1)
    assert copied.legal_references == [{"instrument": "Arms Act", "provision": "s. 4"}]
    assert copied.author == answered["licensing"]  # who wrote it at the baseline stays attributed
    agreed = follow_up.agreed_answers.get()
    assert (agreed.value, agreed.carried_over, started.agreed) == ("partly", True, 1)
    # The baseline is untouched.
    assert not baseline.answers.filter(carried_over=True).exists()
    assert baseline.answers.count() == 3


def test_every_copied_row_has_a_history_record_saying_it_was_carried_over(answered):
    follow_up = _start(answered).assessment
    for model in (Answer, AgreedAnswer, Membership, SectionAssignment):
        records = model.history.filter(assessment_id=follow_up.pk)
        assert records.exists(), model
        assert {(r.history_change_reason, r.history_user_id) for r in records} == {
            (CARRIED_OVER_REASON, answered["coordinator"].pk)
        }, model


def test_removed_members_are_not_carried_over(answered):
    remove_member(member=membership_of(answered, "customs"))
    follow_up = _start(answered).assessment
    assert not follow_up.memberships.filter(user=answered["customs"]).exists()
    # The customs office's position still comes along: positions belong to agencies, not people.
    assert follow_up.answers.filter(agency=membership_of(answered, "customs").agency).exists()


def test_a_new_framework_version_matches_questions_by_code(answered, version_two):
    started = _start(answered, framework=version_two)
    follow_up = started.assessment
    assert started.questions.matched == ("ART5-01",)
    assert started.questions.new == ("ART5-03", "ART7-01")
    assert started.questions.retired == ("ART5-02",)
    assert set(follow_up.answers.values_list("question__code", flat=True)) == {"ART5-01"}
    assert all(a.question.framework_id == version_two.pk for a in follow_up.answers.select_related("question"))
    assert follow_up.agreed_answers.get().question.framework_id == version_two.pk
    assert list(follow_up.assignments.values_list("section__framework_id", flat=True)) == [version_two.pk]


def test_an_option_the_new_scale_lacks_is_not_carried_but_the_notes_are(answered, version_two):
    version_two.scales.get().options.filter(value="partly").delete()
    follow_up = _start(answered, framework=version_two).assessment
    licensing = follow_up.answers.get(agency=membership_of(answered, "licensing").agency)
    assert (licensing.value, licensing.notes, licensing.carried_over) == ("", LICENSING_NOTES, True)
    assert not follow_up.agreed_answers.exists()  # an agreed answer needs a value


@pytest.mark.parametrize("problem", ["title", "track", "draft"])
def test_a_follow_up_needs_a_title_and_a_published_version_of_the_same_track(answered, version_two, problem):
    framework, title = version_two, "Follow-up"
    if problem == "title":
        title = "   "
    elif problem == "track":
        version_two.track = "universalization"
        version_two.save()
    else:
        version_two.status = "draft"
        version_two.save()
    before = Assessment.objects.count()
    with pytest.raises(ValidationError):
        _start(answered, framework=framework, title=title)
    assert Assessment.objects.count() == before


# Confirming carried-over answers


def test_saving_a_carried_over_answer_unchanged_confirms_it(answered):
    follow_up = _start(answered).assessment
    licensing = _member(follow_up, answered["licensing"])
    carried = follow_up.answers.get(agency=licensing.agency, question__code="ART5-01")
    answer = save_position(
        membership=licensing,
        question=carried.question,
        value=carried.value,
        reason=carried.reason,
        notes=carried.notes,
        legal_references=carried.legal_references,
        base_version=carried.version,
    )
    assert answer.confirmed_now is True
    answer.refresh_from_db()
    assert (answer.carried_over, answer.version, answer.author) == (False, 2, answered["licensing"])
    latest = answer.history.first()
    assert latest.carried_over is False and latest.history_user == answered["licensing"]
    # Saved again unchanged: nothing more to confirm, no new version (the autosave rule).
    again = save_position(
        membership=licensing,
        question=carried.question,
        value=carried.value,
        reason=carried.reason,
        notes=carried.notes,
        legal_references=carried.legal_references,
        base_version=2,
    )
    assert again.version == 2 and answer.history.count() == 2 and not hasattr(again, "confirmed_now")


def test_changing_a_carried_over_answer_clears_the_mark(answered):
    follow_up = _start(answered).assessment
    licensing = _member(follow_up, answered["licensing"])
    carried = follow_up.answers.get(agency=licensing.agency, question__code="ART5-02")
    answer = _save(licensing, carried.question, "partly", base_version=1)
    answer.refresh_from_db()
    assert (answer.value, answer.carried_over) == ("partly", False)


def test_recording_the_agreed_answer_again_confirms_it(answered):
    follow_up = _start(answered).assessment
    coordinator = _member(follow_up, answered["coordinator"])
    carried = follow_up.agreed_answers.select_related("question").get()
    agreed = agree_answer(
        membership=coordinator, question=carried.question, value="partly", reason=carried.reason, base_version=1
    )
    assert (agreed.carried_over, agreed.version) == (False, 2)


def test_the_confirm_button_confirms_and_says_so(answered, client_for):
    follow_up = _start(answered).assessment
    client = client_for(answered["licensing"])
    url = reverse("assessments:save_answer", args=[follow_up.pk, "ART5-01"])
    data = {"value": "partly", "reason": "", "notes": LICENSING_NOTES, "legal_references": "Arms Act: s. 4"}
    response = client.post(url, data | {"version": 1}, follow=True)
    assert "Answer to ART5-01 confirmed." in response.text
    assert not follow_up.answers.get(agency__name="Licensing Office", question__code="ART5-01").carried_over


def test_autosave_of_a_carried_over_answer_removes_the_badge(answered, client_for):
    follow_up = _start(answered).assessment
    client = client_for(answered["licensing"])
    url = reverse("assessments:save_answer", args=[follow_up.pk, "ART5-02"])
    data = {"value": "not_in_place", "reason": "", "notes": "", "legal_references": "", "version": 1}
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert '<div id="carried-ART5-02" data-hx-swap-oob="delete"></div>' in response.text
    data["version"] = 2
    assert "carried-ART5-02" not in client.post(url, data | {"notes": "x"}, HTTP_HX_REQUEST="true").text


def test_the_section_page_shows_the_badge_and_counts_what_to_confirm(answered, client_for):
    follow_up = _start(answered).assessment
    client = client_for(answered["licensing"])
    page = client.get(reverse("assessments:section", args=[follow_up.pk, "ART5"])).text
    assert "2 answers of your agency in this section were carried over from the baseline assessment" in page
    assert f"Carried over from “{answered['assessment'].title}”: confirm it or change it." in page
    assert page.count("Confirm unchanged") == 2
    observer = client_for(answered["observer"]).get(reverse("assessments:section", args=[follow_up.pk, "ART5"]))
    assert "Confirm unchanged" not in observer.text  # nothing of the observer's agency to confirm, nor any right to


def test_the_overview_counts_what_is_still_to_confirm(answered, client_for):
    follow_up = _start(answered).assessment
    client = client_for(answered["licensing"])
    detail = reverse("assessments:detail", args=[follow_up.pk])
    page = client.get(detail).text
    assert "3 answers carried over from the baseline are still to confirm (2 of them your agency" in page
    assert reverse("assessments:compare", args=[follow_up.pk]) in page
    licensing = _member(follow_up, answered["licensing"])
    _save(licensing, follow_up.framework.questions.get(code="ART5-02"), "partly", base_version=1)
    assert "2 answers carried over from the baseline are still to confirm (1 of them" in client.get(detail).text


def test_a_baseline_without_follow_ups_shows_no_follow_up_notice(answered, client_for):
    page = client_for(answered["licensing"]).get(reverse("assessments:detail", args=[answered["assessment"].pk]))
    assert "still to confirm" not in page.text and "Comparison" not in page.text


# The start form


def test_the_start_form_suggests_the_newest_version_of_the_same_track(answered, version_two, client_for):
    url = reverse("assessments:follow_up", args=[answered["assessment"].pk])
    response = client_for(answered["coordinator"]).get(url)
    assert response.status_code == 200
    assert response.context["form"].initial["framework"] == version_two
    assert response.context["form"]["title"].value() == f"Follow-up: {answered['assessment'].title}"


def test_a_coordinator_starts_a_follow_up_from_the_form(answered, version_two, client_for):
    client = client_for(answered["coordinator"])
    url = reverse("assessments:follow_up", args=[answered["assessment"].pk])
    response = client.post(url, {"title": "Review 2028", "framework": version_two.pk}, follow=True)
    follow_up = Assessment.objects.get(title="Review 2028")
    assert response.redirect_chain[-1][0] == reverse("assessments:detail", args=[follow_up.pk])
    assert "2 answers carried over as starting points" in response.text  # both agencies' ART5-01 positions
    assert "2 new and 1 retired questions" in response.text


def test_a_locked_baseline_can_be_followed_up(answered, client_for):
    answered["assessment"].status = Assessment.Status.LOCKED
    answered["assessment"].save()
    url = reverse("assessments:follow_up", args=[answered["assessment"].pk])
    framework = answered["assessment"].framework
    response = client_for(answered["coordinator"]).post(url, {"title": "After the lock", "framework": framework.pk})
    assert response.status_code == 302 and Assessment.objects.filter(title="After the lock").exists()


@pytest.mark.parametrize(
    "data",
    [
        {"title": "", "framework": "FRAMEWORK"},
        {"title": "x" * 201, "framework": "FRAMEWORK"},
        {"title": "Follow-up", "framework": "987654321"},
        {"title": "Follow-up", "framework": "OTHER_TRACK"},
        {"title": "Follow-up"},
    ],
)
def test_bad_input_is_refused_and_changes_nothing(answered, client_for, catalogues, write_bank, data):
    other = load_framework(
        path=write_bank(copy.deepcopy(MINIMAL_BANK) | {"slug": "uni", "track": "universalization"}, "uni.yaml")
    ).framework
    framework = answered["assessment"].framework
    substitute = {"FRAMEWORK": str(framework.pk), "OTHER_TRACK": str(other.pk)}
    data = {key: substitute.get(value, value) for key, value in data.items()}
    before = (Assessment.objects.count(), Answer.objects.count(), Membership.objects.count())
    url = reverse("assessments:follow_up", args=[answered["assessment"].pk])
    response = client_for(answered["coordinator"]).post(url, data)
    assert response.status_code == 422 and response.context["form"].errors
    assert (Assessment.objects.count(), Answer.objects.count(), Membership.objects.count()) == before


@pytest.mark.parametrize("who", ["licensing", "observer"])
def test_members_who_do_not_coordinate_the_baseline_get_403(answered, client_for, who):
    client = client_for(answered[who])
    url = reverse("assessments:follow_up", args=[answered["assessment"].pk])
    assert client.get(url).status_code == 403
    framework = answered["assessment"].framework
    assert client.post(url, {"title": "Mine", "framework": framework.pk}).status_code == 403
    assert not Assessment.objects.filter(title="Mine").exists()


def test_outsiders_get_404_on_the_start_form(answered, client_for, outsider):
    client = client_for(outsider)
    url = reverse("assessments:follow_up", args=[answered["assessment"].pk])
    assert client.get(url).status_code == 404
    framework = answered["assessment"].framework
    assert client.post(url, {"title": "Theirs", "framework": framework.pk}).status_code == 404
    assert not Assessment.objects.filter(title="Theirs").exists()


def test_the_start_form_requires_login_and_refuses_other_methods(answered, client, client_for):
    url = reverse("assessments:follow_up", args=[answered["assessment"].pk])
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert client_for(answered["coordinator"]).put(url).status_code == 405


# The roadmap


def test_the_follow_ups_roadmap_carries_over_action_statuses_and_edits(answered):
    baseline = answered["assessment"]
    roadmap = generate_roadmap(assessment=baseline, user=answered["coordinator"])
    coordinator = membership_of(answered, "coordinator")
    law, listing = roadmap.actions.get(code="ACT-LAW"), roadmap.actions.get(code="ACT-LIST")
    update_action(
        membership=coordinator,
        action=law,
        data={"status": "done", "notes": "Enacted in March"},
        base_version=law.version,
    )
    update_action(
        membership=coordinator,
        action=listing,
        data={"status": "in_progress", "title": "Adopt the national control list", "cost_amount": 1500},
        base_version=listing.version,
    )
    custom = add_action(
        membership=coordinator,
        roadmap=roadmap,
        data={"title": "Team retreat", "phase": 1, "start": roadmap.start_date, "end": roadmap.start_date},
    )
    follow_up = _start(answered).assessment
    assert not Roadmap.objects.filter(assessment=follow_up).exists()  # generated by the team, when it wants

    carried = {a.code: a for a in generate_roadmap(assessment=follow_up, user=answered["coordinator"]).actions.all()}
    assert (carried["ACT-LAW"].status, carried["ACT-LAW"].notes) == ("done", "Enacted in March")
    assert carried["ACT-LIST"].status == "in_progress"
    assert carried["ACT-LIST"].title == "Adopt the national control list"
    assert carried["ACT-LIST"].edited_fields == ["title"] and carried["ACT-LIST"].cost_amount == 1500
    assert custom.code not in carried  # the team's own actions stay with the baseline
    first = RoadmapAction.history.filter(id=carried["ACT-LAW"].pk).earliest("history_date")
    assert first.history_change_reason == ACTION_CARRIED_OVER_REASON

    # Regenerating keeps the follow-up's own edits: the baseline counts only when an action first appears.
    update_action(
        membership=_member(follow_up, answered["coordinator"]),
        action=carried["ACT-LIST"],
        data={"status": "done"},
        base_version=carried["ACT-LIST"].version,
    )
    regenerated = generate_roadmap(assessment=follow_up, user=answered["coordinator"])
    assert regenerated.actions.get(code="ACT-LIST").status == "done"
    assert roadmap.actions.get(code="ACT-LIST").status == "in_progress"  # the baseline's roadmap is untouched


def test_a_roadmap_without_a_baseline_starts_as_generated(answered):
    roadmap = generate_roadmap(assessment=answered["assessment"], user=answered["coordinator"])
    assert set(roadmap.actions.values_list("status", flat=True)) == {"planned"}


# The comparison


def _improve(answered, follow_up):
    """The follow-up's agreed answer on ART5-01 rises from partly to in place."""
    return agree_answer(
        membership=_member(follow_up, answered["coordinator"]),
        question=follow_up.framework.questions.get(code="ART5-01"),
        value="in_place",
        reason="The list was adopted",
        base_version=1,
    )


def test_the_comparison_has_before_after_and_change_by_section_and_article(answered):
    follow_up = _start(answered).assessment
    _improve(answered, follow_up)
    comparison = build_comparison(follow_up)
    # Before: ART5-01 partly (3 x binding 3 = 9) and ART5-02 in place (1 x encouraged 1 = 1): 5.5 / 10.
    assert comparison.overall.before == pytest.approx(0.55) and comparison.overall.after == pytest.approx(1.0)
    assert comparison.overall.points == 45
    assert [(code, change.points) for code, _title, change in comparison.sections] == [("ART5", 45)]
    assert [(change.key, change.points) for change in comparison.by_article] == [("5", 45)]
    assert comparison.new_questions == [] and comparison.retired_questions == []
    assert build_comparison(answered["assessment"]) is None


def test_the_comparison_page_shows_the_numbers_and_the_new_and_retired_questions(answered, version_two, client_for):
    follow_up = _start(answered, framework=version_two).assessment
    _improve(answered, follow_up)
    response = client_for(answered["customs"]).get(reverse("assessments:compare", args=[follow_up.pk]))
    assert response.status_code == 200
    text = response.text
    for expected in ("55%", "100%", "+45 points", "ART5-03", "Are brokers registered?", "ART7-01", "ART5-02"):
        assert expected in text, expected
    assert "Is the list published?" in text  # the retired question's text, from the baseline's version
    assert "not in the baseline" in text  # section ART7 and article 10 exist in the follow-up only
    assert LICENSING_NOTES not in text  # the baseline's scores, never its answers


def test_a_follow_up_member_who_was_not_on_the_baseline_sees_its_scores(answered, client_for, outsider):
    """The rule (assessments/follow_up.py): the baseline shows as scores to every member of the follow-up."""
    follow_up = _start(answered).assessment
    Membership.objects.create(
        assessment=follow_up, user=outsider, agency=membership_of(answered, "customs").agency, role="observer"
    )
    client = client_for(outsider)
    assert client.get(reverse("assessments:detail", args=[answered["assessment"].pk])).status_code == 404
    page = client.get(reverse("assessments:compare", args=[follow_up.pk]))
    assert page.status_code == 200 and "55%" in page.text


def test_an_assessment_that_is_no_follow_up_says_so_on_the_comparison_page(answered, client_for):
    response = client_for(answered["licensing"]).get(reverse("assessments:compare", args=[answered["assessment"].pk]))
    assert response.status_code == 200 and "is not a follow-up" in response.text


def test_outsiders_and_baseline_only_members_get_404_on_the_comparison(answered, client_for, outsider):
    follow_up = _start(answered).assessment
    url = reverse("assessments:compare", args=[follow_up.pk])
    assert client_for(outsider).get(url).status_code == 404
    # Someone on the baseline's team but not (any more) on the follow-up's sees nothing of it.
    Membership.objects.filter(assessment=follow_up, user=answered["customs"]).delete()
    assert client_for(answered["customs"]).get(url).status_code == 404


def test_the_comparison_page_requires_login_and_refuses_post(answered, client, client_for):
    follow_up = _start(answered).assessment
    url = reverse("assessments:compare", args=[follow_up.pk])
    assert "/accounts/login/" in client.get(url).url
    assert client_for(answered["licensing"]).post(url).status_code == 405


def test_a_follow_up_export_imports_as_a_standalone_assessment(answered):
    from assessments.exchange import export_assessment, import_assessment

    follow_up = _start(answered).assessment
    copy_ = import_assessment(data=export_assessment(assessment=follow_up), imported_by=answered["coordinator"])
    assert copy_.baseline is None
    assert copy_.answers.count() == 3 and not copy_.answers.filter(carried_over=True).exists()


# Query budgets


@pytest.fixture
def big_team(catalogues, write_bank):
    return make_team(load_framework(path=write_bank(_big_bank(20))).framework)


def _compare_queries(team, client) -> int:
    follow_up = _start(team).assessment
    client.force_login(team["licensing"])
    return _queries(client, reverse("assessments:compare", args=[follow_up.pk]))


# The session and the user, the membership, the baseline, a gap report of each (8 queries each), the menu's
# regional check, and the session's save (3): the same with one question or a hundred.
COMPARE_BUDGET = 24


def test_the_comparison_page_queries_do_not_grow_with_the_data(big_team, framework, client):
    small_team = make_team(framework, country_code="TH")
    _fill(small_team, agencies=2, comments=1)
    small = _compare_queries(small_team, client)
    _fill(big_team, agencies=5, comments=30, extra_actions=12)
    large = _compare_queries(big_team, client)
    assert large == small and large <= COMPARE_BUDGET


def test_the_section_and_overview_pages_of_a_follow_up_stay_flat(big_team, framework, client):
    """One query more than the baseline's pages at most (the baseline's title on the badge), whatever the data."""
    small_team = make_team(framework, country_code="TH")
    _fill(small_team, agencies=2, comments=1)
    _fill(big_team, agencies=5, comments=30)
    counts = {}
    for name, team in (("small", small_team), ("large", big_team)):
        follow_up = _start(team).assessment
        client.force_login(team["licensing"])
        counts[name] = [
            _queries(client, reverse("assessments:section", args=[follow_up.pk, "ART5"])),
            _queries(client, reverse("assessments:detail", args=[follow_up.pk])),
        ]
    assert counts["small"] == counts["large"]
    assert counts["large"][0] <= BUDGET["section"] + 1 and counts["large"][1] <= BUDGET["detail"]
