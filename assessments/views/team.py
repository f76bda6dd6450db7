from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.officials import may_change_agencies
from accounts.two_factor import is_verified, users_with_two_factor
from frameworks.models import Section
from reference.models import Agency

from .. import services
from ..access import membership_or_404
from ..forms import AcceptInvitationForm, AgencyForm, InvitationForm, RoleForm
from .confirm import confirmation


def _team_page(request, membership, *, invite_form=None, agency_form=None, status=200):
    assessment = membership.assessment
    members = list(assessment.memberships.active().select_related("user", "agency__agency_type"))
    context = {
        "assessment": assessment,
        "membership": membership,
        "members": members,
        # Coordinators see who already uses two-step sign-in before they require it.
        "two_factor_users": users_with_two_factor([m.user_id for m in members]) if membership.is_coordinator else (),
        "signed_in_with_two_factor": is_verified(request.user),
        "invitations": [i for i in assessment.invitations.select_related("agency") if i.is_open],
        "invite_form": invite_form or InvitationForm(country=assessment.country),
        "agency_form": agency_form or AgencyForm(),
        "may_add_agency": may_change_agencies(request.user, assessment.country_id),
        "speaks_for_state": services.team_speaks_for_state(assessment),
        "roles": RoleForm.base_fields["role"].choices,
    }
    return render(request, "assessments/team.html", context, status=status)


@login_required
@require_GET
def team(request, pk):
    return _team_page(request, membership_or_404(request, pk))


@login_required
@require_POST
def invite(request, pk):
    membership = membership_or_404(request, pk, coordinator=True)
    form = InvitationForm(request.POST, country=membership.assessment.country)
    if form.is_valid():
        try:
            invitation = services.invite_member(
                by=membership,
                accept_url_for=lambda token: request.build_absolute_uri(reverse("assessments:accept", args=[token])),
                **form.cleaned_data,
            )
        except ValidationError as error:
            for field, messages_ in error.message_dict.items():
                form.add_error(field, messages_)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
            return redirect("assessments:team", pk)
    return _team_page(request, membership, invite_form=form, status=422)


@login_required
@require_POST
def add_agency(request, pk):
    membership = membership_or_404(request, pk, coordinator=True)
    if not may_change_agencies(request.user, membership.assessment.country_id):
        # A team's coordinator is not enough: only the state's verified coordinators keep its list of agencies.
        raise PermissionDenied("Only the state's verified coordinators add agencies.")
    form = AgencyForm(request.POST, instance=Agency(country=membership.assessment.country))
    if form.is_valid():
        if Agency.objects.filter(
            country=membership.assessment.country, name__iexact=form.cleaned_data["name"]
        ).exists():
            form.add_error("name", _("This agency is already listed."))
        else:
            form.save()
            messages.success(request, _("Agency added."))
            return redirect("assessments:team", pk)
    return _team_page(request, membership, agency_form=form, status=422)


@login_required
@require_http_methods(["GET", "POST"])
def revoke(request, pk, invitation_id):
    membership = membership_or_404(request, pk, coordinator=True)
    invitation = get_object_or_404(membership.assessment.invitations, pk=invitation_id)
    if request.method == "GET":
        return confirmation(
            request,
            membership,
            question=_("Revoke the invitation to %(email)s?") % {"email": invitation.email},
            consequence=_("The link in the invitation e-mail stops working at once. You can invite them again later."),
            confirm_label=_("Revoke the invitation"),
            cancel_url=reverse("assessments:team", args=[pk]),
        )
    services.revoke_invitation(invitation=invitation)
    messages.success(request, _("Invitation revoked."))
    return redirect("assessments:team", pk)


