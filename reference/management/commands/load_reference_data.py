from django.core.management.base import BaseCommand

from reference.services import load_reference_data


class Command(BaseCommand):
    help = "Create or update countries (with ATT status) and agency types. Idempotent."

    def handle(self, *args, **options):
        counts = load_reference_data()
        self.stdout.write(f"Loaded {counts['countries']} countries and {counts['agency_types']} agency types.")
