"""A man makes an amends plan from an entry in a real browser: a mistake keeps what he typed, he answers that
reaching out could harm the person, is told why his plan cannot be marked as reached out, chooses living
amends instead, and reads its history."""
import pytest
from django.urls import reverse
from playwright.sync_api import expect

from holdspace.inventory.entries import entry_write
from holdspace.inventory.models import AmendsPlan
from holdspace.keys.services import personal_key_create, personal_key_unlock
from tests.browser.helpers import assert_accessible
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_man_makes_a_plan_from_an_entry_is_told_why_not_to_reach_out_and_chooses_living_amends(page, world,
                                                                                                 as_person):
    personal_key_create(world.mateo, password=PASSWORD)
    entry = entry_write(owner=world.mateo, private_key=personal_key_unlock(world.mateo, password=PASSWORD),
                        prompt="", title="The meeting", text="I talked over her again and took her idea as mine.",
                        tags="")
    as_person(world.mateo, case_key=True)
    page.goto(reverse("inventory:entry", args=[entry.pk]))
    page.get_by_role("link", name="Make an amends plan from this").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Start an amends plan")
    expect(page.get_by_label("What happened")).to_have_value("I talked over her again and took her idea as mine.")
    expect(page.get_by_role("main")).to_contain_text("From your entry: The meeting")
    assert_accessible(page, "new amends plan")
    # Nobody named yet: the page says so and keeps everything else he wrote.
    page.get_by_label("Its impact on them").fill("She stopped speaking in meetings.")
    harm = page.get_by_role("group", name="Could reaching out harm them or bring the harm back?")
    expect(harm.get_by_role("radio")).to_have_count(3)
    for radio in page.get_by_role("radio").all():
        expect(radio).not_to_be_checked()  # no answer is chosen for him
    harm.get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("main")).to_contain_text("Say who was harmed: initials or a few words about them are "
                                                     "enough.")
    expect(page.get_by_label("Its impact on them")).to_have_value("She stopped speaking in meetings.")
    expect(harm.get_by_label("Yes", exact=True)).to_be_checked()
    assert_accessible(page, "new amends plan with an error")
    page.get_by_label("Who was harmed").fill("R., a colleague")
    page.get_by_label("What repair could look like").fill("Credit her work in the open; let her finish.")
    page.get_by_role("group", name="Have they said they want to hear from you?").get_by_label(
        "They have not said").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Your plan is saved. Only you can read it.")
    expect(page.get_by_role("heading", name="Their safety comes first: do not reach out")).to_be_visible()
    expect(page.get_by_role("link", name="The meeting")).to_be_visible()
    assert_accessible(page, "amends plan, contact not safe")
    # He tries to mark that he reached out: refused, kindly, with why, and his note stays.
    page.get_by_label("Amends made: I reached out to them").check()
    page.get_by_label("A note for its history").fill("I wanted to say sorry to her face.")
    page.get_by_role("button", name="Save where it stands").click()
    expect(page.get_by_role("main")).to_contain_text("Their safety comes first, so this plan is not marked as "
                                                     "reached out.")
    expect(page.get_by_label("A note for its history")).to_have_value("I wanted to say sorry to her face.")
    assert_accessible(page, "amends plan, reaching out refused")
    page.get_by_label("Living amends: changing how I act, without contacting them").check()
    page.get_by_label("A note for its history").fill("I credit her ideas in the meeting, every time.")
    page.get_by_role("button", name="Save where it stands").click()
    expect(page.get_by_role("status")).to_contain_text("Saved in the plan's history.")
    history = page.locator("ol.thread > li")
    expect(history).to_have_count(2)
    expect(history.first).to_contain_text("Living amends")
    expect(history.first).to_contain_text("I credit her ideas in the meeting, every time.")
    expect(history.last).to_contain_text("Started: Considering")
    page.get_by_role("link", name="Change this plan").click()
    expect(page.get_by_label("Who was harmed")).to_have_value("R., a colleague")
    assert_accessible(page, "changing an amends plan")
    page.get_by_role("link", name="Your amends plans").first.click()
    card = page.locator(".circle-card").filter(has_text="R., a colleague")
    expect(card).to_contain_text("Living amends")
    assert_accessible(page, "amends plans")
    page.goto(reverse("inventory:entry", args=[entry.pk]))
    expect(page.get_by_role("link", name="R., a colleague")).to_be_visible()
    assert AmendsPlan.objects.count() == 1
