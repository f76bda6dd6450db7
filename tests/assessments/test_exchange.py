import copy
import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import IntegrityError
from django.urls import reverse

from accounts.models import User
from assessments import exchange
from assessments.exchange import ExchangeError, export_assessment, import_assessment, read_document
from assessments.models import (
    AgreedAnswer,
    Answer,
    Assessment,
    Comment,
    Evidence,
    Membership,
    Role,
    SectionAssignment,
    SectionReview,
)
from assessments.selectors import question_history
from assessments.services import (
    add_comment,
    add_evidence,
    agree_answer,
    change_section_status,
    remove_member,
    save_position,
    set_assignments,
)
from reference.models import Agency
from roadmaps.models import Milestone, Roadmap, RoadmapAction
from roadmaps.services import generate_roadmap, update_action
from tests.assessments.conftest import membership_of
from tests.factories import AgencyFactory, CountryFactory, UserFactory

START = date(2026, 11, 30)
LEGAL = [{"title": "Strategic Trade Act", "reference": "s. 4"}]


def _position(team, who, question, value, *, base_version, reason="", notes="", legal_references=()):
    return save_position(
        membership=membership_of(team, who),
        question=question,
        value=value,
        reason=reason,
        notes=notes,
        legal_references=list(legal_references),
        base_version=base_version,
    )


@pytest.fixture
def rich(team, framework, settings, tmp_path):
    """An assessment with every kind of content, built through the services as a team would."""
    settings.MEDIA_ROOT = tmp_path
    assessment = team["assessment"]
    art5_01, art5_02 = framework.questions.get(code="ART5-01"), framework.questions.get(code="ART5-02")
    coordinator, licensing = membership_of(team, "coordinator"), membership_of(team, "licensing")
    _position(team, "licensing", art5_01, "partly", base_version=0)
    _position(
        team, "licensing", art5_01, "not_in_place", base_version=1, notes="Draft law stalled", legal_references=LEGAL
    )
    _position(team, "customs", art5_01, "not_applicable", base_version=0, reason="Customs has no role here")
    _position(team, "customs", art5_02, "not_in_place", base_version=0)
    agree_answer(membership=coordinator, question=art5_01, value="partly", reason="First reading", base_version=0)
    agree_answer(membership=coordinator, question=art5_01, value="not_in_place", reason="Agreed", base_version=1)
    add_comment(membership=licensing, question=art5_01, body="Révision prévue — see the gazette")
    add_evidence(membership=licensing, question=art5_01, title="Gazette", url="https://gazette.example.org/act")
    add_evidence(
        membership=coordinator,
        question=art5_02,
        title="Manual",
        upload=SimpleUploadedFile("manual.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"),
    )
    set_assignments(assessment=assessment, wanted={(art5_01.section_id, licensing.agency_id)})
    change_section_status(membership=licensing, section=art5_01.section, action="submit")
    remove_member(member=membership_of(team, "observer"))
    roadmap = generate_roadmap(assessment=assessment, user=team["coordinator"], start_date=START)
    roadmap.set_introduction("The minister asked for this plan.\nIt goes to cabinet in March.", user=coordinator.user)
    law = roadmap.actions.get(code="ACT-LAW")
    update_action(
        membership=coordinator,
        action=law,
        base_version=law.version,
        data={
            "title": "Amend the Strategic Trade Act",
            "status": "in_progress",
            "cost_amount": Decimal("50000.50"),
            "supporting_agencies": [membership_of(team, "customs").agency],
        },
    )
    return assessment


# What each exported model leaves out of the document, and why: a new field must be exported or listed here.
LEFT_OUT = {
    # country and framework at the top; updated_at: import; require_two_factor: the copy's own team decides again;
    # baseline: another assessment, which the document does not carry: an imported assessment stands alone;
    # needs_review: the receiving portal's staff decide on their own
    Assessment: {"id", "country", "framework", "updated_at", "require_two_factor", "baseline", "needs_review"},
    # carried_over means "from the baseline, still to confirm", and an import has no baseline: its answers arrive
    # as the team's own (and keeping the document's shape keeps every version-1 file importable)
    # editor: the token of the browser page that saved last, meaningful only while that page is open
    Answer: {"id", "assessment", "carried_over", "editor"},
    AgreedAnswer: {"id", "assessment", "carried_over"},
    Agency: {"id", "country"},  # agencies belong to the document's country
    Evidence: {"id", "assessment", "file"},  # the bytes stay behind; has_file says there was one
    RoadmapAction: {"id", "roadmap"},
    Milestone: {"id", "roadmap"},
}


