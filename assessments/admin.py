"""Staff review assessments flagged because no coordinator is an official of the assessment's state.

Staff are outsiders to every team: the admin shows who started which state's assessment and when, never its title,
answers or team data, and it cannot add, change or delete an assessment.
"""

from django.contrib import admin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import SecurityEvent
from accounts.security import log_event

from .models import Assessment, AssessmentReview


@admin.register(AssessmentReview)
class AssessmentReviewAdmin(admin.ModelAdmin):
    list_display = ["pk", "country", "created_by", "created_at", "needs_review"]
    list_filter = ["needs_review", "country__subregion", "country"]
    search_fields = ["country__name", "created_by__email"]
    list_select_related = ["country", "created_by"]
    fields = ["country", "created_by", "created_at", "needs_review"]
    readonly_fields = fields
    actions = ["mark_reviewed"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request)  # for the action only; rows stay read-only

    @admin.action(description=gettext_lazy("Mark as reviewed"))
    def mark_reviewed(self, request, queryset):
        ids = list(queryset.filter(needs_review=True).values_list("pk", flat=True))
        for assessment in Assessment.objects.filter(pk__in=ids):
            assessment.needs_review = False
            assessment.save(update_fields=["needs_review"])  # save(), not update(): history keeps the decision
        if ids:
            detail = "reviewed assessments " + ", ".join(map(str, ids))
            log_event(SecurityEvent.Kind.ASSESSMENT_REVIEWED, request=request, user=request.user, detail=detail[:500])
        self.message_user(request, _("%(n)s marked as reviewed.") % {"n": len(ids)})
