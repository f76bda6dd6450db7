"""The project outline as DOCX: every part of the outline, the budget with its total, marked as a draft."""

import io
from decimal import Decimal

from django.urls import reverse
from docx import Document

from assistance.services import update_request
from tests.assessments.conftest import membership_of

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _outline(client, team, draft) -> Document:
    response = client.get(reverse("assistance:outline", args=[team["assessment"].pk, draft.pk]))
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    return Document(io.BytesIO(response.content))


def _edited(team, draft, law, **changes):
    data = {
        name: getattr(draft, name)
        for name in (
            "title",
            "source",
            "need",
            "objective",
            "activities",
            "outputs",
            "duration_months",
            "implementing_partner",
            "national_counterpart",
            "amount_requested",
            "currency",
        )
    }
    return update_request(
        membership=membership_of(team, "coordinator"),
        request=draft,
        data=data | changes,
        actions=[law],
        lines=[
            ("Legal drafting expert, 6 months", Decimal("30000")),
            ("National workshop", Decimal("12500.50")),
            ("Printing", None),
        ],
        base_version=draft.version,
    )


def test_the_outline_carries_every_part_and_the_budget_total(team, client_for, draft, law):
    draft = _edited(team, draft, law, implementing_partner="UNRCPD", objective="Adopt the arms transfer law\nby 2028")
    document = _outline(client_for(team["observer"]), team, draft)
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "Need",
        "Objective",
        "Activities",
        "Outputs",
        "Duration",
        "Budget",
        "Implementing partner",
        "National counterpart",
        "Roadmap actions covered",
    ]
    assert document.paragraphs[0].text == "Pass the law"
    assert "Project outline for ATT Voluntary Trust Fund (VTF)" in text
    assert "ART5-01" in text and "Article 5(2)" in text  # the need: gaps and articles
    assert "Adopt the arms transfer law" in text and "by 2028" in text
    assert "1. Pass the law (" in text and "- Law in force" in text and "12 months" in text
    assert "UNRCPD" in text and str(law.lead_agency) in text
    budget = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert budget == [
        ["Budget line", "Amount (USD)"],
        ["Legal drafting expert, 6 months", "30,000.00 USD"],
        ["National workshop", "12,500.50 USD"],
        ["Printing", "to be costed"],
        ["Total", "42,500.50 USD"],
    ]
    assert "1 budget line has no amount yet and is not in the total." in text
    assert "Amount requested: 42,500.50 USD" in text
    actions = [[cell.text for cell in row.cells] for row in document.tables[1].rows]
    assert actions[1][0] == "Pass the law" and actions[1][3] == "5(2)"


def test_the_outline_is_marked_draft_on_every_page_with_the_teams_marking(team, client_for, draft):
    document = _outline(client_for(team["coordinator"]), team, draft)
    headers = ["".join(p.text for p in section.header.paragraphs) for section in document.sections]
    assert headers == ["Draft · For official use only"] * len(document.sections)
    assert "Draft · For official use only" in [p.text for p in document.paragraphs[:4]]
    team["assessment"].marking = ""
    team["assessment"].save()
    document = _outline(client_for(team["coordinator"]), team, draft)
    assert document.sections[0].header.paragraphs[0].text == "Draft"


def test_text_xml_cannot_carry_is_dropped_not_a_crash(team, client_for, draft, law):
    draft = _edited(team, draft, law, title="Law\x0b project", objective="Bell\x07 and tab\t")
    document = _outline(client_for(team["coordinator"]), team, draft)
    assert document.paragraphs[0].text == "Law project"
