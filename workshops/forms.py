from django import forms
from django.utils.translation import gettext_lazy as _

from roadmaps.forms import validate_plausible_date

from .models import Workshop

MAX_MINUTES = 50_000  # about twenty pages: a day of minutes, not a place for documents
MAX_VERSION = 2**31 - 1


class WorkshopForm(forms.ModelForm):
    class Meta:
        model = Workshop
        fields = ["title", "date", "venue"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].validators.append(validate_plausible_date)


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"),
        required=False,
        max_length=MAX_MINUTES,
        strip=False,  # the minute-taker's line breaks and indentation are theirs to keep
        widget=forms.Textarea(attrs={"rows": 12}),
    )
    version = forms.IntegerField(min_value=0, max_value=MAX_VERSION, widget=forms.HiddenInput)


class SectionForm(forms.Form):
    """Which section the projector shows; a choice among the questionnaire's codes, never a free lookup."""

    section = forms.ChoiceField(label=_("Section"))

    def __init__(self, *args, sections, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [(section.code, section.code) for section in sections]
