from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login

from . import officials, services
from .forms import AccessRequestForm, DisableTwoFactorForm, ProfileForm, SetupCodeForm, TwoFactorCodeForm
from .models import SecurityEvent
from .security import client_ip, log_event
from .two_factor import (
    PENDING_SESSION_KEY,
    SETUP_SESSION_KEY,
    authenticator,
    backup_codes_left,
    backup_codes_left_message,
    format_backup_code,
    is_verified,
    new_secret,
    provisioning_uri,
    qr_code_data_uri,
    required_reasons,
    secret_for_typing,
    staff_must_use_it,
    step_url,
)


def _profile_page(request, *, form=None, codes_form=None, disable_form=None, status=200):
    user = request.user
    device = authenticator(user)
    context = {
        "form": form or ProfileForm(instance=user),
        "two_factor_device": device,
        "backup_codes_left": backup_codes_left(user) if device else 0,
        "two_factor_reasons": required_reasons(user),
        "codes_form": codes_form or TwoFactorCodeForm(user=user, prefix="codes"),
        "disable_form": disable_form or DisableTwoFactorForm(user=user, prefix="off"),
    }
    return render(request, "accounts/profile.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    return _profile_page(request, form=form)


@require_http_methods(["GET", "POST"])
def request_access(request):
    """A newcomer asks staff for access. The answer is the same for a new address, a known one, a repeat and a
    robot, so the form reveals nothing about who has an account or a request."""
    form = AccessRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not form.is_robot:
            data = {key: value for key, value in form.cleaned_data.items() if key != "website"}
            officials.request_access(**data, ip_address=client_ip(request))
        return render(request, "accounts/request_access_sent.html")
    status = 422 if request.method == "POST" else 200
    return render(request, "accounts/request_access.html", {"form": form}, status=status)


@login_required
@require_POST
def sign_out_everywhere(request):
    """End every other session of this user (other browsers, a forgotten computer); keep this one."""
    _end_other_sessions(request)
    log_event(SecurityEvent.Kind.SIGNED_OUT_EVERYWHERE, request=request, user=request.user)
    messages.success(request, _("You are signed out everywhere else."))
    return redirect("accounts:profile")


def _end_other_sessions(request):
    user = request.user
    user.session_epoch += 1
    user.save(update_fields=["session_epoch"])
    update_session_auth_hash(request, user)


def _safe_next(request) -> str:
    """Where to go after the second step: a page of this site, never another one."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    allowed_hosts = {request.get_host()}
    if url_has_allowed_host_and_scheme(candidate, allowed_hosts=allowed_hosts, require_https=request.is_secure()):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _backup_codes_page(request, codes):
    context = {"codes": [format_backup_code(code) for code in codes], "next": _safe_next(request)}
    return render(request, "accounts/two_factor_backup_codes.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def two_factor_setup(request):
    """Add an authenticator app: scan (or type) a new secret, then prove it with a code from the app."""
    user = request.user
    if authenticator(user) is not None:
        if not is_verified(user):  # a second app is no way around the first
            return redirect(step_url(user, request.GET.get("next", "")))
        messages.info(request, _("Two-step sign-in is already on."))
        return redirect("accounts:profile")
    key = request.session.get(SETUP_SESSION_KEY)
    expired = request.method == "POST" and not key
    if not key:
        key = request.session[SETUP_SESSION_KEY] = new_secret()
    form = SetupCodeForm(request.POST if request.method == "POST" and not expired else None, key=key)
    if form.is_bound and form.is_valid():
        device, codes = services.enable_two_factor(user=user, key=key, last_step=form.step)
        del request.session[SETUP_SESSION_KEY]
        otp_login(request, device)
        request.session.pop(PENDING_SESSION_KEY, None)
        # Sessions opened elsewhere with the password alone end now: from here on a code is needed.
        _end_other_sessions(request)
        log_event(SecurityEvent.Kind.TWO_FACTOR_ENABLED, request=request, user=user)
        messages.success(request, _("Two-step sign-in is on. Your other sessions were signed out."))
        return _backup_codes_page(request, codes)
    context = {
        "required": staff_must_use_it(user),  # nothing else opens until it is set up
        "expired": expired,
        "form": form,
        "qr_code": qr_code_data_uri(provisioning_uri(user, key)),
        "secret": secret_for_typing(key),
        "next": _safe_next(request),
    }
    return render(request, "accounts/two_factor_setup.html", context, status=422 if request.method == "POST" else 200)


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def two_factor_verify(request):
    """The second step of signing in: a code from the app, or a backup code."""
    user = request.user
    next_url = _safe_next(request)
    if is_verified(user) or authenticator(user) is None:  # done already, or the app was removed meanwhile
        request.session.pop(PENDING_SESSION_KEY, None)
        return redirect(next_url)
    form = TwoFactorCodeForm(request.POST if request.method == "POST" else None, user=user)
    form.fields["code"].widget.attrs["autofocus"] = True  # the page asks for nothing else
    if form.is_bound and form.is_valid():
        otp_login(request, form.outcome.device)
        request.session.pop(PENDING_SESSION_KEY, None)
        request.session.cycle_key()  # a new session id for the more trusted session
        log_event(SecurityEvent.Kind.TWO_FACTOR_VERIFIED, request=request, user=user, detail=form.outcome.kind)
        if form.outcome.kind == "backup code":
            left = backup_codes_left(user)
            messages.warning(
                request,
                f"{backup_codes_left_message(left)} {_('You can make new ones on your profile page.')}",
            )
        return redirect(next_url)
    if form.failed_attempt:
        detail = f"sign-in, {form.outcome.kind}"
        log_event(SecurityEvent.Kind.TWO_FACTOR_FAILED, request=request, user=user, detail=detail)
    status = 422 if form.is_bound else 200
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": next_url}, status=status)


@login_required
@require_POST
@never_cache
def two_factor_backup_codes(request):
    """Ten new backup codes, shown once; asks for a code first, as the codes are a way in."""
    user = request.user
    if authenticator(user) is None:
        messages.error(request, _("Two-step sign-in is off: there are no backup codes to replace."))
        return redirect("accounts:profile")
    form = TwoFactorCodeForm(request.POST, user=user, prefix="codes")
    if not form.is_valid():
        if form.failed_attempt:
            detail = f"new backup codes, {form.outcome.kind}"
            log_event(SecurityEvent.Kind.TWO_FACTOR_FAILED, request=request, user=user, detail=detail)
        return _profile_page(request, codes_form=form, status=422)
    codes = services.replace_backup_codes(user=user)
    log_event(SecurityEvent.Kind.BACKUP_CODES_REPLACED, request=request, user=user)
    messages.success(request, _("Here are your new backup codes. The old ones no longer work."))
    return _backup_codes_page(request, codes)


@login_required
@require_POST
def two_factor_disable(request):
    """Turn the second step off: asks for the password and a code, and is refused where it is required."""
    user = request.user
    if authenticator(user) is None:
        messages.info(request, _("Two-step sign-in is already off."))
        return redirect("accounts:profile")
    reasons = required_reasons(user)
    if reasons:
        messages.error(request, " ".join([_("Two-step sign-in cannot be turned off for your account."), *reasons]))
        return redirect("accounts:profile")
    form = DisableTwoFactorForm(request.POST, user=user, prefix="off")
    if not form.is_valid():
        if form.failed_attempt or form.wrong_password:
            detail = "turning off, " + ("wrong password" if form.wrong_password else form.outcome.kind)
            log_event(SecurityEvent.Kind.TWO_FACTOR_FAILED, request=request, user=user, detail=detail)
        return _profile_page(request, disable_form=form, status=422)
    services.disable_two_factor(user=user)
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
    log_event(SecurityEvent.Kind.TWO_FACTOR_DISABLED, request=request, user=user)
    messages.success(request, _("Two-step sign-in is off: your password alone now signs you in."))
    return redirect("accounts:profile")
