"""A network's vetting after joining, in a real browser: the network sets a schedule and asks a member that is
due to be vetted again, the member's administrator answers, and a reviewer renews it; and the network's list of
women's rights organisations, against which an applicant's referees are checked."""
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from holdspace.organisations.models import NetworkMembership
from holdspace.vetting.models import Application, Reference
from tests.browser.helpers import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_network_vets_a_member_again_the_member_answers_and_a_reviewer_renews_it(
        browser, live_server, world, as_person):
    # Riverside joined two years ago; Harbour a month ago.
    NetworkMembership.objects.filter(organisation=world.riverside).update(
        joined_at=timezone.now() - timedelta(days=730))
    network = browser.new_context(base_url=live_server.url, locale="en-GB")
    as_person(world.nadia, sudo=True, into=network)
    reviewer = network.new_page()
    reviewer.goto(reverse("vetting:schedule", args=[world.network.slug]))
    assert_accessible(reviewer, "the schedule of vetting members again")
    reviewer.get_by_label("Vet each member again every so many months").fill("12")
    reviewer.get_by_role("button", name="Save the schedule").click()
    expect(reviewer.get_by_role("status")).to_contain_text("The schedule is saved.")
    due = reviewer.locator("#due-title + ul")
    expect(due).to_contain_text("Riverside: due since")
    expect(due).not_to_contain_text("Harbour")
    assert_accessible(reviewer, "the reviewers' list with a member due")
    reviewer.get_by_role("button", name="Ask Riverside to be vetted again").click()
    expect(reviewer.get_by_role("status")).to_contain_text("Riverside")
    expect(reviewer.get_by_role("row", name=re.compile("Riverside"))).to_contain_text("Waiting for the member's answer")

    member = browser.new_context(base_url=live_server.url, locale="en-GB")
    as_person(world.ada, into=member)
    page = member.new_page()
    page.goto(reverse("vetting:mine"))
    page.get_by_role("link", name=re.compile("Test Network asks Riverside to answer by")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vetted again by Test Network")
    assert_accessible(page, "a member's renewal to answer")
    page.get_by_label("What has changed since your organisation was last vetted?").fill(
        "We named a safeguarding lead and wrote a complaints policy with our partners.")
    page.get_by_role("group", name=re.compile("open allegation")).get_by_label("No").check()
    page.get_by_role("group", name=re.compile("asked to leave")).get_by_label("No").check()
    page.get_by_role("button", name="Send our answer").click()
    expect(page.get_by_role("status")).to_contain_text("Your answer is sent.")
    expect(page.locator("main")).to_contain_text("Waiting for a decision")

    reviewer.get_by_role("link", name="Riverside").click()
    expect(reviewer.locator("main")).to_contain_text("We named a safeguarding lead")
    assert_accessible(reviewer, "an answered renewal, for a reviewer")
    reviewer.get_by_label("Renew: they stay a member in good standing").check()
    reviewer.get_by_label("The reason for the decision").fill("A lead and a policy, made with your partners.")
    reviewer.get_by_label("Why you decide without a reference").fill("We know their partners' view already.")
    reviewer.get_by_role("button", name="Send the decision").click()
    expect(reviewer.get_by_role("status")).to_contain_text("The decision is recorded.")
    expect(reviewer.locator("main .tag").first).to_have_text("Renewed")
    network.close()

    page.reload()
    expect(page.locator("main")).to_contain_text("Renewed")
    expect(page.locator("main")).to_contain_text("A lead and a policy, made with your partners.")
    member.close()
    renewal = Application.objects.get(kind=Application.Kind.RENEWAL)
    assert (renewal.organisation, renewal.applicant, renewal.status) == (world.riverside, world.ada,
                                                                         Application.Status.ACCEPTED)


def test_the_network_lists_a_womens_rights_organisation_and_an_applicants_referee_is_checked_against_it(
        browser, live_server, world, as_person):
    network = browser.new_context(base_url=live_server.url, locale="en-GB")
    as_person(world.nadia, sudo=True, into=network)
    reviewer = network.new_page()
    reviewer.goto(reverse("vetting:referees", args=[world.network.slug]))
    expect(reviewer.locator("main")).to_contain_text("The list is empty.")
    assert_accessible(reviewer, "the empty list of women's rights organisations")
    reviewer.get_by_label("Name of the organisation").fill("Casa de la Mujer")
    reviewer.get_by_label("Country").fill("Nicaragua")
    reviewer.get_by_label("City").fill("León")
    reviewer.get_by_role("button", name="Add to the list").click()
    expect(reviewer.get_by_role("status")).to_contain_text("Casa de la Mujer is on the list.")
    expect(reviewer.get_by_role("row", name=re.compile("Casa de la Mujer"))).to_contain_text("León, Nicaragua")
    assert_accessible(reviewer, "the list with one organisation")

    applicant = browser.new_context(base_url=live_server.url, locale="en-GB")
    as_person(world.rosa, into=applicant)
    page = applicant.new_page()
    page.goto(reverse("vetting:apply", args=[world.network.slug]))
    # The list is offered as she types a referee's organisation.
    expect(page.locator("datalist#referee-organisations option")).to_have_attribute("value", "Casa de la Mujer")
    page.get_by_label("Why do you want to join this network?").fill("To learn with others how to be accountable.")
    page.get_by_role("group", name=re.compile("open allegation")).get_by_label("No").check()
    page.get_by_role("group", name=re.compile("asked to leave")).get_by_label("No").check()
    for legend, (organisation, name, email) in {
            "Reference 1 (required)": ("casa de la  mujer", "Ana", "ana@example.org"),
            "Reference 2 (optional)": ("Friends of the Park", "Lou", "lou@example.org")}.items():
        reference = page.get_by_role("group", name=legend)
        reference.get_by_label("Women's rights organisation").fill(organisation)
        reference.get_by_label("Contact person's name").fill(name)
        reference.get_by_label("Contact person's email").fill(email)
    page.get_by_role("button", name="Send my application").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your applications")
    applicant.close()

    application = Application.objects.get(applicant=world.rosa)
    reviewer.goto(reverse("vetting:review", args=[world.network.slug, application.pk]))
    listed = reviewer.locator(".panel", has=reviewer.get_by_role("heading", name="Casa de la Mujer"))
    off_list = reviewer.locator(".panel", has=reviewer.get_by_role("heading", name="Friends of the Park"))
    expect(off_list).to_contain_text("Not on the network's list of women's rights organisations")
    expect(listed).not_to_contain_text("Not on the network's list")
    assert_accessible(reviewer, "an application with a referee off the list")
    network.close()
    assert [(r.organisation_name, r.off_list) for r in Reference.objects.filter(application=application)] == [
        ("Casa de la Mujer", False), ("Friends of the Park", True)]
