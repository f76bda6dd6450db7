"""What a team chooses to share with regional organizations, and who may see the regional view.

A team's answers never leave it: an assessment shared at any level contributes only its scores (and, at the
roadmap-summary level, counts of its roadmap actions) to aggregates over at least three states.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class SharingLevel(models.TextChoices):
    PRIVATE = "private", _("Private")
    AGGREGATED = "aggregated", _("Aggregated scores")
    ROADMAP_SUMMARY = "roadmap_summary", _("Aggregated scores and roadmap summary")


class Sharing(models.Model):
    """The coordinator's choice for one assessment; an assessment without a row is private."""

    assessment = models.OneToOneField("assessments.Assessment", on_delete=models.CASCADE, related_name="sharing")
    level = models.CharField(
        _("sharing level"), max_length=20, choices=SharingLevel.choices, default=SharingLevel.PRIVATE
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)
    # The state's figure in regional views: marked by a coordinator who is the state's verified official.
    current = models.BooleanField(_("the state's current assessment"), default=False)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(level__in=SharingLevel.values), name="sharing_level_known")
        ]

    def __str__(self):
        return f"{self.assessment}: {self.get_level_display()}"


class RegionalOrganization(models.Model):
    """A body that follows a set of states (a secretariat, a regional centre): staff curate it in the admin."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    countries = models.ManyToManyField(
        "reference.Country", related_name="regional_organizations", verbose_name=_("countries")
    )

    history = HistoricalRecords(m2m_fields=[countries])

    class Meta:
        ordering = ["name"]
        verbose_name = _("regional organization")

    def __str__(self):
        return self.name


class RegionalAccessQuerySet(models.QuerySet):
    def for_user(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(user_id=user.pk)


class RegionalAccess(models.Model):
    """A user who may see one organization's regional view: granted by staff, never by the user."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="regional_accesses", verbose_name=_("user")
    )
    organization = models.ForeignKey(
        RegionalOrganization, on_delete=models.CASCADE, related_name="accesses", verbose_name=_("organization")
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    objects = RegionalAccessQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["organization", "user"]
        verbose_name = _("regional access")
        verbose_name_plural = _("regional accesses")
        constraints = [models.UniqueConstraint(fields=["user", "organization"], name="one_regional_access_per_user")]

    def __str__(self):
        return f"{self.user} → {self.organization}"
