"""A handler's tools of the field: the evidence and interview log, outcomes and measures with their follow-up
reminders, intake on someone's behalf, and the case record (printable page and PDF)."""
import io
from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from holdspace.audit.models import AuditEntry
from holdspace.reports import evidence, handling, measures
from holdspace.reports.content import ReportContent
from holdspace.reports.models import Case, CaseAttachment, CaseFinding, CaseMeasure, EvidenceEntry
from holdspace.reports.submission import Submission, receipt_open
from holdspace.site.upkeep import daily_upkeep_run
from holdspace.web.refusals import Refusal
from tests.reports_helpers import CANARY, handler_keys, report_file, submit

pytestmark = pytest.mark.django_db


def _to_findings(world, case, key):
    """Walk a formal case (respondent told by letter) through its findings, on the balance of probabilities."""
    for note in ("Acknowledged", "Assessed", "Told him by letter on 3 May", "He answered by phone", "Gathered"):
        handling.stage_complete(case, actor=world.hana, data_key=key, note=note)
    handling.stage_complete(case, actor=world.hana, data_key=key, note="Found", standard="balance")


def _opened(world, keys, case):
    return handling.data_key_open(case, user=world.hana, private_key=keys["hana"])


def test_evidence_entries_are_sealed_dated_and_audited_without_content(world):
    keys = handler_keys(world, "hana")
    case, _ = submit(world)
    key = _opened(world, keys, case)
    today = timezone.localdate()
    with pytest.raises(Refusal, match="^evidence_in_future$"):
        evidence.evidence_add(case, actor=world.hana, data_key=key, kind="interview",
                              happened_on=today + timedelta(days=1), text="Said it", taken_by="Hana")
    entry = evidence.evidence_add(case, actor=world.hana, data_key=key, kind="interview", happened_on=today,
                                  text=f"{CANARY} witness said", taken_by=f"{CANARY} taker",
                                  files=[report_file("notes.png")])
    stored = EvidenceEntry.objects.get(pk=entry.pk)
    assert CANARY.encode() not in bytes(stored.text) and CANARY.encode() not in bytes(stored.taken_by)
    assert stored.files.count() == 1 and CaseAttachment.objects.filter(case=case, evidence__isnull=True).count() == 0
    log = evidence.evidence_read(case, user=world.hana, data_key=key)
    assert [(e.kind, e.text, e.taken_by, [f["name"] for f in e.files]) for e in log] == [
        ("interview", f"{CANARY} witness said", f"{CANARY} taker", ["notes.png"])]
    audits = AuditEntry.objects.filter(action__startswith="case.evidence_")
    assert sorted(a.action for a in audits) == ["case.evidence_added", "case.evidence_read"]
    assert all(CANARY not in str(a.details) for a in audits)
    handling.case_close(case, actor=world.hana, outcome=Case.Outcome.UPHELD)
    with pytest.raises(Refusal, match="^closed$"):
        evidence.evidence_add(case, actor=world.hana, data_key=key, kind="other", happened_on=today, text="x",
                              taken_by="Hana")


