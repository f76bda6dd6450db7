"""Curation of the initial report's mapping: which bank questions answer each item of the Secretariat's template.

Every edit is kept in history. The file ``fixtures/initial_report_template.yaml`` is the shipped starting point;
loading it again replaces the curated mapping, so curators who change it here should change the file as well.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .forms import TemplateMappingAdminForm
from .initial_report.template import BY_KEY
from .models import NotReportedQuestion, TemplateMapping


@admin.register(TemplateMapping)
class TemplateMappingAdmin(SimpleHistoryAdmin):
    form = TemplateMappingAdminForm
    list_display = ["item", "section", "template_question", "codes"]
    search_fields = ["item"]

    @admin.display(description=_("section"))
    def section(self, obj):
        entry = BY_KEY.get(obj.item)
        return entry.section if entry else "?"

    @admin.display(description=_("the template's question"))
    def template_question(self, obj):
        entry = BY_KEY.get(obj.item)
        return entry.text if entry else _("Not an item of the template")

    @admin.display(description=_("question codes"))
    def codes(self, obj):
        return ", ".join(obj.questions)


@admin.register(NotReportedQuestion)
class NotReportedQuestionAdmin(SimpleHistoryAdmin):
    list_display = ["code", "reason"]
