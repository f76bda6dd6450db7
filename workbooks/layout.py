"""Where things sit in a portal workbook: shared by the writer and the reader, so they cannot drift."""

import hashlib
import json

FORMAT = 1
META_SHEET = "_portal"  # hidden: the signed payload the return needs
LISTS_SHEET = "_lists"  # hidden: each scale's labels, which the answer drop-downs list
TITLE_ROW = 1  # the section's title
HEADER_ROW = 2
FIRST_ROW = 3  # the first question
PAYLOAD_CHUNK = 30_000  # a cell holds at most 32,767 characters

# Columns of a section sheet (1-based), and which of them the agency writes in.
CODE, ARTICLES, OBLIGATION, TEXT, GUIDANCE, ANSWER, REASON, NOTES, LEGAL = range(1, 10)
EDITABLE = (ANSWER, REASON, NOTES, LEGAL)
FIRST_OTHER = 10  # the other agencies' positions, one column each, read-only


def normalized(text: str) -> str:
    """Text as compared across the round trip: spreadsheets and browsers disagree on line ends."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def fields_digest(value: str, reason: str, notes: str, legal_references: list[dict]) -> str:
    """A short fingerprint of an answer as the workbook showed it, to tell later whether a row was edited."""
    data = [value or "", normalized(reason), normalized(notes), legal_references or []]
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]
