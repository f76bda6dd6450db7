import subprocess

from django.core.cache import cache
from django.urls import reverse


def _text(tmp_path, content):
    path = tmp_path / "q.pdf"
    path.write_bytes(content)
    return " ".join(
        subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split()
    )


def test_blank_questionnaire_in_english_and_french(framework, logged_in_client, tmp_path):
    cache.clear()
    url = reverse("frameworks:questionnaire_pdf", args=[framework.slug, framework.version])
    english = logged_in_client.get(url, {"lang": "en"})
    assert english.status_code == 200 and english["Content-Type"] == "application/pdf"
    text = _text(tmp_path, english.content)
    assert "Is there a control list?" in text and "Not applicable" in text and "ART5-01" in text
    french = _text(tmp_path, logged_in_client.get(url, {"lang": "fr"}).content)
    assert "Existe-t-il une liste de contrôle ?" in french and "Système de contrôle" in french


def test_the_questionnaire_list_links_every_language(framework, logged_in_client):
    page = logged_in_client.get(reverse("frameworks:index"))
    assert page.status_code == 200
    assert f"{framework.slug}/{framework.version}/questionnaire.pdf?lang=fr" in page.text


def test_unknown_versions_are_404_and_login_is_required(framework, logged_in_client):
    from django.test import Client

    assert logged_in_client.get(reverse("frameworks:questionnaire_pdf", args=[framework.slug, "9"])).status_code == 404
    url = reverse("frameworks:questionnaire_pdf", args=[framework.slug, framework.version])
    assert Client().get(url).status_code == 302
    assert logged_in_client.post(url).status_code == 405


def test_the_questionnaire_list_shows_what_changed_in_a_version(framework, logged_in_client):
    framework.changes = ["ART5-02: encouraged -> <qualified>."]
    framework.save(update_fields=["changes"])
    page = logged_in_client.get(reverse("frameworks:index"))
    assert "What changed in this version" in page.text
    assert "<li>ART5-02: encouraged -&gt; &lt;qualified&gt;.</li>" in page.text
