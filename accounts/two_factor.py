"""Two-step sign-in: a password, then a code from an authenticator app (TOTP) or a backup code.

The devices are django-otp's (``TOTPDevice`` for the app, ``StaticDevice`` for the ten
single-use backup codes); only a *confirmed* authenticator turns the second step on.
A session is *verified* once ``django_otp.login`` has stored the device that checked
its code; ``accounts.middleware.TwoFactorMiddleware`` keeps unverified sessions of
users who need the second step away from everything else.
"""

import re
import secrets
from base64 import b32encode
from binascii import unhexlify
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.forms import OTPAuthenticationFormMixin
from django_otp.models import VerifyNotAllowed
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

# Set at sign-in when the user has an authenticator: the session must pass the second step.
PENDING_SESSION_KEY = "two_factor_pending"
# The secret offered on the set-up page, kept in the session (not the database) until a code confirms it.
SETUP_SESSION_KEY = "two_factor_setup_key"

BACKUP_CODE_COUNT = 10
BACKUP_CODE_DIGITS = 10
APP_CODE_DIGITS = 6


class TwoFactorRequired(PermissionDenied):
    """Raised where a page needs a verified session; the middleware turns it into the next step.

    A PermissionDenied, so that without the middleware it is a plain 403, never a way in.
    """

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def authenticator(user) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if any: the one thing that turns the second step on."""
    if not user.is_authenticated:
        return None
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()


def backup_device(user) -> StaticDevice | None:
    return StaticDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()


def is_verified(user) -> bool:
    # OTPMiddleware installs is_verified(); where it has not run, the session counts as unverified.
    return bool(getattr(user, "is_verified", lambda: False)())


def staff_must_use_it(user) -> bool:
    return settings.TWO_FACTOR_REQUIRED_FOR_STAFF and (user.is_staff or user.is_superuser)


def required_reasons(user) -> list[str]:
    """Why this user may not go without two-step sign-in (empty: it is their choice)."""
    from assessments.models import Assessment  # accounts is the lower layer: no import at load time

    reasons = []
    if staff_must_use_it(user):
        reasons.append(_("It is required for staff accounts."))
    titles = Assessment.objects.for_user(user).filter(require_two_factor=True).values_list("title", flat=True)
    reasons += [_("The team of “%(title)s” requires it.") % {"title": title} for title in titles]
    return reasons


def step_url(user, next_url: str = "") -> str:
    """The page of the step this user is missing: the code (with an app) or setting the app up."""
    name = "accounts:two_factor_verify" if authenticator(user) is not None else "accounts:two_factor_setup"
    return reverse(name) + (f"?{urlencode({'next': next_url})}" if next_url else "")


# The set-up page: a new secret, shown as a QR code and as text for typing by hand.


def new_secret() -> str:
    return default_key()  # 20 random bytes, hex-encoded, as TOTPDevice stores them


def secret_for_typing(key: str) -> str:
    """The secret as authenticator apps ask for it by hand: base32, in groups of four."""
    text = b32encode(unhexlify(key)).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def provisioning_uri(user, key: str) -> str:
    return TOTPDevice(user=user, key=key).config_url  # issuer from OTP_TOTP_ISSUER


def qr_code_data_uri(uri: str) -> str:
    """An SVG QR code as a data: URI, for an <img> (the content security policy allows data: images only)."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=4, light="#fff")


def normalised(code: str) -> str:
    """What the user typed, without the spaces and dashes people add when copying codes."""
    return re.sub(r"[\s-]", "", code or "")


def setup_code_step(key: str, code: str) -> int | None:
    """The time step a code from the set-up secret belongs to, or None if it does not match.

    Tolerates one step either side, as the device does afterwards (a clock a little off).
    """
    code = normalised(code)
    if len(code) != APP_CODE_DIGITS or not code.isascii() or not code.isdigit():
        return None
    totp = TOTP(unhexlify(key), digits=APP_CODE_DIGITS)
    if not totp.verify(int(code), tolerance=1):
        return None
    return totp.t()


def new_backup_codes() -> list[str]:
    return [f"{secrets.randbelow(10**BACKUP_CODE_DIGITS):0{BACKUP_CODE_DIGITS}d}" for _ in range(BACKUP_CODE_COUNT)]


def format_backup_code(code: str) -> str:
    half = len(code) // 2
    return f"{code[:half]} {code[half:]}"


# Checking a code, with django-otp's throttling (a growing wait after each wrong code).


class CodeCheck:
    """The outcome of checking a code: the device that accepted it, or an error message to show."""

    def __init__(self, device=None, error: str = "", kind: str = ""):
        self.device = device
        self.error = error
        self.kind = kind  # "app" or "backup code", for the security log

    @property
    def ok(self) -> bool:
        return self.device is not None


def _throttled_message(extra: dict) -> str:
    messages = OTPAuthenticationFormMixin.otp_error_messages
    if extra and extra.get("reason") == VerifyNotAllowed.N_FAILED_ATTEMPTS:
        return str(messages["n_failed_attempts"] % extra)
    return str(messages["verification_not_allowed"])


def check_code(user, code: str) -> CodeCheck:
    """Check a 6-digit app code or a 10-digit backup code against the one device it is meant for.

    Trying every device in turn would count a failure against each one that did not match (and
    throttle the backup codes because of a mistyped app code); the length says which it is.
    A backup code is used up by a successful check.
    """
    code = normalised(code)
    wrong = _("That code is not right. Check the time on your phone and try the newest code.")
    if not (code.isascii() and code.isdigit()) or len(code) not in (APP_CODE_DIGITS, BACKUP_CODE_DIGITS):
        return CodeCheck(error=_("Enter the 6-digit code from your app, or a 10-digit backup code."), kind="malformed")
    is_backup = len(code) == BACKUP_CODE_DIGITS
    kind = "backup code" if is_backup else "app"
    device = backup_device(user) if is_backup else authenticator(user)
    if device is None:
        return CodeCheck(error=wrong, kind=kind)
    allowed, extra = device.verify_is_allowed()
    if not allowed:
        return CodeCheck(error=_throttled_message(extra), kind=f"{kind}, throttled")
    if not device.verify_token(code):
        return CodeCheck(error=wrong, kind=kind)
    return CodeCheck(device=device, kind=kind)


def backup_codes_left(user) -> int:
    device = backup_device(user)
    return device.token_set.count() if device else 0


def backup_codes_left_message(count: int) -> str:
    return ngettext("You have %(count)d backup code left.", "You have %(count)d backup codes left.", count) % {
        "count": count
    }


@receiver(user_logged_in)
def _ask_for_the_second_step(sender, request, user, **kwargs):
    """After the password, a user with an authenticator still has a second step to pass.

    Decided once here, so that ordinary requests cost no device query.
    """
    if request is None or not hasattr(request, "session"):
        return
    if authenticator(user) is not None:
        request.session[PENDING_SESSION_KEY] = True
    else:
        request.session.pop(PENDING_SESSION_KEY, None)


def users_with_two_factor(user_ids) -> set[int]:
    """Which of these users have an authenticator app, in one query (for the team page)."""
    return set(TOTPDevice.objects.filter(user_id__in=user_ids, confirmed=True).values_list("user_id", flat=True))
