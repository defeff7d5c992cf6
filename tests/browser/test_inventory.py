"""A man keeps his own inventory in a real browser: sets up his key on the way, writes against a
prompt, finds it again by a word and a tag, and deletes it for good."""
import pytest
from django.urls import reverse
from playwright.sync_api import expect

from holdspace.inventory.models import Entry
from tests.browser.helpers import assert_accessible, key_set_up
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_man_sets_up_his_key_writes_against_a_prompt_finds_it_and_deletes_it(page, world, as_person):
    as_person(world.mateo)
    page.goto(reverse("site:dashboard"))
    page.get_by_role("link", name="Your inventory").click()
    # No key yet: the key page first, and back to the inventory once it is made.
    expect(page.get_by_role("heading", level=1)).to_have_text("Your key")
    key_set_up(page, password=PASSWORD)
    page.get_by_role("link", name="I have kept it: continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your inventory")
    assert_accessible(page, "inventory, empty")
    page.get_by_role("link", name="Write an entry").click()
    page.get_by_role("link", name="One harm, told honestly").click()
    expect(page.get_by_role("main")).to_contain_text("Who it affected, and how.")
    page.get_by_label("A title for yourself").fill("The party")
    page.get_by_role("button", name="Save").click()  # nothing written yet: the title stays
    expect(page.get_by_role("main")).to_contain_text("Write something first: a line is enough.")
    expect(page.get_by_label("A title for yourself")).to_have_value("The party")
    assert_accessible(page, "inventory entry with an error")
    page.get_by_label("What you want to write").fill("I kept asking her to stay after she said no.")
    page.get_by_label("Tags").fill("friends, no")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Saved. Only you can read it.")
    assert_accessible(page, "inventory entry")
    page.get_by_role("link", name="Your inventory").first.click()
    page.get_by_label("Words").fill("asking")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="1 entry found")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="no (1)").click()
    assert "no" not in page.url.split("/inventory/", 1)[1]  # what he looked for stays out of the address
    page.get_by_role("link", name="The party").click()
    page.get_by_role("button", name="Delete for good").click()  # not ticked: still there
    expect(page.get_by_role("main")).to_contain_text("Tick the box to delete it for good.")
    page.get_by_label("Yes, delete this entry for good").check()
    page.get_by_role("button", name="Delete for good").click()
    expect(page.get_by_role("status")).to_contain_text("The entry is deleted for good.")
    assert not Entry.objects.exists()


def test_signing_in_with_his_password_opens_his_inventory_without_the_key_page(page, world):
    from holdspace.inventory.entries import entry_write
    from holdspace.keys.services import personal_key_create

    made = personal_key_create(world.mateo, password=PASSWORD)
    entry_write(owner=world.mateo, private_key=made.private_key, prompt="", title="Before the holidays",
                text="What I said at dinner.", tags="")
    page.goto(reverse("inventory:entries"))  # signed out: the sign-in page, then back here
    page.get_by_label("Email address").fill("mateo@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your inventory")
    expect(page.get_by_role("link", name="Before the holidays")).to_be_visible()
