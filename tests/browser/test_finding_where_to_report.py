"""The survivor's way from the landing page to a sent report, without JavaScript; the quick exit on every
reporting page, and what it does with JavaScript on; an organisation that cannot receive reports now."""
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from holdspace.organisations.models import Organisation
from holdspace.reports.models import SupportService
from tests.browser.helpers import assert_accessible
from tests.reports_helpers import handler_keys

pytestmark = pytest.mark.django_db(transaction=True)

EXIT = "https://quick-exit.test/"


@pytest.fixture
def neutral_site(settings):
    """The quick exit leads to a stand-in for the neutral site, answered inside the browser (no network)."""
    settings.HOLDSPACE_QUICK_EXIT_URL = EXIT

    def answer(route):
        route.fulfill(status=200, content_type="text/html", body="<!doctype html><title>Weather</title><p>Sunny")

    return answer


def _has_quick_exit(page, what):
    link = page.locator("a[data-quick-exit]")
    expect(link).to_have_count(1)
    assert link.get_attribute("href") == EXIT, what


def test_from_the_landing_page_to_a_sent_report_without_javascript(browser, live_server, world, settings,
                                                                     neutral_site):
    handler_keys(world, "hana")
    Organisation.objects.filter(pk=world.riverside.pk).update(city="Bogotá")
    Organisation.objects.filter(pk=world.harbour.pk).update(city="Valparaíso")
    SupportService.objects.create(organisation=world.riverside, name="Survivor line", contact="+00 111 222")
    settings.HOLDSPACE_SUPPORT_CONTACTS = [{"name": "National crisis line", "contact": "0800 000 000",
                                            "description": "Day and night", "language": ""}]
    survivor = browser.new_context(base_url=live_server.url, java_script_enabled=False, locale="en-GB")
    survivor.set_default_timeout(10_000)
    survivor.route(f"{EXIT}**", neutral_site)
    page = survivor.new_page()
    page.goto(reverse("site:landing"))
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Report harm")).to_be_visible()
    assert page.locator("a[data-quick-exit]").count() == 0
    page.get_by_role("main").get_by_role("link", name="Report harm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Report harm")
    _has_quick_exit(page, "finder")
    page.get_by_label("City").fill("bogota")  # no accent, no capital
    page.get_by_role("button", name="Search").click()
    results = page.locator(".result-card")
    expect(results).to_have_count(1)
    expect(results).to_contain_text("Its case handlers: Hana")
    expect(results).to_contain_text("A handler acknowledges a report within 1 day.")
    results.get_by_role("link", name="Riverside").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Report to Riverside")
    _has_quick_exit(page, "start")
    main = page.get_by_role("main")
    for seen in ("Survivor line", "+00 111 222", "National crisis line", "Its case handlers: Hana",
                 "A formal investigation", "within 1 day"):
        expect(main).to_contain_text(seen)
    page.get_by_role("link", name="Write a report").click()

    _has_quick_exit(page, "write")
    page.get_by_label("A complaint: something happened that should not have").check()
    page.get_by_label("What happened?").fill("He kept messaging me after I asked him to stop.")
    page.get_by_label("Only a dated record").check()
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your report is sent")
    assert len(page.locator(".receipt code").inner_text().replace("-", "")) >= 16
    _has_quick_exit(page, "receipt")

    for name in ("reports:receipt", "reports:safe_browsing"):
        page.goto(reverse(name))
        _has_quick_exit(page, name)
    # Without JavaScript the quick exit is a plain link, and works.
    page.get_by_role("link", name="Quick exit").click()
    expect(page).to_have_url(EXIT)
    survivor.close()


def test_the_quick_exit_replaces_the_reporting_page_in_the_history(context, page, live_server, world,
                                                                    neutral_site):
    handler_keys(world, "hana")
    context.route(f"{EXIT}**", neutral_site)
    landing = live_server.url + reverse("site:landing")
    page.goto(landing)
    page.goto(reverse("reports:start", args=[world.riverside.slug]))
    page.get_by_role("link", name="Quick exit").click()
    expect(page).to_have_url(EXIT)
    page.go_back()  # the reporting page is no longer in the history: Back leads to the page before it
    expect(page).to_have_url(landing)
    # No key leaves the form: Escape, pressed to close a list, must not throw away what she wrote.
    page.goto(reverse("reports:write", args=[world.riverside.slug]))
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    expect(page).to_have_url(re.compile(r"/report/write/$"))


def test_an_organisation_that_cannot_receive_names_its_network(page, world):
    page.goto(reverse("reports:start", args=[world.harbour.slug]))
    main = page.get_by_role("main")
    expect(main).to_contain_text("Harbour cannot receive reports right now")
    expect(main).to_contain_text("The network it belongs to, Test Network, cannot receive reports right now either.")
    expect(page.get_by_role("link", name="Write a report")).to_have_count(0)
    assert_accessible(page, "an organisation that cannot receive reports")
    page.goto(reverse("reports:write", args=[world.harbour.slug]))
    expect(page.get_by_role("main")).to_contain_text("Harbour cannot receive reports right now")
    expect(page.get_by_role("button", name="Send the report")).to_have_count(0)


def test_the_quick_exit_closes_her_report_in_this_browser(context, page, live_server, world, neutral_site):
    from tests.reports_helpers import submit

    handler_keys(world, "hana")
    _case, receipt = submit(world, pathway="record")
    context.route(f"{EXIT}**", neutral_site)
    page.goto(reverse("reports:receipt"))
    page.get_by_label("Your receipt code").fill(receipt)
    page.get_by_role("button", name="Open", exact=True).click()
    expect(page).to_have_url(re.compile(r"/report/mine/$"))
    # On her way out, the page's script tells the site to forget the report opened here (a POST beacon).
    # (The beacon outlives the page, so it is watched for where it lands: her session, on the server.)
    from importlib import import_module

    from django.conf import settings

    from holdspace.reports.views.reporter import REPORTER

    [cookie] = [c for c in context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME]
    store = import_module(settings.SESSION_ENGINE).SessionStore
    assert REPORTER in store(cookie["value"]).load()
    page.get_by_role("link", name="Quick exit").click()
    expect(page).to_have_url(EXIT)
    # Up to 20 s: the beacon is sent as the page goes, and a busy machine may take its time to deliver it.
    for _try in range(400):
        if REPORTER not in store(cookie["value"]).load():
            break
        page.wait_for_timeout(50)
    assert REPORTER not in store(cookie["value"]).load()
    # Whoever picks the device up and opens her report from the history is asked for the receipt code.
    page.goto(live_server.url + reverse("reports:mine"))
    expect(page).to_have_url(re.compile(r"/report/return/$"))
    expect(page.get_by_label("Your receipt code")).to_be_visible()
