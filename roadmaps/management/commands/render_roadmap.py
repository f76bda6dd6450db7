from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments.models import Assessment
from roadmaps.models import Roadmap
from roadmaps.pdf import render_roadmap_pdf


class Command(BaseCommand):
    help = "Render an assessment's roadmap to a PDF file, without a web server."

    def add_arguments(self, parser):
        parser.add_argument("assessment_id", type=int)
        parser.add_argument("-o", "--output", required=True, help="the PDF file to write")
        parser.add_argument("--language", default="en", help="language code, e.g. en or fr (default: en)")

    def handle(self, *args, assessment_id, output, language, **options):
        roadmap = (
            Roadmap.objects.select_related("assessment__country", "assessment__framework")
            .filter(assessment_id=assessment_id)
            .first()
        )
        if roadmap is None:
            exists = Assessment.objects.filter(pk=assessment_id).exists()
            raise CommandError(f"Assessment {assessment_id} {'has no roadmap yet' if exists else 'does not exist'}.")
        pdf = render_roadmap_pdf(assessment=roadmap.assessment, roadmap=roadmap, language=language)
        Path(output).write_bytes(pdf)
        self.stdout.write(f"Wrote {output} ({len(pdf):,} bytes).")
