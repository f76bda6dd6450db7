"""Translation review, in the admin: curators see each translated item beside its English,
filter by language, bank and state, mark items reviewed or correct them, with history."""

from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import TranslationReview
from .translation_items import correct_translation, item_for


class TranslationReviewForm(forms.ModelForm):
    """The item's translated texts, editable; saving marks the item reviewed by whoever saved it."""

    class Meta:
        model = TranslationReview
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item_for(self.instance) if self.instance.pk else None
        if self.item is None:
            return
        current = self.item.translations.get(self.instance.language, {})
        for name, english in self.item.english.items():
            long_text = "\n" in english or len(english) > 150
            self.fields[f"text_{name}"] = forms.CharField(
                label=_("%(field)s (%(language)s)") % {"field": name, "language": self.instance.language},
                initial=current.get(name, ""),
                required=False,
                widget=forms.Textarea(attrs={"rows": 12 if long_text else 2, "lang": self.instance.language}),
                help_text=_("English: %(text)s") % {"text": english[:2000]},
            )

    def corrected_fields(self) -> dict[str, str]:
        if self.item is None:
            return {}
        current = self.item.translations.get(self.instance.language, {})
        wanted = {name: self.cleaned_data.get(f"text_{name}", "").strip() for name in self.item.english}
        return {name: text for name, text in wanted.items() if text and text != current.get(name, "")}


@admin.register(TranslationReview)
class TranslationReviewAdmin(SimpleHistoryAdmin):
    form = TranslationReviewForm
    list_display = ["code_or_title", "kind", "language", "framework", "state", "reviewed_by_name", "reviewed_at"]
    list_filter = ["state", "language", "kind", "framework"]
    search_fields = ["code"]
    list_select_related = ["framework", "reviewed_by"]
    readonly_fields = ["framework", "kind", "code", "language", "state", "reviewed_by_name", "reviewed_at", "english"]
    actions = ["mark_reviewed"]

    def has_add_permission(self, request):
        return False  # review rows come with the translations a bank loads

    @admin.display(description=_("item"), ordering="code")
    def code_or_title(self, obj):
        return obj.code or obj.get_kind_display()

    @admin.display(description=_("reviewed by"))
    def reviewed_by_name(self, obj):
        return obj.reviewer_name()

    @admin.display(description=_("English"))
    def english(self, obj):
        item = item_for(obj)
        if item is None:
            return _("(no longer in the bank)")
        return format_html_join("", "<p><strong>{}</strong>: {}</p>", item.english.items())

    @admin.action(description=_("Mark the selected translations reviewed by me"))
    def mark_reviewed(self, request, queryset):
        count = 0
        for review in queryset.exclude(state=TranslationReview.State.REVIEWED):
            _mark(review, request.user)
            count += 1
        messages.success(request, _("%(count)d translations marked reviewed.") % {"count": count})

    def save_model(self, request, obj, form, change):
        corrected = form.corrected_fields()
        if corrected:
            correct_translation(form.item, obj.language, corrected)
        _mark(obj, request.user)


def _mark(review: TranslationReview, user) -> None:
    review.state = TranslationReview.State.REVIEWED
    review.reviewed_by, review.reviewer, review.reviewed_at = user, "", timezone.now()
    review._history_user = user
    review.save()
