"""Browser tests: Debian's headless Chromium, driven by Playwright, against live_server.

The live server runs in a thread of this process, so the locmem outbox
(django.core.mail.outbox) that the sign-up fills is readable from the test.
"""

import os
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.db import connections

# Playwright's sync API drives the browser from an asyncio event loop that it
# keeps running in this (the test) thread until the browser is closed. Django
# sees that running loop and refuses every ORM call from the thread with
# SynchronousOnlyOperation, although the calls are plain synchronous ones made
# between browser steps (checking the rows the pages wrote). Nothing here is
# async code: allow it.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--no-first-run",
]
IN_CI = os.environ.get("CI", "").lower() == "true"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# Every wait (navigation, locator, expectation) gives up after this long.
TIMEOUT_MS = 15_000
# WCAG 2.0, 2.1 and 2.2, levels A and AA.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, for the screenshot on failure."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def browser():
    """A headless Chromium for one test; always closed, even when the test fails.

    Function-scoped on purpose, not module-scoped: while Playwright runs, its
    event loop counts as running in this thread, and Django then keeps this
    thread's database connections in a per-context store instead of the
    thread-local one (asgiref's Local). A browser that outlived a test would
    make the next test's database set-up (the serialized rollback that restores
    the seeded rows) and its flush use other connection objects than the ones
    pytest-django prepared, and the seeded rows would silently not come back.
    Starting Chromium takes about a second.
    """
    if not CHROMIUM.exists():
        message = f"Chromium is not installed at {CHROMIUM} (Debian package `chromium`)."
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()
            # Close the connections the test body opened while the loop ran
            # (see above): once it stops, Django no longer sees them.
            connections.close_all()


@pytest.fixture
def open_page(browser, request):
    """open_page(time_zone) opens a page in a fresh context (its own cookies: one
    person), whose browser clock runs in `time_zone`.

    Every context is closed after the test; if the test failed, each page is
    first saved as a screenshot under test-artifacts/.
    """
    contexts = []

    def make(time_zone: str):
        context = browser.new_context(timezone_id=time_zone, locale="en-US")
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        return page

    yield make

    report = getattr(request.node, "report_call", None)
    failed = report is not None and report.failed
    name = re.sub(r"[^\w.-]+", "_", request.node.name)
    for number, context in enumerate(contexts, start=1):
        try:
            if failed:
                ARTIFACTS.mkdir(exist_ok=True)
                for page_number, page in enumerate(context.pages, start=1):
                    page.screenshot(
                        path=ARTIFACTS / f"{name}-person{number}-page{page_number}.png",
                        full_page=True,
                    )
        finally:
            context.close()


class AxeAudit:
    """Scans pages with axe-core and keeps every violation found, page by page."""

    def __init__(self):
        self.axe = Axe()
        self.scanned: list[str] = []
        self.violations: list[str] = []

    def scan(self, page, name: str) -> None:
        results = self.axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        self.scanned.append(name)
        for violation in results.response["violations"]:
            targets = [", ".join(node["target"]) for node in violation["nodes"]]
            self.violations.append(
                f"{name} ({page.url}): {violation['id']} [{violation['impact']}] "
                f"{violation['help']} — {violation['helpUrl']}\n    on: "
                + "\n        ".join(targets)
            )

    def report(self) -> str:
        return (
            f"{len(self.violations)} accessibility violation(s) "
            f"on {len(self.scanned)} scanned pages:\n" + "\n".join(self.violations)
        )


@pytest.fixture
def axe_audit():
    return AxeAudit()