@pytest.mark.parametrize(
    ("model", "names"),
    [
        (User, exchange.USERS),
        (Agency, exchange.AGENCIES),
        (Assessment, exchange.ASSESSMENT),
        (Membership, exchange.TEAM),
        (SectionAssignment, exchange.ASSIGNMENTS),
        (SectionReview, exchange.REVIEWS),
        (Answer, exchange.ANSWERS),
        (AgreedAnswer, exchange.AGREED),
        (Evidence, exchange.EVIDENCE),
        (Comment, exchange.COMMENTS),
        (Roadmap, exchange.ROADMAP),
        (RoadmapAction, exchange.ACTIONS),
        (Milestone, exchange.MILESTONES),
    ],
)
def test_every_field_is_exported_or_deliberately_left_out(model, names):
    if model is User:  # an account is matched by email; the rest of it is not the assessment's
        assert set(names) == {"email", "full_name"}
        return
    fields = {field.name for field in model._meta.concrete_fields}
    assert fields - set(names) == LEFT_OUT.get(model, {"id", "assessment"})


def test_every_link_of_an_action_is_exported():
    assert set(exchange.LINKS) == {field.name for field in RoadmapAction._meta.many_to_many}


def _without_export_time(document):
    return {key: value for key, value in document.items() if key != "exported_at"}


def _counts():
    return Assessment.objects.count(), User.objects.count(), Agency.objects.count(), Answer.history.count()


def test_the_export_contains_everything_by_natural_keys(rich, team):
    document = export_assessment(assessment=rich)
    assert document["format"] == "att-portal-assessment" and document["format_version"] == exchange.FORMAT_VERSION
    assert document["framework"] == {"slug": "test-bank", "version": "1"} and document["country"] == "PH"
    assert document["assessment"]["title"] == "Assessment of Country PH"
    assert document["assessment"]["created_by"] == team["coordinator"].email
    assert {user["email"] for user in document["users"]} == {
        team[who].email for who in ("coordinator", "licensing", "customs", "observer")
    }
    assert {"name": "Customs Office", "acronym": "CUS", "agency_type": "customs"} in document["agencies"]
    observer = next(member for member in document["team"] if member["user"] == team["observer"].email)
    assert observer["role"] == "observer" and observer["removed_at"] is not None
    assert document["assignments"] == [{"section": "ART5", "agency": "Licensing Office"}]
    assert (
        document["section_reviews"][0]["section"] == "ART5" and document["section_reviews"][0]["status"] == "submitted"
    )
    licensing = next(a for a in document["answers"] if a["agency"] == "Licensing Office")
    assert licensing["value"] == "not_in_place" and licensing["version"] == 2 and licensing["legal_references"] == LEGAL
    assert [record["value"] for record in licensing["history"]] == ["partly", "not_in_place"]
    assert [record["history_type"] for record in licensing["history"]] == ["+", "~"]
    assert {record["history_user"] for record in licensing["history"]} == {team["licensing"].email}
    agreed = document["agreed_answers"][0]
    assert agreed["version"] == 2 and [record["reason"] for record in agreed["history"]] == ["First reading", "Agreed"]
    link, upload = sorted(document["evidence"], key=lambda item: item["title"])
    assert link["url"] == "https://gazette.example.org/act" and not link["has_file"]
    assert (
        upload["has_file"] and upload["original_name"] == "manual.pdf" and upload["content_type"] == "application/pdf"
    )
    assert document["comments"][0]["body"] == "Révision prévue — see the gazette"
    roadmap = document["roadmap"]
    assert roadmap["start_date"] == "2026-11-30" and roadmap["milestones"]
    law, listing = roadmap["actions"]
    assert law["code"] == "ACT-LAW" and law["template"] == "ACT-LAW" and law["title"] == "Amend the Strategic Trade Act"
    assert law["edited_fields"] == ["title"] and law["cost_amount"] == "50000.50" and law["version"] == 2
    assert law["lead_agency"] == "Justice Office" and law["lead_agency_type"] == "justice"
    assert law["supporting_agencies"] == ["Customs Office"] and law["assistance_sources"] == ["vtf"]
    assert listing["depends_on"] == ["ACT-LAW"] and listing["gaps"] == ["ART5-01", "ART5-02"]
    assert law["history"][-1]["status"] == "in_progress" and law["history"][-1]["supporting_agencies"] == [
        "Customs Office"
    ]
    text = exchange.document_json(document)
    assert '"id"' not in text and "_id" not in text


