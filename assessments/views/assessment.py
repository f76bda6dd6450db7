from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.officials import verified_state
from frameworks.models import Framework

from .. import selectors, services
from ..access import membership_or_404
from ..forms import StartAssessmentForm
from ..stamps import overview_stamp
from .confirm import confirmation


def _start_initial(user, country) -> dict:
    framework = Framework.objects.published().filter(track=country.suggested_track).order_by("-published_at").first()
    initial = {"country": country, "framework": framework}
    agency = user.agency
    if agency is not None and agency.country_id == country.pk:
        initial |= {"agency_type": agency.agency_type_id, "agency_name": agency.name}
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def start(request):
    """Only a verified official of a state starts an assessment for it; others are told how to get there."""
    country = verified_state(request.user)
    if country is None:
        return render(request, "assessments/start_not_verified.html", status=403 if request.method == "POST" else 200)
    form = StartAssessmentForm(request.POST or None, user=request.user, initial=_start_initial(request.user, country))
    if request.method == "POST" and form.is_valid():
        assessment = services.start_assessment(user=request.user, **form.cleaned_data)
        messages.success(request, _("Assessment started. Next: invite your colleagues and assign sections."))
        return redirect("assessments:team", assessment.pk)
    return render(request, "assessments/start.html", {"form": form, "country": country})


@login_required
@require_GET
def detail(request, pk):
    membership = membership_or_404(request, pk)
    assessment = membership.assessment
    context = {
        "assessment": assessment,
        "membership": membership,
        # Built only when the overview is not cached under this stamp (see the template's cache block).
        "stamp": overview_stamp(assessment),
        "overview": SimpleLazyObject(lambda: selectors.overview(assessment=assessment, membership=membership)),
    }
    return render(request, "assessments/detail.html", context)


@login_required
@require_GET
def disputes(request, pk):
    membership = membership_or_404(request, pk)
    questions = selectors.open_disputes(membership.assessment)
    return render(
        request,
        "assessments/disputes.html",
        {"assessment": membership.assessment, "membership": membership, "questions": questions},
    )


@login_required
@require_http_methods(["GET", "POST"])
def lock(request, pk):
    membership = membership_or_404(request, pk, coordinator=True)
    if request.method == "GET":  # unlocking asks first; locking is the safe way round
        return confirmation(
            request,
            membership,
            question=_("Unlock “%(title)s”?") % {"title": membership.assessment.title},
            consequence=_(
                "The team can change answers and agreed answers again, so the scores, the roadmap and the reports "
                "may change. Lock it again once the changes are made."
            ),
            confirm_label=_("Unlock the assessment"),
            cancel_url=reverse("assessments:detail", args=[pk]),
            fields={"locked": "0"},
        )
    if request.POST.get("locked") not in ("0", "1"):  # anything else, a missing field too, must not unlock
        messages.error(request, _("Unknown action."))
        return redirect("assessments:detail", pk)
    locked = request.POST["locked"] == "1"
    services.set_locked(assessment=membership.assessment, locked=locked)
    messages.success(
        request, _("The assessment is locked: it is read-only.") if locked else _("The assessment is open again.")
    )
    return redirect("assessments:detail", pk)
