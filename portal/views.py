from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_POST

from assessments.charts import chart_stylesheet
from assessments.selectors import my_assessments
from reference import region as region_facts
from regional.access import organizations_for


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
    assessments = my_assessments(request.user)
    if not assessments:
        elsewhere = _workplace_without_a_team(request.user)
        if elsewhere:
            return HttpResponseRedirect(elsewhere)
    return render(request, "portal/home.html", {"assessments": assessments})


def _workplace_without_a_team(user) -> str:
    """Where someone on no team works: a regional officer reads the regional view, staff and curators the admin.

    National officials with no team yet stay on the home page, which offers to start an assessment.
    """
    if organizations_for(user).exists():
        return reverse("regional:index")
    if user.is_staff:
        return reverse("admin:index")
    return ""


@require_GET
@cache_control(max_age=86400, public=True)
def favicon(request):
    """Browsers and the admin ask for /favicon.ico whatever the page says; the portal's icon answers."""
    return HttpResponseRedirect(static("favicon.svg"))


@login_required
@require_GET
def region(request):
    """The region at a glance: public facts on the Indo-Pacific states, open to any signed-in user."""
    countries = region_facts.indo_pacific_states()
    counts, totals = region_facts.counts_by_subregion(countries)
    context = {
        "rows": region_facts.state_rows(countries),
        "counts": counts,
        "totals": totals,
        "statuses": [status.label for status in region_facts.STATUS_ORDER],
        # The image's address names the data and the language: a change is a new address, never a stale image.
        "map_version": f"{region_facts.data_stamp(countries)}-{translation.get_language()}",
        "map_title": region_facts.map_title(),
        "map_description": region_facts.map_description(countries),
        "map_size": (region_facts.WIDTH, region_facts.HEIGHT),
    }
    return render(request, "portal/region.html", context)


@login_required
@require_GET
@cache_control(private=True, max_age=60 * 60 * 24)
def region_map(request):
    """The region's map as an SVG image, in the user's language."""
    svg = region_facts.region_map_svg(translation.get_language())
    return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")


@require_POST
def set_language(request):
    """Switch the interface language, for this browser and, when signed in, in the profile.

    The profile language wins over the browser's (see PreferredLanguageMiddleware), so
    a switcher that only set the cookie would do nothing for a signed-in user.
    """
    language = request.POST.get("language", "")
    next_url = request.POST.get("next", "")
    # Only a path on this site; anything else (another host, a bare word, control characters
    # that no header may carry) goes home.
    on_this_site = url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure())
    if not next_url.startswith("/") or not on_this_site or any(ord(c) < 32 or ord(c) == 127 for c in next_url):
        next_url = reverse("portal:home")
    response = HttpResponseRedirect(next_url)
    if language not in dict(settings.LANGUAGES):
        messages.error(request, _("That language is not available."))
        return response
    if request.user.is_authenticated and request.user.preferred_language != language:
        request.user.preferred_language = language
        request.user.save(update_fields=["preferred_language"])
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
