"""The roadmap's milestone titles in the reader's language (article headings: frameworks.articles)."""

from django.utils.translation import gettext_lazy

_DEPOSIT = gettext_lazy(
    "Instrument of ratification, acceptance, approval or accession deposited with the UN Secretary-General"
)

# The roadmap stores its generated milestone titles in English (roadmaps.milestones); the fixed ones read
# in the brief's language. A title the team changed, or one carrying a year, is shown as stored.
MILESTONE_TITLES = {
    "Inter-agency ATT working group formed": gettext_lazy("Inter-agency ATT working group formed"),
    "National self-assessment complete": gettext_lazy("National self-assessment complete"),
    "Legal review complete": gettext_lazy("Legal review complete"),
    "Cabinet decision to join the Arms Trade Treaty": gettext_lazy("Cabinet decision to join the Arms Trade Treaty"),
    "Parliamentary approval": gettext_lazy("Parliamentary approval"),
    "Instrument of ratification, acceptance, approval or accession executed": gettext_lazy(
        "Instrument of ratification, acceptance, approval or accession executed"
    ),
    "Instrument of ratification, acceptance, approval or accession deposited with the UN Secretary-General": (_DEPOSIT),
    # The title roadmaps generated before the wording covered all four instruments (Articles 21 and 22).
    "Instrument of ratification or accession deposited with the UN Secretary-General": _DEPOSIT,
    "Treaty enters into force for the country": gettext_lazy("Treaty enters into force for the country"),
    "Initial report sent to the ATT Secretariat": gettext_lazy("Initial report sent to the ATT Secretariat"),
    "National control list sent to the ATT Secretariat": gettext_lazy(
        "National control list sent to the ATT Secretariat"
    ),
    "National points of contact notified to the ATT Secretariat": gettext_lazy(
        "National points of contact notified to the ATT Secretariat"
    ),
}
