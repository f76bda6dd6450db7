from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from assessments.models import Assessment
from reference.models import Agency
from workbooks.services import export_workbook


class Command(BaseCommand):
    help = "Write an agency's workbook (XLSX) to answer an assessment offline; AGENCY is its acronym or id."

    def add_arguments(self, parser):
        parser.add_argument("assessment_id", type=int)
        parser.add_argument("agency", help="the agency's acronym or id")
        parser.add_argument("-o", "--output", required=True, help="the .xlsx file to write")
        parser.add_argument("--all-sections", action="store_true", help="every section, not only the agency's")
        parser.add_argument("--language", default=settings.LANGUAGE_CODE, help="the workbook's language")

    def handle(self, *args, assessment_id, agency, output, all_sections, language, **options):
        assessment = Assessment.objects.select_related("country", "framework").filter(pk=assessment_id).first()
        if assessment is None:
            raise CommandError(f"No assessment {assessment_id}")
        agencies = Agency.objects.filter(country_id=assessment.country_id)
        found = agencies.filter(pk=int(agency)).first() if agency.isdigit() else None
        found = found or agencies.filter(acronym__iexact=agency).first()
        if found is None:
            raise CommandError(f"No agency {agency!r} in {assessment.country}")
        data = export_workbook(assessment=assessment, agency=found, all_sections=all_sections, language=language)
        Path(output).write_bytes(data)
        self.stdout.write(f"Wrote the workbook of {found} to {output}")
