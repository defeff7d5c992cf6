"""The person reporting, after she writes: what she needs now, her page in her words, hearing that there is news,
and a report kept with her account."""
import json
import logging
import re
import socket

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.urls import reverse

from holdspace.accounts.personal_data import deletion_consequences, export_sections
from holdspace.audit.models import AuditEntry
from holdspace.crypto.boxes import CannotOpen, lock, new_data_key, unlock
from holdspace.keys.selectors import keys_at_stake
from holdspace.keys.services import personal_key_create
from holdspace.reports import handling, reporter
from holdspace.reports.content import ReportContent, content_lock, content_unlock
from holdspace.reports.kept import kept_open, kept_reports, report_keep
from holdspace.reports.models import Case, KeptReport
from holdspace.reports.needs import Need
from holdspace.reports.news import news_address_open, news_address_set, news_tell
from holdspace.reports.pathways import Stage
from holdspace.reports.status import STAGE_WORDS, reporter_status, stage_words
from holdspace.reports.submission import Submission, report_submit
from holdspace.reports.views.reporter import REPORTER
from holdspace.web.sessions import SessionStore
from holdspace.web.refusals import Refusal
from tests.conftest import PASSWORD, sign_in, unlock_case_key
from tests.reports_helpers import CANARY, handler_keys, submit

pytestmark = pytest.mark.django_db

RECEIPT_PATTERN = re.compile(r"<code>([0-9A-Z]{4}(?:-[0-9A-Z]{1,4}){5})</code>")
ADDRESS = "her.own.address@example.org"


def _report(client, world, **overrides):
    data = {"kind": "complaint", "on_behalf": "no", "what": f"{CANARY} he kept touching my shoulder",
            "when": "roughly last March", "witnesses": f"{CANARY} a colleague", "pathway": "informal"}
    data.update(overrides)
    return client.post(reverse("reports:write", args=[world.riverside.slug]), data)


def _opened(world, receipt: str) -> Client:
    client = Client()
    assert client.post(reverse("reports:receipt"), {"receipt": receipt}).status_code == 302
    return client


def _data_key(world, case, keys):
    return handling.data_key_open(case, user=world.hana, private_key=keys["hana"])


def _session_names_no_report(client, case) -> dict:
    """The session row as the database holds it, read as anyone with the database and the settings reads it: the
    opened report is there, locked, and nothing in it names which one. Returns what it holds."""
    row = Session.objects.get(session_key=client.session.session_key)
    held = SessionStore().decode(row.session_data)
    assert set(held[REPORTER]) == {"locked"}
    readable = json.dumps({name: value for name, value in held.items() if name != REPORTER})
    assert case.reference not in readable and case.reference not in row.session_data
    assert str(case.pk) not in json.dumps(held[REPORTER]).replace(held[REPORTER]["locked"], "")
    return held


def test_content_sealed_before_needs_were_asked_still_opens_with_none():
    key = new_data_key()
    old = lock(key, plaintext=json.dumps({"what": "as written before", "when": "", "where": "",
                                           "respondent_name": "", "people": "", "witnesses": "",
                                           "impact": ""}).encode())
    opened = content_unlock(key, box=old)
    assert opened.what == "as written before" and opened.needs == [] and opened.need_labels == []
    # Unknown or repeated values never come out of a box.
    tampered = content_lock(key, content=ReportContent(what="x", needs=["no_contact", "bogus", "no_contact"]))
    assert content_unlock(key, box=tampered).needs == ["no_contact"]


