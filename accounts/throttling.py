"""Throttling of sign-ins and password-reset mails.

Sign-ins (django-axes, configured in settings): failures are counted per *normalised* email
address and client address, the address sign-in itself matches (``normalised_email``), so that
``Police.th@example.org`` is the same account as ``police.th@example.org`` on every sign-in form,
the admin's too. ``SignInThrottle`` adds a second count: failures from one client address across
any number of accounts (password spraying), with a larger allowance before the same lockout.

Password-reset mails: at most a few per email address and per client address in an hour. The page
answers the same whether a mail went out or not, as it does for addresses nobody has.
"""

import logging
import time
import unicodedata
from hashlib import sha256

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_ip_address, get_client_username, get_cool_off
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.core.cache import cache
from django.db.models import Sum
from django.utils import timezone

logger = logging.getLogger(__name__)


def normalised_email(value) -> str:
    """The address as sign-in compares it: Django's sign-in form applies NFKC and strips spaces,
    and the account is found case-insensitively (``UserManager.get_by_natural_key``)."""
    return unicodedata.normalize("NFKC", value).strip().lower() if isinstance(value, str) else ""


def client_address(request) -> str:
    """The client's address as django-axes sees it (behind PROXY_COUNT proxies, the forwarded one)."""
    return get_client_ip_address(request) or "unknown"


class SignInThrottle(AxesDatabaseHandler):
    """django-axes' database handler, which also locks out a client address that failed to sign in
    AXES_ADDRESS_FAILURE_LIMIT times within the cool-off, whichever accounts it tried."""

    def is_locked(self, request, credentials=None) -> bool:
        return super().is_locked(request, credentials) or self.address_failures(request) >= address_failure_limit()

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        # django-axes flags the request for its lockout page only when the per-account count reaches its limit
        # (a refused sign-in during a lockout is recorded as one more failure); the per-address count does too.
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or getattr(request, "axes_locked_out", False):
            return
        if self.address_failures(request) >= address_failure_limit():
            request.axes_locked_out = True
            request.axes_credentials = credentials
            user_locked_out.send(
                "axes",
                request=request,
                username=get_client_username(request, credentials),
                ip_address=request.axes_ip_address,
            )

    @staticmethod
    def address_failures(request) -> int:
        address = getattr(request, "axes_ip_address", None)
        if not address:
            return 0
        attempts = AccessAttempt.objects.filter(ip_address=address)
        cool_off = get_cool_off(request)
        if cool_off is not None:  # without a cool-off, a lockout lasts until staff lift it
            attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
        return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def address_failure_limit() -> int:
    return settings.AXES_ADDRESS_FAILURE_LIMIT


# Password-reset mails: fixed one-hour windows in the shared cache (every worker sees the same counts).

RESET_WINDOW_SECONDS = 60 * 60


def _count(kind: str, key: str, *, window: int) -> int:
    """One more event of this kind for this key; how many there were in the current window."""
    cache_key = f"throttle:{kind}:{sha256(key.encode()).hexdigest()}"
    now = time.time()
    count, until = cache.get(cache_key) or (0, 0.0)
    if until <= now:
        count, until = 0, now + window
    count += 1
    cache.set(cache_key, (count, until), timeout=max(1, int(until - now) + 1))
    return count


def may_send_reset_mail(*, email: str, request) -> bool:
    """Count a reset request for this address and this client; False once either is over its limit."""
    per_email = _count("reset-email", normalised_email(email), window=RESET_WINDOW_SECONDS)
    per_client = _count("reset-client", client_address(request), window=RESET_WINDOW_SECONDS)
    if per_email <= settings.PASSWORD_RESET_MAILS_PER_EMAIL and per_client <= settings.PASSWORD_RESET_MAILS_PER_CLIENT:
        return True
    logger.warning("Reset mail withheld: %d requests for the address, %d from the client", per_email, per_client)
    return False
