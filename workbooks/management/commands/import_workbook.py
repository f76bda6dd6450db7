from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments.models import Membership
from workbooks import services


class Command(BaseCommand):
    help = (
        "Preview what a filled-in workbook changes (with --apply, save it as the user would online). "
        "Exits with status 1, applying nothing, on any error; conflicts are reported, not applied."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--user", required=True, help="the email of the member (or coordinator) sending it")
        parser.add_argument("--apply", action="store_true", help="save the changes (default: preview only)")

    def handle(self, *args, file, user, apply, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No file {file}")
        data = path.read_bytes()
        try:
            assessment_id = services.assessment_of(data)
        except services.Rejected as rejected:
            raise CommandError(str(rejected)) from rejected
        membership = (
            Membership.objects.active()
            .select_related("assessment", "agency", "user")
            .filter(assessment_id=assessment_id, user__email__iexact=user)
            .first()
        )
        if membership is None or not membership.can_write:
            raise CommandError(f"{user} may not change the answers of assessment {assessment_id}")
        try:
            preview = services.preview_workbook(membership=membership, data=data)
        except services.Rejected as rejected:
            raise CommandError(str(rejected)) from rejected
        for sheet, row, message in preview.errors:
            self.stdout.write(f"ERROR {sheet}" + (f" row {row}" if row else "") + f": {message}")
        for result in preview.results:
            line = f"{result.status.upper():9} {result.code} ({result.sheet} row {result.row})"
            if result.errors:
                line += ": " + " ".join(result.errors)
            self.stdout.write(line)
        if not preview.can_apply:
            raise CommandError("The workbook has errors: nothing was applied.")
        if not apply:
            self.stdout.write("Preview only: run again with --apply to save.")
            return
        keep_online = {r.code: ("online", r.online.version if r.online else 0) for r in preview.conflicts}
        try:
            saved = services.apply_workbook(membership=membership, preview=preview, resolutions=keep_online)
        except services.ApplyRefused as refused:
            raise CommandError(str(refused)) from refused
        self.stdout.write(f"Saved {saved} answers; {len(keep_online)} conflicts left as they are online.")
