"""What the browser tests share."""
from axe_playwright_python.sync_playwright import Axe

AXE = Axe()


def assert_accessible(page, what: str) -> None:
    """axe-core finds no violation on the page as it is now; the failure names each rule and where."""
    violations = AXE.run(page).response["violations"]
    assert [(v["id"], [n["target"] for n in v["nodes"]][:2]) for v in violations] == [], what


def key_set_up(page, *, password: str) -> None:
    """On the key page: type the account password into the set-up form and send it."""
    page.locator("form").filter(has=page.locator("input[value=create]")).get_by_label(
        "Your account password").fill(password)
    page.get_by_role("button", name="Set up my key").click()
