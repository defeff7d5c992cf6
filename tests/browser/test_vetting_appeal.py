"""An appeal in a real browser: Rosa's application is declined; she appeals it with her reasons; Nadia, who
decided it, and Nina, who declared a conflict, cannot hear it; Noor, a reviewer with no part in it, grants it
with a reason; Rosa reads that decision and is a member."""
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from holdspace.accounts.models import Authenticator, User
from holdspace.organisations.models import Membership, Role
from holdspace.vetting import services
from holdspace.vetting.models import Appeal
from tests.browser.helpers import assert_accessible
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def _network_admin(world, name: str) -> User:
    person = User.objects.create_user(email=f"{name.lower()}@example.org", password=PASSWORD, display_name=name)
    person.email_verified_at = person.date_joined
    person.save(update_fields=["email_verified_at"])
    Membership.objects.create(user=person, organisation=world.network, role=Role.ORG_ADMIN)
    Authenticator.objects.create(user=person, name="authenticator", confirmed=True)
    return person


def test_a_declined_applicant_appeals_and_a_reviewer_without_a_conflict_decides(
        browser, live_server, world, as_person, extra):
    application = extra["application"]
    services.decide(application=application, reviewer=world.nadia, accept=False,
                    reason="We could not hear from your referee, and know too little of your work yet.",
                    no_reference_reason="Lena did not answer within the month.")
    nina, noor = _network_admin(world, "Nina"), _network_admin(world, "Noor")
    services.conflict_declare(application=application, reviewer=nina, reason="Rosa is my cousin.")

    applicant = browser.new_context(base_url=live_server.url, locale="en-GB")
    as_person(world.rosa, into=applicant)
    page = applicant.new_page()
    page.goto(reverse("vetting:mine"))
    expect(page.locator(".tag").first).to_have_text("Declined")
    expect(page.locator("main")).to_contain_text("know too little of your work yet")
    expect(page.locator("main")).not_to_contain_text("Lena did not answer")  # the reviewers' own reason
    assert_accessible(page, "a declined application, with the appeal form")
    # Sending it empty keeps her on the page and says what is missing.
    page.get_by_role("button", name="Send my appeal").click()
    expect(page.locator("main")).to_contain_text("Please say why you appeal the decision.")
    reasons = "Lena was away for a month; Casa de la Mujer has worked with me since 2023 and can speak too."
    page.get_by_label("Why you appeal the decision").fill(reasons)
    page.get_by_role("button", name="Send my appeal").click()
    expect(page.get_by_role("status")).to_contain_text("Your appeal is sent.")
    expect(page.locator("main")).to_contain_text("Appeal waiting for a decision")
    expect(page.get_by_role("button", name="Send my appeal")).to_have_count(0)  # once only
    assert_accessible(page, "an appeal waiting")

    # Nadia decided the first time: she reads the appeal but does not hear it.
    first = browser.new_context(base_url=live_server.url, locale="en-GB")
    as_person(world.nadia, sudo=True, into=first)
    review = first.new_page()
    review.goto(reverse("vetting:review", args=[world.network.slug, application.pk]))
    expect(review.locator("main")).to_contain_text(reasons)
    expect(review.locator("main")).to_contain_text("You took part in the first decision")
    expect(review.get_by_role("button", name="Send the decision on the appeal")).to_have_count(0)
    first.close()
    # Nina declared a conflict: she sees nothing of it.
    conflicted = browser.new_context(base_url=live_server.url, locale="en-GB")
    as_person(nina, sudo=True, into=conflicted)
    review = conflicted.new_page()
    review.goto(reverse("vetting:review", args=[world.network.slug, application.pk]))
    expect(review.locator("main")).to_contain_text("You declared a conflict of interest")
    expect(review.locator("main")).not_to_contain_text(reasons)
    conflicted.close()

    # Noor took no part and has no conflict: she hears the appeal.
    hearer = browser.new_context(base_url=live_server.url, locale="en-GB")
    as_person(noor, sudo=True, into=hearer)
    review = hearer.new_page()
    review.goto(reverse("vetting:review_list", args=[world.network.slug]))
    expect(review.get_by_role("row", name=re.compile("Rosa"))).to_contain_text("Appeal waiting for a decision")
    assert_accessible(review, "the reviewers' list with an appeal waiting")
    review.get_by_role("link", name="Rosa").click()
    expect(review.locator("main")).to_contain_text(reasons)
    expect(review.locator("main")).to_contain_text("you may hear this appeal")
    assert_accessible(review, "an appeal, for a reviewer who may hear it")
    review.get_by_role("button", name="Send the decision on the appeal").click()
    expect(review.locator("main")).to_contain_text("Please choose to grant the appeal or not.")
    review.get_by_label("Grant the appeal", exact=True).check()
    review.get_by_label("The reason for your decision on the appeal").fill(
        "A second women's rights organisation vouches for your work; welcome to the network.")
    review.get_by_role("button", name="Send the decision on the appeal").click()
    expect(review.get_by_role("status")).to_contain_text("Your decision on the appeal is recorded.")
    expect(review.get_by_role("button", name="Send the decision on the appeal")).to_have_count(0)
    hearer.close()
    appeal = Appeal.objects.get()
    assert (appeal.status, appeal.decided_by) == (Appeal.Status.GRANTED, noor)
    assert Membership.objects.filter(user=world.rosa, organisation=world.network, role=Role.MEMBER).exists()

    page.goto(reverse("vetting:mine"))
    expect(page.locator("main")).to_contain_text("Appeal granted")
    expect(page.locator("main")).to_contain_text("A second women's rights organisation vouches for your work")
    assert_accessible(page, "the applicant reads the decision on her appeal")
    applicant.close()