def test_the_export_takes_a_fixed_number_of_queries(rich, django_assert_max_num_queries):
    with django_assert_max_num_queries(30):
        export_assessment(assessment=rich)


def test_two_exports_differ_only_in_their_time(rich):
    first, second = export_assessment(assessment=rich), export_assessment(assessment=rich)
    assert _without_export_time(first) == _without_export_time(second)


def test_a_file_written_before_the_roadmap_introduction_still_imports(rich):
    document = json.loads(exchange.document_json(export_assessment(assessment=rich)))
    assert document["roadmap"]["introduction"].startswith("The minister asked")
    del document["roadmap"]["introduction"]
    copy_ = import_assessment(data=document)
    assert Roadmap.objects.get(assessment=copy_).introduction == ""


def test_export_then_import_then_export_gives_the_same_document_but_for_exported_at(rich):
    # bulk_history_create writes "" where a form would require text: what the database holds must come back.
    Answer.history.filter(assessment_id=rich.pk).update(history_change_reason="")
    original = export_assessment(assessment=rich)
    copy_ = import_assessment(data=json.loads(exchange.document_json(original)))
    assert copy_.pk != rich.pk and copy_.importer_membership is None
    assert _without_export_time(export_assessment(assessment=copy_)) == _without_export_time(original)


def test_history_is_kept_with_its_dates_users_and_order(rich, framework):
    copy_ = import_assessment(data=export_assessment(assessment=rich))
    question = framework.questions.get(code="ART5-01")

    def trail(assessment):
        return [
            (r.history_date, r.history_user_id, r.history_type, r.value)
            for r in question_history(assessment=assessment, question=question)
        ]

    assert trail(copy_) == trail(rich) and len(trail(copy_)) == 5
    for model in (Answer, AgreedAnswer):
        assert (
            model.history.filter(assessment_id=copy_.pk).count() == model.history.filter(assessment_id=rich.pk).count()
        )
    law = RoadmapAction.objects.get(roadmap__assessment=copy_, code="ACT-LAW")
    original = RoadmapAction.objects.get(roadmap__assessment=rich, code="ACT-LAW")
    assert [(r.history_date, r.status) for r in law.history.order_by("history_date")] == [
        (r.history_date, r.status) for r in original.history.order_by("history_date")
    ]
    # Rows whose history the document does not carry start their trail with the import.
    review = SectionReview.objects.get(assessment=copy_)
    assert [record.history_change_reason for record in review.history.all()] == [exchange.IMPORT_REASON]


def test_missing_users_are_created_inactive_and_agencies_in_the_new_country(rich, team):
    CountryFactory(code="FR", name="France")
    document = export_assessment(assessment=rich)
    text = exchange.document_json(document).replace(team["observer"].email, "newcomer@example.org")
    document = json.loads(text) | {"country": "FR"}
    copy_ = import_assessment(data=document)
    newcomer = User.objects.get(email="newcomer@example.org")
    assert not newcomer.is_active and not newcomer.has_usable_password()
    assert copy_.memberships.get(user=newcomer).role == Role.OBSERVER
    agencies = Agency.objects.filter(country__code="FR")
    assert {(a.name, a.agency_type.code) for a in agencies} >= {
        ("Customs Office", "customs"),
        ("Justice Office", "justice"),
    }
    assert not copy_.memberships.exclude(agency__country__code="FR").exists()


def test_the_importer_joins_as_a_coordinator(rich, framework):
    staff = UserFactory(is_staff=True)
    copy_ = import_assessment(data=export_assessment(assessment=rich), imported_by=staff)
    membership = copy_.importer_membership
    assert membership.user == staff and membership.role == Role.COORDINATOR and membership.removed_at is None
    assert (
        Membership.objects.get(assessment=copy_, user=staff).history.get().history_change_reason
        == exchange.IMPORTER_REASON
    )


def _broken(document, path, value):
    document = copy.deepcopy(document)
    *parents, last = path
    node = document
    for key in parents:
        node = node[key]
    if value is KeyError:
        del node[last]
    else:
        node[last] = value
    return document


