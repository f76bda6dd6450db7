"""What each agency type gains: the shipped seed file, its loader, and curation in the admin."""

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.urls import reverse

from briefs.models import MARKDOWN_FIELDS, AgencyBenefit
from briefs.services import SEED_FILE, load_agency_benefits
from frameworks.curation import ensure_curator_group
from reference.models import AgencyType
from reference.services import AGENCY_TYPES
from tests.factories import UserFactory


def test_every_agency_type_has_substantive_benefits_in_english_french_and_spanish(catalogues):
    result = load_agency_benefits()
    assert result.created == len(AGENCY_TYPES) and result.unchanged == 0
    for agency_type in AgencyType.objects.all():
        benefit = agency_type.benefit
        for field in MARKDOWN_FIELDS:
            assert len(getattr(benefit, field)) > 100, (agency_type.code, field)
            for language in ("fr", "es"):
                assert len(benefit.translations[language][field]) > 100, (agency_type.code, field, language)
        assert "<li>" in benefit.html_for("benefits", "en")
        assert benefit.html_for("benefits", "fr") != benefit.html_for("benefits", "en")
    # The examples of the requirement: customs learns more about transit cargo, defence gets predictable imports.
    assert "Better information on transit cargo" in AgencyBenefit.objects.get(agency_type__code="customs").benefits
    assert "Predictable imports" in AgencyBenefit.objects.get(agency_type__code="defence").benefits


def test_loading_again_changes_nothing_and_keeps_curators_edits(catalogues):
    load_agency_benefits()
    customs = AgencyBenefit.objects.get(agency_type__code="customs")
    customs.benefits = "- Edited by a curator."
    customs._history_user = UserFactory()  # as the admin records a curator's save
    customs.save()
    result = load_agency_benefits()
    assert result.created == 0 and result.unchanged == len(AGENCY_TYPES)
    customs.refresh_from_db()
    assert customs.benefits == "- Edited by a curator." and customs.history.count() == 2
    assert all(row.history.count() == 1 for row in AgencyBenefit.objects.exclude(pk=customs.pk))


def test_a_corrected_seed_file_reaches_rows_no_curator_saved(catalogues, tmp_path):
    load_agency_benefits()
    police = AgencyBenefit.objects.get(agency_type__code="police")
    police.benefits = "- An old, wrong claim."
    police.save()  # as an earlier seed file wrote it: no user
    load_agency_benefits()
    police.refresh_from_db()
    assert "An old, wrong claim" not in police.benefits
    assert police.history.first().history_change_reason == "Seed file corrected"


def test_a_bad_file_is_refused_with_every_problem_and_loads_nothing(catalogues, tmp_path):
    path = tmp_path / "benefits.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "benefits": [
                    {"agency_type": "customs", "benefits": "- Fine."},
                    {"agency_type": "spies", "benefits": "- Who?"},
                    {"agency_type": "customs", "benefits": ""},
                    {"agency_type": "police", "benefits": "x", "colour": "red", "translations": {"fr": {"title": 1}}},
                    "not a mapping",
                ]
            }
        )
    )
    with pytest.raises(CommandError) as error:
        call_command("load_agency_benefits", str(path))
    message = str(error.value)
    for expected in (
        f"{path}: agency type spies: unknown agency type 'spies'",
        f"{path}: agency type customs: two entries are for this agency type",
        f"{path}: agency type customs: missing required field 'benefits'",
        f"{path}: agency type police: unknown field 'colour'",
        f"{path}: agency type police: translations 'fr': 'title' cannot be translated",
        f"{path}: entry 5: an entry is a mapping",
    ):
        assert expected in message, expected
    assert not AgencyBenefit.objects.exists()


def test_a_missing_or_unreadable_file_is_a_clear_error(catalogues, tmp_path):
    with pytest.raises(CommandError, match="file: not found"):
        call_command("load_agency_benefits", str(tmp_path / "nowhere.yaml"))
    broken = tmp_path / "broken.yaml"
    broken.write_text("benefits: [unclosed")
    with pytest.raises(CommandError, match="not valid YAML"):
        call_command("load_agency_benefits", str(broken))


def test_the_command_reports_what_it_did(catalogues, capsys):
    call_command("load_agency_benefits")
    assert f"Agency benefits: {len(AGENCY_TYPES)} added, 0 already there." in capsys.readouterr().out
    assert SEED_FILE.exists()


@pytest.fixture
def curator_client(client_for, catalogues):
    curator = UserFactory(is_staff=True)
    curator.groups.add(ensure_curator_group())
    client = client_for(curator)
    client.curator = curator
    return client


def test_curators_edit_the_benefits_and_markup_is_sanitized(curator_client):
    load_agency_benefits()
    customs = AgencyBenefit.objects.get(agency_type__code="customs")
    url = reverse("admin:briefs_agencybenefit_change", args=[customs.pk])
    assert curator_client.get(url).status_code == 200
    response = curator_client.post(
        url,
        {
            "agency_type": customs.agency_type_id,
            "benefits": "- **Faster clearance** <script>alert(1)</script>",
            "universalization_pitch": "Why join.",
            "compliance_next_steps": "What next.",
            "translations": '{"fr": {"benefits": "- **Dédouanement plus rapide**"}}',
        },
    )
    assert response.status_code == 302
    customs.refresh_from_db()
    assert "<strong>Faster clearance</strong>" in customs.html_for("benefits", "en")
    assert "<script>" not in customs.html_for("benefits", "en")
    assert "Dédouanement plus rapide" in customs.html_for("benefits", "fr")
    assert customs.history.first().history_user == curator_client.curator


def test_translations_that_are_not_markdown_fields_are_refused(curator_client):
    load_agency_benefits()
    customs = AgencyBenefit.objects.get(agency_type__code="customs")
    response = curator_client.post(
        reverse("admin:briefs_agencybenefit_change", args=[customs.pk]),
        {
            "agency_type": customs.agency_type_id,
            "benefits": "- Fine.",
            "universalization_pitch": "",
            "compliance_next_steps": "",
            "translations": '{"fr": {"title": "Non"}}',
        },
    )
    assert response.status_code == 200 and "translatable:" in response.text
    customs.refresh_from_db()
    assert customs.benefits != "- Fine."


def test_the_curators_group_may_edit_the_benefits(db):
    codenames = set(ensure_curator_group().permissions.values_list("codename", flat=True))
    assert {"add_agencybenefit", "change_agencybenefit", "view_historicalagencybenefit"} <= codenames
