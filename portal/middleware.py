"""When the database is unreachable, say so plainly (503) instead of a bare 500.

Requests during a database outage fail cleanly; autosave sees the 503 and
retries. Persistent connections are health-checked at the start of every
request (CONN_HEALTH_CHECKS), so workers recover by themselves when the
database returns, without a restart.
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

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
        # A page that needs nothing from the database (not even the signed-in user).
        body = render_to_string("503.html")
        response = HttpResponse(body, status=503)
        response["Retry-After"] = "5"
        return response
