"""The region at a glance: the Indo-Pacific states' ATT status as a map, counts and a table."""

import re
import shutil
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import translation

from reference import region
from reference.models import ATTStatus, Country
from reference.services import REFERENCE_DIR, load_countries
from tests.factories import CountryFactory, UserFactory

SVG = "{http://www.w3.org/2000/svg}"
PAGE = "portal:region"
MAP = "portal:region_map"


def load_region(directory) -> None:
    """The real facts of fixtures/reference/indo_pacific_att.yaml, without the rest of the world (faster)."""
    shutil.copy(REFERENCE_DIR / "indo_pacific_att.yaml", directory)
    (directory / "un_regions.yaml").write_text("{}")
    load_countries(directory=directory)


@pytest.fixture
def states(db, tmp_path):
    load_region(tmp_path)
    return region.indo_pacific_states()


def _coloured(svg: str) -> dict[str, set[tuple[str, str]]]:
    """Each coloured state on the map: code -> {(status class, fill)}, one per drawing of it."""
    found = {}
    for group in ET.fromstring(svg).iter(f"{SVG}g"):
        classes = group.get("class", "").split()
        if "country" in classes:
            found.setdefault(classes[0].upper(), set()).add((classes[2], group.get("fill")))
    return found


def _row(html: str, name: str) -> str:
    return next(row for row in re.findall(r"<tr>.*?</tr>", html, re.DOTALL) if f">{name}</th>" in row)


# --- The service ------------------------------------------------------------------------


def test_the_region_is_the_four_subregions_of_the_reference_data(states):
    assert len(states) == 39
    assert {country.subregion for country in states} == {"oceania", "south_east_asia", "east_asia", "south_asia"}
    assert "AF" not in {country.code for country in states}  # a party, but outside the Indo-Pacific counts


def test_signatories_come_first_then_states_parties_then_the_others(states):
    rows = region.state_rows(states)
    ranks = [region.STATUS_ORDER.index(row.status) for row in rows]
    assert ranks == sorted(ranks)
    assert [row.status for row in rows[:9]] == [ATTStatus.SIGNATORY] * 9
    assert {row.code for row in rows[:9]} == {"VU", "KI", "NR", "MY", "KH", "TH", "SG", "MN", "BD"}
    assert [row.status for row in rows[9:20]] == [ATTStatus.STATE_PARTY] * 11
    assert [row.code for row in rows[-2:]] == ["CK", "TL"]  # unconfirmed last
    # Within a status, by subregion then name: Oceania's signatories before South-east Asia's.
    assert [row.code for row in rows[:5]] == ["KI", "NR", "VU", "KH", "MY"]


def test_counts_by_subregion_and_status(states):
    rows, totals = region.counts_by_subregion(states)
    by_subregion = {row.subregion: (row.counts, row.total) for row in rows}
    # Columns in STATUS_ORDER: signatories, states parties, not joined, unknown.
    assert by_subregion == {
        "oceania": ((3, 6, 6, 1), 16),
        "south_east_asia": ((4, 1, 5, 1), 11),
        "east_asia": ((1, 3, 1, 0), 5),
        "south_asia": ((1, 1, 5, 0), 7),
    }
    assert (totals.counts, totals.total) == ((9, 11, 17, 2), 39)  # the brief's 11 parties and 9 signatories


def test_unconfirmed_dates_are_unknown_and_dates_that_cannot_exist_are_not(states):
    rows = {row.code: row for row in region.state_rows(states)}
    niue, mongolia, china, fiji, philippines, timor = (rows[c] for c in ("NU", "MN", "CN", "FJ", "PH", "TL"))
    assert (niue.deposited, niue.deposit_unknown, niue.deposit_label) == (None, True, "Accession")
    assert not niue.signature_unknown  # accession: there was no signature
    assert str(mongolia.signed) == "2013-09-24" and not mongolia.signature_unknown and not mongolia.deposit_unknown
    # A signatory whose day of signature no source confirms shows it as unknown.
    (undated,) = region.state_rows([Country(code="MN", name="Mongolia", subregion="east_asia", att_status="signatory")])
    assert undated.signed is None and undated.signature_unknown and not undated.deposit_unknown
    assert str(china.deposited) == "2020-07-06" and not china.signature_unknown
    assert not (fiji.signature_unknown or fiji.deposit_unknown)  # not joined: nothing to confirm
    assert str(philippines.signed) == "2013-09-25" and not philippines.signature_unknown
    assert timor.signature_unknown and timor.deposit_unknown
    palau = rows["PW"]
    assert (str(palau.signed), str(palau.deposited), palau.deposit_label) == (
        "2013-06-03",
        "2019-04-08",
        "Ratification",
    )


def test_the_map_colours_every_state_of_the_region_by_its_status(states):
    coloured = _coloured(region.region_map_svg("en", states))
    assert set(coloured) == {country.code for country in states}  # every state is on the map, no other
    for country in states:
        assert coloured[country.code] == {(country.att_status, region.COLOURS[country.att_status])}, country.code
    # The facts of the brief, as the reader sees them.
    assert coloured["PW"] == {("state_party", "#0072b2")} and coloured["WS"] == {("state_party", "#0072b2")}
    assert coloured["VU"] == {("signatory", "#e69f00")} and coloured["FJ"] == {("not_joined", "#8a8a8a")}
    assert coloured["TL"] == {("unknown", "url(#region-map-unknown)")}


def test_islands_across_the_antimeridian_are_drawn_beside_their_neighbours(states):
    root = ET.fromstring(region.region_map_svg("en", states))
    cook = [g for g in root.iter(f"{SVG}g") if g.get("class", "").startswith("ck ")]
    assert [g.get("transform") for g in cook] == ["translate(2754 0)"]


