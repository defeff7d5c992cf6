"""A complaint about a member organisation, in a real browser: a partner of Riverside lodges one with the network
about Harbour, the network's administrator answers it, and the partner reads the answer."""
import pytest
from django.urls import reverse
from playwright.sync_api import expect

from holdspace.concerns.models import Concern
from tests.browser.helpers import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_partner_lodges_a_complaint_about_a_member_and_the_network_answers(
        browser, live_server, world, as_person):
    partner = browser.new_context(base_url=live_server.url, locale="en-GB")
    as_person(world.priya, into=partner)
    page = partner.new_page()
    page.goto(reverse("organisations:public", args=[world.network.slug]))
    page.get_by_role("link", name="Raise a complaint about a member with the network").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("A complaint about a member of Test Network")
    assert_accessible(page, "lodging a complaint about a member")
    page.get_by_label("The member organisation it is about").select_option(label="Harbour")
    page.get_by_label("Your complaint").fill("Harbour has no way for women to raise a complaint, and told a "
                                             "partner it needs none.")
    page.get_by_role("button", name="Lodge the complaint").click()
    expect(page.locator(".error-summary")).to_be_visible()  # the few words were left out
    expect(page.get_by_label("Your complaint")).to_have_value(
        "Harbour has no way for women to raise a complaint, and told a partner it needs none.")
    page.get_by_label("In a few words").fill("No complaints route at Harbour")
    page.get_by_role("button", name="Lodge the complaint").click()
    expect(page.get_by_role("status")).to_contain_text("Your complaint is with Test Network.")
    expect(page.locator(".facts")).to_contain_text("Harbour")
    assert_accessible(page, "a complaint, waiting, for the person who lodged it")

    network = browser.new_context(base_url=live_server.url, locale="en-GB")
    as_person(world.nadia, sudo=True, into=network)
    answering = network.new_page()
    answering.goto(reverse("concerns:register", args=[world.network.slug]))
    answering.get_by_role("link", name="No complaints route at Harbour").click()
    expect(answering.locator(".facts")).to_contain_text("Priya")
    assert_accessible(answering, "a complaint, for the network's administrator")
    answering.get_by_label("Your words").fill("Thank you. We have asked Harbour to publish a complaints route "
                                              "within two months, and will check it has.")
    answering.get_by_role("button", name="Send the answer").click()
    expect(answering.get_by_role("status")).to_contain_text("Your answer is with the complaint.")
    expect(answering.locator(".facts")).to_contain_text("on time")
    network.close()

    page.reload()
    expect(page.locator(".thread")).to_contain_text("asked Harbour to publish a complaints route")
    expect(page.locator(".facts")).to_contain_text("Answered")
    partner.close()
    complaint = Concern.objects.get()
    assert (complaint.kind, complaint.about, complaint.raised_by, complaint.status) == (
        Concern.Kind.COMPLAINT, world.harbour, world.priya, Concern.Status.ANSWERED)
