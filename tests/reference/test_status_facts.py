"""The ATT status facts: each date from a named source, deposits as the depositary records them,
entry into force as Article 22 sets it, and a loader that refuses a date nobody can check."""

import datetime
import shutil

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from reference import region
from reference.management.commands import load_reference_data as command_module
from reference.models import ATTStatus, Country, DepositType
from reference.services import REFERENCE_DIR, load_countries
from reference.status_file import StatusFileError, entry_into_force_for, is_public_url
from roadmaps.milestones import compliance_milestones

D = datetime.date


def copy_reference(directory):
    """The real status file, without the rest of the world (faster)."""
    shutil.copy(REFERENCE_DIR / "indo_pacific_att.yaml", directory)
    (directory / "un_regions.yaml").write_text("{}")
    return directory / "indo_pacific_att.yaml"


@pytest.fixture
def countries(db, tmp_path):
    copy_reference(tmp_path)
    load_countries(directory=tmp_path)
    return {country.code: country for country in Country.objects.all()}


def dated(countries):
    return [c for c in countries.values() if c.signature_date or c.deposit_date or c.entry_into_force_date]


# --- The rule of Article 22 ------------------------------------------------------------


def test_entry_into_force_is_24_december_2014_for_early_deposits_and_90_days_after_later_ones():
    assert entry_into_force_for(D(2014, 6, 3)) == D(2014, 12, 24)  # before the treaty was in force: Art 22(1)
    assert entry_into_force_for(D(2015, 9, 4)) == D(2015, 12, 3)  # Art 22(2)
    assert entry_into_force_for(D(2019, 9, 27)) == D(2019, 12, 26)
    assert entry_into_force_for(D(2016, 11, 28)) == D(2017, 2, 26)


def test_every_state_party_with_a_deposit_enters_into_force_as_article_22_says(countries):
    deposited = {code: c for code, c in countries.items() if c.deposit_date}
    # The Republic of Korea and the Maldives are among them: their deposits are on record.
    assert {"AU", "NZ", "WS", "TV", "PW", "JP", "KR", "CN", "PH", "MV", "AF"} <= set(deposited)
    for code, country in deposited.items():
        assert country.att_status == ATTStatus.STATE_PARTY, code
        assert country.entry_into_force_date == entry_into_force_for(country.deposit_date), code
        if country.deposit_date >= D(2014, 12, 24):
            assert country.entry_into_force_date == country.deposit_date + datetime.timedelta(days=90), code


def test_every_date_has_a_public_source(countries):
    assert len(dated(countries)) >= 20
    for country in dated(countries):
        assert country.status_source_title, country.code
        assert is_public_url(country.status_source_url), country.code
    # The depositary's record comes first.
    assert "treaties.un.org" in countries["JP"].status_source_url


def test_every_source_in_the_file_has_a_title_and_a_public_address():
    data = yaml.safe_load((REFERENCE_DIR / "indo_pacific_att.yaml").read_text())
    assert data["sources"]
    for key, source in data["sources"].items():
        assert source["title"].strip(), key
        assert is_public_url(source["url"]), key
    for code, facts in data["states"].items():
        if any(facts.get(name) for name in ("signed", "deposited", "in_force")):
            keys = [facts["source"]] if isinstance(facts["source"], str) else facts["source"]
            assert keys[0] == "untc", code  # the depositary first
            assert set(keys) <= set(data["sources"]), code


def test_deposit_types_are_one_of_the_four_and_every_deposit_says_which(countries):
    assert set(DepositType.values) == {"ratification", "acceptance", "approval", "accession"}
    for country in countries.values():
        assert country.deposit_type in ("", *DepositType.values), country.code
        if country.deposit_date:
            assert country.deposit_type, country.code


# --- The corrected facts ----------------------------------------------------------------


def test_signatures_of_september_2013_are_the_depositarys_days(countries):
    assert countries["MY"].signature_date == D(2013, 9, 26)
    assert countries["MN"].signature_date == D(2013, 9, 24)
    assert countries["PH"].signature_date == D(2013, 9, 25)
    # The open question of the Philippines' signature day is closed.
    assert "25 or 26" not in countries["PH"].status_note and "unconfirmed" not in countries["MN"].status_note


def test_japan_deposited_an_instrument_of_acceptance(countries):
    japan = countries["JP"]
    assert (japan.deposit_type, japan.deposit_date) == (DepositType.ACCEPTANCE, D(2014, 5, 9))
    assert japan.entry_into_force_date == D(2014, 12, 24)


