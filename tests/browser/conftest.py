"""Real headless Chromium (Debian's /usr/bin/chromium) driven by Playwright."""
import os
import shutil

import pytest
from django.test import Client
from playwright.sync_api import sync_playwright

from tests.conftest import sign_in, unlock_case_key, with_sudo

CHROMIUM = os.environ.get("HOLDSPACE_CHROMIUM", "/usr/bin/chromium")
# The page-by-page checks of the whole role matrix: the same HTML whatever the database, so the
# PostgreSQL pass leaves them to the SQLite pass (Makefile: test-postgres).
LAYOUT_FILES = {"test_accessibility.py"}

CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
        if item.fspath.basename in LAYOUT_FILES:
            item.add_marker(pytest.mark.layout)
    # The screenshots are pictures for people to look at, not checks: made only when asked for.
    if not config.getoption("--screenshots"):
        pictures = [item for item in items if item.fspath.basename == "test_screenshots.py"]
        if pictures:
            config.hook.pytest_deselected(items=pictures)
            items[:] = [item for item in items if item not in pictures]


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium is needed at {CHROMIUM}: apt-get install chromium chromium-driver")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def as_person(context, live_server):
    """Put a signed-in session for a person into the browser, as if they had just signed in."""

    def enter(user, *, sudo: bool = False, case_key: bool = False, into=None):
        client = sign_in(Client(), user)
        if sudo:
            with_sudo(client)
        if case_key:
            unlock_case_key(client, user)
        (into or context).add_cookies(
            [{"name": name, "value": morsel.value, "url": live_server.url} for name, morsel in client.cookies.items()]
        )

    return enter