@login_required
@require_http_methods(["GET", "POST"])
def remove(request, pk, member_id):
    membership = membership_or_404(request, pk, coordinator=True)
    member = get_object_or_404(membership.assessment.memberships.active(), pk=member_id)
    if request.method == "GET":
        return confirmation(
            request,
            membership,
            question=_("Remove %(name)s from the team?") % {"name": member.user},
            consequence=_(
                "%(name)s can no longer open this assessment. The answers, comments and evidence they saved stay, "
                "with their name in the history; %(agency)s keeps its answers and its sections."
            )
            % {"name": member.user, "agency": member.agency},
            confirm_label=_("Remove from the team"),
            cancel_url=reverse("assessments:team", args=[pk]),
        )
    try:
        services.remove_member(member=member)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("%(name)s was removed from the team.") % {"name": member.user})
    return redirect("assessments:team", pk)


@login_required
@require_POST
def change_role(request, pk, member_id):
    membership = membership_or_404(request, pk, coordinator=True)
    member = get_object_or_404(membership.assessment.memberships.active(), pk=member_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role from the list."))
        return redirect("assessments:team", pk)
    try:
        services.change_role(member=member, role=form.cleaned_data["role"])
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Role changed."))
    return redirect("assessments:team", pk)


@login_required
@require_POST
def two_factor(request, pk):
    membership = membership_or_404(request, pk, coordinator=True)
    choice = request.POST.get("require_two_factor")
    if choice not in ("0", "1"):  # anything else, a missing field too, must not change the setting
        messages.error(request, _("Unknown action."))
        return redirect("assessments:team", pk)
    required = choice == "1"
    try:
        services.set_two_factor_requirement(by=membership, required=required, verified=is_verified(request.user))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("Every member must now use two-step sign-in to open this assessment.")
            if required
            else _("Two-step sign-in is no longer required for this assessment."),
        )
    return redirect("assessments:team", pk)


@login_required
@require_http_methods(["GET", "POST"])
def assignments(request, pk):
    membership = membership_or_404(request, pk)
    assessment = membership.assessment
    sections = list(Section.objects.filter(framework=assessment.framework).order_by("order"))
    agencies = list(Agency.objects.filter(country=assessment.country).select_related("agency_type"))
    current = set(assessment.assignments.values_list("section_id", "agency_id"))
    if request.method == "POST":
        membership = membership_or_404(request, pk, coordinator=True)
        valid = {(s.pk, a.pk) for s in sections for a in agencies}
        wanted = set()
        for item in request.POST.getlist("assign"):
            section_id, _sep, agency_id = item.partition(":")
            try:
                pair = (int(section_id), int(agency_id)) if section_id.isdecimal() and agency_id.isdecimal() else None
            except ValueError:  # more digits than int() reads (4,300): no id of ours either
                pair = None
            if pair not in valid:
                messages.error(
                    request, _("An assignment named a section or agency that is not part of this assessment.")
                )
                return redirect("assessments:assignments", pk)
            wanted.add(pair)
        services.set_assignments(assessment=assessment, wanted=wanted)
        messages.success(request, _("Assignments saved."))
        return redirect("assessments:assignments", pk)
    context = {
        "assessment": assessment,
        "membership": membership,
        "sections": sections,
        "agencies": agencies,
        "current": {f"{s}:{a}" for s, a in current},
    }
    return render(request, "assessments/assignments.html", context)


@require_http_methods(["GET", "POST"])
def accept(request, token):
    invitation = services.find_invitation(token)
    if invitation is None or not invitation.is_open:
        return render(request, "assessments/invitation_invalid.html", status=410 if invitation else 404)
    newcomer = not request.user.is_authenticated
    form = AcceptInvitationForm(request.POST or None) if newcomer else None
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            membership = services.accept_invitation(
                invitation=invitation,
                user=None if newcomer else request.user,
                full_name=form.cleaned_data["full_name"] if form else "",
                password=form.cleaned_data["password1"] if form else "",
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            if newcomer:
                login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome to the team."))
            return redirect("assessments:detail", membership.assessment_id)
    context = {
        "invitation": invitation,
        "form": form,
        "speaks_for_state": services.invitation_speaks_for_state(invitation),
    }
    return render(request, "assessments/accept.html", context)
