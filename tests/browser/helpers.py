"""What the browser tests share."""
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError

AXE = Axe()
# What Chromium says when axe is started on a page that a click is still replacing.
_NAVIGATING = ("documentElement", "Execution context was destroyed", "navigation")


def axe_results(page):
    """axe-core's findings on the page once it has loaded.

    A click on a link returns before the next page commits; axe started in between finds no document.
    So wait for the load, and if the page was swapped under axe anyway, run it again on the new one.
    """
    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            return AXE.run(page)
        except PlaywrightError as error:
            if attempt == 2 or not any(sign in str(error) for sign in _NAVIGATING):
                raise
    raise AssertionError("unreachable")


def assert_accessible(page, what: str) -> None:
    """axe-core finds no violation on the page as it is now; the failure names each rule and where."""
    violations = axe_results(page).response["violations"]
    assert [(v["id"], [n["target"] for n in v["nodes"]][:2]) for v in violations] == [], what


def key_set_up(page, *, password: str) -> None:
    """On the key page: type the account password into the set-up form and send it."""
    page.locator("form").filter(has=page.locator("input[value=create]")).get_by_label(
        "Your account password").fill(password)
    page.get_by_role("button", name="Set up my key").click()