def test_an_outcome_waits_for_findings_and_measures_for_the_outcome(world):
    keys = handler_keys(world, "hana")
    case, _ = submit(world, pathway="formal")
    key = _opened(world, keys, case)
    with pytest.raises(Refusal, match="^no_findings_yet$"):
        measures.finding_record(case, actor=world.hana, data_key=key, result="upheld", summary="")
    with pytest.raises(Refusal, match="^finding_first$"):
        measures.measure_add(case, actor=world.hana, data_key=key, kind="warning", description="x", follow_up_on=None)
    _to_findings(world, case, key)
    measures.finding_record(case, actor=world.hana, data_key=key, result="partly_upheld", summary=f"{CANARY} summary")
    today = timezone.localdate()
    with pytest.raises(Refusal, match="^follow_up_past$"):
        measures.measure_add(case, actor=world.hana, data_key=key, kind="training", description="A course",
                             follow_up_on=today - timedelta(days=1))
    made = measures.measure_add(case, actor=world.hana, data_key=key, kind="role_removal",
                                description=f"{CANARY} steps down as host", follow_up_on=today + timedelta(days=30))
    assert CANARY.encode() not in bytes(CaseMeasure.objects.get(pk=made.pk).description)
    outcome = measures.outcome_of(case, data_key=key)
    assert outcome.summary == f"{CANARY} summary" and outcome.result == "partly_upheld"
    assert outcome.result_label == "Partly upheld"
    [shown] = measures.measures_of(case, data_key=key)
    assert shown["description"] == f"{CANARY} steps down as host" and shown["done_at"] is None
    assert shown["kind"] == "role_removal" and shown["kind_label"] == "Removal from a role"
    # What was decided is locked as what was reported is, in boxes of one size whatever the value.
    [stored_result] = CaseFinding.objects.filter(case=case).values_list("result", flat=True)
    [stored_kind] = CaseMeasure.objects.filter(case=case).values_list("kind", flat=True)
    assert b"upheld" not in bytes(stored_result) and b"role_removal" not in bytes(stored_kind)
    assert len(bytes(stored_result)) == len(bytes(stored_kind))
    decided = [entry.details for entry in AuditEntry.objects.filter(
        action__in=["case.finding_recorded", "case.measure_added"])]
    assert len(decided) == 2 and not any("upheld" in str(d) or "role_removal" in str(d) for d in decided)
    measures.measure_done(case, actor=world.hana, measure_id=made.pk)
    with pytest.raises(Refusal, match="^unknown_measure$"):
        measures.measure_done(case, actor=world.hana, measure_id=made.pk)
    assert measures.measures_of(case, data_key=key)[0]["done_at"] is not None
    assert all(CANARY not in str(a.details) for a in AuditEntry.objects.filter(action__startswith="case."))


def test_follow_ups_are_reminded_before_and_after_their_date_until_done(world, clock):
    keys = handler_keys(world, "hana")
    case, _ = submit(world, pathway="formal")
    key = _opened(world, keys, case)
    _to_findings(world, case, key)
    measures.finding_record(case, actor=world.hana, data_key=key, result="upheld", summary="")
    start = timezone.now()
    follow_up = timezone.localdate(start) + timedelta(days=10)
    kept = measures.measure_add(case, actor=world.hana, data_key=key, kind="training",
                                description=f"{CANARY} course", follow_up_on=follow_up)
    done = measures.measure_add(case, actor=world.hana, data_key=key, kind="warning", description="Warned",
                                follow_up_on=follow_up)
    measures.measure_add(case, actor=world.hana, data_key=key, kind="other", description="No date", follow_up_on=None)
    measures.measure_done(case, actor=world.hana, measure_id=done.pk)
    mail.outbox.clear()
    assert measures.measure_reminders_send(now=start + timedelta(days=8)) == 0  # two days left, the policy says one
    assert measures.measure_reminders_send(now=start + timedelta(days=9)) == 1
    assert measures.measure_reminders_send(now=start + timedelta(days=9, hours=1)) == 0  # once only
    # The daily job runs it: the day after the date has passed, one more reminder, then none.
    assert daily_upkeep_run(now=start + timedelta(days=11))["measure_follow_ups_reminded"] == 1
    assert measures.measure_reminders_send(now=start + timedelta(days=12)) == 0
    follow_up_mails = [m for m in mail.outbox if "follow-up" in m.subject]
    assert [m.to for m in follow_up_mails] == [["hana@example.org"], ["hana@example.org"]]
    for message in follow_up_mails:
        assert case.reference in message.subject and CANARY not in message.body
        assert "Training" not in message.body + message.subject and "training" not in message.body
        assert reverse("reports:case_outcome", args=[world.riverside.slug, case.reference]) in message.body
    assert CaseMeasure.objects.get(pk=kept.pk).reminded_after


