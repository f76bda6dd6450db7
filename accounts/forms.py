from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.contrib.auth.forms import UserCreationForm as BaseUserCreationForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from reference.country_names import CountryChoiceField
from reference.models import AgencyType, Country

from .models import User
from .throttling import may_send_reset_mail
from .two_factor import check_code, setup_code_step


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "preferred_language", "agency"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = self.fields["agency"].queryset.select_related("country", "agency_type")
        self.fields["agency"].label_from_instance = lambda agency: f"{agency.country.display_name}: {agency}"


class UserCreationForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "full_name"]


class SignInForm(AuthenticationForm):
    """Django's sign-in form, with the email's length checked on the server.

    Django only sets the HTML maxlength; a longer name went on to authenticate(), and django-axes
    stores the failed name in a 255-character column: a 300-character name was a 500.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].validators.append(MaxLengthValidator(self.fields["username"].max_length))


class ThrottledPasswordResetForm(PasswordResetForm):
    """Django's reset form, sending at most a few mails an hour per address and per client address.

    Over the limit it sends nothing and the page says what it always says ("if an account exists,
    a mail is on its way"), so the answer reveals neither the limit nor whether the account exists.
    """

    def save(self, *args, request=None, **kwargs):
        if may_send_reset_mail(email=self.cleaned_data["email"], request=request):
            super().save(*args, request=request, **kwargs)


class CodeInput(forms.TextInput):
    """A one-time code: the phone offers its number pad and the code it just received."""

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "one-time-code", "inputmode": "numeric", **(attrs or {})})

    def format_value(self, value):
        return None  # a refused code is not typed back: it is stale, or used up, within seconds


class TwoFactorCodeForm(forms.Form):
    """One code, checked (once, when the form is validated) against the device it is meant for."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=CodeInput(),
        help_text=_("The 6-digit code your authenticator app shows, or one of your 10-digit backup codes."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.outcome = None  # the CodeCheck, once a code was tried

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        self.outcome = check_code(self.user, cleaned["code"])
        if not self.outcome.ok:
            self.add_error("code", self.outcome.error)
        return cleaned

    @property
    def failed_attempt(self) -> bool:
        return self.outcome is not None and not self.outcome.ok


class SetupCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=20,
        widget=CodeInput(),
        help_text=_("After adding the account, type the 6-digit code the app shows for it."),
    )

    def __init__(self, *args, key: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.key = key
        self.step = None

    def clean_code(self):
        self.step = setup_code_step(self.key, self.cleaned_data["code"])
        if self.step is None:
            raise forms.ValidationError(
                _(
                    "That code does not match. Check that the app added this account "
                    "and that your phone's clock is right."
                )
            )
        return self.cleaned_data["code"]


class DisableTwoFactorForm(TwoFactorCodeForm):
    """Turning the second step off asks for both steps again: the password, then a code."""

    password = forms.CharField(
        label=_("Your password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    field_order = ["password", "code"]
    wrong_password = False

    def clean(self):
        password = self.cleaned_data.get("password")
        if password is not None and not self.user.check_password(password):
            # Checked before the code, so that a wrong password does not use up a code.
            self.wrong_password = True
            self.add_error("password", _("That is not your password."))
            return self.cleaned_data
        return super().clean()


class AccessRequestForm(forms.Form):
    """A newcomer's request, from the sign-in page. ``website`` is a trap for robots: people never see it."""

    full_name = forms.CharField(label=_("Your full name"), max_length=150)
    email = forms.EmailField(
        label=_("Your official email address"),
        max_length=254,
        help_text=_("The address of your ministry or agency: staff check it before they approve."),
    )
    country = CountryChoiceField(queryset=Country.objects.all(), label=_("Your state"))
    agency_type = forms.ModelChoiceField(queryset=AgencyType.objects.all(), label=_("Your agency's type"))
    agency_name = forms.CharField(label=_("Your agency's name"), max_length=200)
    role_line = forms.CharField(
        label=_("Your role"),
        max_length=300,
        help_text=_("One line, for example: “Head of the export control unit; national point of contact”."),
    )
    website = forms.CharField(required=False, max_length=200, label=_("Leave this empty"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    @property
    def is_robot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class InviteCoordinatorForm(forms.Form):
    """Staff invite a state's first coordinator from the admin."""

    country = CountryChoiceField(queryset=Country.objects.all(), label=_("State"))
    agency_type = forms.ModelChoiceField(queryset=AgencyType.objects.all(), label=_("Agency type"))
    agency_name = forms.CharField(label=_("Agency"), max_length=200)
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("Official email address"), max_length=254)
