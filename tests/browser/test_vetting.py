"""Membership vetting in a real browser: Rosa applies to join the network with one reference, the referee
answers through the link in her mail (with JavaScript off), Nadia reviews, notes and accepts with a reason,
and Rosa reads the decision."""
import re

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from holdspace.organisations.models import Membership, Role
from holdspace.vetting.models import Application, Reference
from tests.browser.helpers import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_application_with_a_reference_is_reviewed_and_accepted(browser, live_server, world, as_person):
    applicant = browser.new_context(base_url=live_server.url, locale="en-GB")
    as_person(world.rosa, into=applicant)
    page = applicant.new_page()
    page.goto(reverse("organisations:public", args=[world.network.slug]))
    assert_accessible(page, "the network's public page")
    page.get_by_role("link", name="Apply to join this network").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Apply to join Test Network")
    assert_accessible(page, "the application form")
    expect(page.get_by_label("Myself (Rosa)")).to_be_checked()
    page.get_by_label("Why do you want to join this network?").fill("To learn with others how to be accountable.")
    page.get_by_role("group", name=re.compile("open allegation")).get_by_label("No").check()
    # Forgetting a question and the reference keeps what was typed, and says what is missing.
    page.get_by_role("button", name="Send my application").click()
    expect(page.get_by_role("alert")).to_contain_text("Please check what you entered")
    expect(page.get_by_label("Why do you want to join this network?")).to_have_value(
        "To learn with others how to be accountable.")
    expect(page.get_by_role("group", name=re.compile("open allegation")).get_by_label("No")).to_be_checked()
    expect(page.locator("main")).to_contain_text("Please answer the question about other networks.")
    assert_accessible(page, "the application form with errors")
    page.get_by_role("group", name=re.compile("asked to leave")).get_by_label("No").check()
    reference = page.get_by_role("group", name="Reference 1 (required)")
    reference.get_by_label("Women's rights organisation").fill("Women's Voices")
    reference.get_by_label("Contact person's name").fill("Lena")
    reference.get_by_label("Contact person's email").fill("lena@example.org")
    page.get_by_role("button", name="Send my application").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your applications")
    expect(page.locator("main")).to_contain_text("Waiting for a decision")
    assert_accessible(page, "the applicant's applications")

    (request,) = [message for message in mail.outbox if message.to == ["lena@example.org"]]
    assert "To learn with others" not in request.body  # nothing of the application in the mail
    link = re.search(r"https?://\S+/references/\S+/", request.body).group(0)
    # The referee has no account and no JavaScript.
    referee = browser.new_context(base_url=live_server.url, locale="en-GB", java_script_enabled=False)
    reader = referee.new_page()
    reader.goto("/" + link.split("://", 1)[1].split("/", 1)[1])
    expect(reader.get_by_role("heading", level=1)).to_have_text("A reference for Rosa")
    expect(reader.locator("main")).to_contain_text("Rosa applied to join Test Network")
    reader.get_by_label("How do you know the applicant?").fill("We ran a campaign together for two years.")
    reader.get_by_label("Yes, with reservations").check()
    reader.get_by_label("Comments").fill("Listens well; still learning to share power.")
    reader.get_by_label("Your name").fill("Lena Ortiz")
    reader.get_by_role("button", name="Send my reference").click()
    expect(reader.get_by_role("heading", level=1)).to_have_text("Thank you")
    assert Reference.objects.get().status == Reference.Status.ANSWERED
    referee.close()

    reviewer = browser.new_context(base_url=live_server.url, locale="en-GB")
    as_person(world.nadia, sudo=True, into=reviewer)
    review = reviewer.new_page()
    review.goto(reverse("organisations:home", args=[world.network.slug]))
    review.get_by_role("link", name="Applications to join").click()
    expect(review.get_by_role("row", name=re.compile("Rosa"))).to_contain_text("1 of 1 answered")
    assert_accessible(review, "the reviewers' list")
    review.get_by_role("link", name="Rosa").click()
    expect(review.get_by_role("heading", level=1)).to_have_text("Application from Rosa")
    expect(review.locator("main")).to_contain_text("Yes, with reservations")
    expect(review.locator("main")).to_contain_text("Listens well; still learning to share power.")
    assert_accessible(review, "an application, for a reviewer")
    review.get_by_label("Your note").fill("A frank reference; the reservations are about sharing power.")
    review.get_by_role("button", name="Add my note").click()
    expect(review.get_by_role("status")).to_contain_text("Your note is added.")
    expect(review.locator(".thread")).to_contain_text("Nadia")
    expect(review.locator("main")).to_contain_text("cannot be changed")
    review.get_by_label("Accept: welcome them into the network").check()
    review.get_by_label("The reason for the decision").fill("A clear commitment, and a partner who vouches for her.")
    review.get_by_role("button", name="Send the decision").click()
    expect(review.get_by_role("status")).to_contain_text("The decision is recorded.")
    expect(review.get_by_role("button", name="Send the decision")).to_have_count(0)
    assert_accessible(review, "a decided application, for a reviewer")
    assert Application.objects.get().status == Application.Status.ACCEPTED
    assert Membership.objects.filter(user=world.rosa, organisation=world.network, role=Role.MEMBER).exists()
    reviewer.close()

    (told,) = [message for message in mail.outbox if message.to == ["rosa@example.org"]]
    assert "A clear commitment" not in told.body
    page.goto(reverse("site:dashboard"))
    page.get_by_role("link", name="Your applications").click()
    expect(page.locator("main")).to_contain_text("Accepted")
    expect(page.locator("main")).to_contain_text("A clear commitment, and a partner who vouches for her.")
    assert_accessible(page, "the applicant reads the decision")
    applicant.close()


