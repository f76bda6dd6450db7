"""The demo's documents and pages (the data of `make run`), rendered once for every test in this package.

Seeding the demo and rendering its PDFs takes about a minute, so it happens once, inside a transaction that is
rolled back at the end: the tests read the bytes and the pages' text, and no row outlives the fixture.
What a reader must not meet in English (bank texts that have a translation, generated milestone texts, state
names) is collected in the same transaction."""

import re
import subprocess
from dataclasses import dataclass
from datetime import date
from html import unescape
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import translation

from accounts.models import User
from assessments.models import Assessment
from assessments.services import save_position, start_assessment
from briefs.builder import build_agency_brief, build_parliament_brief
from briefs.pdf import brief_html
from briefs.services import team_agencies
from frameworks.models import Framework
from frameworks.pdf import questionnaire_html
from portal.documents import html_to_pdf
from reference.models import AgencyType, Country
from regional.models import RegionalOrganization, Sharing
from regional.pdf import regional_html
from regional.report import build_regional_report
from reports.initial_report.build import build_initial_report
from reports.pdf import report_html
from roadmaps.pdf import roadmap_html
from roadmaps.services import generate_roadmap

from .leaks import READERS, crawl, english_with_translation, team_written

HEADING = re.compile(r"<h[1-4]\b[^>]*>(.*?)</h[1-4]>", re.DOTALL)
TAG = re.compile(r"<[^>]+>")


@dataclass
class Demo:
    documents: dict[str, "Document"]
    pages: dict[tuple[str, str, str], str]  # (country code, language, url) -> the page's visible text
    english: dict[tuple[str, str], set[str]]  # (country code, language) -> English that has a translation
    team: dict[str, list[str]]  # country code -> what the team typed, which reads as typed


@dataclass
class Document:
    name: str
    language: str
    html: str
    pdf: bytes

    def headings(self) -> set[str]:
        """Every heading's text, as pdftotext gives it (tags dropped, whitespace collapsed)."""
        return {" ".join(unescape(TAG.sub(" ", text)).split()) for text in HEADING.findall(self.html)}


def _render(name: str, language: str, make_html) -> Document:
    with translation.override(language):
        html = make_html()
        return Document(name=name, language=language, html=html, pdf=html_to_pdf(html))


def _demo() -> Demo:
    call_command("load_reference_data", verbosity=0)
    call_command("load_agency_benefits", verbosity=0)
    call_command("seed_demo", verbosity=0)
    cache.clear()
    ph, th = (Assessment.objects.select_related("country", "framework").get(country__code=c) for c in ("PH", "TH"))
    english = {
        (a.country.code, language): english_with_translation(a, language) for a in (ph, th) for language in READERS
    }
    pages = {
        (a.country.code, language, url): text
        for a in (ph, th)
        for language in READERS
        for url, text in crawl(a, language).items()
    }
    team = {a.country.code: team_written(a) for a in (ph, th)}
    documents = _demo_documents(ph, th)
    return Demo(documents=documents, pages=pages, english=english, team=team)


def _demo_documents(ph: Assessment, th: Assessment) -> dict[str, Document]:
    documents = [
        _render("roadmap PH", "en", lambda: roadmap_html(assessment=ph, roadmap=ph.roadmap)),
        _render("roadmap TH", "en", lambda: roadmap_html(assessment=th, roadmap=th.roadmap)),
        # Thai: another script, longer labels and the language of a demo team.
        _render("roadmap TH", "th", lambda: roadmap_html(assessment=th, roadmap=th.roadmap)),
        _render("initial report PH", "en", lambda: report_html(build_initial_report(assessment=ph, language="en"))),
        _render("parliament brief PH", "en", lambda: brief_html(build_parliament_brief(assessment=ph))),
        _render(
            "agency brief TH",
            "en",
            lambda: brief_html(build_agency_brief(assessment=th, agency=team_agencies(th)[0])),
        ),
        _render("questionnaire compliance", "en", lambda: questionnaire_html(framework=ph.framework)),
        _render("questionnaire universalization", "en", lambda: questionnaire_html(framework=th.framework)),
        # What French and Thai readers take away: every word in their language where a translation exists.
        _render("roadmap PH", "fr", lambda: roadmap_html(assessment=ph, roadmap=ph.roadmap)),
        _render("initial report PH", "fr", lambda: report_html(build_initial_report(assessment=ph, language="fr"))),
        _render("parliament brief TH", "th", lambda: brief_html(build_parliament_brief(assessment=th))),
        _render(
            "agency brief TH",
            "th",
            lambda: brief_html(build_agency_brief(assessment=th, agency=team_agencies(th)[0])),
        ),
        _render("questionnaire universalization", "th", lambda: questionnaire_html(framework=th.framework)),
        _render("questionnaire compliance", "fr", lambda: questionnaire_html(framework=ph.framework)),
    ]
    documents += _fresh_universalization_roadmaps()
    for assessment in (ph, th):
        Sharing.objects.create(assessment=assessment, level="roadmap_summary")
    organization = RegionalOrganization.objects.get()
    documents.append(_render("regional", "en", lambda: regional_html(build_regional_report(organization=organization))))
    return {f"{document.name} ({document.language})": document for document in documents}


def _fresh_universalization_roadmaps() -> list[Document]:
    """A universalization assessment started from scratch, every question answered at its lowest, with
    "parliament must approve" on (Lao PDR) and off (Myanmar): the whole road to joining as a new team meets it."""
    framework = Framework.objects.newest_published().get(track="universalization")
    coordinator = User.objects.get(email="coordinator.th@example.org")
    documents = []
    for code, parliament in (("LA", True), ("MM", False)):
        assessment = start_assessment(
            user=coordinator,
            country=Country.objects.get(code=code),
            framework=framework,
            title="Readiness to join the ATT",
            agency_type=AgencyType.objects.get(code="foreign-affairs"),
            agency_name="Ministry of Foreign Affairs",
        )
        membership = assessment.memberships.get()
        for question in framework.questions.select_related("scale").prefetch_related("scale__options"):
            lowest = min((o for o in question.scale.options.all() if o.score is not None), key=lambda o: o.score)
            save_position(
                membership=membership,
                question=question,
                value=lowest.value,
                reason="",
                notes="",
                legal_references=[],
                base_version=0,
            )
        roadmap = generate_roadmap(
            assessment=assessment, user=coordinator, start_date=date(2027, 1, 15), needs_parliament=parliament
        )
        name = f"roadmap {code} parliament {'on' if parliament else 'off'}"
        documents.append(_render(name, "en", lambda a=assessment, r=roadmap: roadmap_html(assessment=a, roadmap=r)))
    return documents


@pytest.fixture(scope="session")
def demo(django_db_setup, django_db_blocker) -> Demo:
    """Tests that use it must be marked ``django_db``: pytest-django sets up the test database only for them."""
    with django_db_blocker.unblock(), transaction.atomic():
        assert connection.settings_dict["NAME"].startswith("test_"), "only ever seed the test database"
        world = _demo()
        transaction.set_rollback(True)
    return world


@pytest.fixture(scope="session")
def demo_documents(demo) -> dict[str, Document]:
    return demo.documents


def pdf_path(tmp_path: Path, document: Document) -> Path:
    path = tmp_path / (re.sub(r"\W+", "-", f"{document.name}-{document.language}") + ".pdf")
    if not path.exists():
        path.write_bytes(document.pdf)
    return path


def page_count(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))


def page_text(path: Path, page: int) -> str:
    command = ["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout
