"""The national roadmap: actions generated from the gaps, edited by the team."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# About a page of text: an introduction, not a second report.
INTRODUCTION_MAX_LENGTH = 4000


class Roadmap(models.Model):
    assessment = models.OneToOneField("assessments.Assessment", on_delete=models.CASCADE, related_name="roadmap")
    start_date = models.DateField(_("start date"))
    horizon_months = models.PositiveSmallIntegerField(_("horizon in months"), default=36)
    needs_parliament = models.BooleanField(
        _("parliament must approve joining"), default=True, help_text=_("Adds the parliamentary approval milestone.")
    )
    generated_at = models.DateTimeField(_("last generated"), null=True, blank=True)
    # The coordinator's own words above the generated summary: plain text, kept with its history.
    introduction = models.TextField(_("introduction"), blank=True, max_length=INTRODUCTION_MAX_LENGTH)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    def __str__(self):
        return f"Roadmap of {self.assessment}"

    def get_absolute_url(self):
        return reverse("roadmaps:detail", args=[self.assessment_id])

    def set_introduction(self, text: str, *, user) -> bool:
        """Save the coordinator's introduction (a history row names who wrote it); False when unchanged."""
        if text == self.introduction:
            return False
        self.introduction = text
        self._history_user = user
        self.save(update_fields=["introduction", "updated_at"])
        return True


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class Funding(models.TextChoices):
    NATIONAL = "national", _("National budget")
    DONOR = "donor", _("Donor")
    NOT_FUNDED = "not_funded", _("Not yet funded")


class AssistanceStatus(models.TextChoices):
    NOT_NEEDED = "", _("Not needed")
    NEEDED = "needed", _("Needed")
    REQUESTED = "requested", _("Requested")
    RECEIVED = "received", _("Received")


# Fields the generator sets; once the team edits one, regeneration leaves it alone.
GENERATED_FIELDS = ("title", "description", "indicator", "phase", "start", "end", "lead_agency", "lead_agency_type")


class RoadmapAction(models.Model):
    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="actions")
    template = models.ForeignKey(
        "frameworks.ActionTemplate", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    code = models.CharField(_("code"), max_length=60)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    indicator = models.CharField(_("indicator of completion"), max_length=300, blank=True)
    phase = models.PositiveSmallIntegerField(_("phase"), choices=[(1, "1"), (2, "2"), (3, "3")])
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    lead_agency = models.ForeignKey(
        "reference.Agency", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("lead")
    )
    lead_agency_type = models.ForeignKey(
        "reference.AgencyType", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    supporting_agencies = models.ManyToManyField("reference.Agency", blank=True, related_name="+")
    depends_on = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="+")
    gaps = models.ManyToManyField("frameworks.Question", blank=True, related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED)
    cost_amount = models.DecimalField(
        _("estimated cost"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    cost_currency = models.CharField(_("currency"), max_length=3, default="USD")
    funding = models.CharField(_("funding"), max_length=20, choices=Funding.choices, default=Funding.NOT_FUNDED)
    assistance = models.CharField(
        _("assistance"),
        max_length=20,
        choices=AssistanceStatus.choices,
        blank=True,
        default=AssistanceStatus.NOT_NEEDED,
    )
    assistance_sources = models.ManyToManyField("reference.AssistanceSource", blank=True, related_name="+")
    assistance_notes = models.TextField(_("assistance requested and received"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_custom = models.BooleanField(_("added by the team"), default=False)
    # The gaps it answered are closed now: flagged for the team, never deleted.
    gaps_closed = models.BooleanField(default=False)
    edited_fields = models.JSONField(default=list, blank=True)
    order = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(m2m_fields=[supporting_agencies, assistance_sources])

    class Meta:
        ordering = ["roadmap", "order", "start", "code"]
        constraints = [
            models.UniqueConstraint(fields=["roadmap", "code"], name="action_code_unique_in_roadmap"),
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="action_ends_after_start"),
            models.CheckConstraint(condition=Q(phase__in=[1, 2, 3]), name="roadmap_action_phase_1_to_3"),
            models.CheckConstraint(
                condition=Q(cost_amount__isnull=True) | Q(cost_amount__gte=0), name="action_cost_not_negative"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("roadmaps:action", args=[self.roadmap.assessment_id, self.pk])

    def in_reader_language(self) -> "RoadmapAction":
        """For display only: generated texts the team has not edited, in the reader's language.

        The stored text is the bank's English at generation; the template's translation is looked
        up at render time, so a French reader of the same roadmap reads French.
        """
        if self.template is not None:
            for field in ("title", "description", "indicator"):
                if field not in self.edited_fields and getattr(self, field):
                    setattr(self, field, self.template.translated(field) or getattr(self, field))
        return self

    def starts_before(self) -> list["RoadmapAction"]:
        """The prerequisites that end after this action starts, for the roadmap to say so at the action.

        The generator never plans such an order; only the team's own dates can make one, and those are never
        moved, so the roadmap points at the conflict instead. Dropped actions wait for nothing and hold nothing
        back. Reads ``depends_on`` through ``all()``, so a prefetched list costs no query.
        """
        if self.status == ActionStatus.DROPPED:
            return []
        return sorted(
            (
                prerequisite
                for prerequisite in self.depends_on.all()
                if prerequisite.end > self.start and prerequisite.status != ActionStatus.DROPPED
            ),
            key=lambda prerequisite: (prerequisite.end, prerequisite.order),
        )


class Milestone(models.Model):
    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="milestones")
    code = models.CharField(max_length=40)
    title = models.CharField(_("title"), max_length=300)
    due = models.DateField(_("due"))
    basis = models.CharField(_("basis"), max_length=500, blank=True)
    # The generated title's and basis's catalogue messages and values ({"title": [message, {name: value}]}):
    # the roadmap shows them in the reader's language; the English above is what exports and history keep.
    texts = models.JSONField(default=dict, blank=True, editable=False)
    done = models.BooleanField(_("done"), default=False)
    edited = models.BooleanField(default=False)
    order = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["roadmap", "due", "order"]

    def __str__(self):
        return self.title

    def in_reader_language(self) -> "Milestone":
        """For display only: the generated title and basis in the reader's language, dates in its format.

        Teams change a milestone's date, never its words. Rows from before messages were kept (no
        ``texts``) find their English in the catalogue, where it is there.
        """
        for field in ("title", "basis"):
            message, values = (self.texts or {}).get(field) or (getattr(self, field), {})
            if message:
                setattr(self, field, gettext(message) % _localized(values) if values else gettext(message))
        return self


def _localized(values: dict) -> dict:
    """Message values for the reader: ISO dates in the language's date format, years as they are."""
    shown = {}
    for name, value in values.items():
        if isinstance(value, str) and len(value) == 10 and value[4] == "-":
            value = date_format(date.fromisoformat(value), "DATE_FORMAT")
        shown[name] = value
    return shown
