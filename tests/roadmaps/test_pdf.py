"""The roadmap PDF, checked as a reader would: text, fonts, tags, pages."""

import re
import subprocess
import zlib
from datetime import date
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from assessments.services import save_position
from roadmaps import pdf as roadmap_pdf
from roadmaps.services import generate_roadmap
from tests.assessments.conftest import membership_of

THAI = "แผนงานระดับชาติ"
KHMER = "ផែនការជាតិ"


@pytest.fixture(autouse=True)
def empty_cache(db):
    cache.clear()


@pytest.fixture
def roadmap(team):
    return generate_roadmap(assessment=team["assessment"], user=team["coordinator"], start_date=date(2027, 1, 4))


def _pdf(team, roadmap, language="en"):
    return roadmap_pdf.render_roadmap_pdf(assessment=team["assessment"], roadmap=roadmap, language=language)


def _tool(tmp_path, command, content, *args):
    path = tmp_path / "roadmap.pdf"
    path.write_bytes(content)
    output = ["-"] if command == "pdftotext" else []
    return subprocess.run([command, *args, str(path), *output], capture_output=True, text=True, check=True).stdout


def _catalog_language(content: bytes) -> str | None:
    """The document language (/Lang) from the catalog, which may sit in a compressed object stream."""
    chunks = [content]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", content, re.DOTALL):
        try:
            chunks.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    found = re.search(rb"/Lang\s*\((\w+)\)", b"\n".join(chunks))
    return found.group(1).decode() if found else None


def test_the_pdf_carries_the_roadmap(team, roadmap, tmp_path):
    save_position(
        membership=membership_of(team, "licensing"),
        question=roadmap.assessment.framework.questions.get(code="ART5-01"),
        value="partly",
        reason="",
        notes="Draft list with the defence staff",
        legal_references=[{"instrument": "Arms Act", "provision": "s. 4"}],
        base_version=0,
    )
    content = _pdf(team, generate_roadmap(assessment=team["assessment"], user=team["coordinator"]))
    assert content.startswith(b"%PDF-")
    info = _tool(tmp_path, "pdfinfo", content)
    assert int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1]) >= 8
    text = " ".join(_tool(tmp_path, "pdftotext", content, "-layout").split())
    for expected in (
        team["assessment"].country.name,
        "Executive summary",
        "Pass the law",
        "Adopt the list",
        "Licensing Office",
        "Article 5",
        "ATT Voluntary Trust Fund",
        "Draft list with the defence staff",
        "Arms Act: s. 4",
        "Sign-off",
        "Page 3 of",
    ):
        assert expected in text, expected


def test_the_pdf_is_tagged_titled_and_in_the_users_language(team, roadmap, tmp_path):
    content = _pdf(team, roadmap)
    info = _tool(tmp_path, "pdfinfo", content)
    assert "Tagged:          yes" in info
    assert f"Title:           National roadmap: {team['assessment'].title}" in info
    assert _catalog_language(content) == "en"
    french = _pdf(team, roadmap, language="fr")
    assert _catalog_language(french) == "fr"
    assert "Existe-t-il une liste de contrôle ?" in " ".join(_tool(tmp_path, "pdftotext", french).split())


def test_all_fonts_are_embedded_and_thai_and_khmer_use_noto(team, roadmap, tmp_path):
    team["assessment"].title = f"{THAI} {KHMER} roadmap"
    team["assessment"].save()
    content = _pdf(team, roadmap)
    fonts = _tool(tmp_path, "pdffonts", content).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts  # the "emb" column
    names = " ".join(line.split()[0] for line in fonts)
    assert "NotoSansThai" in names.replace("-", "") and "NotoSansKhmer" in names.replace("-", "")
    # pdftotext finds text even when glyphs are missing boxes: look at the pixels too.
    (tmp_path / "cover.pdf").write_bytes(content)
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(tmp_path / "cover.pdf"), str(tmp_path / "cover")],
        check=True,
    )
    cover = Image.open(next(tmp_path.glob("cover*.png"))).convert("L")
    assert sum(cover.histogram()[:128]) > 2000  # dark pixels: the glyphs were drawn


def test_a_second_download_of_an_unchanged_roadmap_is_not_rendered_again(team, roadmap):
    with mock.patch.object(roadmap_pdf, "html_to_pdf", wraps=roadmap_pdf.html_to_pdf) as render:
        first = _pdf(team, roadmap)
        second = _pdf(team, roadmap)
    assert first == second and render.call_count == 1


@pytest.mark.parametrize("change", ["answer", "action", "marking", "language"])
def test_any_change_renders_again(team, roadmap, change):
    with mock.patch.object(roadmap_pdf, "html_to_pdf", wraps=roadmap_pdf.html_to_pdf) as render:
        _pdf(team, roadmap)
        language = "en"
        if change == "answer":
            save_position(
                membership=membership_of(team, "customs"),
                question=roadmap.assessment.framework.questions.first(),
                value="in_place",
                reason="",
                notes="",
                legal_references=[],
                base_version=0,
            )
        elif change == "action":
            from roadmaps.services import update_action

            action = roadmap.actions.first()
            update_action(
                membership=membership_of(team, "customs"),
                action=action,
                data={"notes": "x"},
                base_version=action.version,
            )
        elif change == "marking":
            team["assessment"].marking = "confidential"
            team["assessment"].save()
        else:
            language = "fr"
        roadmap.refresh_from_db()
        _pdf(team, roadmap, language=language)
    assert render.call_count == 2


def test_the_view_returns_the_pdf_to_members(team, roadmap, client_for):
    response = client_for(team["observer"]).get(reverse("roadmaps:pdf", args=[team["assessment"].pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="PH-')
    assert response.content.startswith(b"%PDF-")


def test_a_rendering_failure_shows_a_page_with_a_retry_and_is_logged(team, roadmap, client_for, caplog):
    with mock.patch.object(roadmap_pdf, "html_to_pdf", side_effect=RuntimeError("fonts exploded")):
        response = client_for(team["customs"]).get(reverse("roadmaps:pdf", args=[team["assessment"].pk]))
    assert response.status_code == 503
    assert "Try again" in response.text and reverse("roadmaps:pdf", args=[team["assessment"].pk]) in response.text
    assert "Rendering the roadmap PDF of assessment" in caplog.text


def test_no_roadmap_yet_is_404(team, client_for):
    assert client_for(team["customs"]).get(reverse("roadmaps:pdf", args=[team["assessment"].pk])).status_code == 404


def test_the_command_writes_the_pdf(team, roadmap, tmp_path):
    out = tmp_path / "out.pdf"
    call_command("render_roadmap", str(team["assessment"].pk), "-o", str(out))
    assert out.read_bytes().startswith(b"%PDF-")
