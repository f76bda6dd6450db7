"""Who speaks for a state: the rules, and the workflows by which staff (or a state's coordinator) verify officials.

A user speaks for a state only as its *verified* official. Staff verify: by inviting a state's first coordinator from
the admin, by approving a newcomer's access request, or with the admin's "verify" action. A verified coordinator of
the state verifies too, by inviting someone to a team of that state. Every decision goes to the security log, and
the official's row keeps its history.
"""

from collections.abc import Callable
from datetime import timedelta

from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from reference.models import Agency, AgencyType, Country

from .models import AccessRequest, Official, SecurityEvent, User
from .security import log_event

# An address (or a network) asking over and over gets the same polite answer and no new rows.
REQUESTS_PER_ADDRESS_PER_DAY = 5


# --- The rules ---------------------------------------------------------------------------------------------------


def official_of(user) -> Official | None:
    if user is None or not user.is_authenticated:
        return None
    try:
        return user.official
    except Official.DoesNotExist:
        return None


def verified_state(user) -> Country | None:
    """The state the user speaks for, or None (unverified, an organization's official, or no profile at all)."""
    official = official_of(user)
    if official is None or not official.is_verified or official.country_id is None:
        return None
    return official.country


def speaks_for(user, country_id) -> bool:
    official = official_of(user)
    return official is not None and official.is_verified and official.country_id == country_id


def is_state_coordinator(user, country_id) -> bool:
    return speaks_for(user, country_id) and user.official.role == Official.Role.COORDINATOR


def may_change_agencies(user, country_id) -> bool:
    """A state's list of agencies is kept by its verified coordinators, and by staff."""
    return bool(user.is_authenticated and user.is_active and user.is_staff) or is_state_coordinator(user, country_id)


def password_link_path(user: User) -> str:
    """The path of a one-time link (Django's password reset token) with which a new official sets a password."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("password_reset_confirm", args=[uid, default_token_generator.make_token(user)])


# --- Workflows ---------------------------------------------------------------------------------------------------


def _agency(country: Country, agency_type: AgencyType, name: str) -> Agency:
    agency, _created = Agency.objects.get_or_create(
        country=country, name__iexact=name.strip(), defaults={"agency_type": agency_type, "name": name.strip()}
    )
    return agency


def _account(email: str, full_name: str, agency: Agency) -> User:
    """The account for `email`: a new one with no usable password, or the existing one if it speaks for no one."""
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=None, full_name=full_name, agency=agency)
        return user
    if official_of(user) is not None:
        raise ValidationError(
            _("%(email)s is already an official of %(whom)s.")
            % {"email": email, "whom": user.official.country or user.official.regional_organization}
        )
    if user.agency_id is None:
        user.agency = agency
        user.save(update_fields=["agency"])
    return user


def _send(template: str, *, to: str, subject: str, context: dict) -> None:
    send_mail(subject=subject, message=render_to_string(template, context), from_email=None, recipient_list=[to])


def _welcome(user: User, official: Official, absolute_url: Callable[[str], str]) -> None:
    """Tell the new official, with a link to set a password when the account has none yet."""
    link = absolute_url(password_link_path(user)) if not user.has_usable_password() else ""
    context = {"user": user, "official": official, "link": link, "sign_in": absolute_url(reverse("login"))}
    _send(
        "accounts/email/official_welcome.txt",
        to=user.email,
        subject=_("Your access to the ATT Roadmap Portal"),
        context=context,
    )


@transaction.atomic
def invite_coordinator(
    *,
    by: User,
    email: str,
    full_name: str,
    country: Country,
    agency_type: AgencyType,
    agency_name: str,
    absolute_url: Callable[[str], str],
    request=None,
) -> Official:
    """Staff invite a state's (first) coordinator: a verified official with an account and a set-password link."""
    email = email.strip().lower()
    agency = _agency(country, agency_type, agency_name)
    user = _account(email, full_name, agency)
    official = Official.objects.create(
        user=user,
        country=country,
        role=Official.Role.COORDINATOR,
        verified_at=timezone.now(),
        verified_by=by,
        how_verified=_("invited by staff"),
    )
    log_event(
        SecurityEvent.Kind.OFFICIAL_INVITED, request=request, user=by, detail=f"{email}: coordinator of {country}"
    )
    _welcome(user, official, absolute_url)
    return official


@transaction.atomic
def verify_official(*, official: Official, by: User, request=None) -> bool:
    """Staff confirm an official's claim; returns whether anything changed."""
    official = Official.objects.select_for_update().get(pk=official.pk)
    if official.is_verified:
        return False
    official.verified_at, official.verified_by, official.how_verified = timezone.now(), by, _("verified by staff")
    official.save()
    whom = official.country or official.regional_organization
    log_event(SecurityEvent.Kind.OFFICIAL_VERIFIED, request=request, user=by, detail=f"{official.user.email}: {whom}")
    return True


