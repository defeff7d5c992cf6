"""A network's administrator reads how its members stand, in a real browser: from the organisation's menu to the
overview, narrowed to the members that need attention, sorted, and downloaded as a spreadsheet; then the network's
report of the year, read and downloaded as a PDF."""
import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from holdspace.assessments import services as assessments
from holdspace.conduct import services as conduct
from tests.browser.helpers import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_network_reads_how_its_members_stand_and_downloads_it(browser, live_server, world, as_person):
    code = conduct.publish(draft=conduct.draft_start(organisation=world.network, actor=world.nadia, language="en"),
                           actor=world.nadia, change_note="")
    conduct.sign_for_organisation(version=code, organisation=world.riverside, actor=world.ada)
    assessments.action_point_create(organisation=world.riverside, actor=world.ada, title="Train the handlers",
                                    detail="", owner=world.ada, due_on=timezone.localdate() + timedelta(days=30))

    context = browser.new_context(base_url=live_server.url, locale="en-GB", accept_downloads=True)
    as_person(world.nadia, into=context)
    page = context.new_page()
    page.goto(reverse("organisations:home", args=[world.network.slug]))
    page.get_by_role("link", name="How members stand").click()
    expect(page.get_by_role("heading", name="How members stand", level=1)).to_be_visible()
    rows = page.locator("table.overview tbody tr")
    expect(rows).to_have_count(2)
    riverside = rows.filter(has_text="Riverside")
    expect(riverside).to_contain_text("version 1, on")
    expect(riverside).to_contain_text("1 open, 0 overdue")
    expect(rows.filter(has_text="Harbour")).to_contain_text("not signed")
    assert_accessible(page, "the network's overview of its members")

    # Only the members that have not signed the code in force.
    page.get_by_label("Show").select_option(label="Not signed the code in force")
    page.get_by_role("button", name="Show").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Harbour")

    # Every member again, sorted by the code signed: the one that signed nothing comes last.
    page.get_by_label("Show").select_option(label="Every member")
    page.get_by_role("button", name="Show").click()
    page.get_by_role("link", name="Code signed").click()
    expect(page.locator("th[aria-sort='ascending']")).to_contain_text("Code signed")
    expect(rows.first).to_contain_text("Riverside")
    expect(rows.last).to_contain_text("Harbour")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download as a spreadsheet (CSV)").click()
    with open(download.value.path(), encoding="utf-8") as saved:
        table = list(csv.reader(io.StringIO(saved.read())))
    assert [row[0] for row in table[1:]] == ["Riverside", "Harbour"]
    assert table[2][-1] == "has not signed the network's code in force; no own assessment closed this past year"

    # The network's report of the year, read and downloaded as a PDF.
    page.get_by_role("link", name="The network's report of the year").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Test Network: accountability report")
    expect(page.get_by_role("main")).to_contain_text("1 of 2 member organisations have signed it.")
    assert_accessible(page, "the network's annual report")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as a PDF").click()
    with open(download.value.path(), "rb") as saved:
        assert saved.read(5) == b"%PDF-"
    context.close()
