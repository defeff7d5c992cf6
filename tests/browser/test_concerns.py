"""A partner's concern answered, in a real browser; and the accountability page it is counted on."""
import pytest
from django.urls import reverse
from playwright.sync_api import expect

from holdspace.concerns.models import Concern
from tests.browser.helpers import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_partner_raises_a_concern_the_organisation_answers_and_the_public_page_counts_it(
        browser, live_server, world, as_person):
    partner = browser.new_context(base_url=live_server.url, locale="en-GB")
    as_person(world.priya, into=partner)
    page = partner.new_page()
    page.goto(reverse("organisations:home", args=[world.riverside.slug]))
    page.get_by_role("link", name="Partners' concerns").click()
    expect(page.locator("body")).to_contain_text("answers each one within 30 days")
    page.get_by_role("link", name="Raise a concern").click()
    assert_accessible(page, "raising a concern")
    page.get_by_label("The organisation you speak for").fill("Women's Voice Collective")
    page.get_by_label("Your concern").fill("At the open day, a facilitator joked about a survivor's account.")
    page.get_by_role("button", name="Raise the concern").click()
    expect(page.locator(".error-summary")).to_be_visible()  # the title was left out
    expect(page.get_by_label("Your concern")).to_have_value(
        "At the open day, a facilitator joked about a survivor's account.")
    page.get_by_label("In a few words").fill("A joke at the open day")
    page.get_by_role("button", name="Raise the concern").click()
    expect(page.locator("body")).to_contain_text("Your concern is in the register.")
    assert_accessible(page, "the concern, waiting")

    admin = browser.new_context(base_url=live_server.url, locale="en-GB")
    as_person(world.ada, sudo=True, into=admin)
    answering = admin.new_page()
    answering.goto(reverse("concerns:register", args=[world.riverside.slug]))
    answering.get_by_role("link", name="A joke at the open day").click()
    answering.get_by_label("Your words").fill("Thank you for telling us. We spoke with him and with the team, "
                                              "and the facilitators will train on this in March.")
    answering.get_by_role("button", name="Send the answer").click()
    expect(answering.locator("body")).to_contain_text("Your answer is in the register.")
    expect(answering.locator(".facts")).to_contain_text("on time")
    answering.goto(reverse("accountability:settings", args=[world.riverside.slug]))
    assert_accessible(answering, "the accountability settings")
    answering.get_by_label("Publish our accountability page").check()
    answering.get_by_role("button", name="Save").click()
    expect(answering.locator("body")).to_contain_text("The accountability page is published.")
    admin.close()

    page.reload()
    expect(page.locator(".thread")).to_contain_text("the facilitators will train on this in March")
    page.get_by_label("Why it can be closed").fill("The answer settles it for us.")
    page.get_by_role("button", name="Close it").click()
    expect(page.locator("body")).to_contain_text("The concern is closed.")
    assert Concern.objects.get().status == Concern.Status.CLOSED
    partner.close()

    visitor = browser.new_context(base_url=live_server.url, locale="es-ES")
    public = visitor.new_page()
    public.goto(reverse("organisations:public", args=[world.riverside.slug]))
    public.get_by_role("link", name="Riverside", exact=False).last.click()
    expect(public.get_by_role("heading", level=1)).to_contain_text("Riverside")
    expect(public.locator("#concerns-heading")).to_be_visible()
    assert "A joke at the open day" not in public.content()
    assert_accessible(public, "the public accountability page, in Spanish")
    visitor.close()


def test_a_partner_follows_up_an_answered_concern_and_the_organisation_owes_an_answer_again(
        browser, live_server, world, as_person):
    from holdspace.concerns import services

    concern = services.concern_raise(organisation=world.riverside, partner=world.priya, partner_name="Women's Voice",
                                     title="Supervision for facilitators", text="Who supervises the facilitators?")
    services.concern_answer(concern=concern, actor=world.ada, text="A colleague from Harbour, once a month.")
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    as_person(world.priya, into=context)
    page = context.new_page()
    page.goto(reverse("concerns:concern", args=[world.riverside.slug, concern.pk]))
    expect(page.locator(".facts")).to_contain_text("Answered")
    page.get_by_role("button", name="Send the follow-up").click()
    expect(page.locator(".error-summary")).to_be_visible()  # nothing written yet
    page.get_by_label("Your words").fill("It has not started yet. When will it?")
    page.get_by_role("button", name="Send the follow-up").click()
    expect(page.locator("body")).to_contain_text("The organisation owes an answer again.")
    expect(page.locator(".facts")).to_contain_text("Waiting for an answer")
    expect(page.locator(".thread")).to_contain_text("It has not started yet. When will it?")
    assert_accessible(page, "a concern followed up")
    concern.refresh_from_db()
    assert concern.status == Concern.Status.WAITING
    context.close()
