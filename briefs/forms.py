from django import forms
from django.utils.translation import gettext_lazy as _

from .benefits_file import MAX_TEXT
from .models import MARKDOWN_FIELDS, AgencyBenefit


class AgencyBenefitAdminForm(forms.ModelForm):
    class Meta:
        model = AgencyBenefit
        fields = ["agency_type", *MARKDOWN_FIELDS, "translations"]

    def clean(self):
        cleaned = super().clean()
        for name in MARKDOWN_FIELDS:
            if len(cleaned.get(name) or "") > MAX_TEXT:
                self.add_error(name, _("At most %(n)s characters: a brief has one or two pages.") % {"n": MAX_TEXT})
        return cleaned

    def clean_translations(self) -> dict:
        translations = self.cleaned_data["translations"] or {}
        message = _('Write {"fr": {"benefits": "...", "universalization_pitch": "..."}}; translatable: %(fields)s.') % {
            "fields": ", ".join(MARKDOWN_FIELDS)
        }
        if not isinstance(translations, dict):
            raise forms.ValidationError(message)
        for fields in translations.values():
            if not isinstance(fields, dict) or not set(fields) <= set(MARKDOWN_FIELDS):
                raise forms.ValidationError(message)
            if not all(isinstance(value, str) and len(value) <= MAX_TEXT for value in fields.values()):
                raise forms.ValidationError(message)
        return translations
