import re
from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from reference.models import Agency

from .models import INTRODUCTION_MAX_LENGTH, Milestone, RoadmapAction

ACTION_FIELDS = [
    "title",
    "description",
    "indicator",
    "lead_agency",
    "supporting_agencies",
    "phase",
    "start",
    "end",
    "status",
    "cost_amount",
    "cost_currency",
    "funding",
    "assistance",
    "assistance_sources",
    "assistance_notes",
    "notes",
]


# A roadmap plans a few years: a date centuries away is a typo, and the timeline's month arithmetic
# would run past the year 9999 that Python dates end at.
EARLIEST_DATE, LATEST_DATE = date(1900, 1, 1), date(2199, 12, 31)


def validate_plausible_date(value: date) -> None:
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise forms.ValidationError(_("Give a date between 1900 and 2199."))


class GenerateForm(forms.Form):
    start_date = forms.DateField(
        label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"}), validators=[validate_plausible_date]
    )
    needs_parliament = forms.BooleanField(label=_("Parliament must approve joining the treaty"), required=False)


class ActionForm(forms.ModelForm):
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput, required=False)

    class Meta:
        model = RoadmapAction
        fields = ACTION_FIELDS
        widgets = {
            "start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
            "assistance_notes": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
            "supporting_agencies": forms.CheckboxSelectMultiple,
            "assistance_sources": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, country, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the assessment's own country's agencies: an id from elsewhere is "not a valid choice".
        agencies = Agency.objects.filter(country=country).select_related("agency_type")
        self.fields["lead_agency"].queryset = agencies
        self.fields["supporting_agencies"].queryset = agencies
        for name in ("start", "end"):
            self.fields[name].validators.append(validate_plausible_date)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean_cost_currency(self):
        currency = self.cleaned_data["cost_currency"].strip().upper()
        if not re.fullmatch(r"[A-Z]{3}", currency):
            raise forms.ValidationError(_("Use a three-letter currency code, e.g. USD, EUR, PHP."))
        return currency

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            self.add_error("end", _("The end date cannot be before the start date."))
        return cleaned


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["due", "done"]
        widgets = {"due": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["due"].validators.append(validate_plausible_date)


class IntroductionForm(forms.Form):
    """The coordinator's introduction to the summary: plain text, shown escaped with its line breaks."""

    introduction = forms.CharField(
        label=_("Introduction"),
        required=False,
        max_length=INTRODUCTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["introduction"].help_text = _(
            "Shown above the summary on this page and in the PDF. Plain text, up to %(n)s characters."
        ) % {"n": INTRODUCTION_MAX_LENGTH}

    def clean_introduction(self) -> str:
        return self.cleaned_data["introduction"].replace("\r\n", "\n")
