"""The treaty's own article headings, so a reader sees what "Article 9" is about.

A context tells translators these are headings of the treaty ("Import" is the article, not a button).
"""

from django.utils.translation import pgettext_lazy

ARTICLE_TITLES = {
    "1": pgettext_lazy("treaty article", "Object and purpose"),
    "2": pgettext_lazy("treaty article", "Scope"),
    "3": pgettext_lazy("treaty article", "Ammunition/munitions"),
    "4": pgettext_lazy("treaty article", "Parts and components"),
    "5": pgettext_lazy("treaty article", "General implementation"),
    "6": pgettext_lazy("treaty article", "Prohibitions"),
    "7": pgettext_lazy("treaty article", "Export and export assessment"),
    "8": pgettext_lazy("treaty article", "Import"),
    "9": pgettext_lazy("treaty article", "Transit or trans-shipment"),
    "10": pgettext_lazy("treaty article", "Brokering"),
    "11": pgettext_lazy("treaty article", "Diversion"),
    "12": pgettext_lazy("treaty article", "Record keeping"),
    "13": pgettext_lazy("treaty article", "Reporting"),
    "14": pgettext_lazy("treaty article", "Enforcement"),
    "15": pgettext_lazy("treaty article", "International cooperation"),
    "16": pgettext_lazy("treaty article", "International assistance"),
    "17": pgettext_lazy("treaty article", "Conference of States Parties"),
    "18": pgettext_lazy("treaty article", "Secretariat"),
    "19": pgettext_lazy("treaty article", "Dispute settlement"),
    "20": pgettext_lazy("treaty article", "Amendments"),
    "21": pgettext_lazy("treaty article", "Signature, ratification, acceptance, approval or accession"),
    "22": pgettext_lazy("treaty article", "Entry into force"),
    "23": pgettext_lazy("treaty article", "Provisional application"),
    "24": pgettext_lazy("treaty article", "Duration and withdrawal"),
    "25": pgettext_lazy("treaty article", "Reservations"),
    "26": pgettext_lazy("treaty article", "Relationship with other international agreements"),
    "27": pgettext_lazy("treaty article", "Depositary"),
    "28": pgettext_lazy("treaty article", "Authentic texts"),
}
