"""What a French or Thai reader must not meet in English, and the demo's pages as such a reader sees them.

The English that counts as a leak is what the portal has a translation for: a bank text (bank title, answer
labels, section titles, question texts, the first words of guidance, action and resource titles) translated
into the reader's language, a generated milestone title or basis whose message the catalogue translates, the
state's name where CLDR gives it another, and the assistance sources and state experiences curators translated.
Texts shorter than a few words are left out: "Partly" could be part of a proper name, a long sentence cannot.
"""

import re
from html import unescape

from django.test import Client
from django.utils import translation

from accounts.models import User
from assessments.models import Assessment
from experiences.models import Experience
from frameworks.markdown import render_markdown
from frameworks.translation_items import bank_items
from reference.country_names import local_name
from reference.models import AssistanceSource
from tests.conftest import sign_in

READERS = ("fr", "th")
SHORTEST = 12  # characters: below this an English text may be a name or an acronym in any language
PAGE_LIMIT = 120  # pages per assessment and language: the crawl covers every kind of page of the demo
SKIPPED = re.compile(
    r"\.(pdf|docx|xlsx|csv|zip|svg|png)\b|/(pdf|docx|xlsx|csv|zip|export|outline|tally|file|map)(/|$|\?)|logout|/i18n/"
)
TAG = re.compile(r"<[^>]+>")
INVISIBLE = re.compile(r"<(script|style|template)\b.*?</\1>", re.DOTALL)


def visible_text(html: str) -> str:
    return " ".join(unescape(TAG.sub(" ", INVISIBLE.sub(" ", html))).split())


def _plain(text: str) -> str:
    return " ".join(text.split())


def _first_words_of_guidance(markdown: str) -> str:
    """The first sentence-sized stretch of the guidance as a reader sees it (markdown rendered)."""
    return visible_text(render_markdown(markdown))[:60]


def english_with_translation(assessment: Assessment, language: str) -> set[str]:
    texts = set()
    for item in bank_items(assessment.framework):
        translated = item.translated_fields(language)
        for field, english in item.english.items():
            if field not in translated:
                continue
            shown = _first_words_of_guidance(english) if field in ("guidance", "intro", "description") else english
            # A name kept in English inside its translation ("... (EU ATT Outreach Project)") is kept on purpose.
            if _plain(shown) not in _plain(translated[field]):
                texts.add(_plain(shown))
    roadmap = getattr(assessment, "roadmap", None)
    if roadmap is not None:
        for milestone in roadmap.milestones.all():
            english_title, english_basis = milestone.title, milestone.basis
            with translation.override(language):
                shown = milestone.in_reader_language()
            texts |= {
                text for text, local in ((english_title, shown.title), (english_basis, shown.basis)) if text != local
            }
    for source in AssistanceSource.objects.all():
        if source.name not in source.translated("name", language):
            texts.add(source.name)
    for experience in Experience.objects.all():
        texts |= {
            _plain(getattr(experience, f))
            for f in ("title", "outcome")
            if getattr(experience, f) not in experience.translated(f, language)
        }
    country = assessment.country
    if local_name(country.code, country.name, language) != country.name:
        texts.add(country.name)
    return {text for text in texts if len(text) >= SHORTEST}


def team_written(assessment: Assessment) -> list[str]:
    """What the team typed (an action title it edited may quote the bank's English): not the portal's to translate."""
    roadmap = getattr(assessment, "roadmap", None)
    texts = []
    for action in roadmap.actions.all() if roadmap is not None else []:
        edited = action.edited_fields if not action.is_custom else ("title", "description", "indicator")
        texts += [_plain(getattr(action, field)) for field in ("title", "description", "indicator") if field in edited]
    return sorted((text for text in texts if text), key=len, reverse=True)


def crawl(assessment: Assessment, language: str) -> dict[str, str]:
    """Every page reachable from the assessment's overview, by its coordinator reading in ``language``."""
    coordinator = User.objects.get(pk=assessment.memberships.filter(role="coordinator").values("user")[:1])
    coordinator.preferred_language = language
    coordinator.save(update_fields=["preferred_language"])
    client = sign_in(Client(), coordinator)
    prefixes = (f"/assessments/{assessment.pk}/", "/experiences/", "/region")
    queue, seen, pages = [assessment.get_absolute_url()], set(), {}
    while queue and len(pages) < PAGE_LIMIT:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        pages[url] = visible_text(html)
        for href in re.findall(r'href="([^"#]+)', html):
            href = unescape(href)
            if href.startswith(prefixes) and not SKIPPED.search(href) and href not in seen:
                queue.append(href)
    return pages
