"""The one door to team data: every view reaches an assessment through here.

Outsiders (staff included) get 404, so they cannot even learn that an
assessment exists; members whose role does not allow an action get 403.
Where the team requires two-step sign-in, a member whose session has not
passed it is sent to do so (TwoFactorRequired, handled by the middleware).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.two_factor import TwoFactorRequired, is_verified

from .models import Membership


def membership_or_404(request, assessment_id, *, write: bool = False, coordinator: bool = False) -> Membership:
    membership = (
        Membership.objects.active()
        .select_related("assessment__country", "assessment__framework", "agency__agency_type", "user")
        .filter(assessment_id=assessment_id, user_id=request.user.pk)
        .first()
    )
    if membership is None:
        raise Http404("No such assessment.")
    if membership.assessment.require_two_factor and not is_verified(request.user):
        raise TwoFactorRequired(
            _("The team of “%(title)s” requires two-step sign-in.") % {"title": membership.assessment.title}
        )
    if coordinator and not membership.is_coordinator:
        raise PermissionDenied("Only the assessment's coordinators can do this.")
    if write and not membership.can_write:
        raise PermissionDenied("Your role or the assessment's lock does not allow changes.")
    return membership
