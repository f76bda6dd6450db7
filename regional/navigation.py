"""Whether the navigation shows the regional view: remembered in the session, so the link costs no query.

It is worked out at sign-in and again whenever the user opens /regional/. Access itself is checked on every regional
request (regional.access); a grant made while the user is signed in shows the link from their next sign-in.
"""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .models import RegionalAccess

SESSION_KEY = "regional_view"


def remember(request, shown: bool) -> None:
    if request.session.get(SESSION_KEY) != shown:  # an unchanged session is not written again
        request.session[SESSION_KEY] = shown


def shown(request) -> bool:
    return bool(request is not None and getattr(request, "session", None) and request.session.get(SESSION_KEY))


@receiver(user_logged_in)
def _remember_at_sign_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        remember(request, RegionalAccess.objects.for_user(user).exists())
