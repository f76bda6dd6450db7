"""The one door to the regional view: only users granted access to an organization see it.

Everyone else gets 404, staff and superusers included, so that nobody learns which organizations exist; being
staff is the power to grant access in the admin, not to read the view.
"""

from django.http import Http404

from .models import RegionalOrganization


def organizations_for(user):
    """The organizations whose regional view the user may see."""
    if not user.is_authenticated:
        return RegionalOrganization.objects.none()
    return RegionalOrganization.objects.filter(accesses__user_id=user.pk).order_by("name")


def organization_or_404(request, org_id) -> RegionalOrganization:
    organization = organizations_for(request.user).filter(pk=org_id).first()
    if organization is None:
        raise Http404("No such organization.")
    return organization
