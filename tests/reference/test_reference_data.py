from reference.models import AgencyType, ATTStatus, Country
from reference.services import load_reference_data


def test_every_un_member_state_is_loaded_with_its_region(db):
    counts = load_reference_data()
    assert Country.objects.filter(un_member=True).count() == 193
    assert counts["countries"] == Country.objects.count()
    assert Country.objects.get(code="FR").un_region == "europe"
    assert Country.objects.get(code="VN").name == "Viet Nam"
    assert Country.objects.get(code="KR").name == "Republic of Korea"
    assert Country.objects.get(code="FM").name == "Federated States of Micronesia"


def test_indo_pacific_statuses_come_from_the_fixture_and_unconfirmed_dates_stay_empty(db):
    load_reference_data()
    palau = Country.objects.get(code="PW")
    assert palau.att_status == ATTStatus.STATE_PARTY
    assert str(palau.deposit_date) == "2019-04-08"
    assert str(palau.entry_into_force_date) == "2019-07-07"
    niue = Country.objects.get(code="NU")
    assert niue.att_status == ATTStatus.STATE_PARTY and niue.deposit_date is None and "unconfirmed" in niue.status_note
    assert Country.objects.get(code="TL").att_status == ATTStatus.UNKNOWN
    assert Country.objects.get(code="TH").att_status == ATTStatus.SIGNATORY
    assert Country.objects.indo_pacific().filter(subregion="south_east_asia").count() == 11


def test_status_suggests_the_track(db):
    load_reference_data()
    assert Country.objects.get(code="PH").suggested_track == "compliance"
    assert Country.objects.get(code="TH").suggested_track == "universalization"


def test_loading_twice_changes_nothing(db):
    load_reference_data()
    before = list(Country.objects.values_list("code", "att_status", "deposit_date").order_by("code"))
    load_reference_data()
    after = list(Country.objects.values_list("code", "att_status", "deposit_date").order_by("code"))
    assert before == after
    assert AgencyType.objects.count() == 12
