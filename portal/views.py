from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

from assessments.charts import chart_stylesheet
from assessments.selectors import my_assessments


@require_GET
@never_cache
def healthz(request):
    """Plain liveness and readiness: the app answers and its database does too."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@require_GET
@cache_control(public=True, max_age=60 * 60 * 24)
def charts_css(request):
    """The charts' stylesheet, kept out of the SVGs so that no inline style is needed."""
    return HttpResponse(chart_stylesheet(), content_type="text/css; charset=utf-8")


@login_required
@require_GET
@never_cache
def keepalive(request):
    """Keeps a signed-in session alive while someone is working on a long page (204, no body)."""
    request.session.modified = True
    return HttpResponse(status=204)


@login_required
@require_GET
def home(request):
    return render(request, "portal/home.html", {"assessments": my_assessments(request.user)})
