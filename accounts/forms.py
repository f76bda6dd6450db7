from django import forms
from django.contrib.auth.forms import UserCreationForm as BaseUserCreationForm

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
