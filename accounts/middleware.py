import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from . import two_factor


class PreferredLanguageMiddleware:
    """Let a signed-in user's profile language win over the browser's.

    LocaleMiddleware has already chosen from the cookie or Accept-Language
    header; a language saved in the profile overrides that choice, so the
    order of precedence is: profile, then browser, then English.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = getattr(request.user, "preferred_language", "") if request.user.is_authenticated else ""
        if language and translation.check_for_language(language):
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


class IdleSessionMiddleware:
    """End a signed-in session after SESSION_IDLE_SECONDS without a request.

    The last activity is written at most once a minute, so an active user
    costs no extra database write on most requests.
    """

    KEY = "last_activity"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get(self.KEY, now)
            if now - last > settings.SESSION_IDLE_SECONDS:
                logout(request)
                messages.info(request, _("You were signed out after a period of inactivity."))
            elif now - last >= 60 or self.KEY not in request.session:
                request.session[self.KEY] = now
        return self.get_response(request)


class TwoFactorMiddleware:
    """Keep a signed-in session that still owes its second step away from everything else.

    Such a session is one that signed in with a password and either has an authenticator app
    to prove (sent to the code page) or, being staff, must use one and has none (sent to set
    it up). Pages that need nothing of the user stay open. Ordinary users without an app cost
    no query here: the sign-in decided whether a code is owed (two_factor.PENDING_SESSION_KEY).

    Also turns ``TwoFactorRequired`` (a team that requires the second step, raised by
    ``membership_or_404``) into the same pages, with a message naming the team.
    """

    OPEN_VIEWS = {
        "accounts:two_factor_verify",
        "accounts:two_factor_setup",
        "logout",
        "portal:set_language",
        "portal:healthz",
        "portal:charts_css",  # the stylesheet of every page, the code page's too; no user data
    }

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if not user.is_authenticated or self._open(request.path_info) or two_factor.is_verified(user):
            return self.get_response(request)
        if request.session.get(two_factor.PENDING_SESSION_KEY):
            return self._send_on(request)
        if two_factor.staff_must_use_it(user):
            if two_factor.authenticator(user) is None:
                messages.warning(request, _("Staff accounts must use two-step sign-in: set it up to continue."))
            return self._send_on(request)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, two_factor.TwoFactorRequired):
            return None
        if two_factor.authenticator(request.user) is None:
            then = _("Set it up to open this page.")
        else:
            then = _("Enter a code from your app to open this page.")
        messages.warning(request, f"{exception.reason} {then}")
        return self._send_on(request)

    def _open(self, path: str) -> bool:
        if path.startswith(f"/{settings.STATIC_URL.lstrip('/')}"):
            return True
        try:
            return resolve(path).view_name in self.OPEN_VIEWS
        except Resolver404:
            return False

    def _send_on(self, request):
        # Back to the page asked for afterwards, if it can be asked for again (a form post cannot).
        next_url = request.get_full_path() if request.method in ("GET", "HEAD") else ""
        url = two_factor.step_url(request.user, next_url)
        if request.headers.get("HX-Request") == "true":  # htmx would swap the page into a fragment
            return HttpResponseClientRedirect(url)
        return redirect(url)
