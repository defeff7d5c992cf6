"""Stories in a real browser: writing with the pre-checks, moderation both ways,
reading and "this helped me", search, and a take-down in two clicks."""
import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from holdspace.stories.models import Story
from tests.browser.helpers import assert_accessible
from tests.stories_helpers import PARTS, published_story, waiting_story

pytestmark = pytest.mark.django_db(transaction=True)


def _fill_story(page, **changes):
    parts = {**PARTS, **changes}
    page.get_by_label("Title").fill(parts["title"])
    page.get_by_label("What I did").fill(parts["what_i_did"])
    page.get_by_label("What I understand now about its impact").fill(parts["what_i_understand"])
    page.get_by_label("What I have changed or am changing").fill(parts["what_i_changed"])


def test_a_man_without_an_account_writes_sees_the_flags_fixes_them_and_keeps_his_link(page, world):
    page.goto(reverse("stories:write"))
    assert_accessible(page, "the writing page")
    _fill_story(page, what_i_did="I kept texting Laura at Brightline Logistics after she said no. It was just a joke.")
    # With JavaScript the notes come while he writes; the button gives the same without it.
    flags = page.locator("#precheck")
    expect(flags).to_contain_text("A name", timeout=8_000)
    expect(flags).to_contain_text("A workplace")
    expect(flags).to_contain_text("Calling it a joke shrinks it")
    page.get_by_role("button", name="Check my story").click()
    expect(page.locator("#precheck")).to_contain_text("Other people in your story stay unnamed")
    expect(page.get_by_label("What I did")).to_have_value(re.compile("Brightline"))  # nothing lost
    assert_accessible(page, "the writing page with its notes")
    page.get_by_label("What I did").fill("I kept texting a colleague after she said no, for weeks, late at night.")
    page.get_by_role("button", name="Check my story").click()
    expect(page.locator("#precheck")).to_contain_text("found no names")
    # An empty part is refused with a clear message and the rest stays.
    page.get_by_label("What I have changed or am changing").fill("")
    page.get_by_role("button", name="Send to the moderators").click()
    expect(page.get_by_role("alert")).to_contain_text("Please check what you entered")
    expect(page.locator("body")).to_contain_text("Please write this part; every story has all three.")
    expect(page.get_by_label("What I did")).to_have_value(re.compile("for weeks, late at night"))
    page.get_by_label("What I have changed or am changing").fill(PARTS["what_i_changed"])
    page.get_by_role("button", name="Send to the moderators").click()
    expect(page.get_by_role("heading", name="Keep your private link")).to_be_visible()
    assert_accessible(page, "the private link page")
    link = page.get_by_label("Your private link").input_value()
    story = Story.objects.get()
    assert story.status == Story.Status.WAITING and "/stories/private/" in link
    # Later, in another browser: the link opens his story, and then leaves the address bar.
    other = page.context.browser.new_context(base_url=page.url.split("/stories/")[0])
    later = other.new_page()
    later.goto(urlsplit(link).path)  # the link carries the configured site address
    assert "/private/" not in later.url
    expect(later.locator("body")).to_contain_text("Waiting for a moderator")
    other.close()


def test_a_moderator_returns_a_story_the_writer_fixes_it_and_the_moderator_publishes_it(browser, live_server, world,
                                                                                          as_person):
    story, _ = waiting_story(author=world.mateo, what_i_did="It happened at the Blue Anchor pub in Leeds, "
                                                              "where I grabbed her arm and would not let go.")
    moses_context = browser.new_context(base_url=live_server.url, locale="en-GB")
    as_person(world.moses, into=moses_context)
    moses = moses_context.new_page()
    moses.goto(reverse("stories:queue"))
    assert_accessible(moses, "the moderation queue")
    moses.get_by_role("link", name=story.title).click()
    expect(moses.locator("body")).to_contain_text("A place")
    assert_accessible(moses, "a story under review")
    moses.get_by_label("Returned with a note").check()
    moses.get_by_role("button", name="Save the decision").click()
    expect(moses.locator("body")).to_contain_text("Please write a note")
    moses.get_by_label("Note to the writer").fill("Please leave out the pub and the town.")
    moses.get_by_role("button", name="Save the decision").click()
    expect(moses.locator("body")).to_contain_text("Nothing is waiting")

    mateo_context = browser.new_context(base_url=live_server.url, locale="en-GB")
    as_person(world.mateo, into=mateo_context)
    mateo = mateo_context.new_page()
    mateo.goto(reverse("stories:mine"))
    mateo.get_by_role("link", name=story.title).click()
    expect(mateo.locator("body")).to_contain_text("Please leave out the pub and the town.")
    assert_accessible(mateo, "a returned story")
    mateo.get_by_label("What I did").fill("It happened at a pub, where I grabbed her arm and would not let go.")
    mateo.get_by_role("button", name="Send to the moderators").click()
    expect(mateo.locator("body")).to_contain_text("Your story is with the moderators")

    moses.goto(reverse("stories:review", args=[story.public_id]))
    expect(moses.locator("body")).to_contain_text("found no names")
    moses.get_by_label("Approved").check()
    moses.get_by_role("button", name="Save the decision").click()
    mateo.reload()
    expect(mateo.locator("body")).to_contain_text("Published")
    moses_context.close()
    mateo_context.close()


