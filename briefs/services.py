"""Workflows of the agency briefs: load the curated benefits, and find the agencies a team's briefs are for."""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from assessments.models import Assessment
from reference.models import Agency, AgencyType
from reference.services import edited_by_a_person

from .benefits_file import parse_benefits, validate_benefits
from .models import MARKDOWN_FIELDS, AgencyBenefit

SEED_FILE = Path(settings.BASE_DIR) / "fixtures" / "agency_benefits.yaml"


@dataclass(frozen=True)
class LoadResult:
    created: int
    unchanged: int


def load_agency_benefits(*, path: Path = SEED_FILE) -> LoadResult:
    """Validate the whole file, then add the benefits of the agency types that have none, in one transaction.

    Curators own a row once they have saved it: loading again never overwrites their edits. A row only
    the file ever wrote follows the file when it is corrected (a fact fixed in the file reaches existing
    installations), and a second load of the same file changes nothing. Agency types come from
    load_reference_data, so run it first. Raises BenefitsFileError, with every problem, before writing anything.
    """
    filename = str(path)
    entries = parse_benefits(Path(path).read_text(encoding="utf-8"), filename=filename)
    types = {agency_type.code: agency_type for agency_type in AgencyType.objects.all()}
    validate_benefits(entries, filename=filename, agency_types=set(types))
    existing = {row.agency_type.code: row for row in AgencyBenefit.objects.select_related("agency_type")}
    created = 0
    with transaction.atomic():
        for entry in entries:
            row = existing.get(entry["agency_type"])
            if row is not None:
                _follow_the_file(row, entry)
                continue
            # One save per row, not bulk_create: each row starts its history and renders its markdown.
            AgencyBenefit(
                agency_type=types[entry["agency_type"]],
                **{field: (entry.get(field) or "").strip() for field in MARKDOWN_FIELDS},
                translations=entry.get("translations") or {},
            ).save()
            created += 1
    return LoadResult(created=created, unchanged=len(entries) - created)


def _follow_the_file(row: AgencyBenefit, entry: dict) -> None:
    """Bring a row no curator has saved up to date with a corrected seed file; never touch a curator's row."""
    if edited_by_a_person(row):
        return
    wanted = {field: (entry.get(field) or "").strip() for field in MARKDOWN_FIELDS}
    wanted["translations"] = entry.get("translations") or {}
    if all(getattr(row, field) == value for field, value in wanted.items()):
        return
    for field, value in wanted.items():
        setattr(row, field, value)
    row._change_reason = "Seed file corrected"
    row.save()


def team_agencies(assessment: Assessment) -> list[Agency]:
    """The agencies taking part in the assessment: those of its active members, those a section is
    assigned to and those leading a roadmap action; all of the assessment's own country, in one query."""
    return list(
        Agency.objects.filter(country_id=assessment.country_id)
        .filter(
            Q(memberships__assessment=assessment, memberships__removed_at__isnull=True)
            | Q(assignments__assessment=assessment)
            | Q(pk__in=_action_leads(assessment))
        )
        .select_related("agency_type")
        .distinct()
        .order_by("agency_type__order", "name")
    )


def _action_leads(assessment: Assessment):
    from roadmaps.models import RoadmapAction

    return RoadmapAction.objects.filter(roadmap__assessment=assessment, lead_agency__isnull=False).values(
        "lead_agency_id"
    )


def brief_filename(assessment: Assessment, agency: Agency | None) -> str:
    """`PH-brief-bureau-of-customs.pdf`, and `PH-parliament-brief.pdf`, which no agency's name can take."""
    if agency is None:
        return f"{assessment.country.code}-parliament-brief.pdf"
    return f"{assessment.country.code}-brief-{slugify(agency.name)[:60] or agency.pk}.pdf"
