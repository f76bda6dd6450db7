"""Curated texts in the reader's language: ``translations = {"fr": {"name": ...}}`` beside the English fields."""

from django.utils import translation


def in_reader_language(row, field: str, language: str | None = None) -> str:
    """The field in the given (or active) language, falling back to the English the row carries."""
    language = (language or translation.get_language() or "en").split("-")[0]
    return (row.translations or {}).get(language, {}).get(field) or getattr(row, field)
