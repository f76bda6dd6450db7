from django.core.management.base import BaseCommand, CommandError

from frameworks.models import Framework
from frameworks.services import export_framework


class Command(BaseCommand):
    help = "Write a framework version to stdout in the question-bank file format."

    def create_parser(self, prog_name, subcommand, **kwargs):
        # Django reserves --version for its own version; the design contract uses it
        # for the framework version, so ours takes precedence here.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--version", dest="framework_version", help="version (default: newest published)")

    def handle(self, *args, slug, framework_version=None, **options):
        try:
            self.stdout.write(export_framework(slug=slug, version=framework_version), ending="")
        except Framework.DoesNotExist as exc:
            raise CommandError(f"No framework {slug} {framework_version or '(published)'}") from exc
