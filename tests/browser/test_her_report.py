"""The person reporting, after she writes, in a real browser: what she needs, her page in her words, the neutral
mail when a handler answers, and a report kept with her account that opens without the receipt."""
import pytest
from django.urls import reverse
from playwright.sync_api import expect

from holdspace.keys.services import personal_key_create
from holdspace.reports import handling
from holdspace.reports.models import Case
from tests.browser.helpers import assert_accessible
from tests.reports_helpers import handler_keys

pytestmark = pytest.mark.django_db(transaction=True)

ADDRESS = "only.mine@example.org"


def _fill_report(page, *, what):
    page.get_by_label("A complaint: something happened that should not have").check()
    page.get_by_label("What happened?").fill(what)
    page.get_by_label("Did anyone see or hear it?").fill("A volunteer at the door.")
    page.get_by_label("Only a dated record").check()
    page.get_by_label("No contact with the person").check()
    page.get_by_label("Support for myself").check()


def test_she_follows_her_report_hears_of_news_and_keeps_it_with_her_account(
        browser, live_server, world, tmp_path, mailoutbox, as_person, context):
    keys = handler_keys(world, "hana")
    image = tmp_path / "note.png"
    from PIL import Image

    Image.new("RGB", (6, 6), "teal").save(image)

    # Without JavaScript, as in Tor Browser's safest mode.
    reporter = browser.new_context(base_url=live_server.url, java_script_enabled=False, locale="en-GB")
    reporter.set_default_timeout(10_000)
    page = reporter.new_page()
    page.goto(reverse("reports:write", args=[world.riverside.slug]))
    _fill_report(page, what="He blocks the doorway when I try to leave.")
    page.get_by_label("Nothing yet: I need time").check()  # with other needs: refused, everything kept
    page.get_by_label("Files").set_input_files(str(image))
    page.get_by_label("Email to tell you there is news").fill(ADDRESS)
    page.get_by_role("button", name="Send the report").click()
    expect(page.locator("main")).to_contain_text("cannot go with other needs")
    expect(page.get_by_label("What happened?")).to_have_value("He blocks the doorway when I try to leave.")
    expect(page.get_by_label("Email to tell you there is news")).to_have_value(ADDRESS)
    page.get_by_label("Nothing yet: I need time").uncheck()
    page.get_by_label("Files").set_input_files(str(image))
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your report is sent")
    receipt = page.locator(".receipt code").inner_text()
    reporter.close()

    # Back with the receipt, in a browser with JavaScript (for the accessibility check).
    her = browser.new_context(base_url=live_server.url, locale="en-GB")
    her.set_default_timeout(10_000)
    page = her.new_page()
    page.goto(reverse("reports:receipt"))
    page.get_by_label("Your receipt code").fill(receipt)
    page.get_by_role("button", name="Open").click()
    main = page.get_by_role("main")
    expect(main).to_contain_text("He blocks the doorway when I try to leave.")
    expect(main).to_contain_text("A volunteer at the door.")
    expect(main).to_contain_text("Your report has arrived. A handler will read it by")
    expect(main).to_contain_text("You can expect news by")
    expect(main).not_to_contain_text("Acknowledge the report")
    expect(page.locator(".your-needs")).to_contain_text("No contact with the person")
    expect(page.get_by_role("link", name="note.png")).to_be_visible()
    assert_accessible(page, "her page")

    # A handler answers her: she is told there is news, in words that name nothing.
    case = Case.objects.get()
    data_key = handling.data_key_open(case, user=world.hana, private_key=keys["hana"])
    assert mailoutbox == []
    handling.message_send(case, actor=world.hana, data_key=data_key, channel="reporter",
                          body="Thank you for telling us. Would you like us to keep him away from your sessions?")
    assert len(mailoutbox) == 1
    sent = mailoutbox[0]
    assert sent.to == [ADDRESS] and sent.subject == "A new update is waiting for you"
    assert "Riverside" not in sent.body and case.reference not in sent.body and "doorway" not in sent.body
    page.reload()
    expect(main).to_contain_text("Waiting for your answer")
    expect(main).to_contain_text("Would you like us to keep him away")

    # She removes her address: the next news goes nowhere.
    page.get_by_role("button", name="Remove my address").click()
    expect(main).to_contain_text("Your address is removed")
    handling.message_send(case, actor=world.hana, data_key=data_key, channel="reporter", body="One more thing.")
    assert len(mailoutbox) == 1
    her.close()

    # Signed in with her key, she keeps her next report with her account and opens it without the receipt.
    personal_key_create(world.rosa, password="a long test password 2026")
    as_person(world.rosa, case_key=True)
    page = context.new_page()
    page.goto(reverse("reports:write", args=[world.riverside.slug]))
    _fill_report(page, what="He repeats jokes about my body in the kitchen.")
    keep = page.get_by_label("Keep this report with my account")
    expect(keep).not_to_be_checked()
    expect(page.locator("main")).to_contain_text("Anyone who gets into your account can open it too")
    keep.check()
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_role("main")).to_contain_text("also kept with your account")
    page.goto(reverse("reports:kept"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your reports")
    assert_accessible(page, "her kept reports")
    page.get_by_role("button", name="Open this report").click()
    expect(page.get_by_role("main")).to_contain_text("He repeats jokes about my body in the kitchen.")
    expect(page.get_by_role("main")).to_contain_text("This report is kept with your account")
