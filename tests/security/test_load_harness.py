"""The load and fault tests read the answer pages with bench/answer_pages.py: here it reads the real views.

When the save response changed and the harness did not, `make loadtest` counted every save as unexpected;
these tests fail as soon as the harness and the page disagree again.
"""

from django.urls import reverse

from assessments.services import save_position
from bench.answer_pages import form_versions, offers_keep_mine, out_of_band_swaps, saved_version
from tests.assessments.conftest import membership_of

HTMX = {"HX-Request": "true"}


def _autosave(client, assessment, code="ART5-01", **data):
    payload = {"value": "partly", "reason": "", "notes": "", "legal_references": "", "version": 0} | data
    return client.post(reverse("assessments:save_answer", args=[assessment.pk, code]), payload, headers=HTMX)


def test_the_harness_reads_the_version_an_autosave_acknowledges(team, client_for):
    client = client_for(team["licensing"])
    first = _autosave(client, team["assessment"], notes="one")
    assert first.status_code == 200
    assert saved_version(first.text, "ART5-01") == 1
    second = _autosave(client, team["assessment"], notes="two", version=1)
    assert saved_version(second.text, "ART5-01") == 2
    assert saved_version(second.text, "ART5-02") is None  # only the question that was saved


def test_the_harness_reads_the_versions_the_section_page_will_send(team, client_for):
    client = client_for(team["licensing"])
    section = reverse("assessments:section", args=[team["assessment"].pk, "ART5"])
    before = form_versions(client.get(section).text)
    assert before and set(before.values()) == {0}
    assert "ART5-01" in before
    _autosave(client, team["assessment"])
    assert form_versions(client.get(section).text)["ART5-01"] == 1


def test_a_conflict_is_no_acknowledgement_and_offers_keep_mine(team, client_for, framework):
    save_position(
        membership=membership_of(team, "licensing"),
        question=framework.questions.get(code="ART5-01"),
        value="in_place",
        reason="",
        notes="a colleague first",
        legal_references=[],
        base_version=0,
    )
    response = _autosave(client_for(team["licensing"]), team["assessment"], notes="mine")
    assert response.status_code == 200
    assert saved_version(response.text, "ART5-01") is None
    assert offers_keep_mine(response.text)


def test_a_refused_save_is_no_acknowledgement(team, client_for):
    response = _autosave(client_for(team["licensing"]), team["assessment"], value="not_applicable", reason="")
    assert response.status_code == 200 and response["HX-Reswap"] == "outerHTML"
    assert saved_version(response.text, "ART5-01") is None
    assert not offers_keep_mine(response.text)


def test_out_of_band_swaps_are_found_in_either_spelling_and_any_attribute_order():
    html = (
        '<input data-hx-swap-oob="true" value="3" id="version-A" name="version">'
        '<span hx-swap-oob="innerHTML" id="status-A">Saved</span><input id="version-B" name="version" value="9">'
    )
    assert set(out_of_band_swaps(html)) == {"version-A", "status-A"}
    assert saved_version(html, "A") == 3
    assert saved_version(html, "B") is None
    assert saved_version(html.replace("status-A", "status-X"), "A") is None  # no "Saved at": not acknowledged
