"""The security log: one function to write it, and the receivers of Django's and
django-axes' authentication signals (the standard place to hear about sign-ins)."""

import functools

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .models import SecurityEvent
from .throttling import normalised_email


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


def log_event(kind: str, *, request=None, user=None, email: str = "", detail: str = "") -> SecurityEvent:
    return SecurityEvent.objects.create(
        kind=kind,
        user=user if user is not None and user.is_authenticated else None,
        email=(email or getattr(user, "email", "") or "")[:254],
        ip_address=client_ip(request),
        detail=detail[:500],
    )


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    log_event(SecurityEvent.Kind.LOGIN, request=request, user=user)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        log_event(SecurityEvent.Kind.LOGOUT, request=request, user=user)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    log_event(SecurityEvent.Kind.LOGIN_FAILED, request=request, email=credentials.get("username", ""))


@receiver(user_locked_out)
def _locked_out(sender, request, username, ip_address, **kwargs):
    log_event(SecurityEvent.Kind.LOCKED_OUT, request=request, email=username or "", detail=f"from {ip_address}")


def logged_download(what: str):
    """Decorate a download view: every successful download goes to the security log."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if response.status_code == 200:
                target = kwargs.get("pk", "")
                log_event(SecurityEvent.Kind.EXPORT, request=request, user=request.user, detail=f"{what} {target}")
            return response

        return wrapper

    return decorator


def axes_username(request, credentials) -> str | None:
    """The name django-axes counts failures under: the address as sign-in matches it (so that another
    spelling of it is the same account), cut to its 255-character column. Every sign-in form (the
    admin's too) may receive a longer one, which must be a failed sign-in, not a crash."""
    data = credentials if credentials else request.POST
    username = data.get("username") if data else None
    return normalised_email(username)[:255] if isinstance(username, str) else username
