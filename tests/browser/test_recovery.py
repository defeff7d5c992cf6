"""The recovery ring in a real browser: two people give a handler back a case after she lost her password and her
recovery code, and who reported is seen only after a second person approves with her own part."""
import pytest
from django.urls import reverse
from playwright.sync_api import expect

from holdspace.accounts.models import Authenticator
from holdspace.organisations.models import Membership, Role
from holdspace.reports.content import ReporterIdentity
from tests.browser.helpers import assert_accessible
from tests.reports_helpers import CANARY, handler_keys, parts_dealt, submit

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "a new long passphrase after the reset 2027"


def _holders(world):
    """Riverside's administrators Ada and Mateo and its handlers Hana and Otto all have keys (so all hold parts);
    the report is about Otto, so Hana alone holds its key."""
    Membership.objects.create(user=world.mateo, organisation=world.riverside, role=Role.ORG_ADMIN)
    Authenticator.objects.create(user=world.mateo, name="authenticator", confirmed=True)
    keys = handler_keys(world, "hana", "otto", "ada", "mateo")
    parts_dealt(world, keys, by="hana", with_="otto")


def test_two_people_give_back_a_case_whose_only_handler_lost_her_password_and_recovery_code(
        browser, live_server, world, as_person):
    _holders(world)
    case, _ = submit(world, respondent=world.otto)
    # Hana forgot her password and lost her recovery code: her password is reset by e-mail.
    world.hana.set_password(NEW_PASSWORD)
    world.hana.save()

    hana = browser.new_context(base_url=live_server.url, locale="en-GB")
    hana.set_default_timeout(10_000)
    as_person(world.hana, into=hana)
    page = hana.new_page()
    page.goto(reverse("keys:key"))
    create = page.locator("form").filter(has=page.locator("input[value=create]"))
    create.get_by_label("Your account password").fill(NEW_PASSWORD)
    create.get_by_label("I understand").check()
    create.get_by_role("button", name="Make a new key").click()
    expect(page.locator("main")).to_contain_text("recovery code")
    page.goto(reverse("reports:case", args=["riverside", case.reference]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")  # no key of hers opens it now

    ada = browser.new_context(base_url=live_server.url, locale="en-GB")
    ada.set_default_timeout(10_000)
    as_person(world.ada, into=ada, case_key=True)
    page = ada.new_page()
    page.goto(reverse("reports:recovery", args=["riverside"]))
    expect(page.locator("main")).to_contain_text(case.reference)
    assert_accessible(page, "the recovery page")
    page.get_by_label("The handler who receives the keys").select_option(label="Hana")
    page.get_by_label(case.reference).check()
    page.get_by_role("button", name="Give my part", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("A second person completes the request")

    mateo = browser.new_context(base_url=live_server.url, locale="en-GB")
    mateo.set_default_timeout(10_000)
    as_person(world.mateo, into=mateo, case_key=True)
    page = mateo.new_page()
    page.goto(reverse("reports:recovery", args=["riverside"]))
    expect(page.locator("main")).to_contain_text("Ada asks to give Hana the keys to")
    page.get_by_role("button", name="Give my part and complete").click()
    expect(page.locator(".messages")).to_contain_text("The record of changes keeps who took part")

    # Otto, whom the case is about, never saw it on the page.
    otto = browser.new_context(base_url=live_server.url, locale="en-GB")
    as_person(world.otto, into=otto, case_key=True)
    page = otto.new_page()
    page.goto(live_server.url + reverse("reports:recovery", args=["riverside"]))
    assert case.reference not in page.locator("main").inner_text()

    page = hana.new_page()  # her new key is still unlocked in her browser
    page.goto(reverse("reports:case_report", args=["riverside", case.reference]))
    expect(page.locator("main")).to_contain_text(f"{CANARY} what happened")


def test_with_one_handler_an_administrator_approves_who_reported(browser, live_server, world, as_person):
    handler_keys(world, "hana", "ada")  # the only handler, and an administrator
    case, _ = submit(world, identity=ReporterIdentity(name="Dana Example", contact="dana@example.org"))

    hana = browser.new_context(base_url=live_server.url, locale="en-GB")
    hana.set_default_timeout(10_000)
    as_person(world.hana, into=hana, case_key=True)
    page = hana.new_page()
    page.goto(reverse("reports:case_report", args=["riverside", case.reference]))
    expect(page.locator("main")).to_contain_text("No handler can open them alone")
    form = page.locator("form[action$='/act/identity/']")
    form.locator("textarea, input[type=text]").first.fill("She asked us to call her back.")
    form.get_by_role("button", name="Ask to see who reported").click()
    expect(page.locator(".messages")).to_contain_text("A second person must approve it")
    assert "Dana Example" not in page.locator("main").inner_text()

    ada = browser.new_context(base_url=live_server.url, locale="en-GB")
    ada.set_default_timeout(10_000)
    as_person(world.ada, into=ada, case_key=True)
    page = ada.new_page()
    page.goto(reverse("reports:recovery", args=["riverside"]))
    expect(page.locator("main")).to_contain_text("She asked us to call her back.")
    assert_accessible(page, "the recovery page with a request to see who reported")
    page.get_by_role("button", name="Approve").click()
    expect(page.locator(".messages")).to_contain_text("Your decision is recorded")

    page = hana.new_page()
    page.goto(reverse("reports:case_report", args=["riverside", case.reference]))
    expect(page.locator("main")).to_contain_text("Dana Example")


def test_an_organisation_from_before_rings_makes_one_covers_its_cases_and_names_a_new_holder(
        browser, live_server, world, as_person):
    from holdspace.reports.models import RecoveryRequest, RecoveryRing

    keys = handler_keys(world, "hana", "ada")
    case, _ = submit(world)
    RecoveryRing.objects.all().delete()  # as if these keys and this case came before rings existed
    type(case).objects.filter(pk=case.pk).update(recovery_sealed=None, recovery_public_key=None)
    Membership.objects.create(user=world.felix, organisation=world.riverside, role=Role.CASE_HANDLER)
    Authenticator.objects.create(user=world.felix, name="authenticator", confirmed=True)
    assert keys

    ada = browser.new_context(base_url=live_server.url, locale="en-GB")
    ada.set_default_timeout(10_000)
    as_person(world.ada, into=ada, case_key=True)
    page = ada.new_page()
    page.goto(reverse("reports:recovery", args=["riverside"]))
    page.get_by_role("button", name="Make the recovery ring now").click()
    expect(page.locator(".messages")).to_contain_text("The recovery ring is made")

    hana = browser.new_context(base_url=live_server.url, locale="en-GB")
    hana.set_default_timeout(10_000)
    as_person(world.hana, into=hana, case_key=True)
    page = hana.new_page()
    page.goto(reverse("reports:recovery", args=["riverside"]))
    expect(page.locator("main")).to_contain_text("1 case you hold was received before the recovery ring existed")
    page.get_by_role("button", name="Cover them").click()
    expect(page.locator(".messages")).to_contain_text("The recovery ring now covers 1 more case")
    handler_keys(world, "felix")  # Felix sets up his key after the parts were dealt
    page.goto(reverse("reports:recovery", args=["riverside"]))
    page.get_by_role("button", name="Deal the parts again").click()
    expect(page.locator(".messages")).to_contain_text("A second person completes the request")

    page = ada.new_page()
    page.goto(reverse("reports:recovery", args=["riverside"]))
    expect(page.locator("main")).to_contain_text("New among them: Felix")
    assert_accessible(page, "the recovery page with a dealing waiting")
    page.get_by_role("button", name="Withdraw").click()
    expect(page.locator(".messages")).to_contain_text("The request is withdrawn")
    assert not RecoveryRequest.objects.exists()
