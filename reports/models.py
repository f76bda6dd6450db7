"""The initial report's own data: the curated mapping of template items to bank questions, and each report's cover.

The template's items themselves are fixed in ``reports/initial_report/template.py``; the mapping is loaded from
``fixtures/initial_report_template.yaml`` and curated in the admin, with history.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from frameworks.json_shapes import ShapedJSON, list_of_texts

from .initial_report.template import ITEM_KEYS


class TemplateMapping(ShapedJSON):
    """Which bank questions (by code: codes are stable across bank versions) answer one item of the template."""

    item = models.CharField(_("template item"), max_length=10, unique=True)
    questions = models.JSONField(_("question codes"), default=list)
    # The item's place in the template (A1.10 comes after A1.9), set from the template whenever the row is saved.
    position = models.PositiveSmallIntegerField(default=0, editable=False)

    history = HistoricalRecords()
    json_shapes = {"questions": list_of_texts}

    class Meta:
        ordering = ["position"]
        verbose_name = _("initial report template item")
        verbose_name_plural = _("initial report template mapping")

    def __str__(self):
        return self.item

    def save(self, *args, **kwargs):
        self.position = ITEM_KEYS.index(self.item) if self.item in ITEM_KEYS else len(ITEM_KEYS)
        super().save(*args, **kwargs)


class NotReportedQuestion(models.Model):
    """A bank question deliberately answering no item (the question whether the report was submitted)."""

    code = models.CharField(_("question code"), max_length=20, unique=True)
    reason = models.TextField(_("why it answers no item"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("question left out of the initial report")
        verbose_name_plural = _("questions left out of the initial report")
        constraints = [models.CheckConstraint(condition=~models.Q(reason=""), name="not_reported_has_reason")]

    def __str__(self):
        return self.code


class ReportCover(models.Model):
    """What the Secretariat asks on submission, per assessment: the report's point of contact, date, publication."""

    class Publication(models.TextChoices):
        UNDECIDED = "", _("Not decided yet")
        PUBLIC = "public", _("Yes: the report may be made public")
        RESTRICTED = "restricted", _("No: the report is for states parties only")

    assessment = models.OneToOneField("assessments.Assessment", on_delete=models.CASCADE, related_name="report_cover")
    contact_name = models.CharField(_("national point of contact: name"), max_length=200, blank=True)
    contact_agency = models.CharField(_("national point of contact: agency or office"), max_length=200, blank=True)
    contact_email = models.EmailField(_("national point of contact: e-mail"), blank=True)
    submission_date = models.DateField(_("date of submission"), null=True, blank=True)
    publication = models.CharField(
        _("may the report be made public?"), max_length=12, choices=Publication.choices, blank=True, default=""
    )
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    def __str__(self):
        return f"{self.assessment}: {self.contact_name or '—'}"
