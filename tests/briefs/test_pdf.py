"""The brief PDFs, read as their readers would: the text, the pages, the language."""

import io
import zipfile
from unittest import mock

from django.utils import formats, translation

from briefs import pdf as brief_pdf
from briefs.services import team_agencies
from tests.assessments.conftest import membership_of
from tests.briefs.conftest import pdf_info, pdf_pages, pdf_text
from tests.roadmaps.test_pdf import _catalog_language


def _long(day, language="en"):
    with translation.override(language):
        return formats.date_format(day, "DATE_FORMAT")


def test_the_customs_brief_says_what_the_treaty_asks_what_customs_gains_its_gaps_and_its_actions(
    team, roadmap, tmp_path
):
    customs = membership_of(team, "customs").agency
    text = pdf_text(tmp_path, brief_pdf.render_brief_pdf(assessment=team["assessment"], agency=customs, language="en"))
    action = roadmap.actions.get(code="ACT-TRANSIT")
    assert action.lead_agency == customs
    for expected in (
        "What Customs Office (CUS) must do next under the Arms Trade Treaty",
        # What the treaty asks of customs: its questions, grouped by article, most binding first.
        "Article 5: General implementation",
        "Do customs officers have the training they need for arms cargo?",
        "Article 9: Transit or trans-shipment",
        "Are arms in transit checked at ports and borders?",
        # What customs gains, as curated for its agency type.
        "Better information on transit cargo.",
        "States in a transfer chain cooperate and exchange information",
        # The open gap it owns, with the agreed answer.
        "Open gaps the agency owns",
        "Not in place",
        # Its action, with dates.
        "Screen transit manifests for arms",
        _long(action.start),
        _long(action.end),
    ):
        assert expected in text, expected
    # Questions of other agencies and other agencies' actions stay out of the customs brief.
    assert "Is there a control list?" not in text
    assert "Draft the arms transfer offences bill" not in text
    # The asks are grouped by article in treaty order.
    assert text.index("Article 5: General implementation") < text.index("Article 9: Transit or trans-shipment")


def test_the_compliance_brief_starts_with_the_gaps_and_the_universalization_brief_with_the_gains(
    team, roadmap, universalization_team, tmp_path
):
    compliance = pdf_text(
        tmp_path,
        brief_pdf.render_brief_pdf(
            assessment=team["assessment"], agency=membership_of(team, "customs").agency, language="en"
        ),
    )
    joining = pdf_text(
        tmp_path,
        brief_pdf.render_brief_pdf(
            assessment=universalization_team["assessment"],
            agency=membership_of(universalization_team, "customs").agency,
            language="en",
        ),
    )
    # Compliance: what the ministry must do next, gaps and actions first, the gains last.
    assert "must do next" in compliance and "The obligations of the Arms Trade Treaty apply to" in compliance
    assert compliance.index("Open gaps the agency owns") < compliance.index("What the agency gains from doing it")
    assert "Customs checks that a valid and matching authorization exists" in compliance  # the curated next steps
    # Universalization: the case for joining, gains first, for a sceptical ministry.
    assert "Why the Arms Trade Treaty matters to" in joining and "why joining the Arms Trade Treaty serves" in joining
    assert joining.index("What customs gains from the treaty") < joining.index("Open questions the agency owns")
    assert "Customs officers see arms cargo first" in joining  # the curated pitch
    assert "must do next" not in joining and "Why the Arms Trade Treaty matters" not in compliance