def test_she_reports_with_needs_and_an_address_and_her_page_speaks_to_her(world, client_for, clock):
    keys = handler_keys(world, "hana")
    response = _report(Client(), world, needs=["no_contact", "support"], news_email=ADDRESS)
    assert response.status_code == 200
    receipt = RECEIPT_PATTERN.search(response.content.decode()).group(1)
    case = Case.objects.get()
    data_key = _data_key(world, case, keys)
    assert content_unlock(data_key, box=case.content).needs == [Need.NO_CONTACT, Need.SUPPORT]
    assert news_address_open(case, data_key=data_key)[0] == ADDRESS
    received = AuditEntry.objects.get(action="case.received")
    assert ADDRESS not in json.dumps(received.details) and received.details["news_address"] is True

    page = _opened(world, receipt).get(reverse("reports:mine")).content.decode()
    # What she wrote, all of it, and where it stands in her words with a day to expect news.
    assert f"{CANARY} he kept touching my shoulder" in page and f"{CANARY} a colleague" in page
    assert "roughly last March" in page
    assert "Your report has arrived. A handler will read it by" in page
    assert "You can expect news by" in page and "Acknowledge the report" not in page
    assert "No contact with the person" in page and ADDRESS in page

    # The handlers see what she needs at the top of the case.
    hana = client_for("hana", case_key=True)
    case_page = hana.get(reverse("reports:case", args=[world.riverside.slug, case.reference])).content.decode()
    assert case_page.index("What the reporter needs now") < case_page.index("No contact with the person")
    # The case opens on its summary; her words are on the report's own page.
    report_page = hana.get(reverse("reports:case_report", args=[world.riverside.slug, case.reference])).content.decode()
    assert f"{CANARY} he kept touching" in report_page and f"{CANARY} he kept touching" not in case_page


def test_nothing_yet_stands_alone_and_what_was_typed_is_kept(world):
    handler_keys(world, "hana")
    response = _report(Client(), world, what=f"{CANARY} typed words", needs=["nothing_yet", "interim"],
                       news_email="not an address")
    assert response.status_code == 400
    body = response.content.decode()
    assert f"{CANARY} typed words" in body and "cannot go with other needs" in body
    assert "like name@example.org" in body and 'value="not an address"' in body
    assert not Case.objects.exists()


def test_she_changes_what_she_needs_and_the_handlers_are_told_without_content(world):
    keys = handler_keys(world, "hana")
    response = _report(Client(), world)
    receipt = RECEIPT_PATTERN.search(response.content.decode()).group(1)
    client = _opened(world, receipt)
    Case.objects.update(unread_for_handlers=0)
    bad = client.post(reverse("reports:mine_needs"), {"needs": ["nothing_yet", "support"]})
    assert bad.status_code == 400 and "cannot go with other needs" in bad.content.decode()
    assert client.post(reverse("reports:mine_needs"), {"needs": ["interim"]}).status_code == 302
    case = Case.objects.get()
    assert content_unlock(_data_key(world, case, keys), box=case.content).needs == ["interim"]
    assert case.unread_for_handlers == 1
    assert AuditEntry.objects.get(action="case.needs_changed").details == {}
    # The report once withdrawn: nothing changes any more.
    assert client.post(reverse("reports:mine_withdraw"), {"withdraw-confirm": "on"}).status_code == 302
    refused = client.post(reverse("reports:mine_needs"), {"needs": ["support"]})
    assert refused.status_code == 400 and "This report is closed" in refused.content.decode()
    case = Case.objects.get()
    assert content_unlock(_data_key(world, case, keys), box=case.content).needs == ["interim"]
    assert AuditEntry.objects.filter(action="case.needs_changed").count() == 1


def test_every_stage_has_words_for_her_and_an_answer_awaited_is_said(world, clock):
    handler_keys(world, "hana")
    case, _receipt = submit(world, pathway="informal")
    handler_words = {str(label) for label in Stage.labels}
    for stage in Stage:
        case.stage = stage
        words = stage_words(case)
        assert words and words not in handler_words, stage
    assert set(STAGE_WORDS) == set(Stage)
    case.stage = Stage.ACKNOWLEDGE
    status = reporter_status(case, last_author=None)
    assert not status.awaits_her and status.next_news_on == case.stage_due_at.date()
    assert reporter_status(case, last_author="handler").awaits_her
    case.stage = Stage.REPORTER_VIEW
    assert reporter_status(case, last_author="reporter").awaits_her
    case.status = Case.Status.CLOSED
    assert reporter_status(case, last_author=None).words == ""


