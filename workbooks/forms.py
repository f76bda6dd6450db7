from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from reference.models import Agency


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj)


class DownloadForm(forms.Form):
    sections = forms.ChoiceField(
        label=_("Sections"),
        choices=[("mine", _("The sections assigned to the agency")), ("all", _("Every section"))],
        initial="mine",
        widget=forms.RadioSelect,
    )
    agency = AgencyChoiceField(queryset=Agency.objects.none(), label=_("Agency"), required=False)

    def __init__(self, *args, agencies, default_agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_agency = default_agency
        self.fields["agency"].queryset = agencies
        self.fields["agency"].empty_label = None
        self.fields["agency"].initial = default_agency.pk
        if agencies.count() < 2:
            del self.fields["agency"]  # only coordinators answer for another agency

    def clean_agency(self):
        return self.cleaned_data.get("agency") or self.default_agency


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Filled-in workbook (.xlsx)"),
        help_text=_("The workbook downloaded here, filled in with Excel or LibreOffice and saved as .xlsx."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # Refused on its size before anything reads it.
        if upload.size > settings.WORKBOOK_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB.") % {"mb": round(settings.WORKBOOK_MAX_BYTES / 1024 / 1024, 1)}
            )
        if (upload.name or "").lower().endswith((".xlsm", ".xltm", ".xlsb", ".xlam")):
            raise forms.ValidationError(
                _("The file contains macros. Save it as a plain Excel workbook (.xlsx) and upload that.")
            )
        return upload


class ApplyForm(forms.Form):
    """One choice per conflict (``keep-CODE``: workbook or online) and the online version seen (``seen-CODE``)."""

    def __init__(self, *args, conflicts, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflicts = conflicts
        for result in conflicts:
            self.fields[f"keep-{result.code}"] = forms.ChoiceField(
                label=result.code,
                choices=[("workbook", _("Keep the workbook's")), ("online", _("Keep the online one"))],
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose which answer to keep.")},
            )
            self.fields[f"seen-{result.code}"] = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def resolutions(self) -> dict[str, tuple[str, int]]:
        return {
            r.code: (self.cleaned_data[f"keep-{r.code}"], self.cleaned_data[f"seen-{r.code}"]) for r in self.conflicts
        }
