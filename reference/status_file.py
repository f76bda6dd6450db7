"""The ATT status file (fixtures/reference/indo_pacific_att.yaml): whole-file validation.

Pure functions over plain values. The file names its sources once, under ``sources``
(a key, a title and a public URL each); every state with a date names one or more of
them under ``source``. A date without a source, an unknown deposit type or an entry into
force that does not follow from the deposit (Article 22) is an error: the file is
refused as a whole and every problem is listed, so a curator sees all of them at once.
"""

import datetime
from dataclasses import dataclass
from urllib.parse import urlsplit

from .models import ATTStatus, DepositType

DATE_FIELDS = ("signed", "deposited", "in_force")
STATE_FIELDS = {"status", *DATE_FIELDS, "deposit_type", "source", "note"}
# Article 22(1): the treaty entered into force on 24 December 2014, ninety days after the
# fiftieth instrument (deposited on 25 September 2014).
TREATY_IN_FORCE = datetime.date(2014, 12, 24)
DAYS_TO_ENTRY_INTO_FORCE = 90


class StatusFileError(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class Source:
    title: str
    url: str


def entry_into_force_for(deposit: datetime.date) -> datetime.date:
    """When the treaty enters into force for a state that deposited its instrument on ``deposit``.

    Article 22(1): for the instruments deposited before the treaty itself entered into force, on that
    day (24 December 2014). Article 22(2): for a later deposit, ninety days after it.
    """
    if deposit < TREATY_IN_FORCE:
        return TREATY_IN_FORCE
    return deposit + datetime.timedelta(days=DAYS_TO_ENTRY_INTO_FORCE)


def is_public_url(url: str) -> bool:
    """An address anyone can open: https (or http) on a named host, not a local or private one."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("https", "http") or "." not in host:
        return False
    return not (host.endswith((".local", ".internal", ".test", ".example")) or host.replace(".", "").isdigit())


def _date(value):
    if value is None or isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return False


def _check_sources(data, problems: list[str], filename: str) -> dict[str, Source]:
    catalogue = {}
    raw = data.get("sources")
    if not isinstance(raw, dict) or not raw:
        problems.append(f"{filename}: sources: the file must list its sources (key: title and url)")
        return catalogue
    for key, entry in raw.items():
        title = entry.get("title") if isinstance(entry, dict) else None
        url = entry.get("url") if isinstance(entry, dict) else None
        if not isinstance(title, str) or not title.strip():
            problems.append(f"{filename}: source {key}: a title is required")
        if not isinstance(url, str) or not is_public_url(url):
            problems.append(f"{filename}: source {key}: a public http(s) URL is required")
        if isinstance(title, str) and isinstance(url, str):
            catalogue[key] = Source(title=title.strip(), url=url)
    return catalogue


def _state_sources(code, facts, catalogue, problems, filename) -> list[Source]:
    keys = facts.get("source")
    keys = [keys] if isinstance(keys, str) else keys or []
    sources = []
    for key in keys:
        if key in catalogue:
            sources.append(catalogue[key])
        else:
            problems.append(f"{filename}: state {code}: unknown source '{key}'")
    return sources


def _check_state(code, facts, catalogue, problems, filename) -> dict:
    where = f"{filename}: state {code}"
    if not isinstance(facts, dict):
        problems.append(f"{where}: must be a mapping")
        return {}
    for name in sorted(set(facts) - STATE_FIELDS):
        problems.append(f"{where}: unknown field '{name}'")
    status = facts.get("status", ATTStatus.UNKNOWN)
    if status not in ATTStatus.values:
        problems.append(f"{where}: status must be one of {', '.join(ATTStatus.values)}")
    deposit_type = facts.get("deposit_type", "")
    if deposit_type and deposit_type not in DepositType.values:
        problems.append(f"{where}: deposit_type must be one of {', '.join(DepositType.values)}")
    dates = {}
    for name in DATE_FIELDS:
        value = _date(facts.get(name))
        if value is False:
            problems.append(f"{where}: {name} is not a date (YYYY-MM-DD)")
            value = None
        dates[name] = value
    sources = _state_sources(code, facts, catalogue, problems, filename)
    dated = [name for name in DATE_FIELDS if dates[name]]
    if dated and not sources:
        problems.append(f"{where}: {', '.join(dated)} given without a source; leave the date out and say so in a note")
    if dates["deposited"] and not deposit_type:
        problems.append(f"{where}: a deposit date needs its deposit_type")
    if dates["deposited"] and dates["in_force"] and dates["in_force"] != entry_into_force_for(dates["deposited"]):
        expected = entry_into_force_for(dates["deposited"]).isoformat()
        problems.append(f"{where}: in_force must be {expected} for a deposit on {dates['deposited']} (Article 22)")
    return {
        "status": status,
        "signature_date": dates["signed"],
        "deposit_date": dates["deposited"],
        "deposit_type": deposit_type,
        "entry_into_force_date": dates["in_force"],
        "status_note": facts.get("note", ""),
        "status_source_title": sources[0].title if sources else "",
        "status_source_url": sources[0].url if sources else "",
    }


def validate_status(data, *, filename: str) -> dict[str, dict]:
    """The facts of each state, by ISO code, as Country field values; StatusFileError lists every problem."""
    problems: list[str] = []
    if not isinstance(data, dict) or not isinstance(data.get("states"), dict):
        raise StatusFileError([f"{filename}: file: the top level must be a mapping with 'sources' and 'states'"])
    catalogue = _check_sources(data, problems, filename)
    states = {code: _check_state(code, facts, catalogue, problems, filename) for code, facts in data["states"].items()}
    if problems:
        raise StatusFileError(problems)
    return states
