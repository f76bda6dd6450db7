"""A large instance (200 assessments of 20 countries, every question answered by 3 agencies,
with history) against the small demo: the same pages, timed before and after it exists."""

import itertools
import random

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from assessments.models import Answer, Assessment, Membership, Role
from frameworks.models import Framework, Question
from reference.models import Agency, AgencyType, Country

from .common import median_seconds, report

COUNTRIES = 20
ASSESSMENTS_PER_COUNTRY = 10
AGENCIES = ("foreign-affairs", "defence", "customs")


def _page_times(client: Client, pages: dict[str, str]) -> dict[str, float]:
    def get(url):
        return lambda: client.get(url)

    for url in pages.values():
        client.get(url)
    # Cold: the shared page cache is emptied before every request, so the database does the work.
    return {name: median_seconds(get(url), runs=9, before=cache.clear) for name, url in pages.items()}


def seed_large_instance() -> int:
    rng = random.Random(7)
    frameworks = list(Framework.objects.published())
    questions = {f.pk: list(Question.objects.filter(framework=f).select_related("scale")) for f in frameworks}
    options = {f.pk: {q.pk: [o.value for o in q.scale.options.all()] for q in questions[f.pk]} for f in frameworks}
    types = {t.code: t for t in AgencyType.objects.filter(code__in=AGENCIES)}
    countries = list(Country.objects.indo_pacific().exclude(code__in=["PH", "TH", "VN"]).order_by("code")[:COUNTRIES])
    answers = []
    for country in countries:
        agencies = [
            Agency.objects.get_or_create(
                country=country, name=f"{country.name} {code}", defaults={"agency_type": types[code]}
            )[0]
            for code in AGENCIES
        ]
        users = [
            User.objects.get_or_create(
                email=f"{code}.{country.code.lower()}@scale.example.org", defaults={"agency": agency}
            )[0]
            for code, agency in zip(AGENCIES, agencies, strict=True)
        ]
        for number in range(ASSESSMENTS_PER_COUNTRY):
            framework = frameworks[number % len(frameworks)]
            assessment = Assessment.objects.create(
                country=country, framework=framework, created_by=users[0], title=f"{country.name} assessment {number}"
            )
            Membership.objects.bulk_create(
                Membership(
                    assessment=assessment,
                    user=user,
                    agency=agency,
                    role=Role.COORDINATOR if index == 0 else Role.CONTRIBUTOR,
                )
                for index, (user, agency) in enumerate(zip(users, agencies, strict=True))
            )
            for question, (user, agency) in itertools.product(
                questions[framework.pk], zip(users, agencies, strict=True)
            ):
                answers.append(
                    Answer(
                        assessment=assessment,
                        question=question,
                        agency=agency,
                        author=user,
                        value=rng.choice(options[framework.pk][question.pk])[:40],
                        notes="Seeded for scale",
                    )
                )
    for answer in answers:
        if answer.value == "not_applicable":
            answer.reason = "Does not apply"
    bulk_create_with_history(answers, Answer, batch_size=5000, default_user=None, default_date=timezone.now())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # what autovacuum does shortly after a bulk load in production
    return len(answers)


def run(*, assessment: Assessment, user: User, pages: dict[str, str]) -> None:
    client = Client()
    client.force_login(user)
    measured = {name: pages[name] for name in ("dashboard", "gap_page", "roadmap_page")}
    small = _page_times(client, measured)
    answers = seed_large_instance()
    large = _page_times(client, measured)
    report("scale_answers_seeded", answers)
    report("scale_assessments", Assessment.objects.count())
    for name in measured:
        report(f"scale_slowdown_{name}", large[name] / small[name])
    report("scale_slowdown", sum(large.values()) / sum(small.values()))
