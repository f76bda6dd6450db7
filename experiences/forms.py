from django import forms
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.utils.translation import gettext_lazy as _

from frameworks.bank_file import TREATY_ARTICLES
from frameworks.models import ActionTemplate, Question
from reference.models import Subregion

from .library_file import TRANSLATABLE
from .models import AccessionStep, Experience, article_number

MAX_SEARCH_LENGTH = 200


class LibraryFilterForm(forms.Form):
    """The library page's search and filters, read from the query string.

    A bad value (unknown article, step or subregion, over-long or NUL-carrying text) is
    ignored rather than reported: the page then lists as if that filter were not set.
    """

    q = forms.CharField(label=_("Search"), required=False, max_length=MAX_SEARCH_LENGTH)
    article = forms.ChoiceField(
        label=_("Treaty article"),
        required=False,
        choices=[("", _("Any article"))]
        + [(str(number), _("Article %(number)s") % {"number": number}) for number in range(1, TREATY_ARTICLES + 1)],
    )
    step = forms.ChoiceField(
        label=_("Accession step"), required=False, choices=[("", _("Any step")), *AccessionStep.choices]
    )
    subregion = forms.ChoiceField(
        label=_("Subregion"), required=False, choices=[("", _("Any subregion")), *Subregion.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"

    def filters(self) -> dict[str, str]:
        """The valid, non-empty filters, as keyword arguments of services.search_library."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        names = {"q": "text", "article": "article", "step": "step", "subregion": "subregion"}
        return {names[name]: value for name, value in cleaned.items() if value}


def _code_choices(model, stored: list[str]) -> list[tuple[str, str]]:
    """Every code in the question banks, labelled with its newest wording; stored codes that are
    in no bank any more stay listed, so that saving the entry does not silently drop them."""
    labels = {}
    field = "text" if model is Question else "title"
    for code, label in model.objects.order_by("framework__published_at", "pk").values_list("code", field):
        labels[code] = f"{code}: {label[:90]}"
    for code in stored:
        labels.setdefault(code, _("%(code)s (in no question bank)") % {"code": code})
    return sorted(labels.items())


class ExperienceAdminForm(forms.ModelForm):
    articles = forms.CharField(
        label=_("treaty articles"),
        required=False,
        help_text=_("Separated by commas, for example: 5(2), 7, 21"),
    )
    steps = forms.MultipleChoiceField(
        label=_("accession steps"), required=False, choices=AccessionStep.choices, widget=forms.CheckboxSelectMultiple
    )
    question_codes = forms.MultipleChoiceField(
        label=_("questions"), required=False, widget=FilteredSelectMultiple(_("questions"), is_stacked=False)
    )
    action_codes = forms.MultipleChoiceField(
        label=_("action templates"),
        required=False,
        widget=FilteredSelectMultiple(_("action templates"), is_stacked=False),
    )

    class Meta:
        model = Experience
        fields = [
            "key",
            "country",
            "title",
            "start_year",
            "end_year",
            "summary",
            "articles",
            "steps",
            "cost_or_duration",
            "outcome",
            "question_codes",
            "action_codes",
            "published",
            "translations",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question_codes"].choices = _code_choices(Question, self.instance.question_codes)
        self.fields["action_codes"].choices = _code_choices(ActionTemplate, self.instance.action_codes)
        if not self.is_bound:
            self.initial["articles"] = ", ".join(self.instance.articles)

    def clean_articles(self) -> list[str]:
        refs = [ref.strip() for ref in self.cleaned_data["articles"].split(",") if ref.strip()]
        bad = [ref for ref in refs if article_number(ref) is None]
        if bad:
            raise forms.ValidationError(
                _("Not an article reference of the treaty: %(refs)s. Write 7, 7(1) or 7(1)(b)(ii).")
                % {"refs": ", ".join(bad)}
            )
        return list(dict.fromkeys(refs))

    def clean_steps(self) -> list[str]:
        # In the order of the road, whatever order the boxes were ticked in.
        chosen = set(self.cleaned_data["steps"])
        return [step for step in AccessionStep.values if step in chosen]

    def clean_translations(self) -> dict:
        translations = self.cleaned_data["translations"] or {}
        message = _('Write {"fr": {"title": "...", "summary": "..."}}; translatable: %(fields)s.') % {
            "fields": ", ".join(sorted(TRANSLATABLE))
        }
        if not isinstance(translations, dict):
            raise forms.ValidationError(message)
        for fields in translations.values():
            if not isinstance(fields, dict) or not set(fields) <= TRANSLATABLE:
                raise forms.ValidationError(message)
            if not all(isinstance(value, str) for value in fields.values()):
                raise forms.ValidationError(message)
        return translations
