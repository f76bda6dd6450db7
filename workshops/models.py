"""The national validation workshop: one section at a time on the projector, the agencies'
positions tallied live, minutes, and the decisions the room takes.

A ``Decision`` records the team's answer to a question as agreed in the room; it produces
(or updates) the assessment's ``AgreedAnswer`` through the same workflow as the question
page, so scoring and the gap analysis use it at once.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Workshop(models.Model):
    assessment = models.ForeignKey("assessments.Assessment", on_delete=models.CASCADE, related_name="workshops")
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    # The section on the projector; watchers' pages offer to follow it.
    current_section_code = models.CharField(_("section on the projector"), max_length=40, blank=True)
    # Optimistic locking of the minutes: a save must name the version it started from.
    version = models.PositiveIntegerField(default=1)
    minutes_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    minutes_updated_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-created_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("workshops:projector", args=[self.assessment_id, self.pk])


class Decision(models.Model):
    """What the workshop decided on one question; deciding again updates it (history keeps the earlier one)."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="decisions")
    question = models.ForeignKey("frameworks.Question", on_delete=models.PROTECT, related_name="+")
    value = models.CharField(_("decision"), max_length=40)
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    decided_at = models.DateTimeField(auto_now=True)
    # The agreed answer the decision produced, and its version then (a later agreement may supersede it).
    agreed_answer = models.ForeignKey(
        "assessments.AgreedAnswer", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    agreed_version = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["decided_at"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "question"], name="one_decision_per_question_per_workshop"),
            models.CheckConstraint(condition=~Q(reason=""), name="decision_has_reason"),
        ]

    def __str__(self):
        return f"{self.question.code}: {self.value}"

    @property
    def superseded(self) -> bool:
        """A later agreement (on the question page or in another workshop) replaced this one."""
        return self.agreed_answer is None or self.agreed_answer.version != self.agreed_version
