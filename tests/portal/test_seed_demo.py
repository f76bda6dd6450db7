from django.core.management import call_command

from accounts.models import User
from portal.demo import DEMO_PASSWORD


def test_seed_demo_is_idempotent_and_prints_logins(db, capsys):
    call_command("seed_demo")
    first = User.objects.count()
    call_command("seed_demo")
    assert User.objects.count() == first
    out = capsys.readouterr().out
    assert "coordinator.ph@example.org" in out and DEMO_PASSWORD in out


def test_seed_demo_creates_two_teams_an_outsider_and_a_curator(db):
    call_command("seed_demo")
    ph = User.objects.filter(agency__country__code="PH")
    assert set(ph.values_list("agency__agency_type__code", flat=True)) >= {
        "foreign-affairs",
        "defence",
        "customs",
        "licensing",
        "police",
        "justice",
    }
    assert User.objects.filter(agency__country__code="TH").count() >= 6
    assert User.objects.get(email="outsider.vn@example.org").agency.country.code == "VN"
    curator = User.objects.get(email="curator@example.org")
    assert curator.is_staff and not curator.is_superuser
    assert curator.groups.filter(name="Curators").exists()
    assert curator.check_password(DEMO_PASSWORD)
