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


def test_demo_officials_are_verified_and_the_regional_view_shows_real_figures(db):
    from accounts.models import Official

    call_command("seed_demo")
    for email, code in [
        ("coordinator.ph@example.org", "PH"),
        ("customs.ph@example.org", "PH"),
        ("coordinator.th@example.org", "TH"),
        ("outsider.vn@example.org", "VN"),
        ("coordinator.id@example.org", "ID"),
    ]:
        official = Official.objects.get(user__email=email)
        assert official.is_verified and official.country.code == code, email
    assert Official.objects.get(user__email="coordinator.ph@example.org").role == "coordinator"
    assert Official.objects.get(user__email="customs.ph@example.org").role == "official"
    assert Official.objects.get(user__email="outsider.vn@example.org").role == "official"
    regional = Official.objects.get(user__email="regional@example.org")
    assert regional.is_verified and regional.country is None and regional.regional_organization is not None
    assert not Official.objects.filter(user__email="curator@example.org").exists()
    _the_demo_regional_view_shows_exact_figures_from_five_states_and_the_philippines_stays_private()


def _the_demo_regional_view_shows_exact_figures_from_five_states_and_the_philippines_stays_private():
    # In the same test as the officials: seeding the demo is slow.
    from assessments.models import Assessment
    from regional.models import RegionalOrganization, Sharing
    from regional.report import build_regional_report

    philippines = Assessment.objects.filter(country__code="PH").order_by("pk").first()
    assert philippines.title == "Philippines: ATT implementation review 2026"
    assert not Sharing.objects.filter(assessment=philippines).exists()  # the browser tests share it themselves
    shared = Sharing.objects.filter(current=True).values_list("assessment__country__code", flat=True)
    assert sorted(shared) == ["BN", "ID", "KH", "MY", "SG"]
    report = build_regional_report(organization=RegionalOrganization.objects.get())
    compliance = next(view for view in report.tracks if view.summary.track == "compliance")
    assert compliance.summary.states == 5
    assert compliance.overall.cell.states == 5 and 0 < compliance.overall.cell.readiness < 1
    assert all(row.cell.readiness is not None for row in compliance.articles)
    universalization = next(view for view in report.tracks if view.summary.track == "universalization")
    assert universalization.summary.withheld
