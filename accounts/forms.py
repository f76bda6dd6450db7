from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import UserCreationForm as BaseUserCreationForm
from django.core.validators import MaxLengthValidator

from .models import User


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "preferred_language", "agency"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = self.fields["agency"].queryset.select_related("country", "agency_type")
        self.fields["agency"].label_from_instance = lambda agency: f"{agency.country.name}: {agency}"


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
