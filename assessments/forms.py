import filetype
from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from accounts.officials import may_change_agencies, verified_state
from frameworks.models import Framework, Question
from reference.country_names import CountryChoiceField
from reference.models import Agency, AgencyType, ATTStatus, Country

from .legal_references import MAX_LENGTH, MAX_REFERENCES, parse_legal_references
from .models import Role

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
# Checked against the file's content, never its name or the browser's claim.
ALLOWED_EVIDENCE_TYPES = {
    "application/pdf": "PDF",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/gif": "GIF",
    "image/webp": "WebP",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint",
    "application/msword": "Word 97-2003",
    "application/vnd.ms-excel": "Excel 97-2003",
    "application/vnd.ms-powerpoint": "PowerPoint 97-2003",
    "application/vnd.oasis.opendocument.text": "OpenDocument text",
    "application/vnd.oasis.opendocument.spreadsheet": "OpenDocument spreadsheet",
}


TRACK_NAMES = {
    "compliance": _("Implementing the treaty (compliance track)"),
    "universalization": _("Joining the treaty (universalization track)"),
}


class QuestionnaireChoiceField(forms.ModelChoiceField):
    """Each questionnaire named by its track, in the words of the form's hint, then its own title and version."""

    def label_from_instance(self, obj) -> str:
        return f"{TRACK_NAMES.get(obj.track, obj.track)}: {obj.translated('title')} ({obj.version})"