@transaction.atomic
def withdraw_verification(*, official: Official, by: User, request=None) -> bool:
    """Staff withdraw it: the official's assessments stop counting in regional figures at once."""
    official = Official.objects.select_for_update().get(pk=official.pk)
    if not official.is_verified:
        return False
    official.verified_at, official.verified_by, official.how_verified = None, None, ""
    official.save()
    whom = official.country or official.regional_organization
    log_event(SecurityEvent.Kind.OFFICIAL_UNVERIFIED, request=request, user=by, detail=f"{official.user.email}: {whom}")
    return True


@transaction.atomic
def verify_by_invitation(*, user: User, country: Country, inviter: User, coordinator: bool) -> Official | None:
    """A verified coordinator of `country` invited `user` to one of its teams: the user becomes its verified official.

    Nothing happens when the inviter is not (or no longer) the state's verified coordinator, or when the user
    already speaks for someone else (staff sort that out).
    """
    if inviter is None or not is_state_coordinator(inviter, country.pk):
        return None
    official = Official.objects.select_for_update(of=("self",)).filter(user=user).order_by().first()
    if official is not None and (official.country_id != country.pk or official.is_verified):
        return official if official.country_id == country.pk else None
    official = official or Official(user=user, country=country)
    official.role = Official.Role.COORDINATOR if coordinator else Official.Role.OFFICIAL
    official.verified_at, official.verified_by = timezone.now(), inviter
    official.how_verified = _("invited by the state's coordinator %(email)s") % {"email": inviter.email}
    official.save()
    log_event(
        SecurityEvent.Kind.OFFICIAL_VERIFIED,
        user=inviter,
        detail=f"{user.email}: {country}, by invitation",
    )
    return official


def request_access(
    *,
    full_name: str,
    email: str,
    country: Country,
    agency_type: AgencyType,
    agency_name: str,
    role_line: str,
    ip_address: str | None,
) -> AccessRequest | None:
    """Record a newcomer's request; None when it is a repeat (same pending address, or too many from one address).

    The caller answers the same either way, so the form tells nobody whether an address has an account or a request.
    """
    email = email.strip().lower()
    with transaction.atomic():
        if AccessRequest.objects.select_for_update().filter(email=email, status=AccessRequest.Status.PENDING).exists():
            return None
        since = timezone.now() - timedelta(days=1)
        if ip_address and (
            AccessRequest.objects.filter(ip_address=ip_address, created_at__gte=since).count()
            >= REQUESTS_PER_ADDRESS_PER_DAY
        ):
            return None
        access_request = AccessRequest.objects.create(
            full_name=full_name,
            email=email,
            country=country,
            agency_type=agency_type,
            agency_name=agency_name.strip(),
            role_line=role_line,
            ip_address=ip_address,
        )
    log_event(SecurityEvent.Kind.ACCESS_REQUESTED, email=email, detail=f"{country}, request {access_request.pk}")
    return access_request


def _decide(access_request: AccessRequest, *, status: str, by: User, user: User | None = None) -> None:
    access_request.status, access_request.decided_by, access_request.decided_at = status, by, timezone.now()
    access_request.user = user
    access_request.save()


@transaction.atomic
def approve_access_request(
    *, access_request: AccessRequest, by: User, absolute_url: Callable[[str], str], request=None
) -> Official:
    """Staff approve: the requester becomes the state's verified official (a coordinator: they will start its
    assessments) and is emailed a link to set a password."""
    access_request = AccessRequest.objects.select_for_update().get(pk=access_request.pk)
    if access_request.status != AccessRequest.Status.PENDING:
        raise ValidationError(_("This request was already decided."))
    agency = _agency(access_request.country, access_request.agency_type, access_request.agency_name)
    user = _account(access_request.email, access_request.full_name, agency)
    official = Official.objects.create(
        user=user,
        country=access_request.country,
        role=Official.Role.COORDINATOR,
        verified_at=timezone.now(),
        verified_by=by,
        how_verified=_("access request approved by staff"),
    )
    _decide(access_request, status=AccessRequest.Status.APPROVED, by=by, user=user)
    log_event(
        SecurityEvent.Kind.ACCESS_APPROVED,
        request=request,
        user=by,
        detail=f"request {access_request.pk}: {access_request.email}, {access_request.country}",
    )
    _welcome(user, official, absolute_url)
    return official


@transaction.atomic
def decline_access_request(*, access_request: AccessRequest, by: User, request=None) -> None:
    access_request = AccessRequest.objects.select_for_update().get(pk=access_request.pk)
    if access_request.status != AccessRequest.Status.PENDING:
        raise ValidationError(_("This request was already decided."))
    _decide(access_request, status=AccessRequest.Status.DECLINED, by=by)
    log_event(
        SecurityEvent.Kind.ACCESS_DECLINED,
        request=request,
        user=by,
        detail=f"request {access_request.pk}: {access_request.email}, {access_request.country}",
    )
    _send(
        "accounts/email/access_declined.txt",
        to=access_request.email,
        subject=_("Your request for access to the ATT Roadmap Portal"),
        context={"access_request": access_request},
    )
