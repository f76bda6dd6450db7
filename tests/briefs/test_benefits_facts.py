"""The agency benefits say what the treaty says, no more, in every language of the seed file."""

import pytest

from briefs.benefits_file import parse_benefits
from briefs.models import MARKDOWN_FIELDS
from briefs.services import SEED_FILE

LANGUAGES = ("en", "fr", "es")


def texts(language: str) -> dict[str, str]:
    """Each agency type's fields, in one language, as one text."""
    entries = parse_benefits(SEED_FILE.read_text(encoding="utf-8"), filename=str(SEED_FILE))
    found = {}
    for entry in entries:
        fields = entry if language == "en" else entry["translations"][language]
        found[entry["agency_type"]] = "\n".join(fields.get(name) or "" for name in MARKDOWN_FIELDS)
    return found


def everything(language: str) -> str:
    return "\n".join(texts(language).values())


# (agency type, {language: what the text must say})
RIGHT = [
    # Article 5(3): small arms and light weapons are measured by the relevant UN instruments.
    (
        "defence",
        {
            "en": "small arms and light weapons at least as widely as the relevant United Nations instruments",
            "fr": "petit calibre au moins aussi largement que les instruments pertinents des Nations Unies",
            "es": "armas ligeras al menos tan ampliamente como los instrumentos pertinentes de las Naciones Unidas",
        },
    ),
    # Article 6: the prohibitions bind every transfer authorization.
    (
        "licensing",
        {
            "en": "prohibitions of Article 6 to every transfer it authorizes (export, import, transit, trans-shipment",
            "fr": "interdictions de l'article 6 à tout transfert qu'elle autorise (exportation, importation, transit",
            "es": "prohibiciones del artículo 6 a toda transferencia que autoriza (exportación, importación, tránsito",
        },
    ),
    # Article 13(1): new measures are reported when appropriate.
    (
        "parliament",
        {
            "en": "new measures when appropriate (Article 13(1))",
            "fr": "nouvelles mesures le cas échéant (article 13(1))",
            "es": "nuevas medidas cuando proceda (artículo 13(1))",
        },
    ),
    # Article 8(2): import measures where necessary; checks on arrival are good practice.
    (
        "customs",
        {
            "en": "where necessary (Article 8(2))",
            "fr": "lorsque c'est nécessaire (article 8(2))",
            "es": "cuando sea necesario (artículo 8(2))",
        },
    ),
]

WRONG = {
    "en": [
        "at least as widely as the UN Register descriptions",
        "before any export",
        "implementing measures once",
        "checked on arrival and confirmed delivery (Article 8)",
        "checks import permits on arrival (Article 8)",
        "200,000",
        "IPIS",
    ],
    "fr": [
        "au moins aussi largement que les descriptions du Registre des Nations Unies (article 5(3))",
        "avant toute exportation",
        "rend compte une fois",
        "vérifiés à l'arrivée et la livraison confirmée (article 8)",
        "contrôle les permis d'importation à l'arrivée (article 8)",
        "200 000",
        "IPIS",
    ],
    "es": [
        "al menos tan ampliamente como las descripciones del Registro de las Naciones Unidas (artículo 5(3))",
        "antes de toda exportación",
        "informa una vez",
        "verificados a la llegada y la entrega confirmada (artículo 8)",
        "controla los permisos de importación a la llegada (artículo 8)",
        "200 000",
        "IPIS",
    ],
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_statements_that_went_further_than_the_treaty_are_gone(language):
    text = everything(language)
    for phrase in WRONG[language]:
        assert phrase not in text, (language, phrase)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_treaty_wording_is_there_instead(language):
    by_type = texts(language)
    for agency_type, phrases in RIGHT:
        assert phrases[language] in by_type[agency_type], (language, agency_type)


@pytest.mark.parametrize("language", LANGUAGES)
def test_arrival_checks_are_called_good_practice_not_duties(language):
    customs = texts(language)["customs"]
    assert {"en": "good practice", "fr": "bonne", "es": "buena"}[language] in customs


@pytest.mark.parametrize("language", LANGUAGES)
def test_joining_covers_all_four_instruments(language):
    parliament = texts(language)["parliament"]
    four = {
        "en": "ratification, acceptance, approval or accession",
        "fr": "la ratification, l'acceptation, l'approbation ou l'adhésion",
        "es": "la ratificación, la aceptación, la aprobación o la adhesión",
    }[language]
    assert four in parliament
    justice = texts(language)["justice"]
    assert {"en": "after ratification", "fr": "après la ratification", "es": "después de la ratificación"}[
        language
    ] not in justice
