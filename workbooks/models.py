"""Workbooks that came back: kept, so that a user can fix the file and upload it again, and so that
what was applied can be traced to the file it came from."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def upload_path(instance, filename):
    # Random names: nothing about the file or the team leaks through its path.
    return f"workbooks/{instance.assessment_id}/{uuid.uuid4().hex}.xlsx"


class WorkbookUpload(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be applied")
        APPLIED = "applied", _("Applied")

    assessment = models.ForeignKey("assessments.Assessment", on_delete=models.CASCADE, related_name="+")
    # The agency whose answers the file carries (a coordinator may upload for another agency).
    agency = models.ForeignKey("reference.Agency", on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    file = models.FileField(_("file"), upload_to=upload_path)
    original_name = models.CharField(max_length=255, blank=True)
    size = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="pending", applied_at__isnull=True)
                | models.Q(status="applied", applied_at__isnull=False),
                name="workbook_applied_has_date",
            )
        ]

    def __str__(self):
        return f"{self.original_name or 'workbook'} ({self.agency})"

    @property
    def is_applied(self) -> bool:
        return self.status == self.Status.APPLIED
