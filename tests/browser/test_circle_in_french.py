"""A circle read in French, in a real browser: a man whose browser asks for French finds a French-speaking circle,
reads its group agreements in French before he asks to join, and the guide for new facilitators in French."""
import pytest
from django.urls import reverse
from playwright.sync_api import expect

from holdspace.circles import content
from tests.browser.helpers import assert_accessible
from tests.circles_helpers import key_for, make_circle

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_man_reads_a_french_circle_in_french(browser, live_server, world, as_person):
    assert "fr" in content.LANGUAGES  # the agreements and the guide are written in French
    circle = make_circle(world, name="Cercle du mardi", language="fr", schedule="le mardi, 2 heures")
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    key_for(world.mateo)
    as_person(world.mateo, into=context)
    page = context.new_page()

    page.goto(reverse("circles:finder"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator(".circle-list")).to_contain_text("Cercle du mardi")
    expect(page.locator(".circle-list")).to_contain_text("Français")
    assert_accessible(page, "the finder in French")
    page.get_by_role("link", name="Cercle du mardi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cercle du mardi")

    page.goto(reverse("circles:join", args=[circle.slug]))
    agreements = content.default_agreements("fr")
    main = page.get_by_role("main")
    for agreement in agreements[:3]:
        expect(main).to_contain_text(agreement["title"])
    assert agreements[0]["title"] != content.default_agreements("en")[0]["title"]
    assert_accessible(page, "asking to join, in French")

    page.goto(reverse("circles:guide"))
    guide = content.guide("fr")
    expect(page.get_by_role("main")).to_contain_text(guide["sections"][0]["heading"])
    context.close()