BAD_DOCUMENTS = [
    (("framework", "version"), "9", "framework: no framework test-bank version 9 here"),
    (("country",), "ZZ", "country: no country with code 'ZZ' here"),
    (("format_version",), 99, "format_version: 99 is not supported"),
    (("answers", 0, "question"), "ART9-99", "answers[0].question: unknown question code 'ART9-99'"),
    (("comments",), KeyError, "comments: missing"),
    (("answers", 0, "value"), KeyError, "answers[0].value: missing"),
    (("answers", 0, "version"), "2", "answers[0].version: must be a whole number"),
    (("assessment", "title"), 5, "assessment.title: must be a string"),
    (
        ("answers", 0, "history", 0, "history_date"),
        "yesterday",
        "answers[0].history[0].history_date: must be a date",
    ),
    (("team", 0, "role"), "boss", "team[0].role: 'boss' is not one of 'coordinator', 'contributor', 'observer'"),
    (("agreed_answers", 0, "reason"), "", "agreed_answers[0].reason: an agreed answer needs a reason"),
    (
        ("roadmap", "actions", 0, "cost_amount"),
        "-1",
        "roadmap.actions[0].cost_amount: Ensure this value is greater than",
    ),
    (
        ("roadmap", "actions", 0, "assistance_sources"),
        ["gold"],
        "roadmap.actions[0].assistance_sources: unknown assistance source code 'gold'",
    ),
    (("agencies", 0, "agency_type"), "navy", "agencies[0].agency_type: unknown agency type code 'navy'"),
    (("evidence", 0, "title"), "x" * 201, "evidence[0].title: Ensure this value has at most 200 characters"),
    (("answers", 0, "reason"), "", "answers[0].reason: a reason is required when the answer is 'not applicable'"),
    (("answers", 1, "value"), "maybe", "answers[1].value: 'maybe' is not an option of the scale of question ART5-01"),
    (("evidence", 0, "url"), "", "evidence[0]: evidence needs a url, or has_file: true"),
    (("roadmap", "actions", 1, "depends_on"), ["ACT-NONE"], "roadmap.actions[1].depends_on: no action with code"),
    (("team",), [], "team: needs at least one coordinator"),
]


def test_bad_documents_are_refused_with_a_clear_message_and_nothing_is_loaded(rich):
    document = export_assessment(assessment=rich)
    before = _counts()
    for path, value, message in BAD_DOCUMENTS:
        with pytest.raises(ExchangeError) as error:
            import_assessment(data=_broken(document, path, value))
        assert any(problem.startswith(message) for problem in error.value.messages), (message, error.value.messages)
        assert _counts() == before


def test_every_problem_is_listed_at_once(rich):
    document = export_assessment(assessment=rich)
    document["answers"].append(copy.deepcopy(document["answers"][1]))
    document["answers"][0]["question"] = "NOPE"
    document["comments"][0]["author"] = "stranger@example.org"
    document["roadmap"]["actions"][0]["end"] = "2000-01-01"
    with pytest.raises(ExchangeError) as error:
        import_assessment(data=document)
    assert len(error.value.messages) == 4
    assert "answers[3]: another entry has the same question and agency" in error.value.messages
    assert "comments[0].author: 'stranger@example.org' is not listed in users" in error.value.messages
    assert "roadmap.actions[0].end: must not be before start" in error.value.messages


def test_a_failure_while_writing_leaves_nothing_behind(rich, monkeypatch):
    def fail(*args, **kwargs):
        raise IntegrityError("boom")

    monkeypatch.setattr(exchange, "_seat_importer", fail)
    staff = UserFactory(is_staff=True)
    before = _counts()
    with pytest.raises(ExchangeError, match="the database refused it"):
        import_assessment(data=export_assessment(assessment=rich), imported_by=staff)
    assert _counts() == before


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b'{"format": ', "file: not valid JSON (line 1, column 12"),
        ("{}".encode("utf-16"), "file: not UTF-8 text"),
        (b"[" * 100_000 + b"]" * 100_000, "file: not a JSON document this portal can read"),
    ],
)
def test_a_file_that_is_not_json_text_is_refused(raw, message):
    with pytest.raises(ExchangeError) as error:
        read_document(io.BytesIO(raw))
    assert error.value.messages[0].startswith(message)


def test_a_document_that_is_not_an_export_is_refused(db):
    with pytest.raises(ExchangeError, match="not an assessment export"):
        import_assessment(data={"hello": "world"})
    with pytest.raises(ExchangeError, match="must be a JSON object"):
        import_assessment(data=[1, 2])


