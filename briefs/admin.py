"""Curation of what each agency type gains: curators edit it here; every edit is kept in history."""

from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .forms import AgencyBenefitAdminForm
from .models import AgencyBenefit


@admin.register(AgencyBenefit)
class AgencyBenefitAdmin(SimpleHistoryAdmin):
    form = AgencyBenefitAdminForm
    list_display = ["agency_type", "languages", "updated_at"]
    list_select_related = ["agency_type"]
    search_fields = ["agency_type__name", "agency_type__code", "benefits", "universalization_pitch"]
    readonly_fields = ["preview"]
    fieldsets = [
        (None, {"fields": ["agency_type", "benefits", "preview"]}),
        (_("Framing by track"), {"fields": ["universalization_pitch", "compliance_next_steps"]}),
        (_("Translations"), {"fields": ["translations"], "classes": ["collapse"]}),
    ]

    @admin.display(description=_("translated into"))
    def languages(self, obj):
        return ", ".join(sorted(obj.translations or {})) or "-"

    @admin.display(description=_("preview (as officials see it)"))
    def preview(self, obj):
        if not obj or not obj.pk:
            return "-"
        labels = {
            "benefits": _("What the agency gains"),
            "universalization_pitch": _("Why join"),
            "compliance_next_steps": _("What to do next"),
        }
        return format_html_join(
            "",
            '<div class="guidance-preview"><h4>{}</h4>{}</div>',
            # The HTML was rendered from markdown and sanitized by nh3 when the row was saved.
            ((label, mark_safe(obj.html_for(name, "en"))) for name, label in labels.items()),  # noqa: S308
        )
