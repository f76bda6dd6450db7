"""Curation: curators keep question banks and their advice current here.

Published versions are frozen (sections, questions, scales); guidance,
resources and action templates stay editable, with history.
"""

from django.contrib import admin, messages
from django.db.models import Q
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .bank_file import BankFileError
from .models import ActionTemplate, Framework, Guidance, Question, Resource, Scale, ScaleOption, Section
from .services import create_draft_from, publish_framework, refresh_fingerprint


class FrozenWhenPublished:
    """Inlines and admins of content that a published framework must never change."""

    def _framework_of(self, obj):
        return obj if isinstance(obj, Framework) else getattr(obj, "framework", None)

    def has_change_permission(self, request, obj=None):
        framework = self._framework_of(obj)
        if framework is not None and framework.is_published:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        framework = self._framework_of(obj)
        if framework is not None and framework.is_published:
            return False
        return super().has_delete_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        framework = self._framework_of(obj)
        if framework is not None and framework.is_published:
            return False
        return super().has_add_permission(request, *([obj] if isinstance(self, admin.options.InlineModelAdmin) else []))


class SectionInline(FrozenWhenPublished, admin.TabularInline):
    model = Section
    fields = ["order", "code", "title", "articles"]
    extra = 0
    show_change_link = True


class ScaleInline(FrozenWhenPublished, admin.TabularInline):
    model = Scale
    extra = 0
    show_change_link = True


@admin.register(Framework)
class FrameworkAdmin(FrozenWhenPublished, admin.ModelAdmin):
    list_display = ["title", "slug", "version", "track", "status", "published_at", "question_count"]
    list_filter = ["track", "status"]
    search_fields = ["slug", "title", "version"]
    readonly_fields = ["status", "published_at", "fingerprint", "derived_from"]
    inlines = [ScaleInline, SectionInline]
    actions = ["new_draft_version", "publish"]

    def _framework_of(self, obj):
        return obj

    @admin.display(description=_("questions"))
    def question_count(self, obj):
        return obj.questions.count()

    @admin.action(description=_("New draft version from this one"))
    def new_draft_version(self, request, queryset):
        for framework in queryset:
            version = f"{framework.version}-draft"
            suffix = 1
            while Framework.objects.filter(slug=framework.slug, version=version).exists():
                suffix += 1
                version = f"{framework.version}-draft{suffix}"
            draft = create_draft_from(framework=framework, version=version)
            self.message_user(
                request, _("Created draft %(version)s of %(slug)s.") % {"version": draft.version, "slug": draft.slug}
            )

    @admin.action(description=_("Publish (after validation)"))
    def publish(self, request, queryset):
        for framework in queryset.filter(status=Framework.Status.DRAFT):
            try:
                publish_framework(framework=framework)
            except BankFileError as exc:
                self.message_user(
                    request,
                    _("%(framework)s was not published: %(errors)s")
                    % {"framework": framework, "errors": "; ".join(exc.errors[:10])},
                    messages.ERROR,
                )
            else:
                self.message_user(request, _("Published %(framework)s.") % {"framework": framework})


class QuestionInline(FrozenWhenPublished, admin.TabularInline):
    model = Question
    fields = ["order", "code", "text", "obligation", "weight", "scale"]
    extra = 0
    show_change_link = True


@admin.register(Section)
class SectionAdmin(FrozenWhenPublished, admin.ModelAdmin):
    list_display = ["code", "title", "framework"]
    list_filter = ["framework__track", "framework"]
    search_fields = ["code", "title"]
    inlines = [QuestionInline]


class ScaleOptionInline(FrozenWhenPublished, admin.TabularInline):
    model = ScaleOption
    extra = 0

    def _framework_of(self, obj):
        return obj.framework if obj else None


@admin.register(Scale)
class ScaleAdmin(FrozenWhenPublished, admin.ModelAdmin):
    list_display = ["code", "framework"]
    inlines = [ScaleOptionInline]


class ArticleFilter(admin.SimpleListFilter):
    title = _("treaty article")
    parameter_name = "article"

    def lookups(self, request, model_admin):
        return [(str(number), _("Article %(number)s") % {"number": number}) for number in range(2, 29)]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        number = self.value()
        # Article refs are stored as strings like "7" or "7(1)(b)": match the article number only.
        matches = [
            question.pk
            for question in queryset.only("pk", "articles")
            if any(ref == number or ref.startswith(f"{number}(") for ref in question.articles)
        ]
        return queryset.filter(pk__in=matches)


class GuidanceInline(admin.StackedInline):
    model = Guidance
    fields = ["body", "translations", "preview"]
    readonly_fields = ["preview"]

    @admin.display(description=_("preview (as officials see it)"))
    def preview(self, obj):
        return mark_safe(obj.html_for("en")) if obj and obj.pk else "-"  # noqa: S308 - sanitized by nh3 on save


class ResourceInline(admin.TabularInline):
    model = Resource
    extra = 0


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["code", "short_text", "obligation", "weight", "framework"]
    list_filter = ["framework__track", "obligation", ArticleFilter, "agency_types", "framework"]
    search_fields = ["code", "text", "articles"]
    list_select_related = ["framework"]
    inlines = [GuidanceInline, ResourceInline]
    filter_horizontal = ["agency_types", "actions"]

    @admin.display(description=_("text"))
    def short_text(self, obj):
        return obj.text[:100]

    def get_readonly_fields(self, request, obj=None):
        # Wording, scale and weights of a published question are frozen; advice (inlines) and
        # translations of the wording are not: curators add a language or correct a translation.
        if obj is not None and obj.framework.is_published:
            return [
                "framework",
                "section",
                "code",
                "text",
                "order",
                "articles",
                "obligation",
                "scale",
                "agency_types",
                "weight",
            ]
        return []

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "translations" in form.changed_data:
            refresh_fingerprint(obj.framework)

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term:
            queryset |= self.model.objects.filter(Q(articles__icontains=search_term))
        return queryset, may_have_duplicates


@admin.register(Guidance)
class GuidanceAdmin(SimpleHistoryAdmin):
    list_display = ["question", "framework"]
    search_fields = ["question__code", "body"]
    list_select_related = ["question__framework"]
    fields = ["question", "body", "translations", "preview"]
    readonly_fields = ["question", "preview"]

    @admin.display(description=_("framework"))
    def framework(self, obj):
        return obj.question.framework

    @admin.display(description=_("preview (as officials see it)"))
    def preview(self, obj):
        return format_html('<div class="guidance-preview">{}</div>', mark_safe(obj.html_for("en")))  # noqa: S308

    def has_add_permission(self, request):
        return False


@admin.register(Resource)
class ResourceAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "url", "question"]
    list_filter = ["kind"]
    search_fields = ["title", "url", "question__code"]


@admin.register(ActionTemplate)
class ActionTemplateAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "phase", "duration_months", "lead", "needs_assistance", "framework"]
    list_filter = ["phase", "lead", "needs_assistance", "framework__track", "framework"]
    list_editable = ["needs_assistance"]
    search_fields = ["code", "title", "description"]
    filter_horizontal = ["assistance_sources", "requires"]
    readonly_fields = ["framework", "code"]


from . import admin_translations  # noqa: E402,F401  (registers the translation review admin)