class StartAssessmentForm(forms.Form):
    """Offers the one state the user is a verified official of: nobody starts an assessment for another state."""

    country = CountryChoiceField(queryset=Country.objects.none(), label=_("Country"))
    framework = QuestionnaireChoiceField(
        queryset=Framework.objects.newest_published().order_by("track"),
        label=_("Questionnaire"),
        help_text=_(
            "States parties take the compliance track (implementing the treaty); states outside the treaty and "
            "signatories the universalization track (joining it)."
        ),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    target_date = forms.DateField(
        label=_("Target date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    agency_type = forms.ModelChoiceField(queryset=AgencyType.objects.all(), label=_("Your agency's type"))
    agency_name = forms.CharField(label=_("Your agency's name"), max_length=200)
    agency_acronym = forms.CharField(
        label=_("Your agency's acronym"), max_length=20, required=False, help_text=_("For example DFA or STMO.")
    )
    # Shown only when the questionnaire does not fit the state's treaty status (see clean_framework).
    other_track = forms.BooleanField(label=_("Start with this questionnaire all the same"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        state = verified_state(user)
        self.fields["country"].queryset = Country.objects.filter(pk=state.pk) if state else Country.objects.none()
        if not self.is_bound or not self._track_mismatch(state):
            del self.fields["other_track"]

    @staticmethod
    def _fits(state, framework) -> bool:
        """Whether the questionnaire's track fits the state's treaty status (any does while the status is unknown)."""
        return state.att_status == ATTStatus.UNKNOWN or framework.track == state.suggested_track

    def _track_mismatch(self, state) -> bool:
        if state is None:
            return False
        try:  # the posted value as the field reads it: anything else is the field's own error, not ours
            framework = self.fields["framework"].clean(self.data.get("framework"))
        except forms.ValidationError:
            return False
        return not self._fits(state, framework)

    def clean_framework(self):
        framework = self.cleaned_data["framework"]
        state = verified_state(self.user)
        if state and not self._fits(state, framework) and not self.data.get("other_track"):
            if state.suggested_track == "compliance":
                message = _("%(state)s is a State Party: the compliance questionnaire fits it.")
            else:
                message = _("%(state)s is not a State Party: the universalization questionnaire fits it.")
            raise forms.ValidationError(
                message % {"state": state} + " " + _("Choose it, or tick “Start with this questionnaire all the same”.")
            )
        return framework

    def clean(self):
        cleaned = super().clean()
        cleaned.pop("other_track", None)
        country, name = cleaned.get("country"), (cleaned.get("agency_name") or "").strip()
        if country is None or not name:
            return cleaned
        listed = Agency.objects.filter(country=country, name__iexact=name).exists()
        if not listed and not may_change_agencies(self.user, country.pk):
            # Only the state's verified coordinators (and staff) add to its list of agencies.
            self.add_error(
                "agency_name",
                _("This agency is not in %(country)s's list: choose a listed one, or ask your state's coordinator.")
                % {"country": country},
            )
        return cleaned


class FollowUpForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    framework = QuestionnaireChoiceField(
        queryset=Framework.objects.none(),
        label=_("Questionnaire"),
        help_text=_(
            "The newest version of the same track is suggested. With another version, questions are matched by "
            "their code; the others are shown as new or retired."
        ),
    )

    def __init__(self, *args, frameworks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework"].queryset = frameworks


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email"), max_length=254)  # the invitation stores at most 254
    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), label=_("Agency"))
    role = forms.ChoiceField(choices=Role.choices, initial=Role.CONTRIBUTOR, label=_("Role"))

    def __init__(self, *args, country, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(country=country).select_related("agency_type")


class AgencyForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = ["name", "acronym", "agency_type"]


class AcceptInvitationForm(forms.Form):
    """For newcomers: the name and password of the account the invitation creates."""

    full_name = forms.CharField(label=_("Your full name"), max_length=150)
    password1 = forms.CharField(label=_("Choose a password"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("The password again"), widget=forms.PasswordInput, strip=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") and cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        elif cleaned.get("password1"):
            try:
                validate_password(cleaned["password1"])
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices, label=_("Role"))


class AnswerForm(forms.Form):
    value = forms.ChoiceField(label=_("Answer"), required=False)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000, widget=forms.Textarea)
    notes = forms.CharField(label=_("Notes"), required=False, max_length=5000, widget=forms.Textarea)
    legal_references = forms.CharField(
        label=_("National legal references"),
        required=False,
        widget=forms.Textarea,
        help_text=_("One per line, as “Instrument: provision”, e.g. “Customs Act 2016: section 12”."),
    )
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    keep_mine = forms.BooleanField(required=False, widget=forms.HiddenInput)
    # The browser page's own token (set by the autosave script), so that its own earlier saves are not conflicts.
    editor = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)

    def __init__(self, *args, question: Question, options, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question
        self.options = {option.value: option for option in options}
        self.fields["value"].choices = [("", "—")] + [(option.value, option.translated("label")) for option in options]

    def clean_legal_references(self):
        references = parse_legal_references(self.cleaned_data["legal_references"])
        if len(references) > MAX_REFERENCES:
            raise forms.ValidationError(_("At most %(n)s references.") % {"n": MAX_REFERENCES})
        if any(len(ref["instrument"]) + len(ref["provision"]) > MAX_LENGTH for ref in references):
            raise forms.ValidationError(_("Keep each reference under %(n)s characters.") % {"n": MAX_LENGTH})
        return references

    def clean(self):
        cleaned = super().clean()
        option = self.options.get(cleaned.get("value") or "")
        if option is not None and option.needs_reason and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Say why this does not apply to your country."))
        return cleaned


class AgreedAnswerForm(forms.Form):
    value = forms.ChoiceField(label=_("Agreed answer"))
    reason = forms.CharField(label=_("Reason for the agreement"), max_length=2000, widget=forms.Textarea)
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput, initial=0)

    def __init__(self, *args, options, **kwargs):
        super().__init__(*args, **kwargs)
        # A blank first choice: nothing is agreed by accident because the browser preselected the first option.
        self.fields["value"].choices = [("", _("Choose the agreed answer"))] + [
            (option.value, option.translated("label")) for option in options
        ]


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class EvidenceForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    url = forms.URLField(label=_("Link"), required=False, max_length=500)
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("PDF, Office or OpenDocument files, or images; at most 10 MB."),
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        if upload.size > MAX_EVIDENCE_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        head = upload.read(8192)
        upload.seek(0)
        kind = filetype.guess(head)
        mime = kind.mime if kind else ""
        if mime not in ALLOWED_EVIDENCE_TYPES:
            raise forms.ValidationError(
                _("This type of file is not accepted: upload a PDF, an Office or OpenDocument file, or an image.")
            )
        upload.content_type = mime
        return upload

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("url") and not cleaned.get("file"):
            raise forms.ValidationError(_("Give a link or choose a file."))
        return cleaned
