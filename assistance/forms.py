import re

from django import forms
from django.core.validators import MaxLengthValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reference.models import Agency, AssistanceSource
from roadmaps.models import RoadmapAction

from .models import AssistanceRequest, RequestStatus
from .selectors import actions_needing_assistance

# Outlines are a few pages: a text past this is a paste gone wrong, and a donor's form would refuse it.
LONG_TEXT_MAX = 20_000
OUTLINE_TEXTS = ("need", "objective", "activities", "outputs")


class ActionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, action):
        sources = ", ".join(source.translated("name") for source in action.assistance_sources.all())
        phase = _("Phase %(phase)s") % {"phase": action.phase}
        return f"{action.title} ({phase}; {sources})" if sources else f"{action.title} ({phase})"


def _actions_field(queryset) -> ActionChoiceField:
    return ActionChoiceField(
        queryset=queryset.select_related(None).prefetch_related("assistance_sources"),
        widget=forms.CheckboxSelectMultiple,
        label=_("Roadmap actions needing assistance"),
        error_messages={"required": _("Choose at least one action.")},
    )


class NewRequestForm(forms.Form):
    source = forms.ModelChoiceField(queryset=AssistanceSource.objects.all(), label=_("Source of assistance"))

    def __init__(self, *args, assessment, **kwargs):
        super().__init__(*args, **kwargs)
        # Only this roadmap's actions that need assistance: any other id is "not one of the available choices".
        self.fields["actions"] = _actions_field(actions_needing_assistance(assessment.pk))


class RequestForm(forms.ModelForm):
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    class Meta:
        model = AssistanceRequest
        fields = [
            "title",
            "source",
            "need",
            "objective",
            "activities",
            "outputs",
            "duration_months",
            "implementing_partner",
            "national_counterpart",
            "amount_requested",
            "currency",
        ]
        widgets = {name: forms.Textarea(attrs={"rows": 6, "maxlength": LONG_TEXT_MAX}) for name in OUTLINE_TEXTS}
        help_texts = {
            "need": _("Prefilled from the gaps and treaty articles behind the actions."),
            "national_counterpart": _("The agency of the state that works with the donor."),
            "amount_requested": _("Follows the budget total unless you give another amount."),
        }

    def __init__(self, *args, assessment, **kwargs):
        super().__init__(*args, **kwargs)
        for name in OUTLINE_TEXTS:
            self.fields[name].validators.append(MaxLengthValidator(LONG_TEXT_MAX))
        # The state's own agencies only; the actions this roadmap needs assistance for, and those already covered.
        self.fields["national_counterpart"].queryset = Agency.objects.filter(country_id=assessment.country_id)
        eligible = actions_needing_assistance(assessment.pk)
        if self.instance.pk:
            covered = Q(pk__in=self.instance.actions.values("pk"))
            eligible = RoadmapAction.objects.filter(Q(pk__in=eligible.values("pk")) | covered).order_by(
                "order", "start", "code"
            )
        self.fields["actions"] = _actions_field(eligible)
        self.order_fields(["title", "source", "actions"])
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["actions"].initial = [action.pk for action in self.instance.actions.all()]

    def clean_currency(self):
        currency = self.cleaned_data["currency"].strip().upper()
        if not re.fullmatch(r"[A-Z]{3}", currency):
            raise forms.ValidationError(_("Use a three-letter currency code, e.g. USD, EUR, PHP."))
        return currency


class BudgetLineForm(forms.Form):
    description = forms.CharField(
        label=_("Description"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )
    amount = forms.DecimalField(
        label=_("Amount"),
        max_digits=14,
        decimal_places=2,
        min_value=0,
        required=False,
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm", "step": "0.01"}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("amount") is not None and not cleaned.get("description"):
            self.add_error("description", _("Say what this amount pays for."))
        return cleaned


BudgetLineFormSet = forms.formset_factory(
    BudgetLineForm, extra=2, can_delete=True, max_num=100, validate_max=True, absolute_max=100
)


def budget_lines(formset) -> list:
    """The lines kept, in order: filled in and not marked for deletion."""
    return [
        (form.cleaned_data["description"], form.cleaned_data["amount"])
        for form in formset.forms
        if form.cleaned_data
        and not form.cleaned_data.get("DELETE")
        and (form.cleaned_data.get("description") or form.cleaned_data.get("amount") is not None)
    ]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=RequestStatus.choices)
    amount_granted = forms.DecimalField(
        label=_("Amount granted"),
        max_digits=14,
        decimal_places=2,
        min_value=0,
        required=False,
        help_text=_("For a funded request, in the request's currency."),
    )
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        funded = cleaned.get("status") == RequestStatus.FUNDED
        if funded and cleaned.get("amount_granted") is None:
            self.add_error("amount_granted", _("Give the amount granted."))
        if not funded and cleaned.get("amount_granted") is not None:
            self.add_error("amount_granted", _("Only a funded request has an amount granted."))
        return cleaned
