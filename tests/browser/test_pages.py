"""Every main page in a real browser: no serious accessibility violation, usable at 375 px, screenshots."""

import gzip
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.staticfiles import finders
from playwright.sync_api import expect

from assessments.models import Assessment
from tests.browser.conftest import axe_violations, html_errors, screenshot

# The innermost elements that stick out past the right edge, to name the culprit in a failure.
WIDEST_ELEMENTS = """() => {
  const edge = document.documentElement.clientWidth + 1;
  const out = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > edge
    && !(e.parentElement && e.parentElement.closest('.table-responsive')));
  return out.filter(e => !out.some(o => o !== e && e.contains(o))).slice(0, 5).map(e => e.outerHTML.slice(0, 160));
}"""


def main_pages(assessment):
    """The main pages of the cycle, as (screenshot name, path) pairs."""
    base = f"/assessments/{assessment.pk}"
    section = assessment.framework.sections.order_by("order").first()
    member = assessment.memberships.exclude(role="coordinator").first()
    return [
        ("home", "/"),
        ("assessment", f"{base}/"),
        ("section", f"{base}/sections/{section.code}/"),
        ("question", f"{base}/questions/{section.questions.order_by('order').first().code}/"),
        ("disputes", f"{base}/disputes/"),
        ("agree-common", f"{base}/agree-common/"),
        ("confirm-remove", f"{base}/team/members/{member.pk}/remove/"),
        ("gap-analysis", f"{base}/gaps/"),
        ("roadmap", f"{base}/roadmap/"),
        ("team", f"{base}/team/"),
        ("region", "/region/"),
        ("experiences", "/experiences/"),
    ]


@pytest.fixture
def ph_assessment(demo_site):
    return Assessment.objects.filter(country__code="PH").order_by("pk").first()


def test_main_pages_have_no_serious_accessibility_violation(demo_site, ph_assessment, page, sign_in):
    page.goto(f"{demo_site.url}/accounts/login/")
    found = {"sign-in": axe_violations(page)}
    screenshot(page, "sign-in")
    sign_in("coordinator.ph@example.org")
    for name, path in main_pages(ph_assessment):
        page.goto(demo_site.url + path)
        expect(page.get_by_role("heading", level=1)).to_have_count(1)
        found[name] = axe_violations(page)
        screenshot(page, name)
    assert {name: violations for name, violations in found.items() if violations} == {}


def test_main_pages_fit_a_phone_screen(demo_site, ph_assessment, browser, live_server):
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="en-GB", is_mobile=True)
    page = context.new_page()
    page.goto(f"{demo_site.url}/accounts/login/")
    page.get_by_label("Email").fill("coordinator.ph@example.org")
    page.get_by_label("Password").fill("att-demo-2026")
    page.get_by_role("button", name="Sign in").click()
    too_wide = {}
    for name, path in main_pages(ph_assessment):
        page.goto(demo_site.url + path)
        # Wide tables may scroll inside their own container; the page itself must not.
        if page.evaluate("document.documentElement.scrollWidth") > 375:
            too_wide[name] = page.evaluate(WIDEST_ELEMENTS)
        if name in {"section", "roadmap"}:
            screenshot(page, f"{name}-phone")
    # The menu folds into a button that a phone user can open.
    page.get_by_role("button", name="Menu").click()
    expect(page.get_by_role("link", name="My assessments")).to_be_visible()
    context.close()
    assert too_wide == {}


class Transfers:
    """What crossed the network for one page load, read from Chromium's DevTools protocol.

    Static files count at their gzip size, as WhiteNoise serves them compressed in
    production (the test server sends them as they are); pages count as sent
    (GZipMiddleware compresses them when the browser asks). Anything the browser
    took from its cache counts zero; a 304 counts its headers only.
    """

    def __init__(self, page):
        self.requests = {}
        self.cdp = cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.on("Network.requestWillBeSent", self.sent)
        # Events of a request sent before the last reset (a late image, a keep-alive) are not this load's.
        cdp.on("Network.requestServedFromCache", lambda e: self._of(e).update(cached=True))
        cdp.on("Network.responseReceived", self.received)
        cdp.on("Network.loadingFinished", lambda e: self._of(e).update(size=e["encodedDataLength"]))

    def _of(self, event) -> dict:
        return self.requests.get(event["requestId"], {})

    def sent(self, event):
        self.requests[event["requestId"]] = {"url": event["request"]["url"], "cached": False, "size": 0}

    def received(self, event):
        response = event["response"]
        request = self._of(event)
        request["status"] = response["status"]
        if response.get("fromDiskCache") or response.get("fromPrefetchCache"):
            request["cached"] = True

    def weight(self) -> int:
        total = 0
        for request in self.requests.values():
            path = urlsplit(request["url"]).path
            if request["cached"]:
                continue
            if request.get("status") == 200 and path.startswith("/static/"):
                total += len(gzip.compress(Path(finders.find(path.removeprefix("/static/"))).read_bytes()))
            else:
                total += request["size"]
        return total

    def reset(self, *, empty_cache=False):
        self.requests.clear()
        if empty_cache:
            self.cdp.send("Network.clearBrowserCache")


def test_the_section_page_is_light(demo_site, ph_assessment, page, sign_in):
    sign_in("coordinator.ph@example.org")
    section = demo_site.url + main_pages(ph_assessment)[2][1]
    transfers = Transfers(page)
    transfers.reset(empty_cache=True)
    page.goto(section)
    page.wait_for_load_state("networkidle")
    first_load = transfers.weight()
    transfers.reset()
    page.goto(section)
    page.wait_for_load_state("networkidle")
    repeat_load = transfers.weight()
    print(f"section page: first load {first_load} bytes, repeat {repeat_load} bytes")
    assert first_load < 150_000
    assert repeat_load < 30_000


def test_main_pages_are_valid_html(demo_site, ph_assessment, page, sign_in, tmp_path):
    """The W3C Nu HTML Checker, run with the machine's Java over the pages as the server sends them."""
    page.goto(f"{demo_site.url}/accounts/login/")
    files = {"sign-in": page.request.get(f"{demo_site.url}/accounts/login/").text()}
    sign_in("coordinator.ph@example.org")
    for name, path in main_pages(ph_assessment):
        files[name] = page.request.get(demo_site.url + path).text()
    errors = html_errors(files, tmp_path)
    assert len(files) == 13
    assert errors == []
