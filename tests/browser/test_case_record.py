"""A handler's tools of the field, in a real browser: a report recorded for someone who phoned (her receipt shown
once, on a slip), an evidence entry with a file, the outcome of the finding with a measure to follow up, and the
case record downloaded as a PDF that holds what was written."""
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from holdspace.audit.models import AuditEntry
from holdspace.reports import handling
from holdspace.reports.models import Case, CaseMeasure
from holdspace.reports.submission import receipt_open
from tests.browser.helpers import assert_accessible
from tests.reports_helpers import handler_keys

pytestmark = pytest.mark.django_db(transaction=True)


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(out, format="PNG")
    return out.getvalue()


def test_a_handler_records_a_report_for_someone_then_logs_evidence_measures_and_downloads_the_record(
        world, page, as_person):
    keys = handler_keys(world, "hana", "otto")
    as_person(world.hana, case_key=True)

    # Someone phones: Hana records her report from the case list.
    page.goto(reverse("reports:cases", args=[world.riverside.slug]))
    page.get_by_role("link", name="Record a report for someone").click()
    expect(page.get_by_role("heading", name="Record a report for someone", level=1)).to_be_visible()
    assert_accessible(page, "the intake form")
    page.get_by_role("radio", name="By phone").check()
    page.get_by_label("A complaint: something happened that should not have").check()
    page.get_by_label("What happened?").fill("At the training weekend he kept touching her shoulder after she said no.")
    page.get_by_role("radio", name="A formal investigation").check()
    page.get_by_label("If there is a formal investigation, the person may be told").check()
    page.get_by_role("button", name="Record the report").click()
    # Without her consent noted, nothing is recorded and nothing typed is lost.
    expect(page.get_by_role("alert").first).to_be_visible()
    expect(page.get_by_label("What happened?")).to_have_value(
        "At the training weekend he kept touching her shoulder after she said no.")
    assert not Case.objects.exists()
    page.get_by_label("The person agrees that I record this report for them").check()
    page.get_by_role("radio", name="By phone").check()
    page.get_by_role("button", name="Record the report").click()
    expect(page.get_by_role("heading", name="The report is recorded")).to_be_visible()
    receipt = page.locator(".receipt-slip .receipt code").inner_text()
    assert_accessible(page, "the receipt slip after an intake")
    case = Case.objects.get()
    assert case.intake == "phone" and receipt_open(receipt)[0] == case  # her code opens her report
    page.get_by_role("link", name=f"Open case {case.reference}").click()
    expect(page.locator(".facts")).to_contain_text("A handler recorded this report for the person (by phone)")

    # The formal investigation reaches its findings (the respondent told by letter).
    key = handling.data_key_open(case, user=world.hana, private_key=keys["hana"])
    for note in ("Acknowledged by phone", "No immediate risk", "Told him by letter on 2 June", "He answered in writing",
                 "Two interviews held"):
        handling.stage_complete(case, actor=world.hana, data_key=key, note=note)
    handling.stage_complete(case, actor=world.hana, data_key=key, note="It happened as she said.", standard="balance")

    # An interview with a file goes into the evidence log.
    page.reload()
    page.get_by_role("link", name="Evidence and interview log").click()
    page.get_by_role("radio", name="Interview").check()
    page.get_by_label("What was found or said").fill("The host saw him touch her shoulder twice on Saturday.")
    page.get_by_label("Who took it").fill("Hana and Otto")
    page.get_by_label("Files").set_input_files(files=[{"name": "notes.png", "mimeType": "image/png",
                                                      "buffer": _png()}])
    page.get_by_role("button", name="Add to the log").click()
    expect(page.get_by_role("status")).to_contain_text("The entry is added to the log.")
    expect(page.locator(".thread")).to_contain_text("The host saw him touch her shoulder twice on Saturday.")
    expect(page.get_by_role("link", name="notes.png")).to_be_visible()
    assert_accessible(page, "the evidence and interview log")

    # The outcome of the finding, and a measure with a date to follow it up.
    page.get_by_role("link", name=f"Back to case {case.reference}").click()
    page.get_by_role("link", name="Outcome and measures", exact=True).click()
    page.get_by_role("radio", name="Upheld", exact=True).check()
    page.get_by_label("Summary").fill("Upheld on the balance of probabilities.")
    page.get_by_role("button", name="Record the outcome").click()
    expect(page.get_by_role("status")).to_contain_text("The outcome is recorded.")
    follow_up = (timezone.localdate() + timedelta(days=60)).isoformat()
    page.get_by_role("combobox", name="Measure").select_option(label="Removal from a role")
    page.get_by_label("What it is").fill("He steps down as a workshop host for a year.")
    page.get_by_label("Follow up on").fill(follow_up)
    page.get_by_role("button", name="Add the measure").click()
    expect(page.get_by_role("status")).to_contain_text("The measure is added.")
    expect(page.locator("table")).to_contain_text("He steps down as a workshop host for a year.")
    assert_accessible(page, "the outcome and measures")
    assert str(CaseMeasure.objects.get().follow_up_on) == follow_up

    # The record, printable and as a PDF.
    page.get_by_role("link", name=f"Back to case {case.reference}").click()
    page.get_by_role("link", name="The case record, to print").click()
    expect(page.get_by_role("heading", name=f"Case record {case.reference}")).to_be_visible()
    assert_accessible(page, "the printable case record")
    with page.expect_download() as downloading:
        page.get_by_role("link", name="Download it as a PDF").click()
    download = downloading.value
    name = download.suggested_filename
    assert name.startswith(f"case-{case.reference}-") and name.endswith(".pdf")
    with open(download.path(), "rb") as file:
        pdf = file.read()
    assert pdf.startswith(b"%PDF-")
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    for expected in (f"Case record {case.reference}", "he kept touching her shoulder", "By phone",
                     "The host saw him touch her shoulder twice on Saturday.", "Hana and Otto", "notes.png",
                     "Upheld on the balance of probabilities.", "He steps down as a workshop host for a year.",
                     "Told him by letter on 2 June"):
        assert expected in text, expected
    assert [a.details for a in AuditEntry.objects.filter(action="case.record_made").order_by("pk")] == [
        {"format": "html"}, {"format": "pdf"}]
