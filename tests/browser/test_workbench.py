"""A handler's path through the workbench, without JavaScript: her home with counts, the list filtered, a case
opened on its summary, its sections, type and severity, a related case, a stage, and closing asked to confirm.
(The axe check needs JavaScript: tests/browser/test_accessibility.py walks these pages from the role matrix.)"""
import pytest
from django.urls import reverse
from playwright.sync_api import expect

from holdspace.reports.models import Case, CaseTally
from tests.reports_helpers import handler_keys, submit

pytestmark = pytest.mark.django_db(transaction=True)


def _go(page, section):
    page.get_by_role("navigation", name="Sections of the case").get_by_role("link", name=section, exact=True).click()


def test_a_handler_works_a_case_from_her_home(browser, live_server, world, as_person):
    handler_keys(world, "hana")
    case, _ = submit(world, pathway="record")
    other, _ = submit(world, pathway="support")
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, locale="en-GB")
    context.set_default_timeout(10_000)
    as_person(world.hana, case_key=True, into=context)
    page = context.new_page()

    # Her home says what waits, and so does the list.
    page.goto(reverse("site:dashboard"))
    expect(page.locator("main")).to_contain_text("2 new cases")
    page.get_by_role("link", name="Open the cases").click()
    expect(page.locator(".counts")).to_contain_text("2 unread messages")

    # A plain GET form filters the list.
    page.get_by_text("Search and filters").click()
    page.get_by_label("Asked for").select_option(label=str(Case(pathway="record").get_pathway_display()))
    page.get_by_role("button", name="Show these cases").click()
    expect(page.locator("table.cases")).to_contain_text(case.reference)
    expect(page.locator("table.cases")).not_to_contain_text(other.reference)

    # The case opens on a short summary, with its sections beside it.
    page.get_by_role("link", name=case.reference).click()
    expect(page.locator(".facts")).to_contain_text("Not set yet")
    expect(page.locator("main form[action*='/act/']")).to_have_count(0)
    _go(page, "The report")
    expect(page.locator("main")).to_contain_text("what happened")
    _go(page, "Messages")
    expect(page.get_by_role("heading", name="Messages", level=2)).to_be_visible()

    # Type and severity, sealed with the case; a related case linked by hand.
    _go(page, "Safety and type")
    page.locator("#id_classify-case_type").select_option(label="Abuse of power or position")
    page.get_by_label("Serious", exact=True).check()
    page.get_by_role("button", name="Save type and severity").click()
    expect(page.get_by_role("status")).to_contain_text("The type and severity are saved")
    page.get_by_label("Reference of the related case").fill(other.reference)
    page.get_by_role("button", name="Link the cases").click()
    expect(page.get_by_role("status")).to_contain_text("The cases are linked")
    assert CaseTally.objects.get(case_type="abuse_of_power", severity="serious").count == 1
    _go(page, "Summary")
    expect(page.locator(".facts")).to_contain_text("Abuse of power or position · Serious")
    page.locator(".facts").get_by_role("link", name=other.reference).click()
    expect(page.locator(".facts")).to_contain_text(case.reference)  # shown on both

    # Back to her case: a stage completed, then closing asks to confirm first.
    page.goto(reverse("reports:case_stages", args=[world.riverside.slug, case.reference]))
    page.locator("form[action$='/act/stage/']").get_by_role("button", name="Complete this stage").click()
    expect(page.get_by_role("status")).to_contain_text("The stage is complete.")
    _go(page, "Dates and closing")
    close = page.locator("form[action$='/act/close/']")
    close.get_by_label("Outcome").select_option(label="Recorded")
    close.get_by_role("button", name="Close the case").click()
    close = page.locator("form[action$='/act/close/']")
    expect(close).to_contain_text("Please tick the box to confirm that you mean to close the case.")
    expect(close.get_by_label("Outcome")).to_have_value("recorded")
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN
    close.get_by_label("I understand that this closes the case").check()
    close.get_by_role("button", name="Close the case").click()
    expect(page.get_by_role("status")).to_contain_text("The case is closed.")
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    context.close()
