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


def test_drafting_with_members_comments_then_publishing_and_signing(browser, live_server, world, as_person):
    from datetime import timedelta

    from django.utils import timezone

    first_title = services.starter_clauses("en")[0][0]
    admin = browser.new_context(base_url=live_server.url, locale="en-GB")
    as_person(world.ada, sudo=True, into=admin)
    page = admin.new_page()
    page.goto(reverse("conduct:code", args=[world.riverside.slug]))
    page.get_by_role("link", name="Draft a new version").click()
    assert_accessible(page, "starting a draft")
    page.get_by_role("button", name="Start the draft").click()
    expect(page.locator("body")).to_contain_text("A draft is open.")
    clause_one = page.get_by_role("group", name="Clause 1")
    clause_one.get_by_label("What this clause asks").fill("Everyone here, the board included, keeps this code.")
    new_clause = page.get_by_role("group", name="A new clause")
    new_clause.get_by_label("Title").fill("Reviewing this code")
    new_clause.get_by_label("What this clause asks").fill("We read it together every year.")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.locator("body")).to_contain_text("The draft is saved.")
    expect(page.get_by_role("group", name="Clause 9").get_by_label("Title")).to_have_value("Reviewing this code")
    page.get_by_label("Members may comment until").fill((timezone.localdate() + timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Open for comments").click()
    expect(page.locator("body")).to_contain_text("Members can comment on the draft until")
    assert_accessible(page, "the draft, open for comments")

    member = browser.new_context(base_url=live_server.url, locale="en-GB")
    as_person(world.mateo, into=member)
    reader = member.new_page()
    reader.goto(reverse("conduct:code", args=[world.riverside.slug]))
    reader.get_by_role("link", name="A new draft is open for your comments").click()
    expect(reader.locator("body")).to_contain_text("Everyone here, the board included, keeps this code.")
    assert_accessible(reader, "the draft, for a member")
    reader.locator("#clause-1").get_by_label("Your comment").fill("Name who we go to when it is the board.")
    reader.get_by_role("button", name=f"Comment on “{first_title}”").click()
    expect(reader.locator("body")).to_contain_text("Your comment is with the draft.")
    expect(reader.locator("#clause-1")).to_contain_text("Name who we go to when it is the board.")

    page.reload()
    page.get_by_text("1 comment from members").click()
    expect(page.get_by_role("group", name="Clause 1")).to_contain_text("Name who we go to when it is the board.")
    page.get_by_label("What changed, and why").fill("The board is named, as the members asked.")
    page.get_by_role("button", name="Publish this version").click()
    expect(page.locator("body")).to_contain_text("Version 1 is in force.")

    reader.goto(reverse("site:dashboard"))
    reader.get_by_role("link", name="Riverside: version 1 of the code of conduct").click()
    expect(reader.locator("body")).to_contain_text("The board is named, as the members asked.")
    reader.get_by_role("button", name="I have read this code and sign it").click()
    expect(reader.locator("body")).to_contain_text("You signed version 1 of the code.")
    reader.get_by_role("link", name="Earlier versions and what changed").click()
    expect(reader.get_by_role("table")).to_contain_text("1 person")
    assert_accessible(reader, "the versions of the code")
    member.close()
    admin.close()


def test_a_member_organisation_signs_its_networks_code_and_a_version_shows_what_changed(
        browser, live_server, world, as_person):
    first = services.publish(draft=services.draft_start(organisation=world.network, actor=world.nadia,
                                                        language="en"), actor=world.nadia, change_note="First.")
    draft = services.draft_start(organisation=world.network, actor=world.nadia, language="en")
    clauses = [services.ClauseText(c.title, c.text, c.pk) for c in draft.clauses.all()]
    clauses[0] = services.ClauseText(clauses[0].title, "Leaders are held to this code first.", clauses[0].clause_id)
    services.clauses_save(draft=draft, actor=world.nadia, clauses=clauses)
    services.publish(draft=draft, actor=world.nadia, change_note="Leaders first.")
    assert first.number == 1

    admin = browser.new_context(base_url=live_server.url, locale="en-GB")
    as_person(world.ada, sudo=True, into=admin)
    page = admin.new_page()
    page.goto(reverse("site:dashboard"))
    page.get_by_role("link", name="Test Network's code of conduct, to sign on behalf of Riverside").click()
    assert_accessible(page, "our networks' codes")
    page.get_by_text("Read the code").click()
    expect(page.locator("body")).to_contain_text("Leaders are held to this code first.")
    page.get_by_role("button", name="Sign on behalf of Riverside").click()
    expect(page.locator("body")).to_contain_text("Riverside signed version 2 of Test Network's code.")
    expect(page.get_by_role("button", name="Sign on behalf of Riverside")).to_have_count(0)
    assert Signature.objects.get().on_behalf_of == world.riverside
    admin.close()

    network = browser.new_context(base_url=live_server.url, locale="en-GB")
    as_person(world.nadia, sudo=True, into=network)
    page = network.new_page()
    page.goto(reverse("conduct:versions", args=[world.network.slug]))
    expect(page.get_by_role("table")).to_contain_text("1 organisation")
    page.get_by_role("link", name="Version 2").click()
    expect(page.get_by_role("heading", name="What changed since version 1")).to_be_visible()
    expect(page.locator("pre.diff ins")).to_contain_text("Leaders are held to this code first.")
    assert_accessible(page, "a version and what changed")
    network.close()


def test_an_administrator_discards_a_draft_and_the_version_in_force_stays(browser, live_server, world, as_person):
    in_force = services.publish(draft=services.draft_start(organisation=world.riverside, actor=world.ada,
                                                           language="en"), actor=world.ada, change_note="First.")
    services.draft_start(organisation=world.riverside, actor=world.ada, language="en")
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    as_person(world.ada, sudo=True, into=context)
    page = context.new_page()
    page.goto(reverse("conduct:draft", args=[world.riverside.slug]))
    page.get_by_role("button", name="Discard this draft and its comments").click()
    expect(page.locator("body")).to_contain_text("The draft and its comments are discarded.")
    expect(page.get_by_role("button", name="Start the draft")).to_be_visible()
    assert services.draft_of(world.riverside) is None and services.in_force(world.riverside) == in_force
    context.close()
