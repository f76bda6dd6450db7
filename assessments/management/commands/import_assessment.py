from django.core.management.base import BaseCommand, CommandError

from assessments.exchange import ExchangeError, import_assessment, read_document


class Command(BaseCommand):
    help = (
        "Load a file written by export_assessment as a NEW assessment and print its id. "
        "Importing the same file twice makes two assessments."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        try:
            with open(path, "rb") as stream:
                assessment = import_assessment(data=read_document(stream))
        except FileNotFoundError as exc:
            raise CommandError(f"{path}: file not found") from exc
        except ExchangeError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        self.stdout.write(str(assessment.pk))
