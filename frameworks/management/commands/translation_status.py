from django.conf import settings
from django.core.management.base import BaseCommand

from frameworks.translation_status import markdown_table, translation_status


class Command(BaseCommand):
    help = (
        "Per question bank and language: how many texts are translated, and how many of those a person has "
        "reviewed (the rest are machine-assisted, to review)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--markdown", action="store_true", help="print the README's language table instead")

    def handle(self, *args, markdown=False, **options):
        names = {code: str(name) for code, name in settings.LANGUAGES}
        status = translation_status()
        if markdown:
            self.stdout.write(markdown_table(status, names))
            return
        for framework, rows in status.items():
            self.stdout.write(f"{framework.slug} {framework.version}: {rows[0].texts if rows else 0} texts")
            for row in rows:
                self.stdout.write(
                    f"  {row.language:<3} {names[row.language]:<22} translated {row.translated:>5} "
                    f"({row.translated_percent:>3}%)   reviewed {row.reviewed:>5} ({row.reviewed_percent:>3}%)"
                )
