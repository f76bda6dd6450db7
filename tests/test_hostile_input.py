"""Hostile and random input posted to every form of the app.

For each form-handling POST endpoint (the table ENDPOINTS, checked against the
URLconf as tests/test_isolation.py does, so a new POST route must be listed),
hypothesis posts three kinds of submission:

* *broken*: a valid submission with one field spoiled: too long (100,000
  characters), NUL and other control characters, text where a number, date or
  choice belongs, the id of another country's object, missing, or sent twice
  with the bad value last (the one Django reads). It must be refused clearly
  and nothing stored may change;
* *random*: every field kept, dropped, replaced by hostile text (script tags,
  SQL fragments, template syntax...) or sent several times, plus unknown fields;
* *raw*: a form-encoded body with invalid UTF-8 in one field (CESU-8
  surrogates, overlong forms): the test client cannot encode unpaired
  surrogates in a str, so they go as the bytes a browser could send.

Random and raw submissions may be accepted or refused, but never with a 5xx;
if refused, nothing stored changes; if accepted, the pages that show the data
still render. "Refused" means a 4xx, or a 200/302 carrying form errors or an
error message, which is how some views answer.

The teams are built once per test; every example runs in a savepoint that is
rolled back, so examples do not see each other's data. Set HOSTILE_EXAMPLES
to hunt longer than the default. Cases worth keeping whatever hypothesis
draws are pinned at the end of the module.
"""

import ipaddress
import os
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from urllib.parse import quote_from_bytes

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.tokens import default_token_generator
from django.contrib.messages import constants, get_messages
from django.core import mail
from django.db import connection, transaction
from django.forms import BaseForm
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import User
from accounts.services import enable_two_factor
from accounts.two_factor import SETUP_SESSION_KEY, new_secret
from assessments.models import (
    AgreedAnswer,
    Answer,
    Assessment,
    Comment,
    Evidence,
    Invitation,
    Membership,
    SectionAssignment,
    SectionReview,
)
from assessments.services import agree_answer, invite_member
from assistance.models import AssistanceRequest, BudgetLine
from assistance.services import draft_request
from reference.models import Agency, AgencyType, AssistanceSource
from regional.models import Sharing
from roadmaps.models import Milestone, Roadmap, RoadmapAction
from roadmaps.services import generate_roadmap
from tests.accounts.factories_officials import verify_team
from tests.assessments.conftest import membership_of
from tests.conftest import verify_two_factor
from tests.factories import PASSWORD, AgencyFactory, CountryFactory, UserFactory, make_team
from tests.test_isolation import COORDINATOR_GET_ROUTES, GET_ROUTES, POST_ROUTES, _scoped_routes
from workshops.models import Decision, Workshop
from workshops.services import create_workshop

EXAMPLES = settings(
    max_examples=int(os.environ.get("HOSTILE_EXAMPLES", 8)),  # raise it to hunt longer
    deadline=None,
    database=None,  # no .hypothesis/ directory in the working tree
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

MISSING = object()  # the field is left out of the submission


class Long(str):
    """A long string that hypothesis reports by its length, not its 100,000 characters."""

    def __repr__(self):
        return f"<{len(self)} characters: {str.__repr__(self[:10])}…>"


HUGE = Long("x" * 100_000)
SQL = "'; DROP TABLE assessments_answer; --"
SCRIPT = "<script>alert(1)</script>"
CONTROL = "".join(chr(code) for code in range(32)) + "\x7f"
HOSTILE_WORDS = [
    HUGE,
    SQL,
    SCRIPT,
    CONTROL,
    "\x00",
    "bad\x00value",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "' OR '1'='1",
    "1; SELECT pg_sleep(5)",
    "{{ request }}{% debug %}",
    "%(password)s %s %n",
    "\u202eevil\u202c",
    "\ufeff\u200b",
    "🙂" * 300,
    "ﷺ" * 100,
    "\r\n\r\n",
    " ",
    "",
    "../../../../etc/passwd",
]
# Text that does not belong in a number, date or choice field.
WRONG_TYPES = [
    "abc",
    "-1",
    "1.5",
    "1e309",
    "NaN",
    "Infinity",
    "99999999999999999999999",
    "²",
    "0x10",
    "1 OR 1=1",
    "[]",
    "{}",
    "null",
    "true",
    "1\x00",
    "\x00",
    SQL,
    SCRIPT,
    HUGE,
]
BAD_DATES = ["2027-02-30", "2027-13-01", "0000-00-00", "tomorrow", "2027-01-01T00:00", "1\x00", SQL, HUGE, "²"]
# Real dates at the ends of what Python and the forms accept: refused or stored, never a crash later.
EDGE_DATES = ["9999-12-31", "0001-01-01", "1900-01-01", "2199-12-31", "2200-01-01"]
BAD_EMAILS = ["not-an-email", "a@b", "<script>@x.org", "x@example.org\x00", SQL, HUGE, "@example.org", "a@@b.org"]
# Valid addresses longer than the 254 characters stored (found: an invitation to 312 characters was a 500).
BAD_EMAILS += ["a" * 243 + "@example.org", "a" * 300 + "@example.org"]
BAD_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(document.cookie)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "http://",
    "not a url",
    "https://" + "a" * 600 + ".org",
    "https://example.org/\x00",
]
BAD_DECIMALS = ["NaN", "Infinity", "-Infinity", "-1", "1e400", "123456789012345678", "0.001", "1,5", "abc", "\x00"]

hostile_text = st.one_of(
    st.sampled_from(HOSTILE_WORDS),
    st.text(max_size=40),  # hypothesis leaves out surrogates, which the test client cannot encode
    st.text(alphabet=st.characters(max_codepoint=0x1F), min_size=1, max_size=10),  # control characters, NUL too
)


