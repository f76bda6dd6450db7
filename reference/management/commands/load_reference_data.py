from django.core.management.base import BaseCommand, CommandError

from reference.services import load_reference_data
from reference.status_file import StatusFileError


class Command(BaseCommand):
    help = "Create or update countries (with ATT status and its sources) and agency types. Idempotent."

    def handle(self, *args, **options):
        try:
            counts = load_reference_data()
        except StatusFileError as exc:
            raise CommandError(f"The ATT status file was not loaded:\n{exc}") from exc
        self.stdout.write(f"Loaded {counts['countries']} countries and {counts['agency_types']} agency types.")