def test_a_moderator_rejects_a_story_with_a_reason_the_writer_reads(browser, live_server, world, as_person):
    story, _ = waiting_story(author=world.mateo)
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    as_person(world.moses, into=context)
    moses = context.new_page()
    moses.goto(reverse("stories:review", args=[story.public_id]))
    moses.get_by_label("Rejected").check()
    moses.get_by_label("Note to the writer").fill("This describes someone others could recognise.")
    moses.get_by_role("button", name="Save the decision").click()
    context.close()
    mateo_context = browser.new_context(base_url=live_server.url, locale="en-GB")
    as_person(world.mateo, into=mateo_context)
    mateo = mateo_context.new_page()
    mateo.goto(reverse("stories:yours", args=[story.public_id]))
    expect(mateo.get_by_role("heading", name="Why it was not published")).to_be_visible()
    expect(mateo.locator("body")).to_contain_text("This describes someone others could recognise.")
    mateo_context.close()


def test_a_reader_browses_filters_searches_and_says_a_story_helped(page, world):
    published_story(world, title="What the drinking hid", themes=["alcohol"],
                    what_i_did="After a few drinks I would go quiet, then cruel, and she learned to leave the room.")
    spanish, _ = published_story(world, title="Lo que aprendí tarde", language="es", themes=["work"],
                                 what_i_did="Durante años hice comentarios sobre el cuerpo de una compañera delante "
                                            "del equipo y me reía cuando me pedía que parara.")
    page.goto(reverse("stories:feed"))
    assert_accessible(page, "the feed")
    expect(page.get_by_role("link", name="What the drinking hid")).to_be_visible()
    page.get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("link", name="Lo que aprendí tarde")).to_be_visible()
    expect(page.get_by_role("link", name="What the drinking hid")).to_have_count(0)
    page.get_by_role("link", name="Search", exact=True).click()
    page.get_by_label("Words to look for").fill("companera")  # without its accent
    page.get_by_role("button", name="Search").last.click()
    expect(page.get_by_role("link", name="Lo que aprendí tarde")).to_be_visible()
    assert_accessible(page, "search results")
    page.get_by_role("link", name="Lo que aprendí tarde").click()
    assert_accessible(page, "a story")
    expect(page.get_by_label("Copy this text to share the story:")).to_have_value(re.compile("#ImperfectMen"))
    page.get_by_role("button", name="This helped me").click()
    expect(page.locator("body")).to_contain_text("1 reader said this story helped.")
    expect(page.locator("body")).to_contain_text("You said this story helped you.")
    page.reload()
    expect(page.get_by_role("button", name="This helped me")).to_have_count(0)  # no second click to give
    spanish.refresh_from_db()
    assert spanish.helped_count == 1


def test_anyone_takes_a_story_down_in_two_clicks(page, world):
    story, _ = published_story(world, author=world.mateo)
    page.goto(reverse("stories:story", args=[story.public_id]))
    page.get_by_role("link", name="Ask to take this story down").click()  # first click
    assert_accessible(page, "the take-down page")
    page.get_by_role("button", name="Take it down now").click()  # second click
    expect(page.get_by_role("heading", name="The story is down")).to_be_visible()
    assert_accessible(page, "the take-down confirmation")
    response = page.goto(reverse("stories:story", args=[story.public_id]))
    assert response.status == 404
    page.goto(reverse("stories:feed"))
    expect(page.get_by_role("link", name=story.title)).to_have_count(0)
    story.refresh_from_db()
    assert story.status == Story.Status.WAITING and story.takedown_requests.count() == 1


def test_a_writer_comes_back_by_pasting_his_link_takes_his_story_back_and_deletes_it(page, world):
    story, secret = waiting_story()
    page.goto(reverse("stories:feed"))
    page.get_by_role("link", name="Back to your story").click()
    assert_accessible(page, "back to your story")
    page.get_by_label("Your private link").fill("https://holdspace.example/stories/private/not-it/")
    page.get_by_role("button", name="Open my story").click()
    expect(page.locator("body")).to_contain_text("This link does not open a story")
    page.get_by_label("Your private link").fill(f"https://holdspace.example/stories/private/{secret}/")
    page.get_by_role("button", name="Open my story").click()
    expect(page.locator("body")).to_contain_text("Waiting for a moderator")
    assert "/private/" not in page.url
    page.get_by_role("button", name="Take it back to change it").click()
    expect(page.locator("body")).to_contain_text("Your story is a draft again")
    expect(page.get_by_label("What I did")).to_have_value(PARTS["what_i_did"])
    page.get_by_role("button", name="Delete").click()  # without the box ticked, nothing is deleted
    expect(page.locator("body")).to_contain_text("Please tick the box")
    assert Story.objects.filter(pk=story.pk).exists()
    page.get_by_label("Delete this story for good, wherever it is now.").check()
    page.get_by_role("button", name="Delete").click()
    expect(page.locator("body")).to_contain_text("Your story is deleted")
    assert not Story.objects.filter(pk=story.pk).exists()
