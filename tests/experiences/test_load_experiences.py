"""The seed file and its loader: validated as a whole, loaded once, never overwriting curators."""

import pytest
import yaml
from django.core.management import CommandError, call_command

from experiences.library_file import LibraryFileError
from experiences.models import Experience, Source
from experiences.services import SEED_FILE, linked_actions, linked_questions, load_experiences


def _entry(**fields) -> dict:
    return {
        "key": "palau-test",
        "country": "PW",
        "title": "Palau: a national workshop",
        "summary": "A workshop.",
        "outcome": "Ratified.",
        "sources": [{"title": "UN Treaty Collection", "url": "https://treaties.un.org/"}],
    } | fields


def _write(tmp_path, entries, name="library.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump({"experiences": entries}, allow_unicode=True, sort_keys=False))
    return path


def test_the_seed_holds_the_named_cases_each_with_its_sources(shipped_banks, countries):
    result = load_experiences()
    entries = {experience.key: experience for experience in Experience.objects.select_related("country")}
    assert result.created == len(entries) >= 10 and result.unchanged == 0
    palau = entries["palau-workshop-working-group-ratification"]
    assert palau.country.code == "PW" and (palau.start_year, palau.end_year) == (2013, 2019)
    assert "November 2017" in palau.summary and "dozen" in palau.summary
    assert "committee" in palau.steps and palau.concerns_article("16")
    maldives = entries["maldives-accession"]
    assert "27 August 2019" in maldives.summary and maldives.steps[:2] == ["assistance", "cabinet"]
    philippines = entries["philippines-strategic-trade-law"]
    assert "10697" in philippines.summary and philippines.concerns_article("5")
    model_law = entries["new-zealand-model-law"]
    assert model_law.country.code == "NZ" and "model" in model_law.title.lower()
    assert any(source.url.startswith("https://www.mfat.govt.nz/") for source in model_law.sources.all())
    durations = {entries[key].country.code for key in entries if "signature" in entries[key].cost_or_duration}
    assert {"WS", "JP", "NZ", "TV", "KR", "PW", "PH"} <= durations
    for experience in entries.values():
        assert experience.published
        assert experience.sources.exists(), experience.key
        # Every link resolves to a question or action of a shipped bank.
        assert len(linked_questions(experience)) == len(experience.question_codes), experience.key
        assert len(linked_actions(experience)) == len(experience.action_codes), experience.key
    assert Source.objects.filter(url="https://treaties.un.org/Pages/showDetails.aspx?objid=08000002803628c4").exists()


def test_unconfirmed_dates_stay_empty(shipped_banks, countries):
    load_experiences()
    model_law = Experience.objects.get(key="new-zealand-model-law")
    assert model_law.start_year is None and model_law.end_year is None and model_law.years == ""
    # Dates the depositary records are in; none is guessed.
    korea = Experience.objects.get(key="republic-of-korea-ratification")
    assert korea.start_year == 2013 and "28 November 2016" in korea.summary
    assert "donor" not in korea.outcome  # no source in the entry says so
    maldives = Experience.objects.get(key="maldives-accession")
    assert "27 September 2019" in maldives.summary and "late September" not in maldives.summary


def test_loading_again_adds_only_what_is_missing_and_keeps_curators_edits(shipped_banks, countries):
    first = load_experiences()
    palau = Experience.objects.get(key="palau-workshop-working-group-ratification")
    palau.title = "Palau, as the curator wrote it"
    palau.save()
    Experience.objects.get(key="china-accession").delete()

    again = load_experiences()

    assert (again.created, again.unchanged) == (1, first.created - 1)
    assert (
        Experience.objects.get(key="palau-workshop-working-group-ratification").title
        == "Palau, as the curator wrote it"
    )
    assert Experience.objects.count() == first.created
    assert palau.history.count() == 2  # the load, then the curator's edit; the second load wrote nothing


def test_a_bad_file_loads_nothing_and_names_every_problem(catalogues, countries, framework, tmp_path):
    entries = [
        _entry(key="good-entry", questions=["ART5-01"], actions=["ACT-LAW"]),
        _entry(key="good-entry"),
        _entry(key="Bad Key", country="XX"),
        _entry(key="years", start_year=2019, end_year=2017),
        _entry(key="more-years", start_year="2019", end_year=3000),
        _entry(key="articles", articles=["5(2", "29", 7]),
        _entry(key="steps", steps=["deposit", "party"]),
        _entry(key="links", questions=["ART5-01", "NOPE-01", "ART5-01"], actions=["ACT-NOPE"]),
        _entry(
            key="sources", sources=[{"url": "https://example.org/"}, {"title": "Script", "url": "javascript:alert(1)"}]
        ),
        _entry(key="no-sources", sources=[]),
        _entry(key="missing", title="", outcome=None, colour="blue"),
        _entry(key="translated", translations={"fr": {"title": "Palaos", "key": "x"}}),
        "not a mapping",
    ]
    path = _write(tmp_path, entries)

    with pytest.raises(LibraryFileError) as raised:
        load_experiences(path=path)

    errors = raised.value.errors
    expected = [
        "entry good-entry: two entries have this key",
        "entry Bad Key: 'key' must be lower-case letters",
        "entry Bad Key: unknown country code 'XX'",
        "entry years: 'end_year' is before 'start_year'",
        "entry more-years: 'start_year' must be a year",
        "entry more-years: 'end_year' must be a year",
        "entry articles: article reference '5(2' is not of the form",
        "entry articles: article reference '29' is not of the form",
        "entry articles: article reference '7' is not of the form",  # a number, not a quoted reference
        "entry steps: unknown step 'party'",
        "entry links: unknown question code 'NOPE-01'",
        "entry links: 'questions' lists a code twice",
        "entry links: unknown action template code 'ACT-NOPE'",
        "entry sources/source 1: missing required field 'title'",
        "entry sources/source 2: 'url' must be an http(s) address",
        "entry no-sources: missing required field 'sources'",
        "entry missing: missing required field 'title'",
        "entry missing: missing required field 'outcome'",
        "entry missing: unknown field 'colour'",
        "entry translated: translations 'fr': 'key' cannot be translated",
        "entry 13: an entry is a mapping",
    ]
    for message in expected:
        assert any(error.startswith(f"{path}: {message}") for error in errors), (message, errors)
    assert not any("good-entry: unknown" in error for error in errors)
    assert Experience.objects.count() == 0 and Source.objects.count() == 0


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("experiences: [unclosed", "file: not valid YAML"),
        ("- just a list", "file: the top level must be a mapping with a list 'experiences'"),
        ("experiences: {palau: 1}", "file: the top level must be a mapping with a list 'experiences'"),
    ],
)
def test_a_file_that_is_not_a_library_is_refused_clearly(countries, tmp_path, text, problem):
    path = tmp_path / "library.yaml"
    path.write_text(text)
    with pytest.raises(LibraryFileError) as raised:
        load_experiences(path=path)
    assert len(raised.value.errors) == 1 and raised.value.errors[0].startswith(f"{path}: {problem}")


