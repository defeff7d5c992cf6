"""Case work that cannot go wrong quietly, in a real browser: a stale tab, the respondent's field, closing."""
import pytest
from django.urls import reverse
from playwright.sync_api import expect

from holdspace.reports.models import Case
from tests.browser.helpers import assert_accessible
from tests.reports_helpers import handler_keys, submit

pytestmark = pytest.mark.django_db(transaction=True)


def _stage_form(page):
    return page.locator("form[action$='/act/stage/']")


def test_a_stale_tab_is_refused_and_keeps_the_note(world, context, as_person):
    handler_keys(world, "hana")
    case, _ = submit(world, pathway="informal")
    as_person(world.hana, case_key=True)
    url = reverse("reports:case_stages", args=[world.riverside.slug, case.reference])
    first, second = context.new_page(), context.new_page()  # the same case open in two tabs
    first.goto(url)
    second.goto(url)
    expect(second.get_by_role("heading", name="Complete: Acknowledge the report")).to_be_visible()

    _stage_form(first).get_by_label("Note on this stage").fill("Acknowledged: I wrote to them this morning.")
    _stage_form(first).get_by_role("button", name="Complete this stage").click()
    expect(first.get_by_role("status")).to_contain_text("The stage is complete.")

    typed = "They asked that a woman handles the conversation."
    _stage_form(second).get_by_label("Note on this stage").fill(typed)
    _stage_form(second).get_by_role("button", name="Complete this stage").click()
    expect(second.get_by_role("alert").first).to_contain_text("This case changed since you opened this page")
    expect(_stage_form(second).get_by_label("Note on this stage")).to_have_value(typed)
    expect(second.locator(".facts")).to_contain_text("Safety assessment and triage")  # the case as it is now
    expect(second.get_by_role("heading", name="Complete: Safety assessment and triage")).to_be_visible()
    assert_accessible(second, "a case page after a stale form")
    case.refresh_from_db()
    assert case.stage == "assess" and case.stages.filter(note__isnull=False).count() == 1


def test_the_respondent_starts_unchosen_and_closing_is_confirmed_without_javascript(browser, live_server, world,
                                                                                    as_person):
    handler_keys(world, "hana")
    case, _ = submit(world, pathway="formal")
    # No JavaScript: the confirmation must not depend on a script's dialog.
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, locale="en-GB")
    context.set_default_timeout(10_000)
    as_person(world.hana, case_key=True, into=context)
    page = context.new_page()
    page.goto(reverse("reports:case_messages", args=[world.riverside.slug, case.reference]))
    expect(page.locator("form[action$='/act/message/']").get_by_label("To")).to_have_value("")  # no reader chosen
    page.goto(reverse("reports:case_stages", args=[world.riverside.slug, case.reference]))
    assert _stage_form(page).locator("select, input[type=checkbox]").count() == 0  # completing never closes
    page.goto(reverse("reports:case_people", args=[world.riverside.slug, case.reference]))

    respondent = page.locator("form[action$='/act/respondent/']")
    expect(respondent.get_by_label("The respondent's account")).to_have_value("")  # nor a respondent
    respondent.get_by_role("button", name="Name him").click()
    expect(respondent.get_by_role("alert")).to_be_visible()
    expect(page.locator("form[action$='/act/respondent/']")).to_contain_text("Please choose someone from the list.")
    case.refresh_from_db()
    assert case.respondent_tag == ""

    page.goto(reverse("reports:case_closing", args=[world.riverside.slug, case.reference]))
    close = page.locator("form[action$='/act/close/']")
    expect(page.get_by_role("heading", name="Close the case", level=2)).to_be_visible()
    close.get_by_label("Outcome").select_option(label="No further action")
    close.get_by_role("button", name="Close the case").click()
    close = page.locator("form[action$='/act/close/']")
    expect(close).to_contain_text("Please tick the box to confirm that you mean to close the case.")
    expect(close.get_by_label("Outcome")).to_have_value("no_further_action")  # the choice is kept
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN
    close.get_by_label("I understand that this closes the case").check()
    close.get_by_role("button", name="Close the case").click()
    expect(page.get_by_role("status")).to_contain_text("The case is closed.")
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED and case.outcome == "no_further_action"
    context.close()
