"""The daily upkeep of cases: deadline reminders, escalation of overdue stages, and retention.

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
from holdspace.accounts.models import User
from holdspace.reports.access import excluded_ids, handlers_of, policy_for
from holdspace.reports.models import Case, CaseKey, CaseStage
from holdspace.reports.pathways import OTHERS_TIME

logger = logging.getLogger(__name__)

# A reporter who wrote within this time before the purge date is not cut off silently.
RECENT_ACTIVITY = timedelta(days=14)
GRACE_AFTER_WARNING = timedelta(days=14)
# A handlers' stage still open this long after its deadline is escalated once to the handlers who hold the case
# (or, when none of them can be reached, to the other handlers there who may see it): someone can take it over.
ESCALATE_AFTER = timedelta(days=1)


@dataclass
class UpkeepReport:
    reminded_before: int = 0
    reminded_after: int = 0
    purged: int = 0
    warned: int = 0
    escalated: int = 0


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


def _escalation_recipients(case: Case) -> list[User]:
    """Who is told a stage is late: the handlers who hold a key to the case and may see it; only when none of
    them can be reached, the organisation's other case handlers who may see it. Never an administrator who does
    not handle cases, never anyone kept out of it (the respondent and the people who report to him): someone
    named only in what she wrote would learn from the mail that a case exists."""
    handlers = [person for person in handlers_of(case.handling_organisation).order_by("pk") if person.email]
    kept_out = excluded_ids([case], among=[person.pk for person in handlers])
    may_see = [person for person in handlers if person.pk not in kept_out]
    holders = set(CaseKey.objects.filter(case=case).values_list("user_id", flat=True))
    return [person for person in may_see if person.pk in holders] or may_see


def escalations_send(*, now: datetime | None = None) -> UpkeepReport:
    """Escalate, once, each handlers' stage overdue by more than ESCALATE_AFTER. The time that is someone else's
    (her view, her readiness, his answer, the time to appeal) is never escalated: nobody is pressed to hurry it."""
    now = now or timezone.now()
    report = UpkeepReport()
    overdue = CaseStage.objects.filter(
        completed_at__isnull=True, escalated_at__isnull=True, due_at__lte=now - ESCALATE_AFTER,
        case__status=Case.Status.OPEN,
    ).exclude(stage__in=list(OTHERS_TIME)).select_related("case__handling_organisation")
    for stage in overdue:
        case = stage.case
        if stage.stage != case.stage:  # a stage left open behind the current one is not what is late
            continue
        link = reverse("reports:case", args=[case.handling_organisation.slug, case.reference])
        with transaction.atomic():
            if not CaseStage.objects.filter(pk=stage.pk, escalated_at__isnull=True).update(escalated_at=now):
                continue
            audit_record(action="case.stage_escalated", actor_id=None, organisation_id=case.handling_organisation_id,
                         target=case, details={"stage": stage.stage})
        for person in _escalation_recipients(case):
            send_templated_mail(
                to=person.email, template="reports/email/stage_escalated", language=person.language or None,
                context={"case": case, "stage": stage, "link": link, "organisation": case.handling_organisation},
            )
        report.escalated += 1
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
    escalations = escalations_send(now=now)
    retention = retention_run(now=now)
    report = UpkeepReport(reminded_before=reminders.reminded_before, reminded_after=reminders.reminded_after,
                          purged=retention.purged, warned=retention.warned, escalated=escalations.escalated)
    logger.info(
        "Case upkeep: %d reminders before, %d after, %d escalated, %d purged, %d purges postponed",
        report.reminded_before, report.reminded_after, report.escalated, report.purged, report.warned,
    )
    return report