def test_the_command_loads_and_reports_problems_as_errors(catalogues, countries, framework, tmp_path, capsys):
    good = _write(tmp_path, [_entry(questions=["ART5-01"])], "good.yaml")
    call_command("load_experiences", str(good))
    assert "1 added, 0 already there" in capsys.readouterr().out
    call_command("load_experiences", str(good))
    assert "0 added, 1 already there" in capsys.readouterr().out

    bad = _write(tmp_path, [_entry(key="other", country="ZZ")], "bad.yaml")
    with pytest.raises(CommandError, match=r"bad\.yaml: entry other: unknown country code 'ZZ'"):
        call_command("load_experiences", str(bad))
    with pytest.raises(CommandError, match="missing.yaml: file: not found"):
        call_command("load_experiences", str(tmp_path / "missing.yaml"))
    assert Experience.objects.count() == 1


def test_the_seed_needs_the_question_banks_and_says_so(countries):
    with pytest.raises(LibraryFileError) as raised:
        load_experiences(path=SEED_FILE)
    assert any("unknown question code 'PATH-07' (in no loaded question bank)" in error for error in raised.value.errors)
    assert Experience.objects.count() == 0


def test_loading_again_adds_a_language_an_entry_lacks_and_keeps_the_curators(shipped_banks, countries):
    load_experiences()
    palau = Experience.objects.get(key="palau-workshop-working-group-ratification")
    curated_fr = {**palau.translations["fr"], "title": "Les Palaos, comme la curatrice l'a écrit"}
    palau.translations = {"fr": curated_fr}  # as if the entry was loaded before Thai was translated
    palau.save()

    load_experiences()

    palau.refresh_from_db()
    assert palau.translations["fr"]["title"] == "Les Palaos, comme la curatrice l'a écrit"
    assert palau.translated("title", "th") != palau.title and set(palau.translations) == {"fr", "es", "th", "id"}