def test_a_conflicted_reviewer_sees_only_that_he_declared_it(browser, live_server, world, as_person, extra):
    reviewer = browser.new_context(base_url=live_server.url, locale="en-GB")
    as_person(world.nadia, sudo=True, into=reviewer)
    page = reviewer.new_page()
    page.goto(reverse("vetting:review", args=[world.network.slug, extra["application"].pk]))
    page.get_by_label("Why you have a conflict of interest").fill("Rosa and I worked together last year.")
    page.get_by_role("button", name="Declare a conflict of interest").click()
    expect(page.get_by_role("status")).to_contain_text("You no longer see this application")
    expect(page.get_by_role("row", name=re.compile("Rosa"))).to_contain_text("You are excluded from this review.")
    page.get_by_role("link", name="Rosa").click()
    expect(page.locator("main")).to_contain_text("You declared a conflict of interest")
    expect(page.locator("main")).not_to_contain_text("To learn with the network's members.")
    expect(page.get_by_role("button", name="Send the decision")).to_have_count(0)
    assert_accessible(page, "an application, for a reviewer with a conflict")
    reviewer.close()


def test_a_reviewer_whose_confirmation_ran_out_keeps_her_reason_and_sends_a_fresh_link(
        browser, live_server, world, as_person, extra):
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp.oath import TOTP
    from holdspace.accounts.models import Authenticator

    from tests.conftest import PASSWORD

    reviewer = browser.new_context(base_url=live_server.url, locale="en-GB")
    as_person(world.nadia, sudo=True, into=reviewer)
    page = reviewer.new_page()
    page.goto(reverse("vetting:review", args=[world.network.slug, extra["application"].pk]))
    # Lena has not answered: Nadia sends her a new link.
    asked_before = len([message for message in mail.outbox if message.to == ["lena@example.org"]])
    page.get_by_role("button", name="Send Lena a new link").click()
    expect(page.get_by_role("status")).to_contain_text("A new link was sent to Lena at Women's Voices.")
    to_lena = [message for message in mail.outbox if message.to == ["lena@example.org"]]
    assert len(to_lena) == asked_before + 1 and "This is a new link" in to_lena[-1].body
    reason = "We read the references and talked it over at length; welcome to the network."
    page.get_by_label("Accept: welcome them into the network").check()
    page.get_by_label("The reason for the decision").fill(reason)
    # Lena has not answered yet: a decision without a reference says why.
    page.get_by_label("Why you decide without a reference").fill("We have worked with Rosa for years.")
    # Her confirmation runs out while she writes.
    session = SessionStore(session_key=next(c["value"] for c in reviewer.cookies() if c["name"] == "sessionid"))
    session["hs_sudo_until"] = 0
    session.save()
    page.get_by_role("button", name="Send the decision").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it is you")
    assert Application.objects.get().status == Application.Status.WAITING
    device = Authenticator.objects.get(user=world.nadia)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Code from your authenticator app").fill(
        f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Application from Rosa")
    expect(page.get_by_role("status")).to_contain_text("Your confirmation had run out, so nothing was sent.")
    expect(page.get_by_label("The reason for the decision")).to_have_value(reason)
    expect(page.get_by_label("Accept: welcome them into the network")).to_be_checked()
    expect(page.get_by_label("Why you decide without a reference")).to_have_value("We have worked with Rosa for years.")
    assert_accessible(page, "an application given back after confirming again")
    page.get_by_role("button", name="Send the decision").click()
    expect(page.get_by_role("status")).to_contain_text("The decision is recorded.")
    assert Application.objects.get().decision_reason == reason
    reviewer.close()


def test_an_applicant_withdraws_an_application_still_waiting(browser, live_server, world, as_person):
    from holdspace.vetting import services

    services.application_submit(
        network=world.network, applicant=world.rosa, motivation="To learn with others.", code_number=None,
        declarations=services.Declarations(leadership_allegation=False, asked_to_leave=False),
        referees=[services.Referee("Women's Voices", "Lena", "lena@example.org")])
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    as_person(world.rosa, into=context)
    page = context.new_page()
    page.goto(reverse("vetting:mine"))
    expect(page.locator(".tag")).to_have_text("Waiting for a decision")
    assert_accessible(page, "the applicant's list, waiting")
    page.get_by_role("button", name="Withdraw this application").click()
    expect(page.locator("body")).to_contain_text("Your application is withdrawn.")
    expect(page.locator(".tag")).to_have_text("Withdrawn")
    expect(page.get_by_role("button", name="Withdraw this application")).to_have_count(0)
    assert Application.objects.get().status == Application.Status.WITHDRAWN
    context.close()
