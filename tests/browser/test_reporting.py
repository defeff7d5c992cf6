"""Reporting and case handling in a real browser: the journeys the issue names."""
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from holdspace.organisations.models import Membership, Role
from holdspace.reports.models import Case
from tests.browser.helpers import assert_accessible, key_set_up
from tests.conftest import PASSWORD
from tests.reports_helpers import handler_keys, submit

pytestmark = pytest.mark.django_db(transaction=True)


def _write_report(page, *, what, pathway_label, file_path=None):
    page.get_by_label("A complaint: something happened that should not have").check()
    page.get_by_label("What happened?").fill(what)
    page.get_by_label("When did it happen?").fill("roughly two weeks ago")
    if file_path:
        page.get_by_label("Files").set_input_files(file_path)
    page.get_by_label(pathway_label).check()
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your report is sent")
    return page.locator(".receipt code").inner_text()


def _open_with_receipt(page, receipt):
    page.goto(reverse("reports:receipt"))
    page.get_by_label("Your receipt code").fill(receipt)
    page.get_by_role("button", name="Open").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your report to")


def _act(page, action, button, **fields):
    form = page.locator(f"form[action$='/act/{action}/']")
    for label, value in fields.items():
        form.get_by_label(label.replace("_", " ")).fill(value) if not isinstance(value, bool) else form.get_by_label(
            label.replace("_", " ")).check()
    form.get_by_role("button", name=button).click()


def _go(page, section):
    """Open one section of the case from its list of sections."""
    page.get_by_role("navigation", name="Sections of the case").get_by_role("link", name=section, exact=True).click()


def test_anonymous_report_without_javascript_and_return_with_the_receipt(browser, live_server, world, tmp_path):
    handler_keys(world, "hana")
    image = tmp_path / "photo.png"
    from PIL import Image

    Image.new("RGB", (6, 6), "purple").save(image)
    # No JavaScript, as in Tor Browser's safest mode (axe needs scripts, so the
    # same pages are checked for accessibility in the next test).
    reporter = browser.new_context(base_url=live_server.url, java_script_enabled=False, locale="en-GB")
    reporter.set_default_timeout(10_000)
    page = reporter.new_page()
    page.goto(reverse("organisations:public", args=[world.riverside.slug]))
    page.get_by_role("link", name="How reporting works").click()
    expect(page.get_by_role("main")).to_contain_text("You can stop at any time")
    page.get_by_role("link", name="Write a report").click()
    # Sent without what happened: the rest is kept and the problem explained.
    page.get_by_label("When did it happen?").fill("last winter")
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_role("alert").first).to_contain_text("Please check what you entered")
    expect(page.get_by_label("When did it happen?")).to_have_value("last winter")
    receipt = _write_report(page, what="He follows me to my car after every session.",
                            pathway_label="Only a dated record", file_path=str(image))
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){4}-[0-9A-Z]", receipt)
    reporter.close()

    elsewhere = browser.new_context(base_url=live_server.url, java_script_enabled=False, locale="en-GB")
    elsewhere.set_default_timeout(10_000)
    page = elsewhere.new_page()
    page.goto(reverse("reports:receipt"))
    page.get_by_label("Your receipt code").fill("0000-0000-0000-0000-0000-0")
    page.get_by_role("button", name="Open").click()
    expect(page.get_by_role("alert")).to_contain_text("Please check what you entered")
    _open_with_receipt(page, receipt.lower())
    expect(page.get_by_role("main")).to_contain_text("Only a dated record")
    page.locator("#id_body").fill("I also kept the messages he sent me.")
    page.get_by_label("This is new information about what happened").check()
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Sent")
    expect(page.locator(".thread")).to_contain_text("I also kept the messages he sent me.")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download my record").click()
    text = open(download.value.path(), encoding="utf-8").read()
    assert "He follows me to my car" in text and "SHA-256" in text
    elsewhere.close()


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_reporting_pages_areassert_accessible(language, context, live_server, world, page):
    handler_keys(world, "hana")
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page.goto(reverse("reports:write", args=[world.riverside.slug]))
    page.locator("main button[type=submit]").click()
    assert_accessible(page, f"report form with errors [{language}]")
    page.locator("#id_what").fill("Something happened.")
    page.locator("#id_kind_0").check()
    page.locator("#id_pathway_0").check()
    page.locator("main button[type=submit]").click()
    receipt = page.locator(".receipt code").inner_text()
    assert_accessible(page, f"receipt [{language}]")
    page.goto(reverse("reports:receipt"))
    page.locator("#id_receipt").fill(receipt)
    page.locator("main button[type=submit]").click()
    expect(page.locator(".facts")).to_be_visible()
    assert_accessible(page, f"the reporter's page [{language}]")


