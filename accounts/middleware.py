import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils import translation
from django.utils.translation import gettext as _


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