# Management commands


def test_the_commands_export_to_stdout_or_a_file_and_import_printing_the_new_id(rich, tmp_path):
    out = io.StringIO()
    call_command("export_assessment", str(rich.pk), stdout=out)
    assert _without_export_time(json.loads(out.getvalue())) == _without_export_time(export_assessment(assessment=rich))
    path = tmp_path / "export.json"
    call_command("export_assessment", str(rich.pk), "-o", str(path), stdout=io.StringIO())
    out = io.StringIO()
    call_command("import_assessment", str(path), stdout=out)
    new_id = int(out.getvalue())
    assert new_id != rich.pk and Assessment.objects.get(pk=new_id).title == rich.title


def test_the_import_command_fails_with_the_messages_and_exit_status_1(rich, tmp_path):
    document = export_assessment(assessment=rich)
    document["framework"]["version"] = "9"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document))
    with pytest.raises(CommandError, match="framework: no framework test-bank version 9") as error:
        call_command("import_assessment", str(path))
    assert error.value.returncode == 1
    with pytest.raises(CommandError, match="file not found"):
        call_command("import_assessment", str(tmp_path / "missing.json"))
    with pytest.raises(CommandError, match="No assessment 999999"):
        call_command("export_assessment", "999999")


# Views


def test_coordinators_download_the_export_as_an_attachment(team, client_for):
    assessment = team["assessment"]
    response = client_for(team["coordinator"]).get(reverse("assessments:export", args=[assessment.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="PH-assessment-of-country-ph.json"'
    assert json.loads(response.content)["assessment"]["title"] == assessment.title


@pytest.mark.parametrize(("who", "status"), [("licensing", 403), ("observer", 403), ("outsider", 404)])
def test_only_coordinators_may_export(team, client_for, who, status):
    user = team.get(who) or UserFactory()
    assert client_for(user).get(reverse("assessments:export", args=[team["assessment"].pk])).status_code == status


def test_export_needs_sign_in_and_get(team, client, client_for):
    url = reverse("assessments:export", args=[team["assessment"].pk])
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert client_for(team["coordinator"]).post(url).status_code == 405


def test_the_import_page_is_hidden_from_everyone_but_staff(team, client, client_for):
    url = reverse("assessments:import")
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert client_for(team["coordinator"]).get(url).status_code == 404
    assert client_for(team["coordinator"]).post(url).status_code == 404
    staff = client_for(UserFactory(is_staff=True))
    assert staff.get(url).status_code == 200 and staff.put(url).status_code == 405


def _upload(client, content, name="export.json"):
    return client.post(reverse("assessments:import"), {"file": SimpleUploadedFile(name, content)})


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not json", "file: not valid JSON"),
        (b"\xff\xfe\x00", "file: not UTF-8 text"),
        (b'{"format": "att-portal-assessment", "format_version": 1}', "framework: must be an object"),
        (b"[]", "document: must be a JSON object"),
    ],
)
def test_a_bad_upload_shows_its_problems_and_loads_nothing(team, client_for, content, message):
    before = _counts()
    response = _upload(client_for(UserFactory(is_staff=True)), content)
    assert response.status_code == 422 and message in response.text
    assert _counts()[:3] == (before[0], before[1] + 1, before[2])  # the staff user, nothing else


def test_an_upload_over_the_size_limit_is_refused(team, client_for, monkeypatch):
    monkeypatch.setattr(exchange, "MAX_DOCUMENT_BYTES", 1024 * 1024)
    response = _upload(client_for(UserFactory(is_staff=True)), b" " * (1024 * 1024 + 1))
    assert response.status_code == 422 and "file: larger than 1 MB" in response.text


def test_an_upload_without_a_file_asks_for_one(db, client_for):
    response = client_for(UserFactory(is_staff=True)).post(reverse("assessments:import"))
    assert response.status_code == 422 and "choose the JSON file" in response.text


def test_a_good_upload_opens_the_new_assessment_for_the_importer(rich, client_for):
    staff = UserFactory(is_staff=True, agency=AgencyFactory(country=rich.country))
    client = client_for(staff)
    response = _upload(client, exchange.document_json(export_assessment(assessment=rich)).encode())
    new = Assessment.objects.exclude(pk=rich.pk).get()
    assert response.status_code == 302 and response.url == new.get_absolute_url()
    assert new.memberships.get(user=staff).agency == staff.agency
    assert client.get(response.url).status_code == 200
