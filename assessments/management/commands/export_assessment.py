from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments.exchange import document_json, export_assessment
from assessments.models import Assessment


class Command(BaseCommand):
    help = "Write one assessment as a complete JSON document (answers, history, comments, roadmap)."

    def add_arguments(self, parser):
        parser.add_argument("assessment_id", type=int)
        parser.add_argument("-o", "--output", help="file to write (default: stdout)")

    def handle(self, *args, assessment_id, output=None, **options):
        assessment = Assessment.objects.select_related("country", "framework").filter(pk=assessment_id).first()
        if assessment is None:
            raise CommandError(f"No assessment {assessment_id}")
        text = document_json(export_assessment(assessment=assessment))
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
