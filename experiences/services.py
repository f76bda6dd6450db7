"""Workflows over the library: load the seed file, search the shelf, and resolve what an
entry links to (and which entries a question links to)."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Subquery

from frameworks.models import ActionTemplate, Framework, Question
from reference.models import Country

from .library_file import parse_library, validate_library
from .models import Experience, Source

SEED_FILE = Path(settings.BASE_DIR) / "fixtures" / "experiences.yaml"
MAX_SEARCH_WORDS = 10


@dataclass(frozen=True)
class LoadResult:
    created: int
    unchanged: int


def load_experiences(*, path: Path = SEED_FILE) -> LoadResult:
    """Validate the whole file, then add the entries the library lacks, in one transaction.

    Entries are matched by key. Curators own an entry once it exists: loading again never
    overwrites their edits (as with assistance sources), so a second load changes nothing,
    except that a language the file has and the entry lacks is added (as with the banks).
    Question and action-template codes must exist in a loaded question bank, so load the
    banks first. Raises LibraryFileError, with every problem, before writing anything.
    """
    filename = str(path)
    entries = parse_library(Path(path).read_text(encoding="utf-8"), filename=filename)
    validate_library(
        entries,
        filename=filename,
        countries=set(Country.objects.values_list("code", flat=True)),
        questions=set(Question.objects.values_list("code", flat=True)),
        actions=set(ActionTemplate.objects.values_list("code", flat=True)),
    )
    countries = {country.code: country for country in Country.objects.filter(code__in={e["country"] for e in entries})}
    existing = set(Experience.objects.filter(key__in=[e["key"] for e in entries]).values_list("key", flat=True))
    created = 0
    with transaction.atomic():
        for entry in entries:
            if entry["key"] in existing:
                _add_missing_languages(entry)
                continue
            # One save per row, not bulk_create: every entry and source starts its history.
            experience = Experience(
                key=entry["key"],
                country=countries[entry["country"]],
                title=entry["title"].strip(),
                start_year=entry.get("start_year"),
                end_year=entry.get("end_year"),
                summary=entry["summary"].strip(),
                articles=entry.get("articles") or [],
                steps=entry.get("steps") or [],
                cost_or_duration=(entry.get("cost_or_duration") or "").strip(),
                outcome=entry["outcome"].strip(),
                question_codes=[str(code) for code in entry.get("questions") or []],
                action_codes=[str(code) for code in entry.get("actions") or []],
                published=entry.get("published", True),
                translations=entry.get("translations") or {},
            )
            experience.save()
            for order, source in enumerate(entry["sources"]):
                Source.objects.create(
                    experience=experience, title=source["title"].strip(), url=source.get("url") or "", order=order
                )
            created += 1
    return LoadResult(created=created, unchanged=len(entries) - created)


def _add_missing_languages(entry: dict) -> None:
    experience = Experience.objects.get(key=entry["key"])
    missing = {
        language: fields
        for language, fields in (entry.get("translations") or {}).items()
        if language not in (experience.translations or {})
    }
    if missing:
        experience.translations = {**(experience.translations or {}), **missing}
        experience._change_reason = "translations added from the seed file"
        experience.save()


def search_library(*, text: str = "", article: str = "", step: str = "", subregion: str = "") -> list[Experience]:
    """Published entries matching every filter given (an empty filter matches everything), in one query.

    Every word of ``text`` must appear somewhere in the entry. ``article`` is an article number:
    "5" finds entries about 5, 5(2) or 5(4). Text and subregion are filtered by the database;
    articles and steps are JSON lists, which SQLite (the development database) cannot look
    inside, and the library is a curated shelf of tens of entries, so those two are filtered
    over the fetched rows.
    """
    entries = Experience.objects.published().select_related("country")
    for word in text.split()[:MAX_SEARCH_WORDS]:
        entries = entries.filter(
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(outcome__icontains=word)
            | Q(cost_or_duration__icontains=word)
            | Q(country__name__icontains=word)
            | Q(articles__icontains=word)
            | Q(translations__icontains=word)
            | Exists(Source.objects.filter(experience=OuterRef("pk"), title__icontains=word))
        )
    if subregion:
        entries = entries.filter(country__subregion=subregion)
    return [
        experience
        for experience in entries
        if (not article or experience.concerns_article(article)) and (not step or experience.concerns_step(step))
    ]


def experiences_by_question(codes: Iterable[str]) -> dict[str, list[Experience]]:
    """Published entries linked to each of these question codes, in one query."""
    wanted = set(codes)
    linked = defaultdict(list)
    for experience in Experience.objects.published().select_related("country"):
        for code in experience.question_codes:
            if code in wanted:
                linked[code].append(experience)
    return dict(linked)


def library_mark() -> Subquery:
    """The newest history id of the library, as a subquery: every addition, edit, publication and
    deletion writes a history row with a new id, so what the questionnaire shows of the library
    can be cached under it (see frameworks.content)."""
    return Subquery(Experience.history.order_by("-history_id").values("history_id")[:1])


def _newest_published(model, codes: list[str]) -> list:
    """Rows of ``model`` with these codes, each from the newest published version of its framework."""
    newest = {}
    rows = (
        model.objects.filter(code__in=codes, framework__status=Framework.Status.PUBLISHED)
        .select_related("framework")
        .order_by("framework__published_at", "pk")
    )
    for row in rows:
        newest[(row.framework.slug, row.code)] = row  # later versions overwrite earlier ones
    position = {code: index for index, code in enumerate(codes)}
    return sorted(newest.values(), key=lambda row: (position[row.code], row.framework.slug))


def linked_questions(experience: Experience) -> list[Question]:
    return _newest_published(Question, experience.question_codes)


def linked_actions(experience: Experience) -> list[ActionTemplate]:
    return _newest_published(ActionTemplate, experience.action_codes)
