"""Issue 16: she checks her signed record on the public page, and asks the network to step in when nobody answers."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from holdspace.reports.models import Case, CaseStage
from tests.browser.helpers import assert_accessible
from tests.reports_helpers import CANARY, handler_keys, make_network_handler, submit

pytestmark = pytest.mark.django_db(transaction=True)


def test_her_record_checks_and_the_network_steps_in(browser, live_server, world, context, as_person, tmp_path):
    handler_keys(world, "hana")
    make_network_handler(world)
    handler_keys(world, "nadia")
    case, receipt = submit(world, pathway="support")

    # Without JavaScript, as a reporter in Tor Browser's safest mode.
    reporter = browser.new_context(base_url=live_server.url, java_script_enabled=False, locale="en-GB")
    reporter.set_default_timeout(10_000)
    page = reporter.new_page()
    page.goto(reverse("reports:receipt"))
    page.get_by_label("Your receipt code").fill(receipt)
    page.get_by_role("button", name="Open").click()
    expect(page.get_by_role("main")).to_contain_text("If nobody answers")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download my record").click()
    record = tmp_path / "record.txt"
    download.value.save_as(record)
    text = record.read_text(encoding="utf-8")
    assert CANARY in text and "-----BEGIN HOLDSPACE SIGNATURE-----" in text

    page.get_by_role("link", name="Check a record").click()
    page.get_by_label("The record file").set_input_files(str(record))
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_role("status")).to_contain_text("This record is intact.")
    expect(page.get_by_role("status")).to_contain_text(world.riverside.name)
    changed = tmp_path / "changed.txt"
    changed.write_text(text.replace("what happened", "what happenes"), encoding="utf-8")
    page.get_by_label("The record file").set_input_files(str(changed))
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_role("status")).to_contain_text("This record is not intact")

    # Weeks pass with the first stage undone: its due date lies three weeks back.
    due = timezone.now() - timedelta(days=21)
    Case.objects.filter(pk=case.pk).update(stage_due_at=due)
    CaseStage.objects.filter(case=case, completed_at__isnull=True).update(due_at=due)
    page.goto(reverse("reports:mine"))
    expect(page.get_by_role("main")).to_contain_text("will be able to read your report")
    page.get_by_role("button", name="Ask the network to step in").click()
    expect(page.get_by_role("main")).to_contain_text("Please tick the box")
    page.get_by_label("Yes: I ask the network to step in").check()
    page.get_by_role("button", name="Ask the network to step in").click()
    expect(page.get_by_role("status")).to_contain_text("Your network is asked to step in")
    expect(page.get_by_role("main")).to_contain_text("Your network stepped in")
    reporter.close()

    # A handler of the network finds it on the network's list and opens it.
    as_person(world.nadia, case_key=True)
    handler = context.new_page()
    handler.goto(reverse("reports:cases", args=[world.network.slug]))
    handler.get_by_role("link", name=case.reference).click()
    expect(handler.get_by_role("main")).to_contain_text("the reporter asked the network to step in")
    assert_accessible(handler, "a case the network stepped in on")
    handler.get_by_role("navigation", name="Sections of the case").get_by_role("link", name="The report").click()
    expect(handler.get_by_role("main")).to_contain_text(CANARY)

    # Hana, at the organisation, sees that it happened.
    hana = context.browser.new_context(base_url=live_server.url, locale="en-GB")
    as_person(world.hana, case_key=True, into=hana)
    listing = hana.new_page()
    listing.goto(reverse("reports:cases", args=[world.riverside.slug]))
    expect(listing.get_by_role("main")).to_contain_text("Cases your network took over")
    expect(listing.get_by_role("main")).to_contain_text(case.reference)
    assert_accessible(listing, "the organisation's list with a case handed on")
    hana.close()
