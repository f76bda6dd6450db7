"""Loading of reference data: countries with their ATT status, and agency types."""

from pathlib import Path

import pycountry
import yaml
from django.conf import settings
from django.db import transaction

from .models import AgencyType, AssistanceSource, ATTStatus, Country
from .status_file import validate_status

REFERENCE_DIR = Path(settings.BASE_DIR) / "fixtures" / "reference"

AGENCY_TYPES = [
    ("foreign-affairs", "Foreign affairs"),
    ("defence", "Defence"),
    ("licensing", "Trade / licensing authority"),
    ("customs", "Customs"),
    ("police", "Police / law enforcement"),
    ("ports", "Port / maritime / aviation authority"),
    ("justice", "Justice / attorney-general"),
    ("finance", "Finance"),
    ("parliament", "Parliament"),
    ("civil-society", "Civil society"),
    ("industry", "Industry"),
    ("other", "Other"),
]


def _country_name(code: str) -> str:
    record = pycountry.countries.get(alpha_2=code)
    if record is None:
        raise ValueError(f"{code} is not an ISO 3166-1 alpha-2 code known to pycountry")
    # pycountry's short names read "Korea, Republic of"; officials expect the
    # UN style ("Republic of Korea", "Viet Nam"), so turn inverted names round.
    if "," not in record.name:
        return record.name
    main, qualifier = (part.strip() for part in record.name.split(",", 1))
    return f"{qualifier.removeprefix('The ')} {main}"


def load_agency_types() -> int:
    for order, (code, name) in enumerate(AGENCY_TYPES):
        AgencyType.objects.update_or_create(code=code, defaults={"name": name, "order": order})
    return len(AGENCY_TYPES)


def edited_by_a_person(row) -> bool:
    """Whether anyone signed in (the admin) ever saved this row: the loaders write without a user.

    Rows only the seed file ever wrote follow the file when it is corrected; a row a curator
    touched is theirs and a load never overwrites it.
    """
    return row.history.exclude(history_user=None).exists()


def load_assistance_sources(*, directory: Path = REFERENCE_DIR) -> int:
    sources = yaml.safe_load((directory / "assistance_sources.yaml").read_text())
    for source in sources:
        row, created = AssistanceSource.objects.get_or_create(code=source["code"], defaults=source)
        if created or edited_by_a_person(row):
            continue
        # A correction of the seed file (an unsupported claim removed, say) reaches rows no curator changed.
        changed = {name: value for name, value in source.items() if getattr(row, name) != value}
        if changed:
            for name, value in changed.items():
                setattr(row, name, value)
            row._change_reason = "seed file corrected"
            row.save()
    return len(sources)


_DATE_FIELDS = ("signature_date", "deposit_date", "entry_into_force_date")
_TEXT_FIELDS = ("deposit_type", "status_note", "status_source_title", "status_source_url")


def load_countries(*, directory: Path = REFERENCE_DIR) -> int:
    """Every UN member state with its region, and the ATT facts of the status file.

    The status file is checked as a whole first (reference.status_file): a date without a
    source, an unknown deposit type or an entry into force that does not follow Article 22
    stops the load with every problem listed, before any row changes.
    """
    regions = yaml.safe_load((directory / "un_regions.yaml").read_text())
    att = yaml.safe_load((directory / "indo_pacific_att.yaml").read_text())
    facts_of = validate_status(att, filename="indo_pacific_att.yaml")
    subregion_of = {code: sub for sub, codes in att["subregions"].items() for code in codes}
    region_of = {code: region for region, codes in regions.items() for code in codes}

    codes = sorted(set(region_of) | set(att["states"]))
    for code in codes:
        facts = dict(facts_of.get(code, {}))
        Country.objects.update_or_create(
            code=code,
            defaults={
                "name": _country_name(code),
                "un_member": code in region_of,
                "un_region": region_of.get(code, "oceania" if subregion_of.get(code) == "oceania" else ""),
                "subregion": subregion_of.get(code, ""),
                "att_status": facts.pop("status", ATTStatus.UNKNOWN),
                **{name: facts.get(name) for name in _DATE_FIELDS},
                **{name: facts.get(name, "") for name in _TEXT_FIELDS},
            },
        )
    return len(codes)


@transaction.atomic
def load_reference_data(*, directory: Path = REFERENCE_DIR) -> dict[str, int]:
    """Create or update agency types, assistance sources and every UN member
    state (plus the non-member states the ATT fixture names) with region and
    ATT status. Idempotent: running it twice leaves the same rows.
    """
    return {
        "agency_types": load_agency_types(),
        "assistance_sources": load_assistance_sources(directory=directory),
        "countries": load_countries(directory=directory),
    }
