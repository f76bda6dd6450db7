import functools
import hashlib
from pathlib import Path

from django.conf import settings

from attportal import __version__


@functools.cache
def templates_version() -> str:
    """Changes when any template changes, so cached page fragments never outlive a deployment."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(Path(settings.BASE_DIR, "templates").rglob("*")):
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def site(request):
    return {"portal_version": __version__, "templates_version": templates_version()}
