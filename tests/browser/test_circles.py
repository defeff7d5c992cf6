"""Finding a circle in a real browser, without signing in."""
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from holdspace.circles.models import Circle

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_man_finds_an_online_circle(page, world):
    Circle.objects.create(organisation=world.riverside, name="Thursday group", slug="thursday", kind="group",
                          city="Riverside", schedule="every Thursday, 2 hours")
    Circle.objects.create(organisation=world.harbour, name="Online circle", slug="online-circle", kind="series",
                          online=True, schedule="monthly, 3 hours")
    page.goto("/circles/")
    expect(page.locator(".circle-list")).to_contain_text("Thursday group")
    page.get_by_label("Where").fill("online")
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".circle-list")).to_contain_text("Online circle")
    expect(page.locator(".circle-list")).not_to_contain_text("Thursday group")
    assert Axe().run(page).response["violations"] == []
    page.get_by_role("link", name="Online circle").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Online circle")
    expect(page.get_by_role("main")).to_contain_text("monthly, 3 hours")
