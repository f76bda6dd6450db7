from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports.initial_report.mapping import MappingFileError
from reports.services import MAPPING_FILE, load_template_mapping


class Command(BaseCommand):
    help = "Validate and load the mapping of the initial report template's items to bank questions (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(MAPPING_FILE))

    def handle(self, *args, path, **options):
        try:
            result = load_template_mapping(path=Path(path))
        except FileNotFoundError as exc:
            raise CommandError(f"{path}: file: not found") from exc
        except MappingFileError as exc:
            raise CommandError("\n".join(exc.errors)) from exc
        for code in result.unplaced:
            self.stderr.write(f"{path}: {code}: bank question answers no item and is not listed under not_reported")
        self.stdout.write(
            f"Loaded the initial report mapping: {len(result.mapping.items)} items, {result.changed} changed."
        )