def test_korea_and_the_maldives_have_their_dates(countries):
    korea, maldives = countries["KR"], countries["MV"]
    assert (korea.signature_date, korea.deposit_date, korea.entry_into_force_date) == (
        D(2013, 6, 3),
        D(2016, 11, 28),
        D(2017, 2, 26),
    )
    assert korea.deposit_type == DepositType.RATIFICATION
    assert (maldives.deposit_type, maldives.deposit_date, maldives.entry_into_force_date) == (
        DepositType.ACCESSION,
        D(2019, 9, 27),
        D(2019, 12, 26),
    )
    assert maldives.signature_date is None  # an acceding state never signed
    assert not korea.status_note and not maldives.status_note  # nothing left unconfirmed


def test_korea_and_the_maldives_now_get_their_reporting_milestones(countries):
    for code in ("KR", "MV"):
        milestones = compliance_milestones(
            start=D(2026, 1, 15),
            entry_into_force_date=countries[code].entry_into_force_date,
            initial_report_submitted=False,
            control_list_gap=False,
            points_of_contact_gap=False,
        )
        assert "initial_report" in {m.code for m in milestones}, code


def test_unconfirmed_facts_stay_empty_with_a_note(countries):
    niue = countries["NU"]
    assert niue.deposit_date is None and "unconfirmed" in niue.status_note
    assert not niue.status_source_url  # no date, nothing to source


# --- Where the portal shows the status -------------------------------------------------


def test_the_region_shows_the_kind_of_instrument(countries, logged_in_client):
    rows = {row.code: row for row in region.state_rows(list(Country.objects.indo_pacific()))}
    assert rows["JP"].deposit_label == "Acceptance"
    assert rows["MV"].deposit_label == "Accession"
    html = logged_in_client.get(reverse("portal:region")).text
    japan = html[html.index(">Japan</th>") :]
    japan = japan[: japan.index("</tr>")]
    assert "9 May 2014" in japan and "(Acceptance)" in japan
    assert 'href="https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&amp;mtdsg_no=XXVI-8' in japan
    assert "Ratification, acceptance, approval or accession" in html


# --- The loader refuses what cannot be checked ------------------------------------------


def _edit(path, change) -> None:
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True))


def test_the_loader_rejects_a_date_without_a_source_and_changes_nothing(db, tmp_path):
    path = copy_reference(tmp_path)
    load_countries(directory=tmp_path)
    _edit(path, lambda d: d["states"]["AU"].pop("source"))
    _edit(path, lambda d: d["states"]["TH"].update(signed="2014-11-26"))
    with pytest.raises(StatusFileError) as error:
        load_countries(directory=tmp_path)
    assert any("state AU" in e and "without a source" in e for e in error.value.errors)
    assert Country.objects.get(code="TH").signature_date == D(2014, 11, 25)  # nothing was written


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["states"]["JP"].update(deposit_type="consent"), "deposit_type must be one of"),
        (lambda d: d["states"]["MV"].update(in_force="2019-12-27"), "in_force must be 2019-12-26"),
        (lambda d: d["states"]["KR"].update(source="somewhere"), "unknown source 'somewhere'"),
        (lambda d: d["sources"]["untc"].update(url="http://localhost/status"), "public http(s) URL"),
        (lambda d: d["states"]["CN"].pop("deposit_type"), "needs its deposit_type"),
    ],
)
def test_the_loader_rejects_facts_that_do_not_hold(db, tmp_path, change, message):
    path = copy_reference(tmp_path)
    _edit(path, change)
    with pytest.raises(StatusFileError) as error:
        load_countries(directory=tmp_path)
    assert any(message in e for e in error.value.errors), error.value.errors


def test_the_command_reports_every_problem_as_an_error(db, tmp_path, monkeypatch):
    path = copy_reference(tmp_path)
    shutil.copy(REFERENCE_DIR / "assistance_sources.yaml", tmp_path)
    _edit(path, lambda d: [d["states"][code].pop("source") for code in ("AU", "NZ")])
    original = command_module.load_reference_data
    monkeypatch.setattr(command_module, "load_reference_data", lambda: original(directory=tmp_path))
    with pytest.raises(CommandError) as error:
        call_command("load_reference_data")
    assert "state AU" in str(error.value) and "state NZ" in str(error.value)


def test_the_admin_refuses_a_date_without_its_source(db):
    country = Country(code="XK", name="Test", att_status=ATTStatus.SIGNATORY, signature_date=D(2013, 9, 25))
    with pytest.raises(ValidationError) as error:
        country.full_clean()
    assert "status_source_url" in error.value.message_dict
    country.status_source_title = "UN Treaty Collection"
    country.status_source_url = "https://treaties.un.org/"
    country.full_clean()