def test_an_informal_conversation(browser, live_server, world, page, as_person):
    handler_keys(world, "hana")
    case, receipt = submit(world, pathway="informal")
    as_person(world.hana, case_key=True)
    page.goto(reverse("reports:cases", args=[world.riverside.slug]))
    page.get_by_role("link", name=case.reference).click()
    assert_accessible(page, "case page")
    _go(page, "Messages")
    page.locator("form[action$='/act/message/']").get_by_label("To").select_option(label="The reporter")
    _act(page, "message", "Send", Message="Thank you for telling us. We will talk with him this week.")
    _go(page, "Stages")
    _act(page, "stage", "Complete this stage")  # acknowledged
    _go(page, "Safety and type")
    page.locator("form[action$='/act/safety/']").get_by_label("No immediate risk seen").check()
    page.locator("form[action$='/act/safety/']").get_by_role("button", name="Save the assessment").click()
    expect(page.get_by_role("status")).to_contain_text("safety assessment is saved")
    _go(page, "Stages")
    _act(page, "stage", "Complete this stage")  # assessed
    expect(page.locator(".facts")).to_contain_text("Conversation with the person")
    _act(page, "stage", "Complete this stage", Note_on_this_stage="Felix spoke with him; he listened and apologised.")
    expect(page.locator(".facts")).to_contain_text("The reporter's view of the outcome")
    _go(page, "Messages")
    page.locator("form[action$='/act/message/']").get_by_label("To").select_option(label="The reporter")
    _act(page, "message", "Send", Message="The conversation happened. How do you feel about the outcome?")

    reporter = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    _open_with_receipt(reporter, receipt)
    expect(reporter.locator(".thread")).to_contain_text("How do you feel about the outcome?")
    reporter.locator("#id_body").fill("It helped. I feel heard.")
    reporter.get_by_role("button", name="Send", exact=True).click()

    page.reload()
    expect(page.locator(".thread").first).to_contain_text("It helped. I feel heard.")
    _go(page, "Stages")
    _act(page, "stage", "Complete this stage", Note_on_this_stage="The reporter is satisfied.")
    _go(page, "Dates and closing")
    page.locator("form[action$='/act/close/']").get_by_label("Outcome").select_option("resolved_informally")
    page.locator("form[action$='/act/close/']").get_by_label("I understand that this closes the case").check()
    page.locator("form[action$='/act/close/']").get_by_role("button").click()
    expect(page.get_by_role("status")).to_contain_text("The case is closed.")
    reporter.reload()
    expect(reporter.locator(".facts")).to_contain_text("Resolved informally")


def test_a_restorative_process_stopped_by_the_reporter(browser, live_server, world, page):
    handler_keys(world, "hana")
    case, receipt = submit(world, pathway="restorative")
    _open_with_receipt(page, receipt)
    page.get_by_role("button", name="Stop the process").click()
    expect(page.get_by_role("status")).to_contain_text("Please tick the box")
    page.locator("form[action$='/mine/stop/']").get_by_label("Yes, I am sure").check()
    page.get_by_role("button", name="Stop the process").click()
    expect(page.get_by_role("status")).to_contain_text("You do not need to give a reason")
    expect(page.locator(".facts")).to_contain_text("Restorative process stopped")
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED and case.stage_due_at is None


