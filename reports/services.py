"""Workflows of the initial report: loading the curated template mapping, and recording a report's cover."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from assessments.models import Assessment
from frameworks.models import Question, Track

from .initial_report.mapping import Mapping, parse_mapping, unplaced_questions, validate_mapping
from .models import NotReportedQuestion, ReportCover, TemplateMapping

MAPPING_FILE = Path(__file__).resolve().parent.parent / "fixtures" / "initial_report_template.yaml"


@dataclass(frozen=True)
class MappingLoadResult:
    mapping: Mapping
    changed: int  # items whose questions changed (or were new)
    unplaced: list[str]  # bank questions mapped nowhere and not set aside: for a curator to place


def bank_questions(*, slug: str | None = None) -> dict[str, str]:
    """Question code -> obligation level across every loaded version of a bank (or of every compliance bank).

    Codes are stable across versions; where a level changed, the newest version's wins."""
    questions = Question.objects.filter(framework__track=Track.COMPLIANCE)
    if slug is not None:
        questions = questions.filter(framework__slug=slug)
    return dict(questions.order_by("framework_id").values_list("code", "obligation"))


def load_template_mapping(*, path: Path = MAPPING_FILE) -> MappingLoadResult:
    """Validate the whole mapping file, then replace the stored mapping in one transaction.

    Nothing is stored while the file has any problem (MappingFileError lists them all). Unchanged items are left
    alone, so that the admin's history shows only real changes; items and set-aside questions the file no longer
    names are removed.
    """
    data = parse_mapping(Path(path).read_text(encoding="utf-8"), filename=str(path))
    bank = bank_questions(slug=str(data.get("bank") or "")) if data.get("bank") else {}
    mapping = validate_mapping(data, filename=str(path), bank=bank)
    changed = 0
    with transaction.atomic():
        stored = {row.item: row for row in TemplateMapping.objects.select_for_update()}
        for item, codes in mapping.items.items():
            row = stored.pop(item, None)
            if row is None or row.questions != list(codes):
                TemplateMapping.objects.update_or_create(item=item, defaults={"questions": list(codes)})
                changed += 1
        for row in stored.values():
            row.delete()
        NotReportedQuestion.objects.exclude(code__in=mapping.not_reported).delete()
        for code, reason in mapping.not_reported.items():
            NotReportedQuestion.objects.update_or_create(code=code, defaults={"reason": reason})
    return MappingLoadResult(mapping=mapping, changed=changed, unplaced=unplaced_questions(mapping, bank))


def save_cover(*, assessment: Assessment, user, data: dict) -> ReportCover:
    """Record the report's cover (point of contact, date of submission, publication); its history keeps each change."""
    with transaction.atomic():
        # Created with its first content, so that its history starts with what was recorded, not an empty row.
        cover = ReportCover.objects.select_for_update().filter(assessment=assessment).first()
        cover = cover or ReportCover(assessment=assessment)
        for name, value in data.items():
            setattr(cover, name, value)
        cover.updated_by = user
        cover.save()
    return cover