def test_she_hears_there_is_news_in_neutral_words_and_can_remove_the_address(
        world, clock, settings, django_capture_on_commit_callbacks):
    keys = handler_keys(world, "hana")
    response = _report(Client(), world, news_email=ADDRESS)
    receipt = RECEIPT_PATTERN.search(response.content.decode()).group(1)
    case = Case.objects.get()
    data_key = _data_key(world, case, keys)
    mail.outbox.clear()

    # Her address opens only with the data key and the server's key together: a handler's key alone does not open
    # it, nor does the database with other settings.
    with pytest.raises(CannotOpen):
        unlock(data_key, box=bytes(case.news_address))
    ours = settings.HOLDSPACE_KEY_SECRET
    settings.HOLDSPACE_KEY_SECRET = "another server's secret"
    assert news_address_open(case, data_key=data_key) is None
    settings.HOLDSPACE_KEY_SECRET = ours
    assert news_address_open(case, data_key=data_key)[0] == ADDRESS

    with django_capture_on_commit_callbacks(execute=True):
        handling.message_send(case, actor=world.hana, data_key=data_key, channel="reporter", body=f"{CANARY} reply")
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    # A subject that says nothing of a report, seen on a watched screen; the body says there is news, no more.
    assert sent.to == [ADDRESS] and sent.subject == "A new update is waiting for you"
    assert "report" not in sent.subject.lower() and "There is news on your report" in sent.body
    for secret in ("Riverside", case.reference, CANARY, "riverside"):
        assert secret not in sent.subject and secret not in sent.body
    assert reverse("reports:receipt") in sent.body

    # A message among handlers is not news for her; a completed stage that changes her page is, and a stage sent
    # with a message to her tells her once. The mail goes after the step is committed, never inside it.
    with django_capture_on_commit_callbacks(execute=True):
        handling.message_send(case, actor=world.hana, data_key=data_key, channel="handlers", body="between us")
    assert len(mail.outbox) == 1
    case.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=False) as waiting:
        handling.stage_complete(case, actor=world.hana, data_key=data_key, note="read", version=case.version)
        assert len(mail.outbox) == 1
    assert len(waiting) == 1 and len(mail.outbox) == 1
    waiting[0]()
    assert len(mail.outbox) == 2

    # Her page says a handler waits for her answer.
    client = _opened(world, receipt)
    page = client.get(reverse("reports:mine")).content.decode()
    assert "Waiting for your answer" in page and "A handler has read your report" in page

    # She changes the address, then removes it: no more mail, and the audit never holds it.
    bad = client.post(reverse("reports:mine_news"), {"news_email": "nope"})
    assert bad.status_code == 400 and 'value="nope"' in bad.content.decode()
    assert client.post(reverse("reports:mine_news"), {"news_email": "another@example.org"}).status_code == 302
    case.refresh_from_db()
    assert news_address_open(case, data_key=data_key)[0] == "another@example.org"
    assert client.post(reverse("reports:mine_news_remove")).status_code == 302
    case.refresh_from_db()
    assert case.news_address is None
    with django_capture_on_commit_callbacks(execute=True):
        handling.case_close(case, actor=world.hana, outcome="recorded", version=case.version, data_key=data_key)
    assert len(mail.outbox) == 2
    assert client.post(reverse("reports:mine_news_remove")).status_code == 302  # nothing to remove: said, no error
    details = json.dumps(list(AuditEntry.objects.values_list("details", flat=True)))
    assert ADDRESS not in details and "another@example.org" not in details
    assert {"case.news_address_changed", "case.news_address_removed"} <= set(
        AuditEntry.objects.values_list("action", flat=True))


def test_closing_tells_her_and_a_failed_mail_logs_no_address(world, settings, caplog,
                                                             django_capture_on_commit_callbacks):
    keys = handler_keys(world, "hana")
    case, _receipt = submit(world, pathway="record")
    data_key = _data_key(world, case, keys)
    news_address_set(case, data_key=data_key, address=ADDRESS, language="es")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        handling.case_close(case, actor=world.hana, outcome="recorded", data_key=data_key)
    assert len(mail.outbox) == 1 and mail.outbox[0].subject == "Tienes una novedad esperándote"
    assert "Hay novedades sobre tu denuncia" in mail.outbox[0].body
    # A mail server that cannot be reached: the step is saved, the log names no address.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    caplog.set_level(logging.DEBUG)
    with django_capture_on_commit_callbacks(execute=True):
        assert news_tell(case, data_key=data_key) is True
    assert "could not be sent" in caplog.text and ADDRESS not in caplog.text
    assert news_tell(case, data_key=None) is False


