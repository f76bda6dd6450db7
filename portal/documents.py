"""What every PDF of the portal shares: tagged PDF/UA output, the "Page X of Y" label, and a
fingerprint of the templates, so that a deployment that changes a document renders it anew."""

import functools
import hashlib
from pathlib import Path

from django.template.loader import get_template
from django.utils.translation import gettext
from weasyprint import HTML

PDF_VARIANT = "pdf/ua-1"  # tagged and accessible: structure, language and title for screen readers


def html_to_pdf(html: str) -> bytes:
    return HTML(string=html).write_pdf(pdf_variant=PDF_VARIANT, uncompressed_pdf=False)


def page_label_css() -> str:
    """ "Page 3 of 12" in the active language, as a CSS content value with live counters."""
    label = gettext("Page %(page)s of %(pages)s") % {"page": "\x00page\x00", "pages": "\x00pages\x00"}
    parts = []
    for piece in label.split("\x00"):
        if piece in ("page", "pages"):
            parts.append(f"counter({piece})")
        elif piece:
            parts.append('"' + piece.replace("\\", "\\\\").replace('"', '\\"') + '"')
    return " ".join(parts)


@functools.cache
def templates_fingerprint(names: tuple[str, ...]) -> str:
    """A hash of the templates a document is made from (read once per worker)."""
    return hashlib.sha256(b"\0".join(Path(get_template(name).origin.name).read_bytes() for name in names)).hexdigest()
