"""A network acts on a member in a real browser: its administrator suspends Riverside with a reason, from the list
of member organisations; the list marks it; Riverside's administrator reads the network's reason on her
organisation's page, with the word that her people can still report."""
import pytest
from django.urls import reverse
from playwright.sync_api import expect

from holdspace.organisations.models import NetworkMembership, NetworkSanction
from tests.browser.helpers import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

REASON = "Two of its facilitators made sexist remarks at the regional meeting, and our letter is unanswered."


def _person(browser, live_server, as_person, user):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    as_person(user, into=context)
    return context, context.new_page()


def test_a_network_administrator_suspends_a_member_and_its_administrator_reads_why(browser, live_server, world,
                                                                                    as_person):
    network, page = _person(browser, live_server, as_person, world.nadia)
    page.goto(reverse("organisations:home", args=[world.network.slug]))
    page.get_by_role("link", name="Member organisations").click()
    page.get_by_role("link", name="Riverside").click()
    expect(page.get_by_role("heading", name="Riverside", level=1)).to_be_visible()
    assert_accessible(page, "a member organisation, for the network's administrator")

    # Without a reason: refused, and nothing happens.
    page.get_by_role("button", name="Suspend", exact=True).click()
    expect(page.locator("body")).to_contain_text("Please write the reason")
    assert not NetworkSanction.objects.exists()

    page.locator("#id_suspend-reason").fill(REASON)
    page.get_by_role("button", name="Suspend", exact=True).click()
    expect(page.locator("body")).to_contain_text("Riverside is suspended. Its administrators have been told")
    expect(page.get_by_role("button", name="Lift the suspension")).to_be_visible()
    assert NetworkMembership.objects.get(organisation=world.riverside).suspension.reason == REASON

    page.get_by_role("link", name="Back to the member organisations").click()
    row = page.get_by_role("row").filter(has_text="Riverside").first
    expect(row).to_contain_text("Suspended")
    assert_accessible(page, "the member organisations, one suspended")
    network.close()

    # Riverside's administrator reads the network's decision and reason on her organisation's page.
    member, page = _person(browser, live_server, as_person, world.ada)
    page.goto(reverse("organisations:home", args=[world.riverside.slug]))
    notice = page.locator("section").filter(has_text="suspended this organisation's membership")
    expect(notice).to_contain_text("Test Network suspended this organisation's membership")
    expect(notice).to_contain_text(REASON)
    expect(notice).to_contain_text("they can still report harm")
    assert_accessible(page, "a suspended member's page, for its administrator")
    member.close()
