"""The Secretariat's initial-report template (Article 13(1)): its two sections, topics and questions, in its order.

Modelled on the provisional template adopted at the First Conference of States Parties (ATT/CSP1/2015/WP.4/Rev.2)
and the revisions the Working Group on Transparency and Reporting carried since. The questions are put in our own
words; the structure follows the template: Section A gathers what the treaty binds a state to (a plain "shall", and a
"shall" with a qualifier, where the state at least says whether the obligation applies), Section B (shaded in the
template) what it encourages or allows ("encouraged", "may", "by mutual consent", "may include"). Within each section,
the topics in the treaty's order, and the items in the order of the provisions.

Pure data: which bank questions answer each item is curated apart (``fixtures/initial_report_template.yaml``, loaded
into ``TemplateMapping``), so that a new bank version or a curator's change never touches this module.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

SECTION_A = "A"
SECTION_B = "B"

SECTION_TITLES = {
    SECTION_A: _("Section A: binding obligations"),
    SECTION_B: _("Section B: provisions binding to a lesser degree or voluntary"),
}
SECTION_INTROS = {
    SECTION_A: _(
        "Provisions the treaty states with “shall”. Where the treaty qualifies the obligation (“pursuant to its "
        "national laws”, “where necessary”, “where feasible”), it binds unless its conditions are not met: the report "
        "says at least whether it applies in the national context."
    ),
    SECTION_B: _(
        "The template's shaded section: provisions the treaty encourages, and measures it allows (“may”, “by mutual "
        "consent”, “may include”). Information on them is voluntary, and helps other states understand the national "
        "system."
    ),
}

# Where an item's national instruments are listed: the laws and regulations, or the national control list.
LAWS = "laws"
CONTROL_LIST = "control_list"

TOPICS = {
    1: _("National control system and control list"),
    2: pgettext_lazy("report topic", "Prohibitions"),
    3: pgettext_lazy("report topic", "Export and export assessment"),
    4: pgettext_lazy("report topic", "Import"),
    5: pgettext_lazy("report topic", "Transit and trans-shipment"),
    6: pgettext_lazy("report topic", "Brokering"),
    7: pgettext_lazy("report topic", "Diversion"),
    8: pgettext_lazy("report topic", "Record keeping"),
    9: pgettext_lazy("report topic", "Reporting"),
    10: pgettext_lazy("report topic", "Enforcement"),
    11: _("International cooperation and assistance"),
}


@dataclass(frozen=True)
class TemplateItem:
    key: str  # "A1.2": the section, then the number the template gives the item; the mapping file names items so
    section: str
    topic: int
    articles: tuple[str, ...]
    text: Promise
    annex: str = LAWS

    @property
    def number(self) -> str:
        return self.key[1:]


def _a(key, articles, text, annex=LAWS):
    return TemplateItem(key, SECTION_A, int(key[1:].split(".")[0]), tuple(articles), text, annex)


def _b(key, articles, text, annex=LAWS):
    return TemplateItem(key, SECTION_B, int(key[1:].split(".")[0]), tuple(articles), text, annex)


ITEMS: tuple[TemplateItem, ...] = (
    # Section A: binding obligations.
    _a(
        "A1.1",
        ["2(2)", "5(2)"],
        _(
            "Which activities does the national control system regulate (export, import, transit, trans-shipment and "
            "brokering), and which laws and regulations establish it?"
        ),
    ),
    _a(
        "A1.2",
        ["2(1)", "5(2)"],
        _("Does the national control list cover each of the eight categories of conventional arms in Article 2(1)?"),
        CONTROL_LIST,
    ),
    _a(
        "A1.3",
        ["3"],
        _(
            "How does the state regulate the export of ammunition/munitions fired, launched or delivered by the "
            "covered arms, and apply Articles 6 and 7 before authorizing it?"
        ),
        CONTROL_LIST,
    ),
    _a(
        "A1.4",
        ["4"],
        _(
            "How does the state regulate the export of parts and components that can be used to assemble the covered "
            "arms, and apply Articles 6 and 7 before authorizing it?"
        ),
        CONTROL_LIST,
    ),
    _a(
        "A1.5",
        ["5(3)"],
        _(
            "Which definitions does the national control list use? Categories (a) to (g) may not be narrower "
            "than the UN Register of Conventional Arms descriptions, and small arms and light weapons not "
            "narrower than the relevant UN instruments."
        ),
        CONTROL_LIST,
    ),
    _a(
        "A1.6",
        ["5(4)"],
        _("Has the national control list been provided to the Secretariat, pursuant to national laws?"),
        CONTROL_LIST,
    ),
    _a(
        "A1.7",
        ["5(1)", "5(5)"],
        _(
            "Which competent national authorities run the control system, and how is it implemented in a consistent, "
            "objective and non-discriminatory manner?"
        ),
    ),
    _a(
        "A1.8",
        ["5(6)"],
        _(
            "Which national point or points of contact exchange information on matters related to the implementation "
            "of the treaty?"
        ),
    ),
    _a(
        "A2.1",
        ["6(1)"],
        _(
            "How does the state make sure it authorizes no transfer that would violate measures of the UN Security "
            "Council acting under Chapter VII of the Charter, in particular arms embargoes?"
        ),
    ),
    _a(
        "A2.2",
        ["6(2)"],
        _(
            "How does the state make sure it authorizes no transfer that would violate its relevant international "
            "obligations under the agreements to which it is a party?"
        ),
    ),
    _a(
        "A2.3",
        ["6(3)"],
        _(
            "How does the state make sure it authorizes no transfer when it knows that the items would be used in the "
            "commission of genocide, crimes against humanity or the war crimes named in Article 6(3)?"
        ),
    ),
    _a(
        "A2.4",
        ["6"],
        _(
            "Are the prohibitions of Article 6 applied to every kind of transfer the state authorizes (export, import, "
            "transit, trans-shipment and brokering)?"
        ),
    ),
    _a(
        "A3.1",
        ["7(1)"],
        _(
            "How does the state assess, before authorizing an export, whether the items would contribute to or "
            "undermine peace and security, or could be used to commit or facilitate the serious acts listed in "
            "Article 7(1)(b)?"
        ),
    ),
    _a("A3.2", ["7(2)"], _("Does the assessment consider measures that could mitigate the risks identified?")),
    _a(
        "A3.3",
        ["7(3)"],
        _(
            "Is the export refused when, after the assessment and any mitigation, there is an overriding risk of the "
            "negative consequences in Article 7(1)?"
        ),
    ),
    _a(
        "A3.4",
        ["7(4)"],
        _(
            "Does the assessment take into account the risk of the items being used to commit or facilitate serious "
            "acts of gender-based violence or serious acts of violence against women and children?"
        ),
    ),
    _a("A3.5", ["7(5)"], _("Are export authorizations detailed and issued before the export takes place?")),
    _a(
        "A3.6",
        ["7(6)"],
        _(
            "Is appropriate information on an export authorization made available, on request, to the importing and "
            "the transit or trans-shipment states, pursuant to national laws, practices or policies?"
        ),
    ),
    _a(
        "A4.1",
        ["8(1)"],
        _(
            "Does the state, as importer, provide appropriate and relevant information to the exporting state, on "
            "request and pursuant to its national laws, to help its export assessment?"
        ),
    ),
    _a(
        "A4.2",
        ["8(2)"],
        _(
            "Which measures does the state take, where necessary, to regulate imports of the covered arms under its "
            "jurisdiction?"
        ),
    ),
    _a(
        "A5.1",
        ["9"],
        _(
            "Which measures does the state take, where necessary and feasible, to regulate the transit and "
            "trans-shipment of covered arms through its territory, in accordance with relevant international law?"
        ),
    ),
    _a(
        "A6.1",
        ["10"],
        _(
            "Which measures does the state take, pursuant to its national laws, to regulate brokering of covered arms "
            "taking place under its jurisdiction?"
        ),
    ),
    _a(
        "A7.1",
        ["11(1)"],
        _("Which measures does the state take to prevent the diversion of the covered arms it transfers?"),
    ),
    _a(
        "A7.2",
        ["11(2)"],
        _(
            "As exporter, how does the state assess the risk of diversion of an export and consider mitigation "
            "measures before authorizing it?"
        ),
    ),
    _a(
        "A7.3",
        ["11(3)"],
        _(
            "How do the importing, transit, trans-shipment and exporting states cooperate and exchange information, "
            "where appropriate and feasible and pursuant to national laws, to mitigate the risk of diversion?"
        ),
    ),
    _a(
        "A7.4",
        ["11(4)"],
        _(
            "When the state detects a diversion of transferred arms, which measures does it take, pursuant to its "
            "national laws and in accordance with international law, to address it?"
        ),
    ),
    _a(
        "A8.1",
        ["12(1)"],
        _(
            "Does the state maintain national records, pursuant to its national laws and regulations, of its export "
            "authorizations or its actual exports of the covered arms?"
        ),
    ),
    _a("A8.2", ["12(4)"], _("Are the records kept for a minimum of ten years?")),
    _a(
        "A9.1",
        ["13(1)"],
        _("How will the state report new measures undertaken to implement the treaty, when appropriate?"),
    ),
    _a(
        "A9.2",
        ["13(3)"],
        _(
            "How does the state prepare its annual report on authorized or actual exports and imports of the covered "
            "arms, due by 31 May each year?"
        ),
    ),
    _a(
        "A10.1",
        ["14"],
        _("Which measures does the state take to enforce the national laws and regulations that implement the treaty?"),
    ),
    _a(
        "A11.1",
        ["15(1)"],
        _(
            "How does the state cooperate with other states parties, consistent with its security interests and "
            "national laws, to implement the treaty effectively?"
        ),
    ),
    _a(
        "A11.2",
        ["15(5)"],
        _(
            "Where jointly agreed and consistent with national laws, can the state afford other states parties the "
            "widest measure of assistance in investigations, prosecutions and judicial proceedings on violations?"
        ),
    ),
    _a(
        "A11.3",
        ["16(1)"],
        _("Does the state, where in a position to do so, provide assistance to states parties that request it?"),
    ),
    # Section B (shaded): voluntary information.
    _b(
        "B1.1",
        ["5(3)"],
        _(
            "Does the state apply its national control list to a broader range of conventional arms than the treaty's "
            "eight categories?"
        ),
        CONTROL_LIST,
    ),
    _b("B1.2", ["5(4)"], _("Is the national control list made available to the public?"), CONTROL_LIST),
    _b(
        "B3.1",
        ["7(7)"],
        _(
            "If new relevant information becomes available after an export authorization, does the state reassess it "
            "after consulting the importing state, if appropriate?"
        ),
    ),
    _b("B4.1", ["8(1)"], _("Which end-use or end-user documentation does the state provide as importer?")),
    _b(
        "B4.2",
        ["8(3)"],
        _(
            "Does the state, as final destination, request information from the exporting state on pending or actual "
            "export authorizations?"
        ),
    ),
    _b(
        "B6.1",
        ["10"],
        _("Do the brokering measures include registration of brokers or written authorization before brokering?"),
    ),
    _b(
        "B7.1",
        ["11(2)"],
        _(
            "Which further prevention measures does the state use where appropriate, such as examining the parties "
            "involved, requiring additional documentation or assurances, or not authorizing the export?"
        ),
    ),
    _b(
        "B7.2",
        ["11(4)"],
        _(
            "Which of the measures Article 11(4) names does the state use on detecting a diversion, such as alerting "
            "the affected states, examining diverted shipments and follow-up through investigation and law enforcement?"
        ),
    ),
    _b(
        "B7.3",
        ["11(5)"],
        _(
            "Does the state share relevant information on effective measures to address diversion, such as on illicit "
            "activities, routes, brokers and sources?"
        ),
    ),
    _b(
        "B8.1",
        ["12(2)"],
        _(
            "Does the state keep records of the covered arms transferred to its territory as final destination, or "
            "authorized to transit or be trans-shipped through it?"
        ),
    ),
    _b(
        "B8.2",
        ["12(3)"],
        _(
            "Do the records include the quantity, value, model or type, the authorized transfers, the arms actually "
            "transferred, the exporting, importing, transit and trans-shipment states, and the end users?"
        ),
    ),
    _b(
        "B9.1",
        ["13(2)", "11(6)"],
        _(
            "Does the state report to other states parties, through the Secretariat, on measures that have proven "
            "effective in addressing diversion?"
        ),
    ),
    _b(
        "B11.1",
        ["15(2)", "15(3)"],
        _(
            "Does the state facilitate international cooperation, including by exchanging information and consulting "
            "on matters of mutual interest?"
        ),
    ),
    _b(
        "B11.2",
        ["15(4)"],
        _(
            "Does the state cooperate, pursuant to its national laws, to help prevent and eradicate the illicit trade "
            "in conventional arms and their diversion?"
        ),
    ),
    _b(
        "B11.3",
        ["15(6)"],
        _(
            "Does the state take national measures and cooperate to prevent transfers of conventional arms from "
            "becoming the subject of corrupt practices?"
        ),
    ),
    _b(
        "B11.4",
        ["15(7)"],
        _("Does the state exchange experience and information on lessons learned in implementing the treaty?"),
    ),
    _b(
        "B11.5",
        ["16(1)", "16(2)"],
        _(
            "Does the state seek assistance to implement the treaty (legal or legislative, institutional capacity "
            "building, technical, material or financial)?"
        ),
    ),
    _b("B11.6", ["16(3)"], _("Has the state contributed to the Voluntary Trust Fund?")),
)

ITEM_KEYS = tuple(item.key for item in ITEMS)
BY_KEY = {item.key: item for item in ITEMS}
