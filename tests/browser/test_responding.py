"""The respondent's side in a real browser: told before he had a key, he makes one and reads what he was told at
once, with the code from his email; no handler comes back in between. (The pages carry no script of their own;
axe needs scripts, so this runs with JavaScript on.)"""
import re

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from holdspace.reports import handling
from holdspace.reports.models import Case
from tests.browser.helpers import assert_accessible
from tests.conftest import PASSWORD
from tests.reports_helpers import handler_keys, submit

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_newly_told_respondent_makes_his_key_and_reads_what_he_was_told_at_once(context, world, as_person):
    keys = handler_keys(world, "hana")
    case, _ = submit(world, pathway="formal")
    key = handling.data_key_open(case, user=world.hana, private_key=keys["hana"])
    handling.respondent_link(case, actor=world.hana, respondent=world.rick)
    notice = "You are told that a report about a meeting in March is being looked into. You may respond here."
    handling.respondent_notify(case, actor=world.hana, data_key=key, notice=notice)
    [email] = mail.outbox
    code = re.search(r"^ {4}([a-z0-9-]{47})$", email.body, flags=re.M).group(1)

    as_person(world.rick)
    page = context.new_page()
    page.goto(reverse("reports:responding"))
    page.get_by_role("link", name=re.compile(world.riverside.name)).click()
    expect(page.get_by_text("then type the one-time code from the email")).to_be_visible()
    page.get_by_role("link", name="Unlock or set up my key").click()

    expect(page.get_by_role("heading", name="Your key to what you are told")).to_be_visible()
    expect(page.get_by_text("you need a key of your own")).to_be_visible()
    expect(page.get_by_text("Before you can read reports")).to_have_count(0)  # not the handlers' words
    assert_accessible(page, "the respondent's key page")
    page.get_by_label("Your account password").fill(PASSWORD)
    page.get_by_role("button", name="Set up my key").click()
    page.get_by_role("link", name="I have kept it: continue").click()

    page.get_by_label("The code from the email").fill(code.upper())
    assert_accessible(page, "the respondent's page, asking for his code")
    page.get_by_role("button", name="Open what I was told").click()
    expect(page.get_by_role("status")).to_contain_text("What you have been told is open to your key.")
    expect(page.locator(".thread")).to_contain_text(notice)
    expect(page.get_by_role("heading", name="Write to the handlers")).to_be_visible()
    assert_accessible(page, "the respondent's page, open")
    assert Case.objects.get(pk=case.pk).respondent_sealed is not None
