from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Agency, AgencyType, AssistanceSource, Country


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "code",
        "subregion",
        "att_status",
        "signature_date",
        "deposit_date",
        "deposit_type",
        "entry_into_force_date",
        "status_source_title",
    ]
    list_filter = ["att_status", "deposit_type", "subregion", "un_region"]
    search_fields = ["name", "code"]
    fieldsets = [
        (None, {"fields": ["code", "name", "un_member", "un_region", "subregion"]}),
        (
            _("ATT status"),
            {
                # Every date needs its source (Country.clean); docs/sources.md says which to use.
                "fields": [
                    "att_status",
                    "signature_date",
                    "deposit_date",
                    "deposit_type",
                    "entry_into_force_date",
                    "status_source_title",
                    "status_source_url",
                    "status_note",
                ]
            },
        ),
    ]


@admin.register(AgencyType)
class AgencyTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "country", "agency_type"]
    list_filter = ["agency_type", "country__subregion"]
    search_fields = ["name", "acronym", "country__name"]
    list_select_related = ["country", "agency_type"]


@admin.register(AssistanceSource)
class AssistanceSourceAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "url"]
    search_fields = ["name", "code", "funds"]
