# The browser tests' fixtures (the demo site, sign-in, Debian's Chromium), for the workbook's browser test.
from tests.browser.conftest import (  # noqa: F401
    browser_context_args,
    browser_type_launch_args,
    demo_site,
    demo_snapshot,
    orm_beside_playwright,
    sign_in,
)
