"""When the database is unreachable, say so plainly (503) instead of a bare 500.

Requests during a database outage fail cleanly; autosave sees the 503 and
retries. Persistent connections are health-checked at the start of every
request (CONN_HEALTH_CHECKS), so workers recover by themselves when the
database returns, without a restart.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
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
