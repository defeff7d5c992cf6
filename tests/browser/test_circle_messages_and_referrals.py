"""A facilitator writes to his circle and refers a member to a support service, and the member reads both with his
own key, in a real browser."""
import pytest
from django.urls import reverse
from playwright.sync_api import expect

from holdspace.reports.models import SupportService
from tests.browser.helpers import assert_accessible
from tests.circles_helpers import admit, key_for, make_circle

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_facilitator_writes_to_the_circle_and_refers_a_member_who_reads_both(browser, live_server, world,
                                                                                as_person):
    circle = make_circle(world, name="Tuesday men's group")
    admit(circle, world.mateo)
    key_for(world.mateo)
    SupportService.objects.create(organisation=world.riverside, name="Respect programme",
                                  description="A behaviour-change programme", contact="+00 111 222")

    felix = browser.new_context(base_url=live_server.url, locale="en-GB")
    as_person(world.felix, into=felix, case_key=True)
    staff = felix.new_page()
    staff.goto(reverse("circles:messages", args=[world.riverside.slug, circle.slug]))
    staff.get_by_label("Your message to the circle").fill("We meet in room 4 tonight.")
    staff.get_by_role("button", name="Send to 1 member").click()
    expect(staff.get_by_role("main")).to_contain_text("We meet in room 4 tonight.")
    assert_accessible(staff, "messages to the circle")
    staff.goto(reverse("circles:manage", args=[world.riverside.slug, circle.slug]))
    staff.get_by_role("link", name="Refer a member to a support service").click()
    staff.get_by_label("Who").select_option(label="Mateo")
    staff.get_by_label("Respect programme").check()
    staff.get_by_label("A few words to him").fill("Their evening group could help with what you told us.")
    staff.get_by_role("button", name="Send the referral").click()
    expect(staff.locator(".messages")).to_contain_text("Your referral is sealed to him.")

    mateo = browser.new_context(base_url=live_server.url, locale="en-GB")
    as_person(world.mateo, into=mateo, case_key=True)
    man = mateo.new_page()
    man.goto(reverse("circles:space", args=[circle.slug]))
    expect(man.locator("#messages")).to_contain_text("We meet in room 4 tonight.")
    man.goto(reverse("circles:referrals"))
    expect(man.get_by_role("main")).to_contain_text("Their evening group could help with what you told us.")
    expect(man.get_by_role("main")).to_contain_text("+00 111 222")
    assert_accessible(man, "referrals sent to him")
    man.get_by_role("button", name="Delete it").click()
    expect(man.get_by_role("main")).not_to_contain_text("Respect programme")
