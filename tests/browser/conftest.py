"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Never downloads a browser: it uses /usr/bin/chromium, which `make test` installs. Every page a test
visits is checked with axe-core for WCAG 2.2 A/AA violations.
"""

import os
import re
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls in tests are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        message = "Debian's chromium is not installed at /usr/bin/chromium: run `make test`, which installs it."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
    yield browser
    # Playwright leaves an event loop running in this thread, so Django kept the connections the live
    # server tests opened apart from the usual ones; close them, or PostgreSQL cannot drop the test database.
    from django.db import connections

    connections.close_all()
    browser.close()
    playwright.stop()


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


class AxeChecker:
    """Runs axe-core on the current page and remembers every page checked."""

    def __init__(self):
        from axe_playwright_python.sync_playwright import Axe

        self.axe = Axe()
        self.checked = []

    def __call__(self, page):
        # A click that navigates returns once the navigation starts; check the page only when it has
        # fully loaded with its stylesheets, or axe-core measures an unstyled page (flaky target sizes).
        page.wait_for_load_state("load")
        page.wait_for_function(
            "document.readyState === 'complete' && document.styleSheets.length > 0"
            " && [...document.styleSheets].every(sheet => sheet.cssRules !== null)"
        )
        results = self.axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        self.checked.append(page.url)
        assert results.violations_count == 0, f"axe-core on {page.url}:\n{results.generate_report()}"


@pytest.fixture
def axe():
    return AxeChecker()


def sign_in(page, user, axe=None, password="correct horse battery staple"):
    page.goto("/accounts/login/")
    if axe:
        axe(page)
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()  # not "Sign in with a passkey"
    page.wait_for_url(re.compile(r"/(dashboard|accounts/2fa/authenticate)/"))
    if "/accounts/2fa/authenticate/" in page.url:  # someone with an authenticator app (the demo's officers)
        from assessments.demo.factors import current_code

        page.get_by_label("Code from your authenticator app").fill(current_code(user))
        page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url("**/dashboard/")


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()
