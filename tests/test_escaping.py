"""What people type comes back as text, never as markup or a link.

An XSS payload goes into every free-text field a user can fill, through the
app's own forms: the assessment (title, description, the starting agency's
name), an agency (name, acronym), a newcomer's name, answers (reason, notes,
legal references), a comment, evidence (title, link), the agreed answer, the
roadmap actions, a profile, and an uploaded file's name. Then every page is
read as the coordinator and as the newcomer see it: the raw payload must never
appear and the escaped text must appear where the field is shown. The HTML
given to WeasyPrint must be escaped too; the roadmap PDF must carry the text
literally and no javascript: link or action; the DOCX, XLSX and CSV must hold
it as plain text.

Each value is the field's tag, a space, then the payload, so a failure names
the field that leaked.
"""

import csv
import io
import re
import subprocess
import zlib
from dataclasses import dataclass, field

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from docx import Document
from openpyxl import load_workbook

from accounts.models import User
from assessments.legal_references import format_legal_references, parse_legal_references
from assessments.models import Assessment, Evidence
from reference.models import Agency, AgencyType
from roadmaps.models import Roadmap
from roadmaps.pdf import render_roadmap_pdf, roadmap_html
from tests.accounts.factories_officials import make_official
from tests.factories import AgencyTypeFactory, CountryFactory, UserFactory

PAYLOADS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "javascript:alert(1)"]
# The acronym holds at most 20 characters: the same attacks, shorter.
SHORT = {PAYLOADS[0]: "<script>x</script>", PAYLOADS[1]: '"><svg onload=x>', PAYLOADS[2]: "javascript:alert(1)"}
# A link the URL field accepts that still carries the payload's markup (no spaces, so it is a valid URL).
LINKS = {
    PAYLOADS[0]: "https://example.org/?q=<script>alert(1)</script>",
    PAYLOADS[1]: 'https://example.org/?q="><img/src=x/onerror=alert(1)>',
    PAYLOADS[2]: None,  # the payload itself is the link: it must be refused
}
SCRIPTED_URL = re.compile(r"""(?:href|src|action|formaction|xlink:href|data)\s*=\s*["']?\s*javascript:""", re.I)


@dataclass
class Typed:
    """What was typed, field by field, for one payload."""

    payload: str
    values: dict[str, str] = field(default_factory=dict)

    def __getitem__(self, tag: str) -> str:
        return self.values[tag]

    def type(self, tag: str, value: str | None = None) -> str:
        self.values[tag] = f"{tag} {self.payload}" if value is None else value
        return self.values[tag]

    def shown(self, tag: str) -> str:
        """The text as pages show it: legal references are displayed as parsed, "instrument: provision"."""
        if tag == "LEGAL":
            return format_legal_references(parse_legal_references(self.values[tag]))
        return self.values[tag]

    def raw_markup(self) -> dict[str, str]:
        """What must never reach a page unescaped, by field (the javascript: payload has no markup to escape)."""
        return {
            tag: value for tag, value in [*self.values.items(), ("payload", self.payload)] if escape(value) != value
        }


@dataclass
class Built:
    typed: Typed
    assessment: Assessment
    coordinator: object
    newcomer: object
    action_id: int
    custom_action_id: int


def _ok(response, expected=302):
    assert response.status_code == expected, (response.status_code, response.content[:2000])
    return response


def _agency_type(code: str) -> str:
    return str(AgencyType.objects.get(code=code).pk)


