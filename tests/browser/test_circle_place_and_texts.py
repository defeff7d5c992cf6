"""In a real browser: a man waiting for a place takes the one offered to him when a member leaves; an
administrator writes the organisation's description in Spanish, and a Spanish reader reads it."""
import pytest
from django.urls import reverse
from playwright.sync_api import expect

from holdspace.circles import joining
from holdspace.circles.models import CircleMember
from tests.browser.helpers import assert_accessible
from tests.circles_helpers import admit, ask, make_circle

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_man_waiting_takes_the_place_offered_when_a_member_leaves(page, world, as_person):
    circle = make_circle(world, name="Tuesday men's group", capacity=1)
    admit(circle, world.harry)
    ask(circle, world.mateo, waiting_list_ok=True)  # full: he waits
    joining.membership_leave(member=CircleMember.objects.get(circle=circle, user=world.harry))
    as_person(world.mateo)
    page.goto(reverse("circles:mine"))
    expect(page.get_by_role("main")).to_contain_text("A place has opened for you.")
    assert_accessible(page, "a place offered")
    page.get_by_role("button", name="Take the place").click()
    expect(page.get_by_role("button", name="Take the place")).to_have_count(0)
    # He joined the list himself, so his request goes to the facilitators, with his place held meanwhile.
    mateo = CircleMember.objects.get(circle=circle, user=world.mateo)
    assert mateo.status == CircleMember.Status.ASKED and mateo.offered_until is not None
    expect(page.get_by_role("main")).to_contain_text("A place is held for you while the facilitators read your request.")


def test_an_administrator_writes_the_description_in_spanish_and_a_spanish_reader_reads_it(
        browser, live_server, world, as_person):
    world.riverside.description = "Men's groups by the river."
    world.riverside.save()
    admin = browser.new_context(base_url=live_server.url, locale="en-GB")
    as_person(world.ada, into=admin)
    ada = admin.new_page()
    ada.goto(reverse("organisations:details", args=[world.riverside.slug]))
    ada.get_by_role("link", name="Write a version in Spanish").click()
    ada.get_by_label("What this organisation does").fill("Grupos de hombres junto al río.")
    ada.get_by_role("button", name="Save this translation").click()
    expect(ada.get_by_role("link", name="Revise the version in Spanish")).to_be_visible()

    reader = browser.new_context(base_url=live_server.url, locale="es-ES")
    reader.add_cookies([{"name": "django_language", "value": "es", "url": live_server.url}])
    visitor = reader.new_page()
    visitor.goto(reverse("organisations:public", args=[world.riverside.slug]))
    expect(visitor.get_by_role("main")).to_contain_text("Grupos de hombres junto al río.")
    expect(visitor.get_by_role("main")).not_to_contain_text("Men's groups by the river.")
    assert_accessible(visitor, "the description in Spanish")
