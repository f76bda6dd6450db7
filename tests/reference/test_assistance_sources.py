"""The curated assistance sources: no claim without a source, public addresses, corrections that reach the database."""

import shutil

import yaml

from reference.models import AssistanceSource
from reference.services import REFERENCE_DIR, load_assistance_sources
from reference.status_file import is_public_url
from tests.factories import UserFactory


def seeds() -> dict[str, dict]:
    return {entry["code"]: entry for entry in yaml.safe_load((REFERENCE_DIR / "assistance_sources.yaml").read_text())}


def test_no_claim_that_no_source_supports():
    text = " ".join(" ".join(str(value) for value in entry.values()) for entry in seeds().values())
    for claim in ("IPIS", "200,000", "200 000", "rapid-response", "rapid response"):
        assert claim not in text, claim
    # The Philippines is named as a donor nowhere, and trust-fund donors are not "bilateral donors".
    assert "Philippines" not in seeds()["vtf"]["funds"] + seeds()["bilateral"]["funds"]
    assert not any(name in seeds()["bilateral"]["funds"] for name in ("Australia", "Japan", "New Zealand", "Korea"))


def test_every_address_is_public_and_the_eu_outreach_project_has_one():
    for code, entry in seeds().items():
        if entry["url"]:
            assert is_public_url(entry["url"]), code
    assert seeds()["eu-outreach"]["url"].startswith("https://")


def test_joining_means_any_of_the_four_instruments():
    assert "ratification, acceptance, approval or accession" in seeds()["unscar"]["funds"]


def test_a_corrected_seed_reaches_rows_no_curator_touched_and_spares_the_others(db, tmp_path):
    shutil.copy(REFERENCE_DIR / "assistance_sources.yaml", tmp_path)
    old = seeds()
    path = tmp_path / "assistance_sources.yaml"
    # Yesterday's file, as an older deployment loaded it.
    stale = [dict(entry, funds=entry["funds"] + " Rapid-response projects at any time.") for entry in old.values()]
    path.write_text(yaml.safe_dump(stale, allow_unicode=True))
    load_assistance_sources(directory=tmp_path)
    curated = AssistanceSource.objects.get(code="vtf")
    curated.funds = "Written by a curator."
    curated._history_user = UserFactory()  # as the admin records it
    curated.save()

    shutil.copy(REFERENCE_DIR / "assistance_sources.yaml", tmp_path)
    assert load_assistance_sources(directory=tmp_path) == len(old)
    assert AssistanceSource.objects.get(code="unscar").funds == old["unscar"]["funds"]
    assert AssistanceSource.objects.get(code="vtf").funds == "Written by a curator."
    # Loading the same file again changes nothing.
    versions = sum(row.history.count() for row in AssistanceSource.objects.all())
    load_assistance_sources(directory=tmp_path)
    assert sum(row.history.count() for row in AssistanceSource.objects.all()) == versions