def test_the_map_needs_no_script_or_inline_style_and_has_a_text_alternative(states):
    svg = region.region_map_svg("en", states)
    assert "<script" not in svg and "<style" not in svg and "style=" not in svg
    assert "<metadata" not in svg and "<!--" not in svg  # pygal's comment carries the day: no stable bytes
    root = ET.fromstring(svg)
    assert root.get("role") == "img" and root.get("aria-labelledby") == "region-map-title region-map-desc"
    assert root.find(f"{SVG}title").text == "ATT status in the Indo-Pacific"
    assert root.find(f"{SVG}desc").text == (
        "Map of the Indo-Pacific coloured by ATT status. States parties: 11; signatories: 9; not joined: 17; "
        "status unconfirmed: 2."
    )
    ids = re.findall(r'\bid="([^"]+)"', svg)
    assert sorted(ids) == ["region-map-desc", "region-map-title", "region-map-unknown"]  # unique in any page
    legend = [text.text for text in root.iter(f"{SVG}text")]
    assert legend == [
        "ATT status in the Indo-Pacific",
        "Signatory (9)",
        "State party (11)",
        "Not joined (17)",
        "Unknown (2)",
    ]


def test_the_map_is_in_the_language_asked_for(states):
    svg = region.region_map_svg("fr", states)
    with translation.override("fr"):
        assert region.map_title() in svg
    assert "Signataire (9)" in svg and "État partie (11)" in svg
    assert "Signatory" not in svg


def test_the_same_facts_give_the_same_bytes_and_new_facts_a_new_map(states):
    first = region.region_map_svg("en", states)
    region._render_map.cache_clear()
    assert region.region_map_svg("en", states) == first
    Country.objects.filter(code="TL").update(att_status=ATTStatus.SIGNATORY)
    changed = region.region_map_svg("en")
    assert _coloured(changed)["TL"] == {("signatory", "#e69f00")}
    assert region.data_stamp(region.indo_pacific_states()) != region.data_stamp(states)


# --- The page and the map's address ---------------------------------------------------------


@pytest.mark.parametrize("name", [PAGE, MAP])
def test_anonymous_users_are_sent_to_sign_in(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.parametrize("name", [PAGE, MAP])
def test_post_is_refused(logged_in_client, name):
    assert logged_in_client.post(reverse(name)).status_code == 405


def test_any_signed_in_user_sees_the_page(states, logged_in_client):
    html = logged_in_client.get(reverse(PAGE)).text
    assert "<h1>The region at a glance</h1>" in html
    assert f'href="{reverse(PAGE)}"' in html  # the menu links here
    # The map as an image with a text alternative, and a link to the table that carries the same data.
    image = re.search(r'<img [^>]*src="([^"]+)"[^>]*alt="([^"]+)"', html)
    assert image.group(1).startswith(reverse(MAP) + "?v=") and image.group(1).endswith("-en")
    assert "States parties: 11; signatories: 9" in image.group(2)
    assert 'href="#states"' in html and 'id="states"' in html
    # Signatories first: Kiribati (signatory) before Australia (party) before Fiji (not joined).
    assert html.index(">Kiribati</th>") < html.index(">Australia</th>") < html.index(">Fiji</th>")


def test_the_page_shows_counts_and_dates_with_unknown_where_unconfirmed(states, logged_in_client):
    html = logged_in_client.get(reverse(PAGE)).text
    oceania = _row(html, "Oceania")
    assert [int(n) for n in re.findall(r">(\d+)</td>", oceania)] == [3, 6, 6, 1, 16]
    assert [int(n) for n in re.findall(r">(\d+)</td>", _row(html, "Indo-Pacific"))] == [9, 11, 17, 2, 39]
    palau = _row(html, "Palau")
    assert "3 Jun 2013" in palau and "8 Apr 2019" in palau and "(Ratification)" in palau
    niue = _row(html, "Niue")
    assert "unknown" in niue and "(Accession)" in niue and "not applicable" in niue
    assert "unknown" not in _row(html, "Fiji")


def test_the_french_page_is_french(states, client):
    client.force_login(UserFactory(preferred_language="fr"))
    html = client.get(reverse(PAGE)).text
    assert '<html lang="fr">' in html
    with translation.override("fr"):
        assert f"<h1>{translation.gettext('The region at a glance')}</h1>" in html
    assert "Signataire" in html and "Asie du Sud-Est" in html and "Océanie" in html
    assert "3 juin 2013" in _row(html, "Australie")  # dates and state names (CLDR) in the active language
    assert ">Australia</th>" not in html
    assert re.search(r'src="[^"]+-fr"', html)


def test_the_map_is_served_as_an_image_in_the_users_language(states, client):
    client.force_login(UserFactory(preferred_language="fr"))
    response = client.get(reverse(MAP))
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert "private" in response["Cache-Control"]
    assert "Signataire" in response.text and _coloured(response.text)["PW"] == {("state_party", "#0072b2")}


@pytest.mark.parametrize("name", [PAGE, MAP])
def test_the_page_and_the_map_take_a_constant_number_of_queries(
    states, logged_in_client, django_assert_max_num_queries, name
):
    logged_in_client.get(reverse(name))  # the first request of a session writes it; count a later one
    with django_assert_max_num_queries(4):
        assert logged_in_client.get(reverse(name)).status_code == 200
    for n in range(10):
        CountryFactory(code=f"Q{chr(65 + n)}", name=f"Extra {n}", subregion="oceania", att_status="signatory")
    with django_assert_max_num_queries(4):
        assert logged_in_client.get(reverse(name)).status_code == 200
