"""The row-by-row comparison, as plain values: no database."""

from workbooks import signing
from workbooks.diff import Option, Position, Stored, compare
from workbooks.reader import ReadRow

OPTIONS = {
    "Q1": [Option("in_place", "In place"), Option("not_applicable", "Not applicable", needs_reason=True)],
}


def _compare(row: ReadRow, *, base=(0, ""), stored=None):
    payload = {"answers": {"Q1": list(base)}}
    [result] = compare(rows=[row], payload=payload, stored={"Q1": stored} if stored else {}, options=OPTIONS)
    return result


def _row(**fields):
    return ReadRow(sheet="S", row=3, code="Q1", **fields)


def test_a_first_answer_is_new_and_an_empty_row_unchanged():
    assert _compare(_row(answer="In place")).status == "new"
    assert _compare(_row()).status == "unchanged"


def test_an_edit_on_the_version_it_started_from_is_a_change():
    stored = Stored(2, Position("in_place"))
    assert _compare(_row(answer="In place", notes="more"), base=(2, stored.position.digest), stored=stored).status == (
        "changed"
    )


def test_an_edit_over_a_newer_online_save_is_a_conflict_an_untouched_row_is_not():
    original = Position("in_place")
    online = Stored(3, Position("not_applicable", reason="none made"))
    base = (2, original.digest)
    assert _compare(_row(answer="In place", notes="edited"), base=base, stored=online).status == "conflict"
    untouched = _compare(_row(answer="In place"), base=base, stored=online)
    assert (untouched.status, untouched.online_newer) == ("unchanged", True)
    same = _compare(_row(answer="Not applicable", reason="none made"), base=base, stored=online)
    assert (same.status, same.online_newer) == ("unchanged", False)


def test_line_ends_and_spaces_are_not_changes():
    stored = Stored(1, Position("in_place", notes="a\r\nb "))
    assert _compare(_row(answer="In place", notes="a\nb"), base=(1, stored.position.digest), stored=stored).status == (
        "unchanged"
    )


def test_rows_that_cannot_be_saved_are_errors():
    assert _compare(_row(answer="Perhaps")).errors == ["“Perhaps” is not on the answer scale."]
    assert _compare(_row(answer="Not applicable")).errors == ["“Not applicable” needs a reason."]
    assert _compare(_row(answer="In place", reason="x" * 2001)).status == "error"
    assert _compare(_row(legal_references="\n".join(f"Act {n}" for n in range(31)))).status == "error"


def test_the_signature_fits_only_the_payload_it_was_made_for(settings):
    text, signature = signing.encode({"assessment": 1, "agency": 2})
    assert signing.verify(text, signature)
    assert not signing.verify(text.replace("1", "3"), signature)
    assert not signing.verify(text, "")
    settings.SECRET_KEY = "another-deployment-" + "x" * 40
    assert not signing.verify(text, signature)