def test_a_formal_investigation_with_an_appeal(browser, live_server, world, page, as_person):
    Membership.objects.create(user=world.felix, organisation=world.riverside, role=Role.CASE_HANDLER)
    handler_keys(world, "hana", "felix")
    case, receipt = submit(world, pathway="formal")
    as_person(world.hana, case_key=True)
    page.goto(reverse("reports:case_stages", args=[world.riverside.slug, case.reference]))
    _act(page, "stage", "Complete this stage")
    _act(page, "stage", "Complete this stage")
    expect(page.locator(".facts")).to_contain_text("Notify the respondent")
    _go(page, "People")
    page.locator("form[action$='/act/respondent/']").get_by_label("The respondent's account").select_option(
        label="Rick")
    page.locator("form[action$='/act/respondent/']").get_by_label("I mean to name this account").check()
    page.locator("form[action$='/act/respondent/']").get_by_role("button").click()
    expect(page.get_by_role("status")).to_contain_text("The respondent is named")
    _go(page, "Stages")
    _act(page, "notify", "Tell him", What_the_respondent_is_told="A colleague reported repeated unwanted touching.",
         I_understand_that_he_is_told_now=True)
    _act(page, "stage", "Complete this stage")  # notified, now his response

    rick_context = browser.new_context(base_url=live_server.url, locale="en-GB")
    as_person(world.rick, into=rick_context)
    rick = rick_context.new_page()
    rick.goto(reverse("site:dashboard"))
    rick.get_by_role("link", name="Open it").click()
    rick.get_by_role("link", name=re.compile("Riverside")).click()
    rick.get_by_role("link", name="Unlock or set up my key").click()
    key_set_up(rick, password=PASSWORD)
    rick.get_by_role("link", name="I have kept it: continue").click()
    _go(page, "Messages")  # the handler sees that he has a key now, and opens the conversation to him
    page.get_by_role("button", name="Open the conversation to him").click()
    expect(page.get_by_role("status")).to_contain_text("The conversation is open to the respondent")
    rick.goto(reverse("reports:responding_case", args=[case.reference]))
    expect(rick.locator(".thread")).to_contain_text("repeated unwanted touching")
    expect(rick.get_by_role("main")).to_contain_text("Responding accountably")
    assert_accessible(rick, "respondent's page")
    rick.locator("#id_body").fill("I did not see it that way then, but I want to understand the harm.")
    rick.get_by_role("button", name="Send").click()
    expect(rick.get_by_role("status")).to_contain_text("Sent to the handlers")

    page.reload()
    expect(page.get_by_role("main")).to_contain_text("I want to understand the harm")
    _go(page, "Stages")
    _act(page, "stage", "Complete this stage", Note_on_this_stage="His response is on file.")
    _act(page, "stage", "Complete this stage", Note_on_this_stage="Two witnesses interviewed.")
    # Findings are refused until they say on which standard of proof they were made.
    _act(page, "stage", "Complete this stage", Note_on_this_stage="The conduct happened.")
    expect(page.get_by_role("alert").first).to_contain_text("Please check what you entered")
    page.get_by_label("On the balance of probabilities").check()
    _act(page, "stage", "Complete this stage", Note_on_this_stage="The conduct happened.")
    expect(page.locator(".facts")).to_contain_text("On the balance of probabilities")
    _act(page, "stage", "Complete this stage", Note_on_this_stage="He steps back from facilitating for six months.")
    expect(page.locator(".facts")).to_contain_text("Time to appeal")

    rick.reload()
    rick.locator("#id_body").fill("I appeal: one witness was not heard.")
    rick.get_by_label("I appeal the outcome (say why in your message)").check()
    rick.get_by_role("button", name="Send").click()
    expect(rick.get_by_role("status")).to_contain_text("Sent to the handlers")

    page.reload()
    appeal = page.locator("form[action$='/act/appeal/']")
    # Hana wrote the findings: she is not offered to decide the appeal.
    expect(appeal.locator("option", has_text="Hana")).to_have_count(0)
    appeal = page.locator("form[action$='/act/appeal/']")
    appeal.get_by_label("The respondent").check()
    appeal.get_by_label("Handler who decides the appeal").select_option(label="Felix")
    appeal.get_by_label("I understand that this opens an appeal").check()
    appeal.get_by_role("button").click()
    expect(page.get_by_role("status")).to_contain_text("The appeal is open")
    case.refresh_from_db()
    assert case.stage == "appeal" and case.appeal_handler == world.felix


def test_a_deadline_overdue_shows_on_the_list(world, page, as_person):
    handler_keys(world, "hana")
    from holdspace.reports.content import ReportContent
    from holdspace.reports.submission import Submission, report_submit

    late, _ = report_submit(
        organisation=world.riverside,
        submission=Submission(kind="complaint", pathway="support", content=ReportContent(what="waiting")),
        now=timezone.now() - timedelta(days=5),
    )
    on_time, _ = submit(world, pathway="support")
    as_person(world.hana, case_key=True)
    page.goto(reverse("reports:cases", args=[world.riverside.slug]))
    page.get_by_role("link", name="Overdue", exact=True).click()
    expect(page.locator("table.cases")).to_contain_text(late.reference)
    expect(page.locator("table.cases")).not_to_contain_text(on_time.reference)
    expect(page.locator("table.cases .overdue").first).to_contain_text("Overdue since")
    assert_accessible(page, "overdue list")
