from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .forms import SignInForm, ThrottledPasswordResetForm

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("request-access/", views.request_access, name="request_access"),
    path("sign-out-everywhere/", views.sign_out_everywhere, name="sign_out_everywhere"),
    path("two-step/set-up/", views.two_factor_setup, name="two_factor_setup"),
    path("two-step/code/", views.two_factor_verify, name="two_factor_verify"),
    path("two-step/backup-codes/", views.two_factor_backup_codes, name="two_factor_backup_codes"),
    path("two-step/turn-off/", views.two_factor_disable, name="two_factor_disable"),
]

# Django's own authentication views keep their usual, un-namespaced names
# (login, logout, password_reset, ...) because its templates and emails use them.
auth_urlpatterns = [
    path("login/", auth_views.LoginView.as_view(authentication_form=SignInForm), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password_change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path(
        "password_reset/",
        auth_views.PasswordResetView.as_view(form_class=ThrottledPasswordResetForm),
        name="password_reset",
    ),
    path("password_reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
