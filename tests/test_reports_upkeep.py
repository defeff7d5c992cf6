"""Deadline reminders, retention and the database task queue."""
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from holdspace.audit.models import AuditEntry
from holdspace.reports import handling, reporter
from holdspace.reports.models import Case
from holdspace.reports.submission import receipt_open
from holdspace.reports.upkeep import (
    ESCALATE_AFTER, GRACE_AFTER_WARNING, escalations_send, reminders_send, retention_run,
)
from tests.reports_helpers import CANARY, handler_keys, submit

pytestmark = pytest.mark.django_db


def test_handlers_are_reminded_before_and_after_a_deadline_without_the_report(world):
    keys = handler_keys(world, "hana")
    case, _ = submit(world)
    start = case.received_at
    # Acknowledging takes one day: within the policy's one day before, so the first daily run reminds at once.
    assert reminders_send(now=start + timedelta(hours=1)).reminded_before == 1
    key = handling.data_key_open(case, user=world.hana, private_key=keys["hana"])
    handling.stage_complete(case, actor=world.hana, data_key=key, note="", now=start + timedelta(hours=2))
    assessed = start + timedelta(hours=2, days=2)  # the safety assessment is due two days later
    assert reminders_send(now=assessed - timedelta(days=1, hours=12)).reminded_before == 0  # policy says one day
    assert reminders_send(now=assessed - timedelta(hours=12)).reminded_before == 1
    assert reminders_send(now=assessed - timedelta(hours=11)).reminded_before == 0  # once only
    assert reminders_send(now=assessed + timedelta(hours=1)).reminded_after == 1
    assert [message.to for message in mail.outbox] == [["hana@example.org"]] * 3
    for message in mail.outbox:
        assert case.reference in message.subject
        assert CANARY not in message.body and case.reference in message.body


def test_an_overdue_handlers_stage_is_escalated_once_to_its_key_holders_but_not_her_time(world):
    keys = handler_keys(world, "hana")
    case, _ = submit(world, pathway="informal")
    due = case.stage_due_at
    assert escalations_send(now=due + ESCALATE_AFTER - timedelta(minutes=1)).escalated == 0  # only a day late
    report = escalations_send(now=due + ESCALATE_AFTER)
    assert report.escalated == 1
    # Only who holds the case: not Ada (an administrator who does not handle cases), not Otto (a handler
    # without a key to it, while Hana can be reached).
    assert [message.to for message in mail.outbox] == [[world.hana.email]]
    stage = case.stages.get(stage="acknowledge")
    for message in mail.outbox:
        assert case.reference in message.subject and CANARY not in message.body
        assert stage.get_stage_display() not in message.body and stage.get_stage_display() not in message.subject
    assert AuditEntry.objects.filter(action="case.stage_escalated", details__stage="acknowledge").count() == 1
    assert escalations_send(now=due + timedelta(days=5)).escalated == 0  # once

    # Her own time is never escalated: the reporter's view of an informal outcome waits for her.
    key = handling.data_key_open(case, user=world.hana, private_key=keys["hana"])
    moment = due + timedelta(days=5)
    for _ in range(3):  # acknowledge, assess, conversation
        handling.stage_complete(case, actor=world.hana, data_key=key, note="", now=moment)
    case.refresh_from_db()
    assert case.stage == "reporter_view"
    assert escalations_send(now=case.stage_due_at + timedelta(days=30)).escalated == 0


def test_someone_kept_out_of_a_case_is_not_told_it_is_late(world):
    handler_keys(world, "hana", "otto")
    case, _ = submit(world)
    handling.respondent_link(case, actor=world.hana, respondent=world.otto)  # an administrator and handler
    assert escalations_send(now=case.stage_due_at + timedelta(days=2)).escalated == 1
    sent = {address for message in mail.outbox for address in message.to}
    assert sent == {world.hana.email}


def test_when_no_key_holder_can_be_reached_the_other_handlers_who_may_see_it_are_told(world):
    handler_keys(world, "hana")
    case, _ = submit(world)
    world.hana.is_active = False
    world.hana.save(update_fields=["is_active"])
    assert escalations_send(now=case.stage_due_at + timedelta(days=2)).escalated == 1
    # Otto handles cases here (and administers): he is told; Ada, only an administrator, never is.
    assert sorted(address for message in mail.outbox for address in message.to) == [world.otto.email]


def test_closed_cases_are_purged_after_retention_unless_held_or_recently_written_to(world):
    keys = handler_keys(world, "hana")
    quiet, _ = submit(world)
    held, _ = submit(world)
    written, receipt = submit(world)
    for case in (quiet, held, written):
        key = handling.data_key_open(case, user=world.hana, private_key=keys["hana"])
        handling.case_read(case, user=world.hana, data_key=key)  # nothing left unread
        handling.case_close(case, actor=world.hana, outcome=Case.Outcome.RECORDED)
    held_key = handling.data_key_open(held, user=world.hana, private_key=keys["hana"])
    handling.hold_set(held, actor=world.hana, data_key=held_key, reason="Related case still open")
    assert b"Related case" not in bytes(Case.objects.get(pk=held.pk).hold_reason)
    written, data_key = receipt_open(receipt)
    reporter.reporter_write(written, data_key=data_key, body="I remembered something else")

    later = quiet.closed_at + timedelta(days=366)
    report = retention_run(now=later)
    assert report.purged == 1 and report.warned == 1
    assert not Case.objects.filter(pk=quiet.pk).exists()
    assert Case.objects.filter(pk=held.pk).exists()
    assert Case.objects.get(pk=written.pk).purge_after == later + GRACE_AFTER_WARNING
    assert any("please look before it is deleted" in m.subject for m in mail.outbox)
    # Warned once: after the grace period it goes, unless someone put it on hold.
    assert retention_run(now=later + GRACE_AFTER_WARNING + timedelta(hours=1)).purged == 1
    purges = AuditEntry.objects.filter(action="case.purged")
    assert purges.count() == 2 and all("reference" in entry.details for entry in purges)


# The worker closes its database connection when it stops, as a long-running
# process should: so this test runs outside a wrapping transaction.
@pytest.mark.django_db(transaction=True)
def test_the_daily_job_runs_from_the_database_queue_and_schedules_itself(world):
    from django_tasks_db.models import DBTaskResult

    call_command("daily_upkeep", "--schedule")
    assert DBTaskResult.objects.count() == 1
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    results = DBTaskResult.objects.order_by("enqueued_at")
    assert results[0].status == "SUCCESSFUL"
    assert results[1].status == "READY" and results[1].run_after > timezone.now() + timedelta(hours=23)
