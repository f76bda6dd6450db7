"""Curation of the library: curators add and edit entries here; every edit is kept in history."""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from frameworks.bank_file import TREATY_ARTICLES

from .forms import ExperienceAdminForm
from .models import AccessionStep, Experience, Source


class SourceInline(admin.TabularInline):
    model = Source
    fields = ["order", "title", "url"]
    extra = 0
    min_num = 1  # a fact without a source does not go in the library

    def get_formset(self, request, obj=None, **kwargs):
        # The admin shows min_num blank forms but does not refuse fewer unless asked to.
        return super().get_formset(request, obj, validate_min=True, **kwargs)


class ArticleFilter(admin.SimpleListFilter):
    title = _("treaty article")
    parameter_name = "article"

    def lookups(self, request, model_admin):
        return [(str(number), _("Article %(number)s") % {"number": number}) for number in range(1, TREATY_ARTICLES + 1)]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        # Article refs are a JSON list ("5(2)", "7"): matched by article number over the rows, as in search.
        return queryset.filter(
            pk__in=[entry.pk for entry in queryset.only("pk", "articles") if entry.concerns_article(self.value())]
        )


class StepFilter(admin.SimpleListFilter):
    title = _("accession step")
    parameter_name = "step"

    def lookups(self, request, model_admin):
        return AccessionStep.choices

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        return queryset.filter(
            pk__in=[entry.pk for entry in queryset.only("pk", "steps") if entry.concerns_step(self.value())]
        )


@admin.register(Experience)
class ExperienceAdmin(SimpleHistoryAdmin):
    form = ExperienceAdminForm
    list_display = ["title", "country", "years", "published", "updated_at"]
    list_filter = ["published", "country__subregion", ArticleFilter, StepFilter]
    search_fields = ["key", "title", "summary", "outcome", "country__name"]
    list_select_related = ["country"]
    autocomplete_fields = ["country"]
    readonly_fields = ["preview"]
    inlines = [SourceInline]
    actions = ["publish", "unpublish"]
    fieldsets = [
        (None, {"fields": ["key", "country", "title", ("start_year", "end_year"), "published"]}),
        (_("What was done"), {"fields": ["summary", "preview", "cost_or_duration", "outcome"]}),
        (_("What it concerns"), {"fields": ["articles", "steps", "question_codes", "action_codes"]}),
        (_("Translations"), {"fields": ["translations"], "classes": ["collapse"]}),
    ]

    @admin.display(description=_("years"))
    def years(self, obj):
        return obj.years or "-"

    @admin.display(description=_("preview (as officials see it)"))
    def preview(self, obj):
        if not obj or not obj.pk:
            return "-"
        return format_html('<div class="guidance-preview">{}</div>', mark_safe(obj.summary_html_for("en")))  # noqa: S308 - sanitized by nh3 on save

    def _set_published(self, request, queryset, published: bool) -> int:
        changed = 0
        for experience in queryset.filter(published=not published):
            experience.published = published
            experience.save()  # one by one, so that each change is in the entry's history
            changed += 1
        return changed

    @admin.action(description=_("Publish the selected entries"), permissions=["change"])
    def publish(self, request, queryset):
        changed = self._set_published(request, queryset, True)
        self.message_user(
            request, ngettext("%(n)d entry published.", "%(n)d entries published.", changed) % {"n": changed}
        )

    @admin.action(description=_("Withdraw the selected entries from the library"), permissions=["change"])
    def unpublish(self, request, queryset):
        changed = self._set_published(request, queryset, False)
        self.message_user(
            request, ngettext("%(n)d entry withdrawn.", "%(n)d entries withdrawn.", changed) % {"n": changed}
        )
