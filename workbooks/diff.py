"""What a returned workbook would change, row by row: a pure function over plain values.

For each question the workbook carries, the agency's answer as the workbook holds it is compared with
the answer stored now and with the answer as it stood when the workbook was made (its version and a
fingerprint, from the signed payload):

* unchanged: the workbook says what is stored, or the row was not edited offline (even if someone
  saved online since: theirs stays);
* new / changed: edited offline, and nobody saved online since the workbook was made;
* conflict: edited offline *and* saved online since: the user chooses which to keep;
* error: the row cannot be saved as it is (not on the scale, "not applicable" without a reason...).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from assessments.legal_references import MAX_LENGTH, MAX_REFERENCES, parse_legal_references

from . import layout
from .reader import ReadRow

NEW, CHANGED, UNCHANGED, CONFLICT, ERROR = "new", "changed", "unchanged", "conflict", "error"
MAX_REASON, MAX_NOTES = 2000, 5000  # as the online answer form


@dataclass(frozen=True)
class Option:
    value: str
    label: str  # in the workbook's language
    needs_reason: bool = False


@dataclass
class Position:
    """An answer's fields, as stored or as the workbook has them."""

    value: str = ""
    reason: str = ""
    notes: str = ""
    legal_references: list[dict] = field(default_factory=list)

    def same_as(self, other: "Position") -> bool:
        return (
            self.value == other.value
            and layout.normalized(self.reason) == layout.normalized(other.reason)
            and layout.normalized(self.notes) == layout.normalized(other.notes)
            and self.legal_references == other.legal_references
        )

    @property
    def digest(self) -> str:
        return layout.fields_digest(self.value, self.reason, self.notes, self.legal_references)

    @property
    def is_empty(self) -> bool:
        return self.same_as(Position())


@dataclass
class Stored:
    version: int
    position: Position
    by: str = ""  # who saved it, for the user who settles a conflict
    when: object = None


@dataclass
class RowResult:
    code: str
    sheet: str
    row: int
    status: str
    workbook: Position | None = None
    online: Stored | None = None
    base_version: int = 0
    online_newer: bool = False  # not edited offline, saved online since: the online answer stays
    errors: list[str] = field(default_factory=list)


def compare(
    *, rows: list[ReadRow], payload: dict, stored: dict[str, Stored], options: dict[str, list[Option]]
) -> list[RowResult]:
    results = []
    for read in rows:
        base_version, base_digest = payload["answers"].get(read.code, [0, ""])
        position, errors = _position(read, options.get(read.code, []))
        result = RowResult(
            code=read.code, sheet=read.sheet, row=read.row, status=ERROR, workbook=position,
            online=stored.get(read.code), base_version=base_version, errors=read.errors + errors,
        )  # fmt: skip
        if not result.errors:
            result.status, result.online_newer = _status(position, result.online, base_version, base_digest)
        results.append(result)
    return results


def _status(position: Position, online: Stored | None, base_version: int, base_digest: str) -> tuple[str, bool]:
    current = online.version if online else 0
    if online is not None and position.same_as(online.position):
        return UNCHANGED, False
    if online is None and position.is_empty:
        return UNCHANGED, False
    if current == base_version:
        return (NEW if online is None else CHANGED), False
    if position.digest == (base_digest or Position().digest):
        return UNCHANGED, True  # left as it was offline: what was saved online since stays
    return CONFLICT, False


def _position(read: ReadRow, options: list[Option]) -> tuple[Position, list[str]]:
    errors = []
    by_label = {}
    for option in options:
        by_label.setdefault(option.label.casefold().strip(), option)
        by_label.setdefault(option.value.casefold(), option)
    option = by_label.get(read.answer.casefold().strip()) if read.answer else None
    if read.answer and option is None:
        errors.append(_("“%(answer)s” is not on the answer scale.") % {"answer": read.answer[:60]})
    if option is not None and option.needs_reason and not read.reason:
        errors.append(_("“%(answer)s” needs a reason.") % {"answer": option.label})
    if len(read.reason) > MAX_REASON:
        errors.append(_("The reason is longer than %(n)s characters.") % {"n": MAX_REASON})
    if len(read.notes) > MAX_NOTES:
        errors.append(_("The notes are longer than %(n)s characters.") % {"n": MAX_NOTES})
    references = parse_legal_references(read.legal_references)
    if len(references) > MAX_REFERENCES:
        errors.append(_("At most %(n)s legal references.") % {"n": MAX_REFERENCES})
    if any(len(ref["instrument"]) + len(ref["provision"]) > MAX_LENGTH for ref in references):
        errors.append(_("Keep each legal reference under %(n)s characters.") % {"n": MAX_LENGTH})
    position = Position(
        value=option.value if option else "", reason=read.reason, notes=read.notes, legal_references=references
    )
    return position, errors
