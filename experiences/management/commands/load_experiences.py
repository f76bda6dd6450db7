from django.core.management.base import BaseCommand, CommandError

from experiences.library_file import LibraryFileError
from experiences.services import SEED_FILE, load_experiences


class Command(BaseCommand):
    help = "Validate and load the library of state experiences (after the question banks). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(SEED_FILE))

    def handle(self, *args, path, **options):
        try:
            result = load_experiences(path=path)
        except FileNotFoundError as exc:
            raise CommandError(f"{path}: file: not found") from exc
        except LibraryFileError as exc:
            raise CommandError("\n".join(exc.errors)) from exc
        self.stdout.write(f"Library of state experiences: {result.created} added, {result.unchanged} already there.")
