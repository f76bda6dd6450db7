"""`make bench`: every figure as a `name: value` line, measured in one run."""

from .common import prepare_database, setup_django

setup_django()
prepare_database()

from . import pdf  # noqa: E402 - needs Django set up first

pdf.run()
