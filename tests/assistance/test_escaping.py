"""What the team types into a request comes back as text on every page and in the documents."""

import io

from django.urls import reverse
from django.utils.html import escape
from docx import Document

from roadmaps.pdf import roadmap_html
from tests.assistance.test_views import _edit

PAYLOAD = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'


def test_a_typed_payload_is_escaped_on_the_pages_and_plain_text_in_the_outline(team, client_for, draft, roadmap):
    client = client_for(team["coordinator"])
    pk = team["assessment"].pk
    response = client.post(
        reverse("assistance:detail", args=[pk, draft.pk]),
        _edit(
            draft,
            lines=[(f"LINE {PAYLOAD}", "10")],
            title=f"TITLE {PAYLOAD}",
            need=f"NEED {PAYLOAD}",
            implementing_partner=f"PARTNER {PAYLOAD}",
        ),
    )
    assert response.status_code == 302
    pages = {
        "list": reverse("assistance:list", args=[pk]),
        "detail": reverse("assistance:detail", args=[pk, draft.pk]),
        "roadmap": reverse("roadmaps:detail", args=[pk]),
    }
    for name, url in pages.items():
        text = client.get(url).text
        assert PAYLOAD not in text, name
        assert escape(f"TITLE {PAYLOAD}") in text, name
    detail = client.get(pages["detail"]).text
    for tag in ("NEED", "PARTNER", "LINE"):
        assert escape(f"{tag} {PAYLOAD}") in detail, tag
    html = roadmap_html(assessment=team["assessment"], roadmap=roadmap, region_states=[])
    assert PAYLOAD not in html and escape(f"TITLE {PAYLOAD}") in html
    document = Document(io.BytesIO(client.get(reverse("assistance:outline", args=[pk, draft.pk])).content))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert f"TITLE {PAYLOAD}" in text and f"NEED {PAYLOAD}" in text and f"LINE {PAYLOAD}" in cells