def test_a_report_recorded_for_someone_is_sealed_flagged_and_opens_with_her_receipt(world, client_for):
    handler_keys(world, "hana", "otto")
    client = client_for("hana", case_key=True)
    url = reverse("reports:intake", args=[world.riverside.slug])
    page = client.get(url)
    assert page.status_code == 200 and "Record a report for someone" in page.content.decode()
    typed = {"channel": "phone", "kind": "complaint", "what": f"{CANARY} she told me on the phone",
             "pathway": "support", "identity_name": "", "identity_contact": ""}
    refused = client.post(url, typed)  # no consent ticked: refused, and what was typed is kept
    assert refused.status_code == 400 and f"{CANARY} she told me on the phone" in refused.content.decode()
    assert "only with their agreement" in refused.content.decode() and not Case.objects.exists()
    done = client.post(url, {**typed, "consent": "on"})
    assert done.status_code == 200 and done["Cache-Control"] == "no-store, private"
    case = Case.objects.get()
    assert case.intake == "phone" and case.consent_confirmed and CANARY.encode() not in bytes(case.content)
    receipt = done.context["receipt"]
    assert receipt in done.content.decode() and receipt not in str(dict(client.session))
    opened, data_key = receipt_open(receipt)  # her code opens her report
    assert opened == case
    intake = AuditEntry.objects.get(action="case.intake_recorded")
    assert intake.actor_id == world.hana.pk and CANARY not in str(intake.details)
    shown = client.get(reverse("reports:case", args=[world.riverside.slug, case.reference])).content.decode()
    assert "recorded this report for the person" in shown

    # The handler saw that code: the first time she opens it on the receipt page, she gets one of her own.
    assert case.receipt_handed_over
    her = Client()
    first = her.post(reverse("reports:receipt"), {"receipt": receipt})
    assert first.status_code == 200 and first["Cache-Control"] == "no-store, private"
    assert "was seen by the person who took your report; this one is yours alone" in first.content.decode()
    own = first.context["receipt"]
    assert own != receipt and own in first.content.decode()
    assert f"{CANARY} she told me on the phone" in her.get(reverse("reports:mine")).content.decode()
    case.refresh_from_db()
    assert not case.receipt_handed_over
    with pytest.raises(Refusal, match="^receipt_does_not_open$"):
        receipt_open(receipt)  # the handed-over code no longer opens anything
    again = Client().post(reverse("reports:receipt"), {"receipt": receipt})  # not for him, not a second time
    assert again.status_code == 400 and "yours alone" not in again.content.decode()
    assert receipt_open(own)[0] == case
    second = Client().post(reverse("reports:receipt"), {"receipt": own})  # her own code: no new one again
    assert second.status_code == 302 and second.url == reverse("reports:mine")
    renewed = AuditEntry.objects.get(action="case.receipt_renewed")
    assert renewed.actor_id is None and not renewed.details


def test_an_intake_refused_as_a_service_without_consent(world):
    from holdspace.reports.intake import intake_record

    handler_keys(world, "hana")
    with pytest.raises(Refusal, match="^intake_consent$"):
        intake_record(organisation=world.riverside, actor=world.hana, channel="phone", consent=False,
                      submission=Submission(kind="complaint", pathway="record", content=ReportContent(what="x")))
    assert not Case.objects.exists()


