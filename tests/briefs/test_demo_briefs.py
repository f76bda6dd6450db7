"""The briefs of the demo teams (the data of `make run`): one or two pages each, in their longest language."""

import pytest
from django.core.management import call_command

from assessments.models import Assessment
from briefs import pdf as brief_pdf
from briefs.services import team_agencies
from tests.briefs.conftest import pdf_pages


@pytest.fixture
def demo(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_reference_data", verbosity=0)
    call_command("load_agency_benefits", verbosity=0)
    call_command("seed_demo", verbosity=0)
    return list(Assessment.objects.select_related("country", "framework").order_by("pk"))


def test_every_demo_brief_fits_on_two_pages(demo, tmp_path):
    # Both tracks, and the two agencies the banks name most often (foreign affairs, licensing) among them.
    assert {assessment.track for assessment in demo} == {"compliance", "universalization"}
    too_long = []
    for assessment in demo:
        for agency in [*team_agencies(assessment), None]:
            # French runs about a fifth longer than English: a French brief that fits, fits in English too
            # (English briefs are measured on a test team in test_pdf.py). Half the renderings, half the time.
            for language in ("fr",):
                content = brief_pdf.render_brief_pdf(assessment=assessment, agency=agency, language=language)
                pages = pdf_pages(tmp_path, content)
                if not 1 <= pages <= 2:
                    too_long.append((assessment.country.code, str(agency or "parliament"), language, pages))
    assert too_long == []
