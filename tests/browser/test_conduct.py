"""The code of conduct in a real browser: a member reads the version in force and signs it;
the administrator sees who has not signed yet."""
import pytest
from django.urls import reverse
from playwright.sync_api import expect

from holdspace.conduct import services
from holdspace.conduct.models import Signature
from tests.browser.helpers import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_member_signs_the_code_and_the_administrator_sees_who_has_not(browser, live_server, world, as_person):
    draft = services.draft_start(organisation=world.riverside, actor=world.ada, language="en")
    services.publish(draft=draft, actor=world.ada, change_note="Our first code, written with the members.")
    member = browser.new_context(base_url=live_server.url, locale="en-GB")
    as_person(world.mateo, into=member)
    page = member.new_page()
    page.goto(reverse("organisations:home", args=[world.riverside.slug]))
    page.get_by_role("link", name="Code of conduct").click()
    expect(page.get_by_role("heading", name=services.starter_clauses("en")[0][0])).to_be_visible()
    expect(page.locator("body")).to_contain_text("Our first code, written with the members.")
    assert_accessible(page, "the code, before signing")
    page.get_by_role("button", name="I have read this code and sign it").click()
    expect(page.locator("body")).to_contain_text("You signed version 1 of the code.")
    expect(page.get_by_role("button", name="I have read this code and sign it")).to_have_count(0)
    assert Signature.objects.get().person == world.mateo
    member.close()

    admin = browser.new_context(base_url=live_server.url, locale="en-GB")
    as_person(world.ada, sudo=True, into=admin)
    page = admin.new_page()
    page.goto(reverse("conduct:code", args=[world.riverside.slug]))
    expect(page.locator("body")).to_contain_text("1 of 7 people have signed this version.")
    not_yet = page.get_by_role("heading", name="Not signed yet").locator("xpath=following-sibling::ul[1]")
    expect(not_yet).to_contain_text("Ada")
    expect(not_yet).not_to_contain_text("Mateo")
    assert_accessible(page, "the code, for an administrator")
    admin.close()
