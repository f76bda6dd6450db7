"""The admin (curation and user management), open only to staff whose session passed two-step sign-in.

Installed as the default admin site by ``accounts.apps.VerifiedAdminConfig`` (INSTALLED_APPS), so ``admin.site``,
``@admin.register`` and the ``admin:`` URL names stay as they are. TwoFactorMiddleware already
stops unverified staff when TWO_FACTOR_REQUIRED_FOR_STAFF is on; this holds even when it is off.
"""

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from . import two_factor


class VerifiedAdminSite(admin.AdminSite):
    def has_permission(self, request):
        return super().has_permission(request) and two_factor.is_verified(request.user)

    def login(self, request, extra_context=None):
        # Signed-in staff who lack only the second step are sent to it, not shown the password form again.
        user = request.user
        if request.method == "GET" and user.is_active and user.is_staff and not two_factor.is_verified(user):
            if two_factor.authenticator(user) is None:
                messages.warning(request, _("The administration needs two-step sign-in: set it up to continue."))
            return redirect(two_factor.step_url(user, request.GET.get("next", "")))
        return super().login(request, extra_context)