def test_a_signed_in_reporter_keeps_her_report_and_opens_it_without_the_receipt(world, client_for):
    handler_keys(world, "hana", "mateo")
    personal_key_create(world.rosa, password=PASSWORD)
    rosa = unlock_case_key(sign_in(Client(), world.rosa), world.rosa)
    form = rosa.get(reverse("reports:write", args=[world.riverside.slug])).content.decode()
    assert 'name="keep"' in form and "Anyone who gets into your account can open it too" in form
    assert 'name="keep" checked' not in form
    entries_before = AuditEntry.objects.count()
    response = _report(rosa, world, keep="on")
    assert response.status_code == 200 and "also kept with your account" in response.content.decode()
    case = Case.objects.get()
    row = KeptReport.objects.get()
    assert row.user == world.rosa and not hasattr(row, "case_id")
    # Only the arrival is audited: an entry of hers next to it would say which report she keeps.
    assert AuditEntry.objects.count() == entries_before + 1
    assert not AuditEntry.objects.filter(action="report.kept").exists()
    hers = AuditEntry.objects.filter(actor_id=world.rosa.pk).count()  # setting up her key, before

    listing = rosa.get(reverse("reports:kept"))
    assert listing.status_code == 200 and "Your report to Riverside" in listing.content.decode()
    opened = rosa.post(reverse("reports:kept_open"), {"kept": row.pk})
    assert opened.status_code == 302 and opened["Location"] == reverse("reports:mine")
    page = rosa.get(reverse("reports:mine")).content.decode()
    assert f"{CANARY} he kept touching my shoulder" in page and "This report is kept with your account" in page
    # Her session holds who she is and the report, locked: nothing in it says which report.
    assert _session_names_no_report(rosa, case)["_auth_user_id"] == str(world.rosa.pk)
    assert "data-quick-exit" in listing.content.decode()
    # The quick exit's beacon closes the report in this browser and signs nothing else out: her key stays open.
    assert rosa.post(reverse("reports:quick_exit"), {"beacon": "1"}).status_code == 204
    assert rosa.get(reverse("reports:mine"))["Location"] == reverse("reports:receipt")
    assert rosa.get(reverse("reports:kept")).status_code == 200

    # Someone else's row opens nothing of hers: refused, as if it did not exist.
    mateo = client_for("mateo", case_key=True)
    refused = mateo.post(reverse("reports:kept_open"), {"kept": row.pk})
    assert refused.status_code == 302 and refused["Location"] == reverse("reports:kept")
    assert mateo.get(reverse("reports:mine")).status_code == 302

    # Her export counts it and, her key open, says where it went; deleting her account unties it.
    sections = {section.key: section for section in _export(rosa, world.rosa)}
    assert any("You keep 1 report" in str(note) for note in sections["reports"].notes)
    assert sections["reports"].parts[0].records[0]["organisation"] == "Riverside"
    lines = [str(line.words) for _part, found in deletion_consequences(world.rosa) for line in found]
    assert any("report you keep with your account is untied" in line for line in lines)

    assert rosa.post(reverse("reports:kept_untie"), {"kept": row.pk}).status_code == 302
    assert not KeptReport.objects.exists()
    # Opening, keeping and untying leave no entry of hers: one at that time would say which report is hers.
    assert not AuditEntry.objects.filter(action__in=["report.kept", "report.untied"]).exists()
    assert AuditEntry.objects.filter(actor_id=world.rosa.pk).count() == hers


def _export(client, user):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = user
    request.session = client.session
    request.COOKIES = {name: morsel.value for name, morsel in client.cookies.items()}
    return export_sections(request)


