"""Assistance requests: a project outline per assistance source, drafted from the roadmap's actions."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# Donor projects run for months or a few years; ten years is a typo.
MAX_DURATION_MONTHS = 120


class RequestStatus(models.TextChoices):
    DRAFTED = "drafted", _("Drafted")
    SUBMITTED = "submitted", _("Submitted")
    FUNDED = "funded", _("Funded")
    DECLINED = "declined", _("Declined")


def _amount(label):
    return models.DecimalField(
        label, max_digits=14, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(Decimal("0"))]
    )


class AssistanceRequest(models.Model):
    assessment = models.ForeignKey(
        "assessments.Assessment", on_delete=models.CASCADE, related_name="assistance_requests"
    )
    source = models.ForeignKey(
        "reference.AssistanceSource", on_delete=models.PROTECT, related_name="+", verbose_name=_("source")
    )
    actions = models.ManyToManyField(
        "roadmaps.RoadmapAction", related_name="assistance_requests", verbose_name=_("roadmap actions")
    )
    title = models.CharField(_("title"), max_length=300)
    need = models.TextField(_("need: the gaps and treaty articles behind it"))
    objective = models.TextField(_("objective"), blank=True)
    activities = models.TextField(_("activities"), blank=True)
    outputs = models.TextField(_("outputs"), blank=True)
    duration_months = models.PositiveSmallIntegerField(
        _("duration in months"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_DURATION_MONTHS)],
    )
    implementing_partner = models.CharField(_("implementing partner"), max_length=300, blank=True)
    national_counterpart = models.ForeignKey(
        "reference.Agency",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("national counterpart"),
    )
    status = models.CharField(_("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.DRAFTED)
    amount_requested = _amount(_("amount requested"))
    amount_granted = _amount(_("amount granted"))
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords(m2m_fields=[actions])

    class Meta:
        ordering = ["assessment", "-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RequestStatus.values), name="assistance_request_status_known"
            ),
            models.CheckConstraint(
                condition=Q(amount_requested__isnull=True) | Q(amount_requested__gte=0),
                name="assistance_request_amount_requested_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(amount_granted__isnull=True) | Q(amount_granted__gte=0),
                name="assistance_request_amount_granted_not_negative",
            ),
            # An amount granted is what a funded request received: no other status has one.
            models.CheckConstraint(
                condition=Q(status=RequestStatus.FUNDED, amount_granted__isnull=False)
                | (~Q(status=RequestStatus.FUNDED) & Q(amount_granted__isnull=True)),
                name="assistance_request_granted_only_when_funded",
            ),
            models.CheckConstraint(
                condition=Q(duration_months__isnull=True)
                | Q(duration_months__gte=1, duration_months__lte=MAX_DURATION_MONTHS),
                name="assistance_request_duration_1_to_120_months",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("assistance:detail", args=[self.assessment_id, self.pk])


class BudgetLine(models.Model):
    request = models.ForeignKey(AssistanceRequest, on_delete=models.CASCADE, related_name="budget_lines")
    description = models.CharField(_("description"), max_length=300)
    amount = _amount(_("amount"))  # empty: not costed yet, counted apart, never guessed
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["request", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0), name="budget_line_amount_not_negative"
            ),
        ]

    def __str__(self):
        return self.description
