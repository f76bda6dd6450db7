from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


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
