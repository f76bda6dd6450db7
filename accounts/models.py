from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractUser):
    """An official or curator. Signs in with an email address, not a username."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES, blank=True
    )
    agency = models.ForeignKey(
        "reference.Agency", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("agency")
    )

    # Bumped by "sign out everywhere": every session signed with the old value stops working.
    session_epoch = models.PositiveIntegerField(default=0, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name or self.email

    def get_session_auth_hash(self):
        key_salt = "accounts.User.get_session_auth_hash"
        return salted_hmac(key_salt, f"{self.password}:{self.session_epoch}", algorithm="sha256").hexdigest()

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


class SecurityEvent(models.Model):
    """The security log: sign-ins, failures, lockouts, role changes, invitations and exports."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("Signed in")
        LOGOUT = "logout", _("Signed out")
        LOGIN_FAILED = "login_failed", _("Failed sign-in")
        LOCKED_OUT = "locked_out", _("Locked out")
        SIGNED_OUT_EVERYWHERE = "signed_out_everywhere", _("Signed out everywhere")
        PASSWORD_CHANGED = "password_changed", _("Password changed")
        ROLE_CHANGED = "role_changed", _("Role changed")
        MEMBER_REMOVED = "member_removed", _("Member removed")
        INVITATION_SENT = "invitation_sent", _("Invitation sent")
        INVITATION_ACCEPTED = "invitation_accepted", _("Invitation accepted")
        EXPORT = "export", _("Export downloaded")
        IMPORT = "import", _("Assessment imported")
        TWO_FACTOR_ENABLED = "two_factor_enabled", _("Two-step sign-in turned on")
        TWO_FACTOR_DISABLED = "two_factor_disabled", _("Two-step sign-in turned off")
        TWO_FACTOR_VERIFIED = "two_factor_verified", _("Signed in with a code")
        TWO_FACTOR_FAILED = "two_factor_failed", _("Two-step check failed")
        BACKUP_CODES_REPLACED = "backup_codes_replaced", _("New backup codes")
        TEAM_TWO_FACTOR_CHANGED = "team_two_factor_changed", _("Team two-step sign-in requirement changed")
        SHARING_CHANGED = "sharing_changed", _("Regional sharing level changed")
        OFFICIAL_INVITED = "official_invited", _("Official invited by staff")
        OFFICIAL_VERIFIED = "official_verified", _("Official verified")
        OFFICIAL_UNVERIFIED = "official_unverified", _("Official's verification withdrawn")
        ACCESS_REQUESTED = "access_requested", _("Access requested")
        ACCESS_APPROVED = "access_approved", _("Access request approved")
        ACCESS_DECLINED = "access_declined", _("Access request declined")
        ASSESSMENT_REVIEWED = "assessment_reviewed", _("Assessment reviewed by staff")
        CURRENT_ASSESSMENT_CHANGED = "current_assessment_changed", _("State's current assessment changed")
        BULK_AGREED = "bulk_agreed", _("Answers agreed in bulk")

    kind = models.CharField(max_length=30, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    email = models.CharField(max_length=254, blank=True, help_text=_("as typed, for failed sign-ins"))
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.email or self.user}"


class OfficialQuerySet(models.QuerySet):
    def verified(self):
        return self.filter(verified_at__isnull=False)

    def of_state(self, country_id):
        return self.verified().filter(country_id=country_id)

    def coordinators_of(self, country_id):
        return self.of_state(country_id).filter(role=Official.Role.COORDINATOR)


class Official(models.Model):
    """Whom a user speaks for: one state, or one regional organization.

    Only a verified official speaks for their state: staff verify (in the admin, or by approving an access request),
    or a verified coordinator of the state does, by inviting the official to their team. An unverified profile is a
    claim waiting for staff, nothing more.
    """

    class Role(models.TextChoices):
        OFFICIAL = "official", _("Official")
        COORDINATOR = "coordinator", _("State coordinator")

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="official", verbose_name=_("user"))
    country = models.ForeignKey(
        "reference.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officials",
        verbose_name=_("state"),
    )
    regional_organization = models.ForeignKey(
        "regional.RegionalOrganization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officials",
        verbose_name=_("regional organization"),
    )
    # A state coordinator keeps the state's list of agencies and verifies the officials they invite.
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.OFFICIAL)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("verified by")
    )
    how_verified = models.CharField(_("how verified"), max_length=200, blank=True)

    objects = OfficialQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["country__name", "user__email"]
        verbose_name = _("official")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(country__isnull=False, regional_organization__isnull=True)
                    | models.Q(country__isnull=True, regional_organization__isnull=False)
                ),
                name="official_of_one_state_or_one_organization",
            ),
            models.CheckConstraint(
                condition=models.Q(role="official") | models.Q(country__isnull=False),
                name="official_coordinator_of_a_state",
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.country or self.regional_organization})"

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None


class AccessRequest(models.Model):
    """A newcomer asks for access from the sign-in page; staff approve or decline it in the admin."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    full_name = models.CharField(_("full name"), max_length=150)
    email = models.EmailField(_("official email address"))
    country = models.ForeignKey(
        "reference.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("state")
    )
    agency_type = models.ForeignKey(
        "reference.AgencyType", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency type")
    )
    agency_name = models.CharField(_("agency"), max_length=200)
    role_line = models.CharField(_("role"), max_length=300)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )
    user = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("account")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("access request")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "approved", "declined"]), name="access_request_status_known"
            ),
            # One open request per address: asking again changes nothing until staff decide.
            models.UniqueConstraint(
                fields=["email"], condition=models.Q(status="pending"), name="one_pending_access_request_per_email"
            ),
        ]

    def __str__(self):
        return f"{self.full_name} <{self.email}> ({self.country})"
