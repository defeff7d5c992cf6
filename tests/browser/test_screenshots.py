"""Screenshots of each role's home page, on a desktop and on a phone, for anyone to look at.

Not part of the normal run: `make screenshots` (pytest with --screenshots) writes them to var/screenshots/;
without the option it is left out of the run (tests/browser/conftest.py) and writes nothing.
"""
from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db(transaction=True)

FOLDER = Path(__file__).resolve().parents[2] / "var" / "screenshots"
ROLES = {  # who stands for each role in the test world (tests/conftest.py CAST)
    "member": "mateo",
    "facilitator": "felix",
    "handler": "hana",
    "administrator": "ada",
    "moderator": "moses",
    "partner": "priya",
}
WIDTHS = {"desktop": 1280, "phone": 390}


@pytest.mark.parametrize("role", ROLES)
def test_home_page_screenshots(role, page, context, live_server, world, extra, as_person):
    as_person(world.people[ROLES[role]])
    context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    FOLDER.mkdir(parents=True, exist_ok=True)
    for device, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(reverse("site:dashboard"))
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.locator("h1").count() == 1  # the home page itself, not a sign-in page
        path = FOLDER / f"{role}-{device}-{width}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 0