def test_tying_from_her_page_and_what_a_deleted_report_or_a_new_key_leaves(world, clock):
    handler_keys(world, "hana")
    made = personal_key_create(world.rosa, password=PASSWORD)
    response = _report(Client(), world)
    receipt = RECEIPT_PATTERN.search(response.content.decode()).group(1)
    anonymous = _opened(world, receipt)
    assert anonymous.post(reverse("reports:mine_keep")).status_code == 404  # not signed in: nothing to keep it with

    case = Case.objects.get()
    _session_names_no_report(anonymous, case)

    rosa = sign_in(Client(), world.rosa)
    assert rosa.post(reverse("reports:receipt"), {"receipt": receipt}).status_code == 302
    assert _session_names_no_report(rosa, case)["_auth_user_id"] == str(world.rosa.pk)
    page = rosa.get(reverse("reports:mine")).content.decode()
    assert "Keep it with my account" in page
    # Her key locked, nothing tells whether she keeps it already: she is asked for her key, and nothing is kept.
    locked = rosa.post(reverse("reports:mine_keep"))
    assert locked.status_code == 302 and locked["Location"].startswith(reverse("keys:key"))
    assert not KeptReport.objects.exists()
    unlock_case_key(rosa, world.rosa)
    assert rosa.post(reverse("reports:mine_keep")).status_code == 302
    assert KeptReport.objects.count() == 1
    again = rosa.post(reverse("reports:mine_keep"), follow=True)
    assert "already kept with your account" in again.content.decode() and KeptReport.objects.count() == 1
    assert not AuditEntry.objects.filter(action="report.kept").exists()
    with pytest.raises(Refusal) as refused:
        report_keep(user=world.rosa, case=case, data_key=b"k" * 32, private_key=None)
    assert refused.value.code == "keep_needs_open_key"
    opened_case, data_key = kept_open(user=world.rosa, private_key=made.private_key,
                                      kept_id=KeptReport.objects.get().pk)
    assert opened_case == case
    with pytest.raises(Refusal) as refused:
        report_keep(user=world.rosa, case=case, data_key=data_key, private_key=made.private_key)
    assert refused.value.code == "already_kept"

    # Deleted: shown as gone, and opening it says so.
    reporter.reporter_delete(case)
    [gone] = kept_reports(user=world.rosa, private_key=made.private_key)
    assert gone.case is None and gone.opens
    with pytest.raises(Refusal) as refused:
        kept_open(user=world.rosa, private_key=made.private_key, kept_id=gone.pk)
    assert refused.value.code == "kept_report_deleted"

    # A new key pair of hers unties what was sealed to the old one: the key page warns first.
    warned = [name for _warning, names in keys_at_stake(world.rosa) for name in names]
    assert "1 report you keep with your account" in warned
    personal_key_create(world.rosa, password=PASSWORD)
    assert not KeptReport.objects.exists()


def test_without_a_key_she_is_not_offered_to_keep_and_the_list_asks_for_her_key(world):
    handler_keys(world, "hana")
    rosa = sign_in(Client(), world.rosa)
    form = rosa.get(reverse("reports:write", args=[world.riverside.slug])).content.decode()
    assert 'name="keep"' not in form and "Once you set up your key" in form
    assert rosa.get(reverse("reports:kept"))["Location"].startswith(reverse("keys:key"))
    # A keep sent anyway (an old page) is not taken.
    _report(rosa, world, keep="on")
    assert Case.objects.count() == 1 and not KeptReport.objects.exists()


def test_the_kept_list_runs_the_same_queries_for_one_or_many(world, django_assert_max_num_queries):
    handler_keys(world, "hana")
    made = personal_key_create(world.rosa, password=PASSWORD)
    rosa = unlock_case_key(sign_in(Client(), world.rosa), world.rosa)

    def keep_one():
        case, _receipt = submit(world)
        report_keep(user=world.rosa, case=case, data_key=new_data_key(), private_key=made.private_key)

    keep_one()
    with django_assert_max_num_queries(12) as few:
        assert rosa.get(reverse("reports:kept")).status_code == 200
    for _ in range(3):
        keep_one()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert rosa.get(reverse("reports:kept")).status_code == 200
    assert len(kept_reports(user=world.rosa, private_key=made.private_key)) == 4


def test_her_kept_row_is_written_after_the_case_so_a_failure_there_loses_no_report(world, monkeypatch):
    """Rows written in one transaction share its id (PostgreSQL's xmin): her row comes in a transaction of its own,
    after the case's. Seen here as the case being saved already when writing her row fails."""
    handler_keys(world, "hana")
    personal_key_create(world.rosa, password=PASSWORD)

    def fails(**_fields):
        raise RuntimeError("the row could not be written")

    monkeypatch.setattr(KeptReport.objects, "create", fails)
    submission = Submission(kind="complaint", pathway="informal", content=ReportContent(what=f"{CANARY} what"),
                            keep_with=world.rosa)
    with pytest.raises(RuntimeError):
        report_submit(organisation=world.riverside, submission=submission)
    assert Case.objects.count() == 1 and not KeptReport.objects.exists()
