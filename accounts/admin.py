from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from . import officials
from .forms import InviteCoordinatorForm, UserCreationForm
from .models import AccessRequest, Official, SecurityEvent, User


class OfficialInline(admin.StackedInline):
    model = Official
    fk_name = "user"
    fields = ["country", "regional_organization", "role", "verified_at", "verified_by", "how_verified"]
    readonly_fields = ["verified_at", "verified_by", "how_verified"]
    autocomplete_fields = ["country", "regional_organization"]
    can_delete = False
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    add_form = UserCreationForm
    ordering = ["email"]
    list_display = ["email", "full_name", "agency", "is_staff", "is_active"]
    search_fields = ["email", "full_name"]
    list_select_related = ["agency"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (gettext_lazy("Profile"), {"fields": ["full_name", "preferred_language", "agency"]}),
        (
            gettext_lazy("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (gettext_lazy("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]})]
    autocomplete_fields = ["agency"]
    inlines = [OfficialInline]


class VerifiedFilter(admin.SimpleListFilter):
    title = gettext_lazy("verified")
    parameter_name = "verified"

    def lookups(self, request, model_admin):
        return [("yes", _("Verified")), ("no", _("Waiting for staff"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(verified_at__isnull=self.value() == "no")
        return queryset


def _absolute(request):
    return request.build_absolute_uri


@admin.register(Official)
class OfficialAdmin(SimpleHistoryAdmin):
    """Who speaks for which state. "Verify" confirms a claim; new coordinators are invited from the button above
    the list. Verification is never edited by hand, so that each one goes through the security log."""

    list_display = ["user", "country", "regional_organization", "role", "verified_at", "verified_by"]
    list_filter = [VerifiedFilter, "role", "country__subregion", "country"]
    search_fields = ["user__email", "user__full_name", "country__name", "regional_organization__name"]
    list_select_related = ["user", "country", "regional_organization", "verified_by"]
    autocomplete_fields = ["user", "country", "regional_organization"]
    readonly_fields = ["verified_at", "verified_by", "how_verified"]
    actions = ["verify", "withdraw"]
    change_list_template = "admin/accounts/official/change_list.html"

    def get_readonly_fields(self, request, obj=None):
        # The state a verified official speaks for is not changed in place: withdraw, then verify anew.
        if obj is not None and obj.is_verified:
            return [*self.readonly_fields, "user", "country", "regional_organization"]
        return self.readonly_fields

    def get_urls(self):
        invite = self.admin_site.admin_view(self.invite_view)
        return [path("invite/", invite, name="accounts_official_invite"), *super().get_urls()]

    def invite_view(self, request):
        if not self.has_add_permission(request):
            return redirect("admin:index")
        form = InviteCoordinatorForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                official = officials.invite_coordinator(
                    by=request.user, absolute_url=_absolute(request), request=request, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error("email", error)
            else:
                self.message_user(
                    request,
                    _("%(email)s is invited: a link to set a password is on its way.") % {"email": official.user.email},
                )
                return redirect(reverse("admin:accounts_official_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Invite a state's coordinator"),
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/accounts/official/invite.html", context)

    @admin.action(description=gettext_lazy("Verify the selected officials"), permissions=["change"])
    def verify(self, request, queryset):
        changed = sum(officials.verify_official(official=o, by=request.user, request=request) for o in queryset)
        self.message_user(request, _("%(n)s verified.") % {"n": changed})

    @admin.action(
        description=gettext_lazy("Withdraw the verification of the selected officials"), permissions=["change"]
    )
    def withdraw(self, request, queryset):
        changed = sum(officials.withdraw_verification(official=o, by=request.user, request=request) for o in queryset)
        self.message_user(request, _("%(n)s no longer verified.") % {"n": changed})


@admin.register(AccessRequest)
class AccessRequestAdmin(SimpleHistoryAdmin):
    list_display = ["created_at", "full_name", "email", "country", "agency_name", "role_line", "status", "decided_by"]
    list_filter = ["status", "country__subregion"]
    search_fields = ["full_name", "email", "agency_name", "country__name"]
    list_select_related = ["country", "decided_by"]
    readonly_fields = [
        "full_name",
        "email",
        "country",
        "agency_type",
        "agency_name",
        "role_line",
        "status",
        "ip_address",
        "created_at",
        "decided_at",
        "decided_by",
        "user",
    ]
    actions = ["approve", "decline"]

    def has_add_permission(self, request):
        return False  # requests come from the public form; staff invite from the officials' list

    @admin.action(
        description=gettext_lazy("Approve: make them verified officials and email them"), permissions=["change"]
    )
    def approve(self, request, queryset):
        for access_request in queryset:
            try:
                officials.approve_access_request(
                    access_request=access_request, by=request.user, absolute_url=_absolute(request), request=request
                )
            except ValidationError as error:
                self.message_user(request, f"{access_request.email}: {error.messages[0]}", messages.ERROR)
            else:
                self.message_user(request, _("%(email)s approved.") % {"email": access_request.email})

    @admin.action(description=gettext_lazy("Decline and tell them by email"), permissions=["change"])
    def decline(self, request, queryset):
        for access_request in queryset:
            try:
                officials.decline_access_request(access_request=access_request, by=request.user, request=request)
            except ValidationError as error:
                self.message_user(request, f"{access_request.email}: {error.messages[0]}", messages.ERROR)
            else:
                self.message_user(request, _("%(email)s declined.") % {"email": access_request.email})


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "email", "user", "ip_address", "detail"]
    list_filter = ["kind"]
    search_fields = ["email", "user__email", "ip_address", "detail"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
