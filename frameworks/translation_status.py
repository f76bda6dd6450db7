"""How much of the question banks is translated, and how much of that a person has reviewed.

Counted in texts (a question's text and its guidance are two), over the newest published
version of each bank: what new assessments are answered in.
"""

from dataclasses import dataclass

from .models import Framework, TranslationReview
from .translation_items import bank_items, content_languages


@dataclass(frozen=True)
class LanguageStatus:
    language: str
    texts: int
    translated: int
    reviewed: int

    @property
    def translated_percent(self) -> int:
        return _percent(self.translated, self.texts)

    @property
    def reviewed_percent(self) -> int:
        return _percent(self.reviewed, self.texts)


def _percent(part: int, whole: int) -> int:
    # Floor, so that "100%" is only ever said of a complete translation.
    return part * 100 // whole if whole else 0


def translation_status(frameworks=None) -> dict[Framework, list[LanguageStatus]]:
    frameworks = list(frameworks if frameworks is not None else Framework.objects.newest_published().order_by("slug"))
    status = {}
    for framework in frameworks:
        items = list(bank_items(framework))
        reviewed = set(
            TranslationReview.objects.filter(framework=framework, state=TranslationReview.State.REVIEWED).values_list(
                "kind", "code", "language"
            )
        )
        texts = sum(len(item.english) for item in items)
        rows = []
        for language in content_languages():
            translated = reviewed_texts = 0
            for item in items:
                done = len(item.translated_fields(language))
                translated += done
                if (item.kind, item.code, language) in reviewed:
                    reviewed_texts += done
            rows.append(LanguageStatus(language, texts, translated, reviewed_texts))
        status[framework] = rows
    return status


def markdown_table(status: dict[Framework, list[LanguageStatus]], names: dict[str, str]) -> str:
    """The README's language table: per language, the share of each bank translated and reviewed.

    The interface column says "complete" because a test fails on any untranslated or fuzzy catalogue entry.
    """
    frameworks = sorted(status, key=lambda framework: framework.track, reverse=True)  # universalization first
    header = "| language | interface | " + " | ".join(
        f"{framework.slug} {framework.version}: translated / reviewed" for framework in frameworks
    )
    lines = [header + " |", "|---|---|" + "---|" * len(frameworks)]
    for position, language in enumerate(row.language for row in status[frameworks[0]]):
        cells = [
            f"{status[f][position].translated_percent}% / {status[f][position].reviewed_percent}%" for f in frameworks
        ]
        lines.append(f"| {names[language]} | complete | " + " | ".join(cells) + " |")
    return "\n".join(lines)