def with_nul(text: str) -> str:
    return text[: len(text) // 2] + "\x00" + text[len(text) // 2 :]


nul_text = st.text(max_size=20).map(with_nul)


def required_text(max_length: int | None):
    """What a required text field must refuse."""
    return st.one_of(st.sampled_from([MISSING, "", "   ", "\r\n\t"]), optional_text(max_length))


def optional_text(max_length: int | None):
    """What an optional text field must refuse: over-long or with NUL."""
    too_long = [] if max_length is None else ["y" * (max_length + 1), HUGE]
    return st.one_of(st.sampled_from([*too_long, "\x00", CONTROL]), nul_text)


def bad_choice(valid: list[str], *, required: bool = True):
    extra = [MISSING, ""] if required else []
    return st.one_of(
        st.sampled_from([*extra, *WRONG_TYPES, "COORDINATOR", " contributor"]),
        hostile_text.filter(lambda value: value not in valid and (value != "" or required)),
    )


def bad_id(foreign: list[int], *, required: bool = True):
    """Ids that must not be accepted: junk, ids that do not exist, ids of another country's objects."""
    extra = [MISSING, ""] if required else []
    return st.sampled_from([*extra, *WRONG_TYPES, "0", "987654321", *map(str, foreign)])


bad_int = st.sampled_from([MISSING, "", "abc", "-1", "1.5", "1e3", "NaN", "\x00", SQL, HUGE, "9" * 400])
bad_date = st.sampled_from([MISSING, "", *BAD_DATES])


# The rows every test watches. A refused submission must leave all of them as they were.
TRACKED = [
    Assessment,
    Membership,
    Invitation,
    SectionAssignment,
    SectionReview,
    Answer,
    AgreedAnswer,
    Comment,
    Evidence,
    Roadmap,
    RoadmapAction,
    RoadmapAction.supporting_agencies.through,
    RoadmapAction.assistance_sources.through,
    Milestone,
    Sharing,
    AssistanceRequest,
    AssistanceRequest.actions.through,
    BudgetLine,
    Workshop,
    Decision,
    Agency,
    User,
    StaticToken,  # backup codes (the app's own rows change on wrong codes: django-otp's throttling counts them)
]


def snapshot() -> dict[str, str]:
    """A digest of every tracked table, in one query: examples are many, and each takes two snapshots."""
    if connection.vendor != "postgresql":
        return {model._meta.label: repr(list(model.objects.order_by("pk").values())) for model in TRACKED}
    parts = [
        f"SELECT '{model._meta.label}', md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) "
        f"FROM {connection.ops.quote_name(model._meta.db_table)} t"
        for model in TRACKED
    ]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        return dict(cursor.fetchall())


def changes(before: dict, after: dict) -> list[str]:
    return [label for label in before if before[label] != after[label]]


@contextmanager
def rolled_back():
    """A savepoint that is always rolled back: each example starts from the same data."""
    with transaction.atomic():
        try:
            yield
        finally:
            transaction.set_rollback(True)


START = date(2027, 1, 4)
OTHER_COUNTRY = "FR"


@dataclass
class World:
    framework: object
    team: dict
    roadmap: Roadmap
    token: str = ""
    reset_user: User | None = None
    extra: dict = field(default_factory=dict)

    def agency(self, who: str, team: str = "team") -> Agency:
        return membership_of(getattr(self, team), who).agency

    def foreign_agencies(self) -> list[int]:
        """Agencies of another country (the world fixture makes one; the other team adds its own)."""
        return list(Agency.objects.filter(country__code=OTHER_COUNTRY).values_list("pk", flat=True))

    @cached_property
    def other(self) -> dict:
        """Another country's team, made when asked for: its ids must be refused everywhere."""
        return make_team(self.framework, country_code=OTHER_COUNTRY)

    @cached_property
    def other_roadmap(self) -> Roadmap:
        return generate_roadmap(assessment=self.other["assessment"], user=self.other["coordinator"], start_date=START)


@pytest.fixture
def world(framework, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    team = verify_team(make_team(framework))  # the state's verified team: its officials may start and add agencies
    AgencyFactory(country=CountryFactory(code=OTHER_COUNTRY, name="Elsewhere"), name="Customs elsewhere")
    roadmap = generate_roadmap(assessment=team["assessment"], user=team["coordinator"], start_date=START)
    tokens = []
    invite_member(
        by=membership_of(team, "coordinator"),
        email="newcomer@example.org",
        agency=membership_of(team, "licensing").agency,
        role="contributor",
        accept_url_for=lambda token: tokens.append(token) or f"/invitations/{token}/",
    )
    agree_answer(
        membership=membership_of(team, "coordinator"),
        question=framework.questions.get(code="ART5-01"),
        value="unknown",
        reason="To be checked",
        base_version=0,
    )
    mail.outbox.clear()
    return World(framework, team, roadmap, token=tokens[0], reset_user=team["customs"])


@dataclass
class Endpoint:
    """One form-handling POST endpoint: who posts, where, a valid submission, and what must be refused."""

    name: str
    who: str | None  # a team member's key, or None for an anonymous visitor
    url: Callable[[World], str]
    valid: Callable[[World], dict]
    broken: Callable[[World], dict]  # field -> strategy of values that field must refuse
    broken_wholes: Callable[[World], list[dict]] = lambda world: []  # refused submissions spoiling several fields
    shows: Callable[[World], list[str]] = lambda world: []  # pages that show what the endpoint stores
    headers: dict = field(default_factory=dict)
    dates: tuple[str, ...] = ()  # date fields, which also get valid but extreme dates
    always_refused: bool = False  # e.g. login with a password nobody has
    session: Callable[[World, Client], None] | None = None  # opens the session itself (devices, pages seen)

    def __str__(self):
        return self.name


def _action_data(world: World, action: RoadmapAction | None) -> dict:
    lead = world.agency("licensing").pk
    return {
        "title": action.title if action else "Train the licensing staff",
        "description": "What to do",
        "indicator": "Staff trained",
        "lead_agency": str(lead),
        "supporting_agencies": [str(world.agency("customs").pk)],
        "phase": "1",
        "start": "2027-02-01",
        "end": "2027-06-30",
        "status": "in_progress",
        "cost_amount": "1500.50",
        "cost_currency": "USD",
        "funding": "national",
        "assistance": "needed",
        "assistance_sources": [str(AssistanceSource.objects.order_by("pk").first().pk)],
        "assistance_notes": "Asked the VTF",
        "notes": "Notes",
        **({"version": str(action.version)} if action else {}),
    }


def _action_broken(world: World) -> dict:
    choice = {
        "phase": ["1", "2", "3"],
        "status": ["planned", "in_progress", "done", "dropped"],
        "funding": ["national", "donor", "not_funded"],
        "assistance": ["", "needed", "requested", "received"],
    }
    foreign = world.foreign_agencies()
    return {
        "title": required_text(300),
        "indicator": optional_text(300),
        "description": optional_text(None),
        "notes": optional_text(None),
        "assistance_notes": optional_text(None),
        "lead_agency": bad_id(foreign, required=False),
        "supporting_agencies": st.lists(
            bad_id(foreign, required=False).filter(lambda v: v not in ("", MISSING)), min_size=1, max_size=3
        ),
        "assistance_sources": st.lists(st.sampled_from(WRONG_TYPES + ["987654321"]), min_size=1, max_size=3),
        "start": bad_date,
        "end": bad_date,
        "cost_amount": st.sampled_from(BAD_DECIMALS),
        "cost_currency": st.sampled_from([MISSING, "", "US", "USDX", "12$", "<s>", "U\x00S", SQL, HUGE]),
        **{name: bad_choice(values, required=name != "assistance") for name, values in choice.items()},
    }


def _follow_up_pages(world: World) -> list[str]:
    """The pages of the follow-ups an accepted submission started (the title shows on each)."""
    return [
        reverse(route, args=args)
        for pk in Assessment.objects.filter(baseline_id=_pk(world)).values_list("pk", flat=True)
        for route, args in (
            ("assessments:detail", [pk]),
            ("assessments:compare", [pk]),
            ("assessments:section", [pk, "ART5"]),
        )
    ]


def _question_url(world: World, route: str) -> str:
    return reverse(route, args=[world.team["assessment"].pk, "ART5-01"])


def _roadmap_pages(world: World) -> list[str]:
    return [reverse("roadmaps:detail", args=[world.team["assessment"].pk]), reverse("portal:home")]


def _answer_broken(world: World) -> dict:
    return {
        "value": bad_choice(["in_place", "partly", "not_in_place", "unknown", "not_applicable", ""], required=False),
        "reason": optional_text(2000),
        "notes": optional_text(5000),
        "legal_references": st.sampled_from(
            ["\n".join(f"Act {n}: s. {n}" for n in range(31)), "Act: " + "s" * 300, "Act\x00: s. 1"]
        ),
        "version": bad_int,
    }


ANSWER_WHOLES = [{"value": "not_applicable", "reason": "   ", "version": "0"}]


def _pk(world: World) -> int:
    return world.team["assessment"].pk


# Two-step sign-in: codes that can never be right (a wrong 6-digit code could be, one time in a million).
BAD_CODES = st.sampled_from(
    [
        MISSING,
        "",
        " ",
        "12345",
        "1234567",
        "123456789",
        "abcdef",
        "12 34 5x",
        "٣٣٣٣٣٣",
        "１２３４５６",
        "\x00",
        SQL,
        HUGE,
    ]
)


def _app_code(key: str) -> str:
    """The code the authenticator app shows now."""
    return f"{totp(bytes.fromhex(key)):06d}"


def _setting_up(world: World, client: Client) -> None:
    """Signed in, with the set-up page shown: its secret waits in the session for a code."""
    client.force_login(world.team["customs"])
    client.get(reverse("accounts:two_factor_setup"))
    world.extra["key"] = client.session[SETUP_SESSION_KEY]


def _owing_a_code(world: World, client: Client) -> None:
    """Past the password, with an authenticator app: the code page is next."""
    device, _codes = enable_two_factor(user=world.team["customs"], key=new_secret(), last_step=-1)
    world.extra["key"] = device.key
    client.force_login(world.team["customs"])


def _with_two_factor(who: str):
    """Signed in with both steps passed."""

    def open_session(world: World, client: Client) -> None:
        device, _codes = enable_two_factor(user=world.team[who], key=new_secret(), last_step=-1)
        world.extra["key"] = device.key
        client.force_login(world.team[who])
        verify_two_factor(client, world.team[who])

    return open_session


def _workshop(world: World) -> Workshop:
    """The team's workshop, opened the first time an endpoint needs it (outside the examples' savepoints)."""
    if "workshop" not in world.extra:
        world.extra["workshop"] = create_workshop(
            membership=membership_of(world.team, "coordinator"), title="Validation workshop", date=START
        )
    return world.extra["workshop"]


def _workshop_url(world: World, route: str, *args) -> str:
    return reverse(route, args=[_pk(world), _workshop(world).pk, *args])


def _workshop_pages(world: World) -> list[str]:
    return [
        _workshop_url(world, "workshops:projector"),
        _workshop_url(world, "workshops:decisions"),
        _workshop_url(world, "workshops:print"),
        reverse("workshops:list", args=[_pk(world)]),
    ]


def _assistance_request(world: World):
    """The team's request to the VTF for ACT-LAW, drafted the first time an endpoint needs it (outside the
    examples' savepoints)."""
    if "assistance" not in world.extra:
        law = world.roadmap.actions.get(code="ACT-LAW")
        world.extra["assistance"] = draft_request(
            assessment=world.team["assessment"],
            source=law.assistance_sources.get(),
            actions=[law],
            user=world.team["coordinator"],
        )
    return world.extra["assistance"]


def _assistance_url(world: World, route: str) -> str:
    return reverse(route, args=[_pk(world), _assistance_request(world).pk])


def _assistance_pages(world: World) -> list[str]:
    return [
        reverse("assistance:list", args=[_pk(world)]),
        _assistance_url(world, "assistance:detail"),
        _assistance_url(world, "assistance:outline"),
        reverse("roadmaps:detail", args=[_pk(world)]),
    ]


def _assistance_data(world: World) -> dict:
    request = _assistance_request(world)
    return {
        "title": "Control list project",
        "source": str(request.source_id),
        "actions": [str(world.roadmap.actions.get(code="ACT-LAW").pk)],
        "need": "Gaps under Article 5(2)",
        "objective": "Adopt the list",
        "activities": "1. Drafting",
        "outputs": "- A list",
        "duration_months": "12",
        "implementing_partner": "UNRCPD",
        "national_counterpart": str(world.agency("licensing").pk),
        "amount_requested": "1500.50",
        "currency": "USD",
        "version": "1",
        "lines-TOTAL_FORMS": "2",
        "lines-INITIAL_FORMS": "1",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "100",
        "lines-0-description": "Legal expert",
        "lines-0-amount": "1000",
        "lines-1-description": "Workshop",
        "lines-1-amount": "500.50",
    }


def _assistance_actions(world: World):
    """Ids that are not this roadmap's actions needing assistance: junk, an action that needs none, another
    team's action."""
    listing = world.roadmap.actions.get(code="ACT-LIST").pk
    elsewhere = world.other_roadmap.actions.get(code="ACT-LAW").pk
    bad = st.sampled_from([*WRONG_TYPES, "0", "987654321", str(listing), str(elsewhere)])
    return st.one_of(st.just(MISSING), st.lists(bad, min_size=1, max_size=3))


def _assistance_broken(world: World) -> dict:
    return {
        "title": required_text(300),
        "source": bad_id([]),
        "actions": _assistance_actions(world),
        "need": required_text(20_000),
        "objective": optional_text(20_000),
        "activities": optional_text(20_000),
        "outputs": optional_text(20_000),
        "duration_months": st.sampled_from(["abc", "-1", "1.5", "0", "121", "NaN", "\x00", SQL, HUGE, "9" * 400]),
        "implementing_partner": optional_text(300),
        "national_counterpart": bad_id(world.foreign_agencies(), required=False),
        "amount_requested": st.sampled_from(BAD_DECIMALS),
        "currency": st.sampled_from([MISSING, "", "US", "USDX", "12$", "U\x00S", SQL, HUGE]),
        "version": st.one_of(bad_int, st.just("7")),
        "lines-TOTAL_FORMS": st.sampled_from([MISSING, "", "abc", "-1", "101", "1000000", SQL, "\x00"]),
        "lines-0-description": st.sampled_from([MISSING, "", "   ", "y" * 301, HUGE, "\x00", "bad\x00value"]),
        "lines-0-amount": st.sampled_from(BAD_DECIMALS),
    }


ENDPOINTS = [
    Endpoint(
        name="assessments:start",
        who="licensing",
        url=lambda w: reverse("assessments:start"),
        valid=lambda w: {
            "country": str(w.team["assessment"].country_id),
            "framework": str(w.framework.pk),
            "title": "Second assessment",
            "target_date": "2027-12-31",
            "description": "Why",
            "agency_type": str(AgencyType.objects.get(code="licensing").pk),
            "agency_name": "Licensing Office",
        },
        broken=lambda w: {
            "country": bad_id([]),
            "framework": bad_id([]),
            "title": required_text(200),
            "target_date": st.sampled_from(BAD_DATES),
            "description": optional_text(None),
            "agency_type": bad_id([]),
            "agency_name": required_text(200),
        },
        shows=lambda w: [reverse("portal:home")],
        dates=("target_date",),
    ),
    Endpoint(
        name="assessments:invite",
        who="coordinator",
        url=lambda w: reverse("assessments:invite", args=[_pk(w)]),
        valid=lambda w: {"email": "colleague@example.org", "agency": str(w.agency("customs").pk), "role": "observer"},
        broken=lambda w: {
            "email": st.sampled_from([MISSING, "", w.team["customs"].email, *BAD_EMAILS]),
            "agency": bad_id(w.foreign_agencies()),
            "role": bad_choice(["coordinator", "contributor", "observer"]),
        },
        shows=lambda w: [reverse("assessments:team", args=[_pk(w)])],
    ),
    Endpoint(
        name="assessments:add_agency",
        who="coordinator",
        url=lambda w: reverse("assessments:add_agency", args=[_pk(w)]),
        valid=lambda w: {"name": "Port Authority", "acronym": "PA", "agency_type": str(AgencyType.objects.first().pk)},
        broken=lambda w: {
            "name": st.one_of(required_text(200), st.sampled_from(["licensing office", "LICENSING OFFICE"])),
            "acronym": optional_text(20),
            "agency_type": bad_id([]),
        },
        shows=lambda w: [reverse("assessments:team", args=[_pk(w)]), reverse("assessments:gaps", args=[_pk(w)])],
    ),
    Endpoint(
        name="assessments:change_role",
        who="coordinator",
        url=lambda w: reverse("assessments:change_role", args=[_pk(w), membership_of(w.team, "customs").pk]),
        valid=lambda w: {"role": "observer"},
        broken=lambda w: {"role": bad_choice(["coordinator", "contributor", "observer"])},
        shows=lambda w: [reverse("assessments:team", args=[_pk(w)])],
    ),
    Endpoint(
        name="assessments:assignments",
        who="coordinator",
        url=lambda w: reverse("assessments:assignments", args=[_pk(w)]),
        valid=lambda w: {"assign": [f"{w.framework.sections.get().pk}:{w.agency('customs').pk}"]},
        broken=lambda w: {
            "assign": st.lists(
                st.sampled_from(
                    [
                        "1",
                        ":",
                        "a:b",
                        "1:2:3",
                        "²:1",
                        "1:²",
                        "-1:1",
                        "99999999999999999999:1",
                        SQL,
                        "\x00",
                        f"{w.framework.sections.get().pk}:987654321",
                        *(f"{w.framework.sections.get().pk}:{pk}" for pk in w.foreign_agencies()),
                    ]
                ),
                min_size=1,
                max_size=3,
            ).map(lambda bad: [f"{w.framework.sections.get().pk}:{w.agency('customs').pk}", *bad])
        },
        shows=lambda w: [
            reverse("assessments:assignments", args=[_pk(w)]),
            reverse("assessments:detail", args=[_pk(w)]),
        ],
    ),
    Endpoint(
        name="assessments:save_answer",
        who="licensing",
        url=lambda w: _question_url(w, "assessments:save_answer"),
        valid=lambda w: {
            "value": "partly",
            "reason": "",
            "notes": "Draft",
            "legal_references": "Arms Act: s. 4",
            "version": "0",
        },
        broken=_answer_broken,
        broken_wholes=lambda w: ANSWER_WHOLES,
        shows=lambda w: [_question_url(w, "assessments:question"), reverse("assessments:gaps", args=[_pk(w)])],
    ),
    Endpoint(
        name="assessments:save_answer (htmx)",
        who="licensing",
        url=lambda w: _question_url(w, "assessments:save_answer"),
        valid=lambda w: {"value": "in_place", "reason": "", "notes": "", "legal_references": "", "version": "0"},
        broken=_answer_broken,
        broken_wholes=lambda w: ANSWER_WHOLES,
        shows=lambda w: [reverse("assessments:section", args=[_pk(w), "ART5"])],
        headers={"HX-Request": "true"},
    ),
    Endpoint(
        name="assessments:agree",
        who="coordinator",
        url=lambda w: _question_url(w, "assessments:agree"),
        valid=lambda w: {"value": "partly", "reason": "Agreed at the meeting", "version": "1"},
        broken=lambda w: {
            "value": bad_choice(["in_place", "partly", "not_in_place", "unknown", "not_applicable"]),
            "reason": required_text(2000),
            "version": st.one_of(bad_int, st.sampled_from(["0", "7"])),  # stale: the agreed answer is at version 1
        },
        shows=lambda w: [_question_url(w, "assessments:question")],
    ),
    Endpoint(
        name="assessments:comment",
        who="customs",
        url=lambda w: _question_url(w, "assessments:comment"),
        valid=lambda w: {"body": "We hold the draft list."},
        broken=lambda w: {"body": required_text(5000)},
        shows=lambda w: [_question_url(w, "assessments:question"), reverse("assessments:detail", args=[_pk(w)])],
    ),
    Endpoint(
        name="assessments:add_evidence",
        who="customs",
        url=lambda w: _question_url(w, "assessments:add_evidence"),
        valid=lambda w: {"title": "Customs manual", "url": "https://example.org/manual.pdf"},
        broken=lambda w: {"title": required_text(200), "url": st.sampled_from([MISSING, "", *BAD_URLS])},
        shows=lambda w: [_question_url(w, "assessments:question")],
    ),
    Endpoint(
        name="assessments:section_status",
        who="licensing",
        url=lambda w: reverse("assessments:section_status", args=[_pk(w), "ART5"]),
        valid=lambda w: {"action": "submit"},
        # A contributor may not agree; nothing submitted can be reopened.
        broken=lambda w: {"action": st.one_of(bad_choice(["submit"]), st.sampled_from(["agree", "reopen"]))},
        shows=lambda w: [reverse("assessments:section", args=[_pk(w), "ART5"])],
    ),
    Endpoint(
        name="assessments:lock",
        who="coordinator",
        url=lambda w: reverse("assessments:lock", args=[_pk(w)]),
        valid=lambda w: {"locked": "1"},
        broken=lambda w: {"locked": bad_choice(["0", "1"])},
        shows=lambda w: [reverse("assessments:detail", args=[_pk(w)])],
    ),
    Endpoint(
        name="assessments:follow_up",
        who="coordinator",
        url=lambda w: reverse("assessments:follow_up", args=[_pk(w)]),
        valid=lambda w: {"title": "Follow-up 2028", "framework": str(w.framework.pk)},
        broken=lambda w: {"title": required_text(200), "framework": bad_id([])},
        shows=lambda w: [reverse("portal:home"), *_follow_up_pages(w)],
    ),
    Endpoint(
        name="roadmaps:generate",
        who="coordinator",
        url=lambda w: reverse("roadmaps:generate", args=[_pk(w)]),
        valid=lambda w: {"start_date": "2027-03-01", "needs_parliament": "on"},
        broken=lambda w: {"start_date": bad_date},
        shows=_roadmap_pages,
        dates=("start_date",),
    ),
    Endpoint(
        name="roadmaps:action",
        who="licensing",
        url=lambda w: reverse("roadmaps:action", args=[_pk(w), w.roadmap.actions.order_by("pk").first().pk]),
        valid=lambda w: _action_data(w, w.roadmap.actions.order_by("pk").first()),
        broken=lambda w: _action_broken(w) | {"version": st.one_of(bad_int, st.just("7"))},
        broken_wholes=lambda w: [_action_data(w, w.roadmap.actions.order_by("pk").first()) | {"end": "2027-01-31"}],
        shows=lambda w: [
            *_roadmap_pages(w),
            reverse("roadmaps:action", args=[_pk(w), w.roadmap.actions.order_by("pk").first().pk]),
        ],
        dates=("start", "end"),
    ),
    Endpoint(
        name="roadmaps:add_action",
        who="licensing",
        url=lambda w: reverse("roadmaps:add_action", args=[_pk(w)]),
        valid=lambda w: _action_data(w, None),
        broken=_action_broken,
        broken_wholes=lambda w: [_action_data(w, None) | {"end": "2027-01-31"}],
        shows=_roadmap_pages,
        dates=("start", "end"),
    ),
    Endpoint(
        name="roadmaps:milestone",
        who="licensing",
        url=lambda w: reverse("roadmaps:milestone", args=[_pk(w), w.roadmap.milestones.order_by("pk").first().pk]),
        valid=lambda w: {"due": "2028-01-31", "done": "on"},
        broken=lambda w: {"due": bad_date},
        shows=_roadmap_pages,
        dates=("due",),
    ),
    Endpoint(
        name="assistance:new",
        who="licensing",
        url=lambda w: reverse("assistance:new", args=[_pk(w)]),
        valid=lambda w: {
            "source": str(AssistanceSource.objects.get(code="vtf").pk),
            "actions": [str(w.roadmap.actions.get(code="ACT-LAW").pk)],
        },
        broken=lambda w: {"source": bad_id([]), "actions": _assistance_actions(w)},
        shows=lambda w: [reverse("assistance:list", args=[_pk(w)]), reverse("roadmaps:detail", args=[_pk(w)])],
    ),
    Endpoint(
        name="assistance:detail",
        who="customs",
        url=lambda w: _assistance_url(w, "assistance:detail"),
        valid=_assistance_data,
        broken=_assistance_broken,
        shows=_assistance_pages,
    ),
    Endpoint(
        name="assistance:status",
        who="coordinator",
        url=lambda w: _assistance_url(w, "assistance:status"),
        valid=lambda w: {"status": "submitted", "amount_granted": "", "version": "1"},
        broken=lambda w: {
            "status": bad_choice(["drafted", "submitted", "funded", "declined"]),
            "amount_granted": st.sampled_from([*BAD_DECIMALS, "100"]),  # only a funded request has one
            "version": st.one_of(bad_int, st.just("7")),
        },
        broken_wholes=lambda w: [
            {"status": "funded", "amount_granted": "", "version": "1"},
            {"status": "declined", "amount_granted": "5", "version": "1"},
        ],
        shows=_assistance_pages,
    ),
    Endpoint(
        name="workshops:list",
        who="coordinator",
        url=lambda w: reverse("workshops:list", args=[_pk(w)]),
        valid=lambda w: {"title": "Second workshop", "date": "2027-03-02", "venue": "Manila"},
        broken=lambda w: {"title": required_text(200), "date": bad_date, "venue": optional_text(200)},
        shows=lambda w: [reverse("workshops:list", args=[_pk(w)])],
        dates=("date",),
    ),
    Endpoint(
        name="workshops:move",
        who="coordinator",
        url=lambda w: _workshop_url(w, "workshops:move"),
        valid=lambda w: {"section": "ART5"},
        broken=lambda w: {"section": bad_choice(["ART5"])},
        shows=_workshop_pages,
    ),
    Endpoint(
        name="workshops:decide",
        who="coordinator",
        url=lambda w: _workshop_url(w, "workshops:decide", "ART5-01"),
        valid=lambda w: {"value": "partly", "reason": "Agreed in the room", "version": "1"},
        broken=lambda w: {
            "value": bad_choice(["in_place", "partly", "not_in_place", "unknown", "not_applicable"]),
            "reason": required_text(2000),
            "version": st.one_of(bad_int, st.sampled_from(["0", "7"])),  # stale: the agreed answer is at version 1
        },
        shows=lambda w: [*_workshop_pages(w), _question_url(w, "assessments:question")],
    ),
    Endpoint(
        name="workshops:minutes",
        who="coordinator",
        url=lambda w: _workshop_url(w, "workshops:minutes"),
        valid=lambda w: {"minutes": "Opened at 9:00; item 1 agreed.", "version": "1"},
        broken=lambda w: {"minutes": optional_text(50_000), "version": st.one_of(bad_int, st.just("7"))},
        shows=_workshop_pages,
    ),
    Endpoint(
        name="accounts:profile",
        who="licensing",
        url=lambda w: reverse("accounts:profile"),
        valid=lambda w: {"full_name": "Ana Cruz", "preferred_language": "fr", "agency": str(w.agency("licensing").pk)},
        broken=lambda w: {
            "full_name": optional_text(150),
            "preferred_language": bad_choice(["", "en", "fr"], required=False),
            "agency": bad_id([], required=False),
        },
        shows=lambda w: [reverse("portal:home"), reverse("assessments:team", args=[_pk(w)])],
    ),
    Endpoint(
        name="portal:set_language",
        who="licensing",
        url=lambda w: reverse("portal:set_language"),
        valid=lambda w: {"language": "th", "next": reverse("portal:home")},
        broken=lambda w: {"language": bad_choice(["en", "fr", "es", "th", "id"])},
        shows=lambda w: [reverse("portal:home"), reverse("assessments:detail", args=[_pk(w)])],
    ),
    Endpoint(
        name="login",
        who=None,
        url=lambda w: reverse("login"),
        valid=lambda w: {"username": w.team["customs"].email, "password": "not-the-password-1"},
        broken=lambda w: {"username": required_text(254), "password": st.one_of(required_text(None), st.just(HUGE))},
        always_refused=True,
    ),
    Endpoint(
        name="password_reset",
        who=None,
        url=lambda w: reverse("password_reset"),
        valid=lambda w: {"email": "nobody@example.org"},
        broken=lambda w: {"email": st.sampled_from([MISSING, "", *BAD_EMAILS])},
    ),
    Endpoint(
        name="accounts:request_access",
        who=None,
        url=lambda w: reverse("accounts:request_access"),
        valid=lambda w: {
            "full_name": "Maria Santos",
            "email": "maria.santos@dfa.example.org",
            "country": str(w.team["assessment"].country_id),
            "agency_type": str(AgencyType.objects.get(code="foreign-affairs").pk),
            "agency_name": "Department of Foreign Affairs",
            "role_line": "Director, arms control unit",
            "website": "",
        },
        broken=lambda w: {
            "full_name": required_text(150),
            "email": st.sampled_from([MISSING, "", *BAD_EMAILS]),
            "country": bad_id([]),
            "agency_type": bad_id([]),
            "agency_name": required_text(200),
            "role_line": required_text(300),
        },
    ),
    Endpoint(
        name="password_reset_confirm",
        who=None,
        url=lambda w: "reset-link",  # replaced by the set-password page the emailed link leads to
        valid=lambda w: {"new_password1": "a-brand-new-password-9", "new_password2": "a-brand-new-password-9"},
        broken=lambda w: {
            "new_password1": st.sampled_from([MISSING, "", "short", "password", "12345678901", "pass\x00word-long"]),
            "new_password2": st.sampled_from([MISSING, "", "a-brand-new-password-8", "a-brand-new-password-9\x00"]),
        },
    ),
    Endpoint(
        name="password_change",
        who="customs",
        url=lambda w: reverse("password_change"),
        valid=lambda w: {
            "old_password": PASSWORD,
            "new_password1": "a-brand-new-password-9",
            "new_password2": "a-brand-new-password-9",
        },
        broken=lambda w: {
            "old_password": st.sampled_from([MISSING, "", "wrong-password", PASSWORD + "\x00", HUGE]),
            "new_password1": st.sampled_from([MISSING, "", "short", "password", "12345678901", "pass\x00word-long"]),
            "new_password2": st.sampled_from([MISSING, "", "a-brand-new-password-8", "a-brand-new-password-9\x00"]),
        },
    ),
    Endpoint(
        name="assessments:accept",
        who=None,
        url=lambda w: reverse("assessments:accept", args=[w.token]),
        valid=lambda w: {
            "full_name": "New Colleague",
            "password1": "a-long-new-password-7",
            "password2": "a-long-new-password-7",
        },
        broken=lambda w: {
            "full_name": required_text(150),
            "password1": st.sampled_from([MISSING, "", "short", "password", "12345678901", "newcomer@example.org"]),
            "password2": st.sampled_from([MISSING, "", "a-long-new-password-8", "a-long-new-password-7\x00"]),
        },
        shows=lambda w: [reverse("assessments:team", args=[_pk(w)])],
    ),
    Endpoint(
        name="accounts:two_factor_setup",
        who="customs",
        url=lambda w: reverse("accounts:two_factor_setup"),
        valid=lambda w: {"code": _app_code(w.extra["key"])},
        broken=lambda w: {"code": BAD_CODES},
        shows=lambda w: [reverse("accounts:profile"), reverse("portal:home")],
        session=_setting_up,
    ),
    Endpoint(
        name="accounts:two_factor_verify",
        who="customs",
        url=lambda w: reverse("accounts:two_factor_verify"),
        valid=lambda w: {"code": _app_code(w.extra["key"]), "next": reverse("assessments:team", args=[_pk(w)])},
        broken=lambda w: {"code": BAD_CODES},
        shows=lambda w: [reverse("portal:home")],
        session=_owing_a_code,
    ),
    Endpoint(
        name="accounts:two_factor_backup_codes",
        who="customs",
        url=lambda w: reverse("accounts:two_factor_backup_codes"),
        valid=lambda w: {"codes-code": _app_code(w.extra["key"])},
        broken=lambda w: {"codes-code": BAD_CODES},
        shows=lambda w: [reverse("accounts:profile")],
        session=_with_two_factor("customs"),
    ),
    Endpoint(
        name="accounts:two_factor_disable",
        who="customs",
        url=lambda w: reverse("accounts:two_factor_disable"),
        valid=lambda w: {"off-password": PASSWORD, "off-code": _app_code(w.extra["key"])},
        broken=lambda w: {
            "off-password": st.sampled_from([MISSING, "", "wrong-password", PASSWORD + "\x00", HUGE]),
            "off-code": BAD_CODES,
        },
        shows=lambda w: [reverse("accounts:profile")],
        session=_with_two_factor("customs"),
    ),
    Endpoint(
        name="assessments:two_factor",
        who="coordinator",
        url=lambda w: reverse("assessments:two_factor", args=[_pk(w)]),
        valid=lambda w: {"require_two_factor": "1"},
        broken=lambda w: {"require_two_factor": bad_choice(["0", "1"])},
        shows=lambda w: [reverse("assessments:team", args=[_pk(w)]), reverse("assessments:detail", args=[_pk(w)])],
        session=_with_two_factor("coordinator"),
    ),
    Endpoint(
        name="regional:sharing",
        who="coordinator",
        url=lambda w: reverse("regional:sharing", args=[_pk(w)]),
        valid=lambda w: {"level": "aggregated"},
        broken=lambda w: {"level": bad_choice(["private", "aggregated", "roadmap_summary"])},
        shows=lambda w: [reverse("regional:sharing", args=[_pk(w)]), reverse("assessments:detail", args=[_pk(w)])],
    ),
]

# POST routes with no form to spoil: their only input is the object in the URL, covered by
# test_ids_of_another_teams_objects_are_not_found below and by tests/test_isolation.py.
NO_FORM = {"assessments:revoke", "assessments:remove", "logout", "accounts:sign_out_everywhere"}
# The staff-only JSON upload, covered by tests/assessments/test_exchange.py; agreement in bulk, whose only
# input is the list of questions the preview offered (anything else is ignored), by
# tests/assessments/test_bulk_agreement.py; the roadmap's introduction by tests/roadmaps/test_summary.py; the
# initial report's cover by tests/reports.
ELSEWHERE = {"assessments:import", "assessments:agree_common", "roadmaps:introduction", "reports:initial_report_cover"}
# Workbooks sent back (a file, not a form) and applied (its only input is the choice per conflict), covered by
# tests/workbooks/test_hostile_files.py and tests/workbooks/test_views.py.
ELSEWHERE |= {"workbooks:upload", "workbooks:apply"}
READ_ONLY = (
    GET_ROUTES
    | COORDINATOR_GET_ROUTES
    | {
        "portal:home",
        "portal:healthz",
        "portal:favicon",
        "portal:charts_css",
        "portal:keepalive",
        "portal:region",
        "portal:region_map",
        "regional:index",  # the regional view: tests/regional/test_views.py proves who gets 404
        "regional:organization",
        "regional:export_csv",
        "regional:export_pdf",
        "frameworks:index",
        "frameworks:questionnaire_pdf",
        "experiences:library",
        "experiences:detail",
        "password_reset_done",
        "password_reset_complete",
        "password_change_done",
    }
)


def _named_routes(resolver=None, namespace=""):
    """Every named route of the app, as tests/test_isolation.py walks the scoped ones (the admin aside)."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace != "admin":
            yield from _named_routes(entry, f"{namespace}{entry.namespace}:" if entry.namespace else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def test_every_form_endpoint_is_exercised():
    exercised = {endpoint.name.split(" ")[0] for endpoint in ENDPOINTS}
    routes = set(_named_routes())
    assert {name for name, _pattern in _scoped_routes()} <= routes
    unclassified = routes - exercised - NO_FORM - ELSEWHERE - (READ_ONLY - POST_ROUTES)
    assert not unclassified, f"add these routes to ENDPOINTS (or classify them): {unclassified}"
    assert exercised <= routes, f"no such route: {exercised - routes}"


@st.composite
def broken_submissions(draw, valid: dict, broken: dict, wholes: list[dict]):
    if wholes and draw(st.integers(0, 5)) == 0:
        return draw(st.sampled_from(wholes))
    data = dict(valid)
    name = draw(st.sampled_from(sorted(broken)))
    value = draw(broken[name])
    if value is MISSING:
        data.pop(name, None)
    elif isinstance(valid.get(name), str) and draw(st.booleans()):
        data[name] = [valid[name], value]  # sent twice: Django reads the last, the bad one
    else:
        data[name] = value
    return data


@st.composite
def random_submissions(draw, valid: dict, dates: tuple[str, ...]):
    data = {}
    for name, good in valid.items():
        options = [st.just(good), st.just(MISSING), hostile_text, st.sampled_from(WRONG_TYPES)]
        options.append(
            st.lists(
                st.one_of(st.just(good) if isinstance(good, str) else hostile_text, hostile_text),
                min_size=2,
                max_size=3,
            )
        )
        if name in dates:
            options.append(st.sampled_from(EDGE_DATES))
        value = draw(st.one_of(options))
        if value is not MISSING:
            data[name] = value
    data |= draw(st.dictionaries(st.text(min_size=1, max_size=12), hostile_text, max_size=2))
    return data


# Invalid UTF-8 as a browser could send it: CESU-8 surrogates, overlong forms, stray continuation bytes.
RAW_BYTES = [b"\xed\xa0\x80", b"\xed\xbf\xbf", b"\xc0\xaf", b"\x80\x80", b"\xff\xfe", b"\xf4\x90\x80\x80", b"a\x00b"]


@st.composite
def raw_bodies(draw, valid: dict):
    """A form-encoded body with one field holding invalid UTF-8."""
    name = draw(st.sampled_from(sorted(valid)))
    pairs = []
    for key, value in valid.items():
        values = value if isinstance(value, list) else [value]
        if key == name:
            values = [draw(st.sampled_from(RAW_BYTES)) + draw(st.binary(max_size=8))]
        pairs += [(key.encode(), item if isinstance(item, bytes) else item.encode()) for item in values]
    return b"&".join(quote_from_bytes(key).encode() + b"=" + quote_from_bytes(item).encode() for key, item in pairs)


def submissions(endpoint: Endpoint, world: World):
    valid = endpoint.valid(world)
    return st.one_of(
        broken_submissions(valid, endpoint.broken(world), endpoint.broken_wholes(world)).map(lambda d: (d, True)),
        random_submissions(valid, endpoint.dates).map(lambda d: (d, endpoint.always_refused)),
        raw_bodies(valid).map(lambda body: (body, endpoint.always_refused)),
    )


def _form_has_errors(response) -> bool:
    contexts = response.context if isinstance(response.context, list) else [response.context]
    for context in filter(None, contexts):
        for value in context.flatten().values():
            if isinstance(value, BaseForm) and value.is_bound and value.errors:
                return True
    return False


def refused(response) -> bool:
    """A 4xx, or a page or redirect that says what was wrong."""
    if 400 <= response.status_code < 500:
        return True
    if response.has_header("HX-Reswap"):  # the htmx answer form swapped back in, with its errors
        return True
    if any(message.level == constants.ERROR for message in get_messages(response.wsgi_request)):
        return True
    return response.status_code == 200 and _form_has_errors(response)


def _client(world: World, endpoint: Endpoint, address: str) -> tuple[Client, str]:
    """A client in the endpoint's session. The session is opened once per test, outside the examples' savepoints."""
    if "session" not in world.extra:
        client = Client()
        if endpoint.session is not None:
            endpoint.session(world, client)
        elif endpoint.who is not None:
            client.force_login(world.team[endpoint.who])
        url = endpoint.url(world)
        if endpoint.name == "password_reset_confirm":
            user = world.reset_user
            token = default_token_generator.make_token(user)
            link = reverse("password_reset_confirm", args=[urlsafe_base64_encode(force_bytes(user.pk)), token])
            url = client.get(link).url  # Django swaps the token for a session marker
        cookie = client.cookies.get(django_settings.SESSION_COOKIE_NAME)
        world.extra["session"] = (cookie.value if cookie else None, url)
    session, url = world.extra["session"]
    client = Client(REMOTE_ADDR=address)  # a different address per example: login throttling counts per address
    if session:
        client.cookies[django_settings.SESSION_COOKIE_NAME] = session
    return client, url


def _post(client: Client, url: str, data, headers: dict):
    if isinstance(data, bytes):
        return client.generic("POST", url, data, content_type="application/x-www-form-urlencoded", headers=headers)
    return client.post(url, {key: value for key, value in data.items() if value is not MISSING}, headers=headers)


def _describe(data) -> str:
    if isinstance(data, bytes):
        return repr(data[:300])
    return repr(
        {
            key: (value[:60] + "…" if isinstance(value, str) and len(value) > 60 else value)
            for key, value in data.items()
        }
    )


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
@EXAMPLES
@given(data=st.data())
def test_hostile_submissions_are_refused_without_changing_anything(endpoint, world, data):
    if "submissions" not in world.extra:
        _client(world, endpoint, "127.0.0.1")  # opens the session first: valid codes come from its devices
        world.extra["submissions"] = submissions(endpoint, world)
    case, must_refuse = data.draw(world.extra["submissions"], label="submission")
    address = str(ipaddress.IPv4Address(data.draw(st.integers(0x0B000001, 0x0BFFFFFE), label="address")))
    client, url = _client(world, endpoint, address)
    with rolled_back():
        outbox = len(mail.outbox)
        before = snapshot()
        response = _post(client, url, case, endpoint.headers)
        after = snapshot()
        described = _describe(case)
        assert response.status_code < 500, f"{endpoint}: {response.status_code} for {described}"
        if endpoint.who is not None:  # still signed in: a lost session would make every example pass for nothing
            assert reverse("login") not in response.get("Location", ""), f"{endpoint}: signed out by {described}"
        if must_refuse:
            assert refused(response), f"{endpoint}: accepted {described} ({response.status_code})"
        if refused(response):
            assert not changes(before, after), f"{endpoint}: refused {described} yet changed {changes(before, after)}"
            assert len(mail.outbox) == outbox, f"{endpoint}: refused {described} yet sent an email"
        elif changes(before, after):
            for page in endpoint.shows(world):
                shown = client.get(page)
                assert shown.status_code < 500, f"{endpoint}: {page} fails ({shown.status_code}) after {described}"
        if endpoint.name == "login":
            assert "_auth_user_id" not in client.session
        if endpoint.name == "password_reset":
            assert len(mail.outbox) == outbox, "a reset link went to an address nobody has"


# Pinned cases: values hypothesis found, or that matter too much to leave to chance.


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _error_messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request) if message.level == constants.ERROR]


NOT_PLAIN_NUMBERS = ["²", "٣٣", "9" * 5000, "1_0", "+1", " 1", "<script>alert(1)</script>", "\x00"]


def test_assignments_with_ids_that_are_not_plain_numbers_are_refused(world):
    section = world.framework.sections.get()
    agency = world.agency("customs")
    client = _signed_in(world.team["coordinator"])
    url = reverse("assessments:assignments", args=[world.team["assessment"].pk])
    for bad in NOT_PLAIN_NUMBERS:
        for item in (f"{bad}:{agency.pk}", f"{section.pk}:{bad}"):
            before = snapshot()
            response = client.post(url, {"assign": [f"{section.pk}:{agency.pk}", item]})
            assert response.status_code == 302 and _error_messages(response), item[:40]
            assert snapshot() == before, item[:40]


def test_gap_page_filters_that_are_not_numbers_are_harmless(world):
    client = _signed_in(world.team["licensing"])
    gaps = reverse("assessments:gaps", args=[world.team["assessment"].pk])
    explain = reverse("assessments:explain", args=[world.team["assessment"].pk])
    for bad in NOT_PLAIN_NUMBERS:
        assert client.get(gaps, {"agency": bad, "section": bad}).status_code == 200, bad[:40]
        assert client.get(explain, {"article": bad}).status_code == 404, bad[:40]
        assert client.get(explain, {"section": bad}).status_code == 404, bad[:40]


def _roadmap_date_posts(world: World) -> list[tuple[str, dict]]:
    pk = world.team["assessment"].pk
    action = world.roadmap.actions.order_by("pk").first()
    milestone = world.roadmap.milestones.order_by("pk").first()
    posts = []
    for day in ("9999-12-31", "2200-01-01", "1899-12-31", "0001-01-01"):
        posts += [
            (reverse("roadmaps:generate", args=[pk]), {"start_date": day, "needs_parliament": "on"}),
            (reverse("roadmaps:milestone", args=[pk, milestone.pk]), {"due": day}),
            (reverse("roadmaps:action", args=[pk, action.pk]), _action_data(world, action) | {"end": day}),
            (reverse("roadmaps:action", args=[pk, action.pk]), _action_data(world, action) | {"start": day}),
            (reverse("roadmaps:add_action", args=[pk]), _action_data(world, None) | {"start": day, "end": day}),
        ]
    return posts


def test_dates_centuries_away_are_refused_and_the_roadmap_still_renders(world):
    client = _signed_in(world.team["coordinator"])
    for url, data in _roadmap_date_posts(world):
        before = snapshot()
        response = client.post(url, data)
        assert response.status_code < 500, (url, data)
        assert refused(response), (url, data)
        assert snapshot() == before, (url, data)
    assert client.get(reverse("roadmaps:detail", args=[world.team["assessment"].pk])).status_code == 200


def test_ids_of_another_teams_objects_are_not_found(world):
    other = world.other
    other_invitation = other["assessment"].invitations.create(
        email="x@example.org",
        agency=world.agency("customs", "other"),
        token_hash="h" * 64,
        expires_at="2099-01-01T00:00Z",
    )
    pk = world.team["assessment"].pk
    member = membership_of(other, "customs").pk
    action = world.other_roadmap.actions.order_by("pk").first()
    milestone = world.other_roadmap.milestones.order_by("pk").first()
    posts = [
        (reverse("assessments:revoke", args=[pk, other_invitation.pk]), {}),
        (reverse("assessments:remove", args=[pk, member]), {}),
        (reverse("assessments:change_role", args=[pk, member]), {"role": "observer"}),
        (reverse("roadmaps:action", args=[pk, action.pk]), _action_data(world, action)),
        (reverse("roadmaps:milestone", args=[pk, milestone.pk]), {"due": "2028-01-31"}),
    ]
    client = _signed_in(world.team["coordinator"])
    for url, data in posts:
        before = snapshot()
        assert client.post(url, data).status_code == 404, url
        assert snapshot() == before, url
    assert client.get(reverse("roadmaps:action", args=[pk, action.pk])).status_code == 404


def test_invitation_links_with_made_up_tokens_lead_nowhere(db, client):
    tokens = ["<script>alert(1)</script>", "x" * 10_000, "%00", "' OR 1=1 --", "..%2F..%2Fetc%2Fpasswd", "🙂"]
    before = snapshot()
    for token in tokens:
        url = f"/assessments/invitations/{token}/"
        expected = 400 if token == "%00" else 404  # a control character in an address is a bad request
        assert client.get(url).status_code == expected, token[:40]
        data = {"full_name": "X", "password1": PASSWORD, "password2": PASSWORD}
        assert client.post(url, data).status_code == expected, token[:40]
    assert snapshot() == before
    assert "_auth_user_id" not in client.session


def test_sign_in_with_an_overlong_email_is_a_form_error_not_a_crash(db, client):
    # Found by hypothesis: the name went on to authenticate() and django-axes could not store it (255 characters).
    user = UserFactory()
    for length in (255, 300, 100_000):
        before = snapshot()
        response = client.post(reverse("login"), {"username": "a" * length, "password": PASSWORD})
        assert response.status_code == 200 and _form_has_errors(response), length
        assert snapshot() == before, length
    assert client.post(reverse("login"), {"username": user.email, "password": PASSWORD}).status_code == 302


def test_briefs_of_another_countrys_agency_or_a_made_up_one_are_not_found(world):
    pk = world.team["assessment"].pk
    client = _signed_in(world.team["coordinator"])
    before = snapshot()
    for agency_id in [*world.foreign_agencies(), 0, 987654321, int("9" * 400)]:
        for name in ("briefs:agency", "briefs:agency_pdf"):
            assert client.get(reverse(name, args=[pk, agency_id])).status_code == 404, (name, str(agency_id)[:20])
    for junk in ("-1", "1.5", "abc", "%00", "²", "<script>", "1%20OR%201=1"):
        expected = 400 if junk == "%00" else 404  # a control character in an address is a bad request
        assert client.get(f"/assessments/{pk}/briefs/{junk}/").status_code == expected, junk
        assert client.get(f"/assessments/{pk}/briefs/{junk}.pdf").status_code == expected, junk
    assert snapshot() == before


@pytest.fixture
def bank(bank):
    """The test bank, with ACT-LAW flagged by curators as typically needing outside help, so that its
    roadmap action starts as "assistance needed" and can go into a request."""
    bank["sections"][0]["questions"][0]["actions"][0]["needs_assistance"] = True
    return bank
