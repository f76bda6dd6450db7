from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self):
        # Connect the receivers of the sign-in signals: the security log, and the second step owed.
        from . import security, two_factor  # noqa: F401


class VerifiedAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin, with the site that requires two-step sign-in as ``admin.site``."""

    default = False  # the accounts app keeps AccountsConfig
    default_site = "accounts.admin_site.VerifiedAdminSite"
