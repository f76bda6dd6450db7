"""An assessment: one country's inter-agency team working through a framework.

Each agency gives its own *position* on a question (an ``Answer``); where
agencies differ the coordinator records the ``AgreedAnswer``. Everything a
team writes keeps its history.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class AssessmentQuerySet(models.QuerySet):
    def for_user(self, user):
        """Assessments the user is an active member of: the only door to team data."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user, memberships__removed_at__isnull=True)


class Assessment(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        LOCKED = "locked", _("Locked (final, read-only)")

    class Marking(models.TextChoices):
        """Printed on every page of the documents; chosen by the coordinator."""

        NONE = "", _("No marking")
        OFFICIAL_USE = "official_use", _("For official use only")
        RESTRICTED = "restricted", _("Restricted")
        CONFIDENTIAL = "confidential", _("Confidential")

    country = models.ForeignKey("reference.Country", on_delete=models.PROTECT, related_name="assessments")
    framework = models.ForeignKey("frameworks.Framework", on_delete=models.PROTECT, related_name="assessments")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    marking = models.CharField(
        _("confidentiality marking"), max_length=20, choices=Marking.choices, blank=True, default=Marking.OFFICIAL_USE
    )
    # Chosen by a coordinator: every member must then pass two-step sign-in to open the assessment.
    require_two_factor = models.BooleanField(_("require two-step sign-in"), default=False)
    # The earlier assessment of the same country this one follows up: its answers were the starting points.
    # PROTECT, not SET_NULL: the baseline is the record a follow-up measures progress against, so deleting it
    # must be a deliberate act (unlink first) rather than silently emptying the comparison and the roadmap's
    # progress section.
    baseline = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("baseline assessment"),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    # Set for staff when no coordinator is an official of the assessment's state (assessments started before
    # officials were verified): staff look at them in the admin; nothing is deleted.
    needs_review = models.BooleanField(_("needs staff review"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AssessmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(baseline__isnull=True) | ~Q(baseline=models.F("id")), name="assessment_not_its_own_baseline"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("assessments:detail", args=[self.pk])

    @property
    def track(self) -> str:
        return self.framework.track

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.LOCKED


class AssessmentReview(Assessment):
    """An assessment as staff see it in the admin to review it: named by number and state, never by its title."""

    class Meta:
        proxy = True
        verbose_name = _("assessment to review")
        verbose_name_plural = _("assessments to review")

    def __str__(self):
        return f"{_('Assessment')} {self.pk} ({self.country})"


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    CONTRIBUTOR = "contributor", _("Contributor")
    OBSERVER = "observer", _("Observer (read-only)")


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(removed_at__isnull=True)


class Membership(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey("reference.Agency", on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.CONTRIBUTOR)
    joined_at = models.DateTimeField(default=timezone.now)
    # Removed members keep their row so that their past answers stay attributed.
    removed_at = models.DateTimeField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["agency__agency_type__order", "user__full_name"]
        constraints = [models.UniqueConstraint(fields=["assessment", "user"], name="one_membership_per_user")]

    def __str__(self):
        return f"{self.user} ({self.agency}, {self.get_role_display()})"

    @property
    def is_coordinator(self) -> bool:
        return self.role == Role.COORDINATOR

    @property
    def can_write(self) -> bool:
        return self.role in (Role.COORDINATOR, Role.CONTRIBUTOR) and not self.assessment.is_locked


class Invitation(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email"))
    agency = models.ForeignKey("reference.Agency", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.CONTRIBUTOR)
    # Only a hash of the emailed token is stored: a database reader cannot accept an invitation.
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Invitation of {self.email} to {self.assessment}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()


class SectionAssignment(models.Model):
    """A section given to an agency (not a person), so work survives staff turnover."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="assignments")
    section = models.ForeignKey("frameworks.Section", on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey("reference.Agency", on_delete=models.PROTECT, related_name="assignments")

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "section", "agency"], name="assignment_unique"),
        ]

    def __str__(self):
        return f"{self.section.code} → {self.agency}"


class SectionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted for review")
    AGREED = "agreed", _("Agreed")


class SectionReview(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="section_reviews")
    section = models.ForeignKey("frameworks.Section", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=20, choices=SectionStatus.choices, default=SectionStatus.NOT_STARTED)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "section"], name="one_review_per_section")]

    def __str__(self):
        return f"{self.section.code}: {self.get_status_display()}"


class Answer(models.Model):
    """One agency's position on one question."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey("frameworks.Question", on_delete=models.PROTECT, related_name="answers")
    agency = models.ForeignKey("reference.Agency", on_delete=models.PROTECT, related_name="answers")
    value = models.CharField(_("answer"), max_length=40, blank=True)
    reason = models.TextField(_("reason (required for 'not applicable')"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    legal_references = models.JSONField(_("national legal references"), default=list, blank=True)
    # Copied from the baseline when a follow-up started: a starting point, not yet the agency's position
    # for this round, until a member of the agency saves it (unchanged or changed).
    carried_over = models.BooleanField(_("carried over from the baseline, to confirm"), default=False)
    # Optimistic locking: a save must name the version it started from.
    version = models.PositiveIntegerField(default=1)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    # The browser page that made the last save (a random token it holds): a save that this same page made
    # moves its version forward, so a request it sent before that save's answer came back is not a conflict.
    editor = models.CharField(max_length=40, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["editor"])

    class Meta:
        ordering = ["question", "agency"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "question", "agency"], name="one_position_per_agency"),
            models.CheckConstraint(condition=~Q(value="not_applicable") | ~Q(reason=""), name="answer_na_has_reason"),
        ]

    def __str__(self):
        return f"{self.question.code} / {self.agency}: {self.value}"


class AgreedAnswer(models.Model):
    """The answer the team agreed on where agencies differed; this is what scoring uses."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="agreed_answers")
    question = models.ForeignKey("frameworks.Question", on_delete=models.PROTECT, related_name="+")
    value = models.CharField(_("agreed answer"), max_length=40)
    reason = models.TextField(_("reason for the agreement"))
    # As for positions: copied from the baseline until a coordinator records it again for this round.
    carried_over = models.BooleanField(_("carried over from the baseline, to confirm"), default=False)
    version = models.PositiveIntegerField(default=1)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    decided_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "question"], name="one_agreed_answer_per_question"),
            models.CheckConstraint(condition=~Q(reason=""), name="agreed_answer_has_reason"),
        ]

    def __str__(self):
        return f"{self.question.code}: {self.value}"


def evidence_path(instance, filename):
    # Random names: nothing about the file or the team leaks through its path.
    return f"evidence/{instance.assessment_id}/{uuid.uuid4().hex}"


class Evidence(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="evidence")
    question = models.ForeignKey("frameworks.Question", on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("reference.Agency", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to=evidence_path, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        constraints = [models.CheckConstraint(condition=~Q(url="") | ~Q(file=""), name="evidence_has_link_or_file")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("assessments:evidence", args=[self.assessment_id, self.pk])


class Comment(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="comments")
    question = models.ForeignKey("frameworks.Question", on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return self.body[:60]
