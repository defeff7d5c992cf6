"""Stories in a real browser: writing with the pre-checks, moderation both ways,
reading and "this helped me", search, and a take-down in two clicks."""
import re
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

from holdspace.stories.models import Story
from tests.stories_helpers import PARTS, published_story, waiting_story

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Axe()


def _accessible(page, what):
    violations = AXE.run(page).response["violations"]
    assert [(v["id"], [n["target"] for n in v["nodes"]][:2]) for v in violations] == [], what


def _fill_story(page, **changes):
    parts = {**PARTS, **changes}
    page.get_by_label("Title").fill(parts["title"])
    page.get_by_label("What I did").fill(parts["what_i_did"])
    page.get_by_label("What I understand now about its impact").fill(parts["what_i_understand"])
    page.get_by_label("What I have changed or am changing").fill(parts["what_i_changed"])


def test_a_man_without_an_account_writes_sees_the_flags_fixes_them_and_keeps_his_link(page, world):
    page.goto(reverse("stories:write"))
    _accessible(page, "the writing page")
    _fill_story(page, what_i_did="I kept texting Laura at Brightline Logistics after she said no. It was just a joke.")
    # With JavaScript the notes come while he writes; the button gives the same without it.
    flags = page.locator("#precheck")
    expect(flags).to_contain_text("A name", timeout=8_000)
    expect(flags).to_contain_text("A workplace")
    expect(flags).to_contain_text("Calling it a joke shrinks it")
    page.get_by_role("button", name="Check my story").click()
    expect(page.locator("#precheck")).to_contain_text("Other people in your story stay unnamed")
    expect(page.get_by_label("What I did")).to_have_value(re.compile("Brightline"))  # nothing lost
    _accessible(page, "the writing page with its notes")
    page.get_by_label("What I did").fill("I kept texting a colleague after she said no, for weeks, late at night.")
    page.get_by_role("button", name="Check my story").click()
    expect(page.locator("#precheck")).to_contain_text("found no names")
    # An empty part is refused with a clear message and the rest stays.
    page.get_by_label("What I have changed or am changing").fill("")
    page.get_by_role("button", name="Send to the moderators").click()
    expect(page.get_by_role("alert")).to_contain_text("Nothing you wrote is lost")
    expect(page.locator("body")).to_contain_text("Please write this part; every story has all three.")
    expect(page.get_by_label("What I did")).to_have_value(re.compile("for weeks, late at night"))
    page.get_by_label("What I have changed or am changing").fill(PARTS["what_i_changed"])
    page.get_by_role("button", name="Send to the moderators").click()
    expect(page.get_by_role("heading", name="Keep your private link")).to_be_visible()
    _accessible(page, "the private link page")
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
    _accessible(moses, "the moderation queue")
    moses.get_by_role("link", name=story.title).click()
    expect(moses.locator("body")).to_contain_text("A place")
    _accessible(moses, "a story under review")
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
    _accessible(mateo, "a returned story")
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
    _accessible(page, "the feed")
    expect(page.get_by_role("link", name="What the drinking hid")).to_be_visible()
    page.get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("link", name="Lo que aprendí tarde")).to_be_visible()
    expect(page.get_by_role("link", name="What the drinking hid")).to_have_count(0)
    page.get_by_role("link", name="Search", exact=True).click()
    page.get_by_label("Words to look for").fill("companera")  # without its accent
    page.get_by_role("button", name="Search").last.click()
    expect(page.get_by_role("link", name="Lo que aprendí tarde")).to_be_visible()
    _accessible(page, "search results")
    page.get_by_role("link", name="Lo que aprendí tarde").click()
    _accessible(page, "a story")
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
    _accessible(page, "the take-down page")
    page.get_by_role("button", name="Take it down now").click()  # second click
    expect(page.get_by_role("heading", name="The story is down")).to_be_visible()
    _accessible(page, "the take-down confirmation")
    response = page.goto(reverse("stories:story", args=[story.public_id]))
    assert response.status == 404
    page.goto(reverse("stories:feed"))
    expect(page.get_by_role("link", name=story.title)).to_have_count(0)
    story.refresh_from_db()
    assert story.status == Story.Status.WAITING and story.takedown_requests.count() == 1
