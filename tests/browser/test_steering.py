"""The steering committee and partner meetings in a real browser: an administrator records the committee from
the organisation's menu and sees the standard met once two women's rights organisations sit on it; she records a
meeting held and adds the action point agreed there, which joins the organisation's list; the published page
shows the committee and the meeting, and no private person's name."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from holdspace.accountability.policy import settings_change
from holdspace.assessments.models import ActionPoint
from tests.browser.helpers import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_committee_and_a_meeting_from_the_menu_to_the_public_page(browser, live_server, world, as_person):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    as_person(world.ada, into=context)
    page = context.new_page()
    today = timezone.localdate()
    page.goto(reverse("organisations:home", args=["riverside"]))
    page.get_by_role("link", name="Steering committee").click()
    expect(page.locator("body")).to_contain_text("Not met yet.")
    for holder, kind in (("Women's Voice", "Women's rights organisation"),
                         ("Mujeres Unidas", "Women's rights organisation"),
                         ("Ana Pérez", "Independent person")):
        page.get_by_label("Who holds the seat").fill(holder)
        page.get_by_label("Kind of seat").select_option(label=kind)
        if holder == "Ana Pérez":
            page.get_by_label("A person holds this seat, not an organisation").check()
        page.get_by_label("Since").fill((today - timedelta(days=30)).isoformat())
        page.get_by_role("button", name="Add the seat").click()
        expect(page.locator("body")).to_contain_text("The seat is on the committee.")
    expect(page.locator(".standard-met")).to_contain_text("2 women's rights organisations sit on the committee")
    assert_accessible(page, "the steering committee")

    page.get_by_role("link", name="Partner meetings").click()
    page.get_by_label("Date").fill((today - timedelta(days=5)).isoformat())
    page.get_by_label("Status").select_option(label="Held")
    page.get_by_label("Partner organisations taking part").fill("Women's Voice\nMujeres Unidas")
    page.get_by_role("button", name="Save the meeting").click()
    expect(page.locator("body")).to_contain_text("The meeting is saved.")
    expect(page.locator("body")).to_contain_text("Unlock your key")  # minutes are locked for her
    page.get_by_label("What will be done").fill("Agree a co-facilitation rule with partners")
    page.get_by_label("Owner").select_option(label="Felix")
    page.get_by_label("Due on").fill((today + timedelta(days=60)).isoformat())
    page.get_by_role("button", name="Add the action point").click()
    expect(page.locator("body")).to_contain_text("The action point is on the organisation's list of action points.")
    assert_accessible(page, "a partner meeting")
    assert ActionPoint.objects.get().owner == world.felix

    settings_change(organisation=world.riverside, actor=world.ada, public_page=True, concern_response_days=30)
    visitor = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    visitor.goto(reverse("accountability:page", args=["riverside"]))
    body = visitor.locator("body")
    expect(body).to_contain_text("Women's Voice, Mujeres Unidas")
    expect(body).to_contain_text("1 meeting was held in the last twelve months")
    expect(body).not_to_contain_text("Ana Pérez")
    assert_accessible(visitor, "the public accountability page with the committee")