def build(framework, payload: str, settings, media) -> Built:
    """Fill every free-text field through the app's forms, as a team would."""
    settings.MEDIA_ROOT = media
    country = CountryFactory()
    for code in ("foreign-affairs", "licensing"):
        AgencyTypeFactory(code=code)
    typed = Typed(payload)
    coordinator_user = UserFactory()
    make_official(coordinator_user, country)  # its state's verified coordinator: starts, adds agencies, invites
    coordinator = Client()
    coordinator.force_login(coordinator_user)
    _ok(
        coordinator.post(
            reverse("accounts:profile"),
            {"full_name": typed.type("COORDNAME"), "preferred_language": "en", "agency": ""},
        )
    )
    _ok(
        coordinator.post(
            reverse("assessments:start"),
            {
                "country": str(country.pk),
                "framework": str(framework.pk),
                "title": typed.type("TITLE"),
                "description": typed.type("DESCRIPTION"),
                "target_date": "2027-12-31",
                "agency_type": _agency_type("foreign-affairs"),
                "agency_name": typed.type("STARTAGENCY"),
            },
        )
    )
    assessment = Assessment.objects.get(title=typed["TITLE"])
    pk = assessment.pk
    _ok(
        coordinator.post(
            reverse("assessments:add_agency", args=[pk]),
            {
                "name": typed.type("AGENCY"),
                "acronym": typed.type("ACRONYM", SHORT[payload]),
                "agency_type": _agency_type("licensing"),
            },
        )
    )
    agency = Agency.objects.get(name=typed["AGENCY"])
    section = framework.sections.get()
    _ok(coordinator.post(reverse("assessments:assignments", args=[pk]), {"assign": [f"{section.pk}:{agency.pk}"]}))
    mail.outbox.clear()
    _ok(
        coordinator.post(
            reverse("assessments:invite", args=[pk]),
            {"email": "newcomer@example.org", "agency": str(agency.pk), "role": "contributor"},
        )
    )
    accept_path = re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body).group(1)
    newcomer = Client()
    _assert_escaped(
        _ok(newcomer.get(accept_path), 200).text, typed, "invitation page", ["TITLE", "AGENCY", "COORDNAME"]
    )
    password = "a-long-new-password-7"
    _ok(newcomer.post(accept_path, {"full_name": typed.type("NEWNAME"), "password1": password, "password2": password}))
    question = reverse("assessments:save_answer", args=[pk, "ART5-01"])
    _ok(
        newcomer.post(
            question,
            {
                "value": "not_applicable",
                "reason": typed.type("REASON"),
                "notes": typed.type("NOTES"),
                "legal_references": typed.type("LEGAL"),
                "version": "0",
            },
        )
    )
    _ok(
        coordinator.post(
            question, {"value": "in_place", "reason": "", "notes": "", "legal_references": "", "version": "0"}
        )
    )
    _ok(
        coordinator.post(
            reverse("assessments:agree", args=[pk, "ART5-01"]),
            {"value": "not_in_place", "reason": typed.type("AGREED"), "version": "0"},
        )
    )
    _ok(newcomer.post(reverse("assessments:comment", args=[pk, "ART5-01"]), {"body": typed.type("COMMENT")}))
    evidence = reverse("assessments:add_evidence", args=[pk, "ART5-01"])
    link = LINKS[payload]
    if link is None:
        response = newcomer.post(evidence, {"title": "Refused link", "url": payload})
        assert response.status_code == 422 and not Evidence.objects.filter(title="Refused link").exists()
        link = "https://example.org/manual.pdf"
    _ok(newcomer.post(evidence, {"title": typed.type("EVIDENCE"), "url": typed.type("LINK", link)}))
    upload = SimpleUploadedFile(f"{payload}.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    _ok(newcomer.post(evidence, {"title": "Uploaded", "file": upload}))
    # The name as Django's upload handler keeps it (it drops everything up to a slash).
    typed.type("FILENAME", Evidence.objects.get(title="Uploaded").original_name)
    _ok(
        coordinator.post(
            reverse("roadmaps:generate", args=[pk]), {"start_date": "2027-01-04", "needs_parliament": "on"}
        )
    )
    roadmap = Roadmap.objects.get(assessment=assessment)
    action = roadmap.actions.order_by("order").first()
    action_fields = {
        "title": typed.type("ACTION"),
        "description": typed.type("ACTDESCRIPTION"),
        "indicator": typed.type("INDICATOR"),
        "notes": typed.type("ACTNOTES"),
        "assistance_notes": typed.type("ASSISTANCE"),
        "lead_agency": str(agency.pk),
        "supporting_agencies": [],
        "phase": "1",
        "start": "2027-01-04",
        "end": "2027-06-30",
        "status": "planned",
        "cost_amount": "",
        "cost_currency": "USD",
        "funding": "not_funded",
        "assistance": "needed",
        "assistance_sources": [],
    }
    _ok(
        newcomer.post(
            reverse("roadmaps:action", args=[pk, action.pk]), action_fields | {"version": str(action.version)}
        )
    )
    _ok(
        newcomer.post(
            reverse("roadmaps:add_action", args=[pk]),
            action_fields | {"title": typed.type("NEWACTION"), "notes": "", "assistance_notes": ""},
        )
    )
    custom = roadmap.actions.get(title=typed["NEWACTION"])
    _ok(coordinator.post(reverse("roadmaps:introduction", args=[pk]), {"introduction": typed.type("INTRO")}))
    return Built(
        typed, assessment, coordinator_user, User.objects.get(email="newcomer@example.org"), action.pk, custom.pk
    )


def _pages(built: Built, who: str) -> dict[str, tuple[str, list[str]]]:
    """Page name: (URL, the fields it shows to the coordinator or to the newcomer)."""
    pk = built.assessment.pk
    me = ["COORDNAME", "STARTAGENCY"] if who == "coordinator" else ["NEWNAME", "AGENCY", "ACRONYM"]
    own_answer = ["REASON", "NOTES", "LEGAL"] if who == "newcomer" else []
    return {
        "home": (reverse("portal:home"), ["TITLE", *me]),
        "overview": (reverse("assessments:detail", args=[pk]), ["TITLE", "DESCRIPTION", "ACRONYM", "NEWNAME"]),
        "section": (reverse("assessments:section", args=[pk, "ART5"]), ["TITLE", "ACRONYM", *own_answer]),
        "question": (
            reverse("assessments:question", args=[pk, "ART5-01"]),
            ["TITLE", "AGENCY", "ACRONYM", "REASON", "NOTES", "LEGAL", "AGREED", "COMMENT", "EVIDENCE", "LINK"]
            + ["FILENAME", "NEWNAME", "COORDNAME"],
        ),
        "team": (reverse("assessments:team", args=[pk]), ["TITLE", "AGENCY", "ACRONYM", "STARTAGENCY", "NEWNAME"]),
        "assignments": (reverse("assessments:assignments", args=[pk]), ["TITLE", "AGENCY"]),
        "disputes": (reverse("assessments:disputes", args=[pk]), []),
        "gaps": (reverse("assessments:gaps", args=[pk]), ["TITLE", "AGENCY", "ACRONYM"]),
        "explain": (reverse("assessments:explain", args=[pk]), ["TITLE"]),
        "roadmap": (
            reverse("roadmaps:detail", args=[pk]),
            ["TITLE", "ACTION", "INDICATOR", "AGENCY", "ACRONYM", "NEWACTION", "INTRO"],
        ),
        "summary": (reverse("roadmaps:summary", args=[pk]), ["TITLE", "INTRO", "AGENCY"]),
        "action": (
            reverse("roadmaps:action", args=[pk, built.action_id]),
            ["TITLE", "ACTION", "ACTDESCRIPTION", "INDICATOR", "ACTNOTES", "ASSISTANCE", "AGENCY", "NEWNAME"],
        ),
        "new action": (reverse("roadmaps:action", args=[pk, built.custom_action_id]), ["NEWACTION"]),
        "profile": (reverse("accounts:profile"), [me[0]]),
    }


def _assert_escaped(text: str, typed: Typed, where: str, tags: list[str]) -> None:
    for tag, raw in typed.raw_markup().items():
        assert raw not in text, f"{where}: {tag} unescaped ({raw!r})"
    assert not SCRIPTED_URL.search(text), f"{where}: a javascript: URL in an attribute"
    for tag in tags:
        assert escape(typed.shown(tag)) in text, f"{where}: {tag} is not shown escaped"


def _check_pages(built: Built, client: Client) -> None:
    for who, user in (("coordinator", built.coordinator), ("newcomer", built.newcomer)):
        client.force_login(user)
        for name, (url, tags) in _pages(built, who).items():
            response = client.get(url)
            assert response.status_code == 200, (who, name, response.status_code)
            _assert_escaped(response.text, built.typed, f"{name} page as the {who}", tags)


def _check_htmx_answer_form(built: Built, client: Client) -> None:
    typed = built.typed
    client.force_login(built.newcomer)
    url = reverse("assessments:save_answer", args=[built.assessment.pk, "ART5-01"])
    # Refused (stale version): the form comes back with what was typed and the stored answer to compare.
    response = client.post(
        url,
        {"value": "partly", "reason": "", "notes": typed["NOTES"], "legal_references": typed["LEGAL"], "version": "0"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200 and response.has_header("HX-Reswap")
    _assert_escaped(response.text, typed, "htmx answer form", [])
    for tag in ("NOTES", "LEGAL"):  # sent back as typed, for the user to fix
        assert escape(typed[tag]) in response.text, f"htmx answer form: {tag} is not shown escaped"


def _pdf_text(tmp_path, content: bytes) -> str:
    path = tmp_path / "roadmap.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _inflated(content: bytes) -> bytes:
    """The PDF with its compressed streams inflated, as tests/roadmaps/test_pdf.py reads the catalog."""
    chunks = [content]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", content, re.DOTALL):
        try:
            chunks.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(chunks)


def _squeezed(text: str) -> str:
    return "".join(text.split())  # line breaks in table cells split words differently from the source


def _check_pdf(built: Built, tmp_path) -> None:
    typed = built.typed
    roadmap = built.assessment.roadmap
    # Markup reaching WeasyPrint would not show as text, and an <img> would make the server fetch its source.
    with translation.override("en"):
        _assert_escaped(roadmap_html(assessment=built.assessment, roadmap=roadmap), typed, "the PDF's HTML", [])
    content = render_roadmap_pdf(assessment=built.assessment, roadmap=roadmap, language="en")
    text = _squeezed(_pdf_text(tmp_path, content))
    for tag in (
        "TITLE",
        "AGENCY",
        "ACTION",
        "INDICATOR",
        "NEWACTION",
        "REASON",
        "NOTES",
        "LEGAL",
        "AGREED",
        "NEWNAME",
        "INTRO",
    ):
        assert _squeezed(typed.shown(tag)) in text, f"{tag} is not in the PDF as text"
    inflated = _inflated(content)
    assert not re.search(rb"/URI\s*\(\s*javascript", inflated, re.I), "a javascript: link annotation"
    assert not re.search(rb"/S\s*/JavaScript|/JS\s*[(<]", inflated), "a JavaScript action"


def _docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [paragraph.text for paragraph in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _check_exports(built: Built, client: Client) -> None:
    typed = built.typed
    client.force_login(built.coordinator)
    pk = built.assessment.pk
    docx = _docx_text(client.get(reverse("roadmaps:docx", args=[pk])).content)
    for tag in ("TITLE", "AGENCY", "ACTION", "NEWACTION", "REASON", "NOTES", "LEGAL", "AGREED", "NEWNAME"):
        assert typed.shown(tag) in docx, f"{tag} is not in the DOCX as text"
    workbook = load_workbook(io.BytesIO(client.get(reverse("roadmaps:actions_xlsx", args=[pk])).content))
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    for tag in ("ACTION", "INDICATOR", "ACTNOTES", "NEWACTION"):
        holding = [cell for cell in cells if cell.value == typed[tag]]
        assert holding and all(cell.data_type == "s" for cell in holding), f"{tag} is not a text cell in the XLSX"
    content = client.get(reverse("roadmaps:actions_csv", args=[pk])).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    for tag in ("ACTION", "INDICATOR", "ACTNOTES", "NEWACTION"):
        assert any(typed[tag] in row for row in rows), f"{tag} is not a CSV cell as typed"


@pytest.mark.parametrize("payload", PAYLOADS, ids=["script", "attribute", "javascript-url"])
def test_what_people_type_comes_back_as_text_on_every_page_and_in_every_document(
    framework, payload, settings, tmp_path
):
    built = build(
        framework, payload, settings, tmp_path / "media"
    )  # once per payload: filling every field takes a few seconds
    _check_pages(built, Client())
    _check_htmx_answer_form(built, Client())
    _check_pdf(built, tmp_path)
    _check_exports(built, Client())
