"""The shape of every JSON field a curator edits in the admin, checked before the row is saved.

The admin's JSON box accepts any JSON: a list, null, a number or a nested object where the code
expects ``{"fr": {"title": "..."}}`` went on to ``save()`` or a page and was a 500. A model lists
its JSON fields' shapes in ``json_shapes``; ``ShapedJSON.clean_fields`` (which every model
form, the admin's and its inlines' included, runs) turns a wrong shape into an error on the field.
A check is a function that raises ``ValidationError`` for a wrong value. tests/security walks every
JSON field of every admin form, so a new one without a shape is found by a test.
"""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


def _text_keys(value) -> bool:
    return all(isinstance(key, str) and key.strip() for key in value)


def texts_by_language(value) -> None:
    """``{"fr": "markdown", ...}``: a text per language."""
    if not isinstance(value, dict) or not _text_keys(value) or not all(isinstance(v, str) for v in value.values()):
        raise ValidationError(
            _('Give an object of texts by language code, such as {"fr": "…", "es": "…"}.'), code="shape"
        )


def fields_by_language(value) -> None:
    """``{"fr": {"title": "...", "text": "..."}, ...}``: translated fields per language."""
    if (
        not isinstance(value, dict)
        or not _text_keys(value)
        or not all(
            isinstance(fields, dict) and _text_keys(fields) and all(isinstance(text, str) for text in fields.values())
            for fields in value.values()
        )
    ):
        raise ValidationError(
            _('Give an object of translated fields by language code, such as {"fr": {"title": "…"}}.'), code="shape"
        )


def list_of_texts(value) -> None:
    """``["5(2)", "7"]``: a list of texts (article references, codes, steps)."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError(_('Give a list of texts, such as ["5(2)", "7"].'), code="shape")


class ShapedJSON(models.Model):
    """Checks the model's JSON fields against ``json_shapes`` (field name -> check) on validation.

    An abstract model rather than a plain mixin, so that migrations do not record it as a base.
    """

    json_shapes: dict[str, Callable[[object], None]] = {}

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for name, check in self.json_shapes.items():
            if name in (exclude or ()) or name in errors:
                continue
            try:
                check(getattr(self, name))
            except ValidationError as error:
                errors[name] = error.error_list
        if errors:
            raise ValidationError(errors)