def test_the_parliament_brief_gives_the_status_the_approval_path_and_the_laws_needed(universalization_team, tmp_path):
    assessment = universalization_team["assessment"]
    assessment.country.att_status, assessment.country.signature_date = "signatory", None
    assessment.country.save()
    text = pdf_text(tmp_path, brief_pdf.render_brief_pdf(assessment=assessment, agency=None, language="en"))
    roadmap = assessment.roadmap
    parliament = roadmap.milestones.get(code="parliament")
    for expected in (
        "Parliament brief on the Arms Trade Treaty",
        "Where the state stands",
        "has signed the Arms Trade Treaty and has not yet ratified, accepted or approved it",
        "The approval path",
        "Cabinet decision to join the Arms Trade Treaty",
        "Parliamentary approval",
        _long(parliament.due),
        "Instrument of ratification, acceptance, approval or accession deposited with the UN Secretary-General",
        "Which laws are needed",
        "Draft the arms transfer offences bill",  # the legal action, led by justice
        "Does national law set penalties for unlicensed arms transfers?",  # the binding gap in Article 14
        "What parliament gains from the treaty",
        "Regular information to oversee the government.",
    ):
        assert expected in text, expected
    assert text.index("Cabinet decision") < text.index("Parliamentary approval") < text.index("Instrument of")


def test_briefs_are_tagged_titled_and_fit_on_two_pages(team, roadmap, tmp_path):
    assessment = team["assessment"]
    for agency in [*team_agencies(assessment), None]:
        content = brief_pdf.render_brief_pdf(assessment=assessment, agency=agency, language="en")
        info = pdf_info(tmp_path, content)
        assert "Tagged:          yes" in info
        assert pdf_pages(tmp_path, content) <= 2, agency
        assert _catalog_language(content) == "en"
    customs = membership_of(team, "customs").agency
    info = pdf_info(tmp_path, brief_pdf.render_brief_pdf(assessment=assessment, agency=customs, language="en"))
    assert "Title:           What Customs Office (CUS) must do next under the Arms Trade Treaty" in info


def test_the_french_brief_is_in_french(team, roadmap, tmp_path):
    customs = membership_of(team, "customs").agency
    content = brief_pdf.render_brief_pdf(assessment=team["assessment"], agency=customs, language="fr")
    text = pdf_text(tmp_path, content)
    assert _catalog_language(content) == "fr"
    # The questions in the bank's French wording, the curated gains and next steps in French, French dates.
    assert "Les armes en transit sont-elles contrôlées aux ports et aux frontières ?" in text
    assert "De meilleures informations sur les cargaisons en transit." in text
    assert "La douane vérifie qu'une autorisation valide et conforme existe" in text
    assert _long(roadmap.actions.get(code="ACT-TRANSIT").end, "fr") in text
    assert "Are arms in transit checked" not in text and "Better information on transit cargo" not in text


def test_an_unchanged_brief_is_rendered_once_and_any_change_renders_it_again(team, roadmap):
    customs = membership_of(team, "customs").agency
    assessment = team["assessment"]
    with mock.patch.object(brief_pdf, "html_to_pdf", wraps=brief_pdf.html_to_pdf) as render:
        first = brief_pdf.render_brief_pdf(assessment=assessment, agency=customs, language="en")
        assert brief_pdf.render_brief_pdf(assessment=assessment, agency=customs, language="en") == first
        assert render.call_count == 1
        benefit = customs.agency_type.benefit
        benefit.benefits += "\n- **A curator's addition.**"
        benefit.save()
        brief_pdf.render_brief_pdf(assessment=assessment, agency=customs, language="en")
        assert render.call_count == 2
        brief_pdf.render_brief_pdf(assessment=assessment, agency=customs, language="fr")
        assert render.call_count == 3


def test_the_zip_holds_one_pdf_per_agency_and_the_parliament_brief(team, roadmap):
    assessment = team["assessment"]
    archive = zipfile.ZipFile(io.BytesIO(brief_pdf.render_all_briefs_zip(assessment=assessment, language="en")))
    names = sorted(archive.namelist())
    assert names == sorted(
        [
            "PH-brief-foreign-ministry.pdf",
            "PH-brief-licensing-office.pdf",
            "PH-brief-customs-office.pdf",
            "PH-brief-justice-office.pdf",
            "PH-parliament-brief.pdf",
        ]
    )
    assert all(archive.read(name).startswith(b"%PDF-") for name in names)
