"""Staff grant regional access here; every change is kept in history.

Sharing levels are not in the admin: they name assessments, which staff outside a team never see; only the
team's coordinators choose them, on the assessment's overview."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import RegionalAccess, RegionalOrganization


class RegionalAccessInline(admin.TabularInline):
    model = RegionalAccess
    fields = ["user", "granted_at"]
    readonly_fields = ["granted_at"]
    autocomplete_fields = ["user"]
    extra = 0


@admin.register(RegionalOrganization)
class RegionalOrganizationAdmin(SimpleHistoryAdmin):
    list_display = ["name"]
    search_fields = ["name"]
    filter_horizontal = ["countries"]
    inlines = [RegionalAccessInline]


@admin.register(RegionalAccess)
class RegionalAccessAdmin(SimpleHistoryAdmin):
    list_display = ["user", "organization", "granted_at"]
    list_filter = ["organization"]
    search_fields = ["user__email", "user__full_name", "organization__name"]
    autocomplete_fields = ["user", "organization"]
    list_select_related = ["user", "organization"]
