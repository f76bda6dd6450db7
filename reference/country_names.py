"""The names officials look their state up by.

Country rows carry the UN-style name ("Islamic Republic of Iran", "Plurinational State of Bolivia",
"Viet Nam"), which is right on a document but not how anyone scans a list of 195 states: there they
look for "Iran", "Bolivia", "Vietnam". Lists sort by the common name and show both where they differ.
"""

import unicodedata
from functools import cache

import pycountry
import pyuca
from babel import Locale, UnknownLocaleError
from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils import translation


@cache
def common_name(code: str, name: str) -> str:
    """The short name people use for the state ("Iran"), else its own name.

    Only a short name that is part of the state's own name counts: "Iran" in "Islamic Republic of Iran", but
    not "Vietnam" for "Viet Nam", the name the state itself and the UN use.
    """
    record = pycountry.countries.get(alpha_2=code)
    short = getattr(record, "common_name", None)
    return short if short and short.casefold() in name.casefold() and short != name else name


def sort_key(text: str) -> str:
    """Accents and case set aside, so that "Côte d'Ivoire" sorts among the Cs and "viet" finds "Viet Nam"."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)).casefold()


@cache
def _territories(language: str) -> dict:
    try:
        return Locale.parse(language).territories
    except (UnknownLocaleError, ValueError):
        return {}


def local_name(code: str, name: str, language: str | None = None) -> str:
    """The state's name in the reader's language, from CLDR; in English the UN-style name the row carries."""
    language = (language or translation.get_language() or "en").split("-")[0]
    if language == "en":
        return name
    return _territories(language).get(code) or name


@cache
def _collator() -> pyuca.Collator:
    return pyuca.Collator()  # the Unicode Collation Algorithm: Thai, accented Latin and others in reading order


def collation_key(text: str) -> tuple:
    return _collator().sort_key(text.casefold())


def choice_label(country) -> str:
    if (translation.get_language() or "en").split("-")[0] != "en":
        return country.display_name
    short = common_name(country.code, country.name)
    return country.name if short == country.name else f"{short} ({country.name})"


class _ByCommonName(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        countries = sorted(self.queryset, key=lambda country: collation_key(choice_label(country)))
        for country in countries:
            yield self.choice(country)


class CountryChoiceField(forms.ModelChoiceField):
    """A state chosen from a list sorted and labelled by common names ("Iran (Islamic Republic of Iran)")."""

    iterator = _ByCommonName

    def label_from_instance(self, obj) -> str:
        return choice_label(obj)
