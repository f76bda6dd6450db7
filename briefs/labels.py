"""Words the briefs show in the reader's language: the treaty's article headings and the roadmap's milestone titles."""

from django.utils.translation import gettext_lazy

# The treaty's own article headings, so a reader sees what "Article 9" is about.
ARTICLE_TITLES = {
    "1": gettext_lazy("Object and purpose"),
    "2": gettext_lazy("Scope"),
    "3": gettext_lazy("Ammunition/munitions"),
    "4": gettext_lazy("Parts and components"),
    "5": gettext_lazy("General implementation"),
    "6": gettext_lazy("Prohibitions"),
    "7": gettext_lazy("Export and export assessment"),
    "8": gettext_lazy("Import"),
    "9": gettext_lazy("Transit or trans-shipment"),
    "10": gettext_lazy("Brokering"),
    "11": gettext_lazy("Diversion"),
    "12": gettext_lazy("Record keeping"),
    "13": gettext_lazy("Reporting"),
    "14": gettext_lazy("Enforcement"),
    "15": gettext_lazy("International cooperation"),
    "16": gettext_lazy("International assistance"),
    "17": gettext_lazy("Conference of States Parties"),
    "18": gettext_lazy("Secretariat"),
    "19": gettext_lazy("Dispute settlement"),
    "20": gettext_lazy("Amendments"),
    "21": gettext_lazy("Signature, ratification, acceptance, approval or accession"),
    "22": gettext_lazy("Entry into force"),
    "23": gettext_lazy("Provisional application"),
    "24": gettext_lazy("Duration and withdrawal"),
    "25": gettext_lazy("Reservations"),
    "26": gettext_lazy("Relationship with other international agreements"),
    "27": gettext_lazy("Depositary"),
    "28": gettext_lazy("Authentic texts"),
}

# The roadmap stores its generated milestone titles in English (roadmaps.milestones); the fixed ones read
# in the brief's language. A title the team changed, or one carrying a year, is shown as stored.
MILESTONE_TITLES = {
    "Inter-agency ATT working group formed": gettext_lazy("Inter-agency ATT working group formed"),
    "National self-assessment complete": gettext_lazy("National self-assessment complete"),
    "Legal review complete": gettext_lazy("Legal review complete"),
    "Cabinet decision to join the Arms Trade Treaty": gettext_lazy("Cabinet decision to join the Arms Trade Treaty"),
    "Parliamentary approval": gettext_lazy("Parliamentary approval"),
    "Instrument of ratification or accession deposited with the UN Secretary-General": gettext_lazy(
        "Instrument of ratification or accession deposited with the UN Secretary-General"
    ),
    "Treaty enters into force for the country": gettext_lazy("Treaty enters into force for the country"),
    "Initial report sent to the ATT Secretariat": gettext_lazy("Initial report sent to the ATT Secretariat"),
    "National control list sent to the ATT Secretariat": gettext_lazy(
        "National control list sent to the ATT Secretariat"
    ),
    "National points of contact notified to the ATT Secretariat": gettext_lazy(
        "National points of contact notified to the ATT Secretariat"
    ),
}
