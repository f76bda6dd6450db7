from django.core.management.base import BaseCommand, CommandError

from briefs.benefits_file import BenefitsFileError
from briefs.services import SEED_FILE, load_agency_benefits


class Command(BaseCommand):
    help = "Validate and load what each agency type gains from the treaty (after load_reference_data). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(SEED_FILE))

    def handle(self, *args, path, **options):
        try:
            result = load_agency_benefits(path=path)
        except FileNotFoundError as exc:
            raise CommandError(f"{path}: file: not found") from exc
        except BenefitsFileError as exc:
            raise CommandError("\n".join(exc.errors)) from exc
        self.stdout.write(f"Agency benefits: {result.created} added, {result.unchanged} already there.")
