"""Account workflows that write more than one row: turning two-step sign-in on and off."""

from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User
from .two_factor import new_backup_codes


@transaction.atomic
def enable_two_factor(*, user: User, key: str, last_step: int) -> tuple[TOTPDevice, list[str]]:
    """Store the confirmed authenticator and ten new backup codes; return the device and the codes.

    ``last_step`` is the time step of the code that confirmed the key: that code may not be used again.
    Any earlier devices go, so a user has one authenticator and one set of codes.
    """
    _delete_devices(user)
    # Device names are stored data, shown in the admin: not translated.
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", key=key, confirmed=True, last_t=last_step)
    return device, _store_backup_codes(user)


@transaction.atomic
def replace_backup_codes(*, user: User) -> list[str]:
    """Ten new backup codes; the old ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    return _store_backup_codes(user)


@transaction.atomic
def disable_two_factor(*, user: User) -> None:
    _delete_devices(user)


def _store_backup_codes(user: User) -> list[str]:
    device = StaticDevice.objects.create(user=user, name="Backup codes", confirmed=True)
    codes = new_backup_codes()
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _delete_devices(user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
