import pytest

from frameworks.markdown import render_markdown

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a href="https://example.org" onclick="alert(1)">x</a>',
    "<iframe src='https://evil.example'></iframe>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    "<svg onload=alert(1)>",
]


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_markdown_loses_its_scripts(payload):
    html = render_markdown(f"Advice. {payload}")
    lowered = html.lower()
    for marker in ("<script", "onerror", "onclick", "onload", "javascript:", "<iframe", "style=", "<svg"):
        assert marker not in lowered, html


def test_ordinary_markdown_keeps_its_shape():
    html = render_markdown("**In place** means:\n\n- a law\n- a list\n\n[Treaty](https://thearmstradetreaty.org)")
    assert "<strong>In place</strong>" in html
    assert "<li>a law</li>" in html
    assert 'href="https://thearmstradetreaty.org"' in html and 'rel="noopener noreferrer"' in html