def test_pages_keep_what_was_typed_and_the_record_is_audited_in_both_formats(world, client_for):
    keys = handler_keys(world, "hana")
    case, _ = submit(world, pathway="formal")
    key = _opened(world, keys, case)
    _to_findings(world, case, key)
    client = client_for("hana", case_key=True)
    args = [world.riverside.slug, case.reference]
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    bad = client.post(reverse("reports:case_evidence_add", args=args),
                      {"kind": "evidence", "happened_on": tomorrow, "text": "CANARY-TYPED-EVIDENCE",
                       "taken_by": "Hana"})
    assert bad.status_code == 400 and "CANARY-TYPED-EVIDENCE" in bad.content.decode()
    assert "has not come yet" in bad.content.decode()
    good = client.post(reverse("reports:case_evidence_add", args=args),
                       {"kind": "evidence", "happened_on": timezone.localdate().isoformat(),
                        "text": "A photo of the message", "taken_by": "Hana"})
    assert good.status_code == 302
    assert client.post(reverse("reports:case_finding", args=args), {"result": "upheld"}).status_code == 302
    bad = client.post(reverse("reports:case_measure", args=args),
                      {"kind": "training", "description": "CANARY-TYPED-MEASURE", "follow_up_on": "not a date"})
    assert bad.status_code == 400 and "CANARY-TYPED-MEASURE" in bad.content.decode()
    assert client.post(reverse("reports:case_measure", args=args),
                       {"kind": "training", "description": "A course on consent",
                        "follow_up_on": tomorrow}).status_code == 302
    outcome_page = client.get(reverse("reports:case_outcome", args=args)).content.decode()
    assert "A course on consent" in outcome_page and "Upheld" in outcome_page
    case_page = client.get(reverse("reports:case", args=args)).content.decode()
    assert "1 entry" in case_page and "A course on consent" in case_page

    printed = client.get(reverse("reports:case_record", args=args))
    assert printed.status_code == 200 and printed["Cache-Control"] == "no-store, private"
    assert "A photo of the message" in printed.content.decode() and CANARY in printed.content.decode()
    pdf = client.get(reverse("reports:case_record_pdf", args=args))
    assert pdf["Content-Type"] == "application/pdf" and pdf["Cache-Control"] == "no-store, private"
    assert pdf["Content-Disposition"].startswith(f'attachment; filename="case-{case.reference}-')
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    for expected in (case.reference, f"{CANARY} what happened", "A photo of the message", "A course on consent",
                     "Upheld", "Told him by letter on 3 May"):
        assert expected in text
    made = AuditEntry.objects.filter(action="case.record_made").order_by("pk")
    assert [(a.actor_id, a.details) for a in made] == [(world.hana.pk, {"format": "html"}),
                                                       (world.hana.pk, {"format": "pdf"})]


def test_the_evidence_log_keeps_a_flat_number_of_queries(world, client_for):
    keys = handler_keys(world, "hana")
    case, _ = submit(world)
    key = _opened(world, keys, case)
    client = client_for("hana", case_key=True)
    url = reverse("reports:case_evidence", args=[world.riverside.slug, case.reference])

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    evidence.evidence_add(case, actor=world.hana, data_key=key, kind="other", happened_on=date(2026, 6, 1), text="a",
                          taken_by="Hana", files=[report_file()])
    count()  # the first visit settles the session
    one = count()
    for n in range(4):
        evidence.evidence_add(case, actor=world.hana, data_key=key, kind="other", happened_on=date(2026, 6, 1),
                              text=f"entry {n}", taken_by="Hana", files=[report_file()])
    assert count() == one


def test_the_pdf_takes_any_text_as_text(world):
    """Markup in what she wrote is shown, not obeyed; accents and quotes print; scripts the font lacks and a
    paragraph longer than a page do not break the record."""
    from holdspace.reports.record import case_record
    from holdspace.reports.views.record_pdf import record_pdf

    keys = handler_keys(world, "hana")
    what = "Ünïcødé “quotes” <b>not bold</b> & <para> Кириллица 漢字 😀 " + "a long day " * 3000
    case, _ = submit(world, what=what)
    key = _opened(world, keys, case)
    made = case_record(case, user=world.hana, data_key=key, private_key=keys["hana"], format="pdf")
    reader = PdfReader(io.BytesIO(record_pdf(made)))
    assert len(reader.pages) > 1
    assert "Ünïcødé “quotes” <b>not bold</b> & <para>" in reader.pages[0].extract_text()


def test_the_outcome_page_and_the_case_page_keep_a_flat_number_of_queries_as_measures_grow(world, client_for):
    keys = handler_keys(world, "hana")
    case, _ = submit(world, pathway="formal")
    key = _opened(world, keys, case)
    _to_findings(world, case, key)
    measures.finding_record(case, actor=world.hana, data_key=key, result="upheld", summary="")
    client = client_for("hana", case_key=True)
    urls = [reverse(name, args=[world.riverside.slug, case.reference]) for name in ("reports:case_outcome",
                                                                                     "reports:case")]

    def counts() -> list[int]:
        found = []
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            found.append(len(captured))
        return found

    def add_measure():
        made = measures.measure_add(case, actor=world.hana, data_key=key, kind="training", description="A course",
                                    follow_up_on=None)
        measures.measure_done(case, actor=world.hana, measure_id=made.pk)

    add_measure()
    counts()  # the first visit settles the session
    one = counts()
    for _ in range(4):
        add_measure()
    assert counts() == one
