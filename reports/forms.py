from django import forms
from django.utils.translation import gettext_lazy as _

from frameworks.bank_file import Problems

from .initial_report.mapping import check_item
from .initial_report.template import BY_KEY
from .models import NotReportedQuestion, ReportCover, TemplateMapping
from .services import bank_questions


class CoverForm(forms.ModelForm):
    """The cover of the report, as the Secretariat asks for it on submission."""

    class Meta:
        model = ReportCover
        fields = ["contact_name", "contact_agency", "contact_email", "submission_date", "publication"]
        widgets = {"submission_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select" if isinstance(field.widget, forms.Select) else "form-control"


class TemplateMappingAdminForm(forms.ModelForm):
    """A curator's edit of one item's questions, checked as the mapping file is at load."""

    questions = forms.CharField(
        label=_("question codes"),
        help_text=_("Separated by commas, in the order the report lists them, for example: ART5-04, ART2-01"),
        widget=forms.TextInput(attrs={"size": 80}),
    )

    class Meta:
        model = TemplateMapping
        fields = ["item", "questions"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["questions"] = ", ".join(self.instance.questions)

    def clean_item(self):
        item = self.cleaned_data["item"].strip()
        if item not in BY_KEY:
            raise forms.ValidationError(_("Not an item of the template."))
        return item

    def clean_questions(self):
        return [code.strip() for code in self.cleaned_data["questions"].split(",") if code.strip()]

    def clean(self):
        cleaned = super().clean()
        if "item" in cleaned and "questions" in cleaned:
            problems = Problems("admin")
            not_reported = set(NotReportedQuestion.objects.values_list("code", flat=True))
            item, codes = cleaned["item"], cleaned["questions"]
            check_item(item, codes, bank=bank_questions(), not_reported=not_reported, problems=problems)
            for error in problems.errors:
                self.add_error("questions", error.split(": ", 2)[-1])
        return cleaned
