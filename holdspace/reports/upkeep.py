"""The daily upkeep of cases: deadline reminders and retention.

Reminders name only a case's reference, stage and date: never anything the
reporter wrote. Purges are audited one by one. A case whose reporter wrote
recently or left messages unread is not purged silently: its handlers are
warned and it is kept two more weeks.
"""
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from holdspace.accounts.emails import send_templated_mail
from holdspace.audit.services import audit_record
from holdspace.reports.access import handlers_of, policy_for
from holdspace.reports.models import Case, CaseKey, CaseStage

logger = logging.getLogger(__name__)

# A reporter who wrote within this time before the purge date is not cut off silently.
RECENT_ACTIVITY = timedelta(days=14)
GRACE_AFTER_WARNING = timedelta(days=14)


@dataclass
class UpkeepReport:
    reminded_before: int = 0
    reminded_after: int = 0
    purged: int = 0
    warned: int = 0


def _keyholders(case: Case):
    return [
        key.user
        for key in CaseKey.objects.filter(case=case, user__in=handlers_of(case.handling_organisation)).select_related(
            "user"
        )
    ]


def _mail(case: Case, stage: CaseStage | None, template: str) -> None:
    link = reverse("reports:case", args=[case.handling_organisation.slug, case.reference])
    for user in _keyholders(case):
        send_templated_mail(
            to=user.email,
            template=f"reports/email/{template}",
            language=user.language or None,
            context={"case": case, "stage": stage, "link": link, "organisation": case.handling_organisation},
        )


def reminders_send(*, now: datetime | None = None) -> UpkeepReport:
    now = now or timezone.now()
    report = UpkeepReport()
    coming = CaseStage.objects.filter(
        completed_at__isnull=True, reminded_before=False, due_at__gt=now, due_at__lte=now + timedelta(days=30),
        case__status=Case.Status.OPEN,
    ).select_related("case__handling_organisation")
    for stage in coming:
        policy = policy_for(stage.case.handling_organisation)
        if stage.due_at - now > timedelta(days=policy.reminder_days_before):
            continue
        _mail(stage.case, stage, "deadline_soon")
        CaseStage.objects.filter(pk=stage.pk).update(reminded_before=True)
        report.reminded_before += 1
    overdue = CaseStage.objects.filter(
        completed_at__isnull=True, reminded_after=False, due_at__lte=now, case__status=Case.Status.OPEN
    ).select_related("case__handling_organisation")
    for stage in overdue:
        _mail(stage.case, stage, "deadline_passed")
        CaseStage.objects.filter(pk=stage.pk).update(reminded_after=True, reminded_before=True)
        report.reminded_after += 1
    return report


def _needs_warning(case: Case) -> bool:
    recent = case.reporter_activity_at > case.purge_after - RECENT_ACTIVITY
    return case.unread_for_handlers > 0 or recent


def retention_run(*, now: datetime | None = None) -> UpkeepReport:
    now = now or timezone.now()
    report = UpkeepReport()
    due = Case.objects.filter(purge_after__lte=now, hold_reason__isnull=True).exclude(status=Case.Status.OPEN).select_related(
        "handling_organisation"
    )
    for case in due:
        if _needs_warning(case) and (case.purge_warned_at is None or case.purge_warned_at < case.reporter_activity_at):
            with transaction.atomic():
                Case.objects.filter(pk=case.pk).update(purge_warned_at=now, purge_after=now + GRACE_AFTER_WARNING)
                audit_record(action="case.purge_postponed", actor_id=None,
                             organisation_id=case.handling_organisation_id, target=case)
            _mail(case, None, "purge_warning")
            report.warned += 1
            continue
        with transaction.atomic():
            audit_record(action="case.purged", actor_id=None, organisation_id=case.handling_organisation_id,
                         target=case, details={"reference": case.reference, "outcome": case.outcome})
            case.delete()
        report.purged += 1
    return report


def upkeep_run(*, now: datetime | None = None) -> UpkeepReport:
    reminders = reminders_send(now=now)
    retention = retention_run(now=now)
    report = UpkeepReport(reminders.reminded_before, reminders.reminded_after, retention.purged, retention.warned)
    logger.info(
        "Case upkeep: %d reminders before, %d after, %d purged, %d purges postponed",
        report.reminded_before, report.reminded_after, report.purged, report.warned,
    )
    return report
