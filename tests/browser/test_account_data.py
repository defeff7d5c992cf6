"""A man takes his data with him and deletes his account, in a real browser: from his settings, confirming it is
him, unlocking his key so his inventory is included, downloading the readable page and the data, then reading what
deleting his account does before he does it."""
import json
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from holdspace.accounts.models import User
from tests.browser.helpers import assert_accessible
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_man_downloads_everything_he_wrote_then_deletes_his_account(page, world, extra, as_person, tmp_path):
    mateo_id = world.mateo.pk
    as_person(world.mateo)
    page.goto(reverse("accounts:settings"))
    page.get_by_role("link", name="Download everything you wrote").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it is you")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your data")
    # His key is locked: his inventory would be left out, and he is offered to unlock it first.
    expect(page.get_by_role("main")).to_contain_text("Your key is locked, so your inventory is left out")
    assert_accessible(page, "your data, key locked")
    page.get_by_role("link", name="Unlock your key").first.click()  # each section that waits for it offers it
    page.locator("form").filter(has=page.locator("input[value=unlock]")).get_by_label(
        "Your account password").fill(PASSWORD)
    page.get_by_role("button", name="Unlock").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your data")
    expect(page.get_by_role("main")).not_to_contain_text("Your key is locked")
    assert_accessible(page, "your data")

    with page.expect_download() as readable:
        page.get_by_role("link", name="Download as a page to read (HTML)").click()
    assert readable.value.suggested_filename.endswith(".html")
    html = Path(readable.value.path()).read_text(encoding="utf-8")
    assert "What I did, and what it did." in html  # his inventory entry, opened with his key
    assert "The jokes I made at work" in html and "Let colleagues finish speaking." in html
    with page.expect_download() as data:
        page.get_by_role("link", name="Download as data (JSON)").click()
    assert data.value.suggested_filename.endswith(".json")
    sections = {section["key"]: section for section in json.loads(Path(data.value.path()).read_text())["sections"]}
    texts = [record["text"] for record in sections["inventory"]["parts"]["entries"]["records"]]
    assert texts == ["What I did, and what it did."]
    # The file reads on its own, from the disk, with nothing fetched: and it is accessible too.
    kept = tmp_path / readable.value.suggested_filename
    readable.value.save_as(kept)
    page.goto(kept.as_uri())
    expect(page.get_by_role("heading", level=1)).to_have_text("Your data on Holdspace")
    assert_accessible(page, "the downloaded page")

    page.goto(reverse("accounts:settings"))
    page.get_by_role("link", name="Delete your account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete your account")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Your story is deleted.")
    expect(main).to_contain_text("The published one comes down at once")
    expect(main).to_contain_text("Your inventory (1 entry) is deleted for good")
    expect(main).to_contain_text("Your place in 1 circle ends")
    expect(main).to_contain_text("Your roles in 1 organisation end: Riverside.")
    assert_accessible(page, "delete your account")
    page.get_by_role("button", name="Delete my account for good").click()  # nothing typed, nothing ticked
    expect(main).to_contain_text("Tick the box to delete your account for good.")
    assert User.objects.filter(pk=mateo_id).exists()
    assert_accessible(page, "delete your account, with errors")
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_label("Yes, delete my account and everything in it for good").check()
    page.get_by_role("button", name="Delete my account for good").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account is deleted")
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()  # signed out
    assert_accessible(page, "account deleted")
    assert not User.objects.filter(pk=mateo_id).exists()
