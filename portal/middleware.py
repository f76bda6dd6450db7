"""The portal's own middleware: a database outage, malformed requests, and private responses.

When the database is unreachable, say so plainly (503) instead of a bare 500.

Requests during a database outage fail cleanly; autosave sees the 503 and
retries. Persistent connections are health-checked at the start of every
request (CONN_HEALTH_CHECKS), so workers recover by themselves when the
database returns, without a restart.
"""

import codecs
import logging
import re
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.template.loader import render_to_string
from django.views import defaults

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning("Database unavailable while serving %s: %s", request.path, exception)
        return database_unavailable_response()


def database_unavailable_response() -> HttpResponse:
    # A page that needs nothing from the database (not even the signed-in user).
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = "5"
    return response


def server_error(request):
    """handler500: a database outage met before any view runs (sessions, the signed-in user)
    still gets the clean 503 page; anything else gets Django's usual 500."""
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return database_unavailable_response()
    return defaults.server_error(request)


# Control characters (NUL among them) have no place in a page's address; PostgreSQL refuses NUL
# in a query, so "/questions/%00/" reached the database and was a 500.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
# Ids are 64-bit: a longer number in an <int:...> segment cannot name a row (on SQLite it was a 500).
LARGEST_ID = 2**63 - 1
UTF8_NAMES = {"utf-8", "ascii"}  # ASCII is a subset of UTF-8


def _declared_charset_is_utf8(request) -> bool:
    charset = request.content_params.get("charset")
    if charset is None:
        return True
    try:
        return codecs.lookup(charset).name in UTF8_NAMES
    except LookupError:
        return False


class MalformedRequestMiddleware:
    """Refuse, before any session, form or database is touched, requests that no page of the portal sends:

    * an address with control characters (400);
    * a body declared in another character set than UTF-8 (400): Django reads forms as UTF-8 only
      and raised its refusal from wherever the form was first read, the CSRF check's error page included;
    * an id too large for a 64-bit column (404, as for any id that names nothing).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if CONTROL_CHARACTERS.search(request.path_info):
            return HttpResponseBadRequest("Bad request: the address contains control characters.\n")
        if not _declared_charset_is_utf8(request):
            return HttpResponseBadRequest("Bad request: send forms in UTF-8.\n")
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        for value in (*view_args, *view_kwargs.values()):
            if isinstance(value, int) and not -LARGEST_ID - 1 <= value <= LARGEST_ID:
                raise Http404("No such id.")
        return None


class PrivateResponsesMiddleware:
    """Keep what a signed-in user is shown off shared caches (proxies, CDNs): ``Cache-Control: private,
    no-store`` on every response to a signed-in request that does not say how to cache itself.

    Team pages and every download (PDF, Word, Excel, CSV, JSON, evidence) are confidential; Django
    only adds ``Vary: Cookie``, which a shared cache may still store. Responses with their own
    Cache-Control (the region map, the charts' stylesheet, never_cache pages) keep it; static files
    never reach this middleware (WhiteNoise answers first), and anonymous pages are left alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control") and not self._static(request) and self._signed_in(request):
            response["Cache-Control"] = "private, no-store"
        return response

    @staticmethod
    def _signed_in(request) -> bool:
        try:
            return hasattr(request, "user") and request.user.is_authenticated
        except (OperationalError, InterfaceError):  # the database is down: the answer is the 503 page anyway
            return False

    @staticmethod
    def _static(request) -> bool:
        return request.path_info.startswith(f"/{settings.STATIC_URL.lstrip('/')}")
