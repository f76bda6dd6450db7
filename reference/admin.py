from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Agency, AgencyType, AssistanceSource, Country


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "un_region", "subregion", "att_status", "deposit_date", "entry_into_force_date"]
    list_filter = ["att_status", "subregion", "un_region"]
    search_fields = ["name", "code"]


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
