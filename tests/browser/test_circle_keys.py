"""The circle's key on facilitators' pages in a real browser: a co-facilitator who set up his key after the circle
was made waits for it; the facilitator who holds it shares it with a button; and where nobody holds it any more,
a facilitator starts a new one."""
import pytest
from django.urls import reverse
from playwright.sync_api import expect

from holdspace.circles.services import facilitator_add
from holdspace.keys.services import personal_key_create
from tests.circles_helpers import key_for, make_circle
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_co_facilitator_waits_for_the_circles_key_is_shared_it_and_a_new_key_starts_when_nobody_holds_it(
        browser, live_server, world, as_person):
    circle = make_circle(world, name="Tuesday men's group")
    facilitator_add(circle=circle, user=world.rick, actor=world.felix)
    key_for(world.rick)  # his first key, made after the circle's: he waits for the circle's key
    room = reverse("circles:room", args=[world.riverside.slug, circle.slug])
    manage = reverse("circles:manage", args=[world.riverside.slug, circle.slug])

    rick = browser.new_context(base_url=live_server.url, locale="en-GB")
    as_person(world.rick, into=rick, case_key=True)
    co = rick.new_page()
    co.goto(room)
    expect(co.get_by_role("main")).to_contain_text("You do not hold this circle's key yet.")
    expect(co.get_by_role("button", name="Share the circle's key with 1 co-facilitator")).to_have_count(0)

    # Felix holds the key: his page says Rick waits, and one button shares it.
    felix = browser.new_context(base_url=live_server.url, locale="en-GB")
    as_person(world.felix, into=felix, case_key=True)
    staff = felix.new_page()
    staff.goto(manage)
    expect(staff.get_by_role("main")).to_contain_text(
        "A co-facilitator has set up his own key and waits for the circle's key.")
    staff.get_by_role("button", name="Share the circle's key with 1 co-facilitator").click()
    expect(staff.locator(".messages")).to_contain_text(
        "The circle's key is shared with 1 co-facilitator: he can read what is sealed to the circle.")
    expect(staff).to_have_url(f"{live_server.url}{manage}")
    expect(staff.get_by_role("button", name="Share the circle's key with 1 co-facilitator")).to_have_count(0)
    co.reload()
    expect(co.get_by_role("main")).not_to_contain_text("You do not hold this circle's key yet.")

    # Both made new key pairs since: nobody holds the circle's key. Felix, his new key unlocked, starts a new one.
    personal_key_create(world.rick, password=PASSWORD)
    personal_key_create(world.felix, password=PASSWORD)
    as_person(world.felix, into=felix, case_key=True)
    staff.goto(manage)
    expect(staff.get_by_role("main")).to_contain_text("Nobody holds this circle's key any more")
    staff.get_by_role("button", name="Start a new key for this circle").click()
    expect(staff.locator(".messages")).to_contain_text(
        "The circle has a new key. What men write from now on is sealed to it, and you can read it.")
    expect(staff.get_by_role("button", name="Start a new key for this circle")).to_have_count(0)
    expect(staff.get_by_role("main")).not_to_contain_text("Nobody holds this circle's key any more")
    rick.close()
    felix.close()
