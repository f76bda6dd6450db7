from django import forms
from django.utils.translation import gettext_lazy as _

from .models import SharingLevel

# What each level reveals, in plain words: shown beside the choice, so that nobody shares more than they mean to.
EXPLANATIONS = {
    SharingLevel.PRIVATE: _(
        "Nothing leaves the team. Regional organizations do not see this assessment, not even that it exists."
    ),
    SharingLevel.AGGREGATED: _(
        "The readiness scores (overall and by treaty article) count towards averages over at least three states. "
        "No answer, note, comment, evidence, name or action leaves the team, and nobody outside it sees this "
        "state's own scores."
    ),
    SharingLevel.ROADMAP_SUMMARY: _(
        "As aggregated scores, plus the number of roadmap actions in each phase and status, added up with at least "
        "four other states. No action titles, descriptions, agencies, dates or costs."
    ),
}


class SharingForm(forms.Form):
    level = forms.ChoiceField(label=_("Sharing level"), choices=SharingLevel.choices)
