from django.core.management.base import BaseCommand, CommandError

from frameworks.bank_file import BankFileError
from frameworks.services import load_framework


class Command(BaseCommand):
    help = "Validate and load a question-bank YAML file. Idempotent; a published version never changes."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        try:
            result = load_framework(path=path)
        except FileNotFoundError as exc:
            raise CommandError(f"{path}: file: not found") from exc
        except BankFileError as exc:
            raise CommandError("\n".join(exc.errors)) from exc
        framework = result.framework
        if result.created:
            verb = "Loaded"
        elif result.translations_added:
            verb = f"Already loaded; {result.translations_added} missing translations added to"
        else:
            verb = "Already loaded, unchanged:"
        self.stdout.write(f"{verb} {framework.slug} {framework.version} ({framework.questions.count()} questions)")
