"""What the browser reads from the answer pages, read the same way by the load and fault tests.

The harness once matched the save response with a regular expression of its own; when the
response changed (the version and the "Saved at" status became out-of-band swaps written
``data-hx-swap-oob``), every save counted as unexpected and the runs stopped testing saving.
These functions parse the HTML instead, and follow htmx's rules: an element in a response is
swapped out of band when it carries ``hx-swap-oob`` or ``data-hx-swap-oob``, whatever the
order of its attributes. tests/security/test_load_harness.py runs them on the real views.
"""

from html.parser import HTMLParser

OOB_ATTRIBUTES = ("hx-swap-oob", "data-hx-swap-oob")


class _Elements(HTMLParser):
    """Every element's attributes, in document order (the answer fragments are small)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))

    handle_startendtag = handle_starttag


def elements(html: str) -> list[tuple[str, dict[str, str]]]:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser.elements


def out_of_band_swaps(html: str) -> dict[str, dict[str, str]]:
    """The elements htmx swaps out of band from this response, by id."""
    return {
        attrs["id"]: attrs
        for _tag, attrs in elements(html)
        if attrs.get("id") and any(name in attrs for name in OOB_ATTRIBUTES)
    }


def saved_version(html: str, code: str) -> int | None:
    """The version a save response acknowledges for question ``code``, or None if it acknowledges none.

    A save is acknowledged as the page shows it: the form's version input is replaced out of band
    with the new version, and the question's status line ("Saved at ...") is swapped in too.
    """
    swaps = out_of_band_swaps(html)
    version = swaps.get(f"version-{code}", {})
    if f"status-{code}" not in swaps or version.get("name") != "version":
        return None
    value = version.get("value", "")
    return int(value) if value.isascii() and value.isdigit() else None


def form_versions(html: str) -> dict[str, int]:
    """Question code -> the version the page's answer forms will send with the next save."""
    versions = {}
    for tag, attrs in elements(html):
        identifier, value = attrs.get("id", ""), attrs.get("value", "")
        if tag == "input" and attrs.get("name") == "version" and identifier.startswith("version-"):
            if value.isascii() and value.isdigit():
                versions[identifier.removeprefix("version-")] = int(value)
    return versions


def offers_keep_mine(html: str) -> bool:
    """The conflict form: someone else saved first, and the user may keep their own answer."""
    return any(attrs.get("name") == "keep_mine" for _tag, attrs in elements(html))
