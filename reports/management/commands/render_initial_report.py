from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from assessments.models import Assessment
from reports.docx import initial_report_docx
from reports.initial_report.build import OpenItemsLeft, build_initial_report, is_available
from reports.pdf import render_initial_report_pdf


class Command(BaseCommand):
    help = "Render the initial report (Article 13(1)) of a compliance assessment to a PDF or DOCX file."

    def add_arguments(self, parser):
        parser.add_argument("assessment_id", type=int)
        parser.add_argument("-o", "--output", required=True, help="the file to write: .pdf, or .docx for Word")
        parser.add_argument("--language", default="en", help="language code, e.g. en or fr (default: en)")
        parser.add_argument(
            "--final", action="store_true", help="the version to submit: no draft marking, no working annex"
        )

    def handle(self, *args, assessment_id, output, language, final, **options):
        assessment = Assessment.objects.select_related("country", "framework").filter(pk=assessment_id).first()
        if assessment is None:
            raise CommandError(f"Assessment {assessment_id} does not exist.")
        if not is_available(assessment):
            raise CommandError(
                f"Assessment {assessment_id} is a universalization assessment: "
                "the initial report is drafted from a compliance assessment of a state party."
            )
        if language not in dict(settings.LANGUAGES):
            raise CommandError(f"Unknown language {language!r}: use one of {', '.join(dict(settings.LANGUAGES))}.")
        try:
            if output.lower().endswith(".docx"):
                report = build_initial_report(assessment=assessment, language=language, final=final)
                content = initial_report_docx(report)
            else:
                content = render_initial_report_pdf(assessment=assessment, language=language, final=final)
        except OpenItemsLeft as refusal:
            raise CommandError(
                f"Assessment {assessment_id} still has {refusal.count} open questions: "
                "the final report is made once nothing is open (leave out --final for the draft)."
            ) from refusal
        Path(output).write_bytes(content)
        self.stdout.write(f"Wrote {output} ({len(content):,} bytes).")
