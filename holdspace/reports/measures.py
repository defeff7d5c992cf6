"""Outcomes and measures of a formal finding, and the reminders of their follow-up dates.

Once the findings stage of a formal investigation is complete (with its standard of proof), a handler records
the outcome and any measures: a warning, training, removal from a role, exclusion or another one, each with an
optional date to follow it up. The outcome, each measure's kind and the texts are locked with the case's data key
(what was decided about a person is no less sensitive than what was reported), and kept out of the audit log and
of emails; the daily upkeep reminds the case's handlers of a follow-up date coming and of one passed, naming only the
case's reference and the date (which stays in the clear for it).
"""
import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from holdspace.accounts.emails import send_templated_mail
from holdspace.accounts.models import User
from holdspace.audit.services import audit_record
from holdspace.crypto.boxes import lock_text, unlock_text
from holdspace.reports.access import handlers_of, policy_for
from holdspace.reports.models import Case, CaseFinding, CaseKey, CaseMeasure
from holdspace.reports.pathways import Pathway
from holdspace.web.refusals import Refusal

logger = logging.getLogger(__name__)


def _audit(action: str, case: Case, actor: User, **details) -> None:
    audit_record(action=action, actor_id=actor.pk, organisation_id=case.handling_organisation_id, target=case,
                 details=details)


# A result or a kind is padded to this many characters before it is locked, so that the size of its box does not
# tell one from another.
CHOICE_WIDTH = 16


def choice_lock(data_key: bytes, *, value: str) -> bytes:
    return lock_text(data_key, text=value.ljust(CHOICE_WIDTH))


def choice_unlock(data_key: bytes, *, box) -> str:
    return unlock_text(data_key, box=bytes(box)).rstrip()


def findings_made(case: Case) -> bool:
    """A formal investigation whose findings were written (the findings stage keeps its standard of proof)."""
    return case.pathway == Pathway.FORMAL and bool(case.standard_of_proof)


def finding_record(
    case: Case, *, actor: User, data_key: bytes, result: str, summary: str, now: datetime | None = None
) -> CaseFinding:
    """Record (or correct) the outcome of the finding. Only after the findings are written, on an open case."""
    now = now or timezone.now()
    if not case.is_open:
        raise Refusal("closed")
    if not findings_made(case):
        raise Refusal("no_findings_yet")
    with transaction.atomic():
        finding, made = CaseFinding.objects.update_or_create(case=case, defaults={
            "result": choice_lock(data_key, value=CaseFinding.Result(result).value), "summary": lock_text(data_key, text=summary) if summary else None,
            "recorded_by": actor, "recorded_at": now,
        })
        _audit("case.finding_recorded" if made else "case.finding_changed", case, actor)  # never the result
    return finding


def measure_add(
    case: Case, *, actor: User, data_key: bytes, kind: str, description: str, follow_up_on: date | None,
    now: datetime | None = None,
) -> CaseMeasure:
    """Add a measure to a recorded outcome; its follow-up date, if any, is today or later."""
    now = now or timezone.now()
    if not case.is_open:
        raise Refusal("closed")
    if not CaseFinding.objects.filter(case=case).exists():
        raise Refusal("finding_first")
    if not description.strip():
        raise Refusal("measure_empty")
    if follow_up_on is not None and follow_up_on < timezone.localdate(now):
        raise Refusal("follow_up_past")
    with transaction.atomic():
        measure = CaseMeasure.objects.create(
            case=case, kind=choice_lock(data_key, value=CaseMeasure.Kind(kind).value), description=lock_text(data_key, text=description),
            follow_up_on=follow_up_on, created_by=actor, created_at=now,
        )
        _audit("case.measure_added", case, actor, measure=measure.pk,  # never its kind
               follow_up_on=follow_up_on.isoformat() if follow_up_on else "")
    return measure


def measure_done(case: Case, *, actor: User, measure_id: int, now: datetime | None = None) -> None:
    """Mark a measure done (also after the case closed: measures are often followed up later)."""
    now = now or timezone.now()
    with transaction.atomic():
        if not CaseMeasure.objects.filter(case=case, pk=measure_id, done_at__isnull=True).update(
            done_at=now, done_by=actor
        ):
            raise Refusal("unknown_measure")
        _audit("case.measure_done", case, actor, measure=measure_id)


@dataclass
class Outcome:
    result: str
    result_label: str
    summary: str
    recorded_by: str
    recorded_at: datetime


def outcome_of(case: Case, *, data_key: bytes) -> Outcome | None:
    finding = CaseFinding.objects.filter(case=case).select_related("recorded_by").first()
    if finding is None:
        return None
    result = choice_unlock(data_key, box=finding.result)
    return Outcome(
        result=result, result_label=CaseFinding.Result(result).label,
        summary=unlock_text(data_key, box=bytes(finding.summary)) if finding.summary else "",
        recorded_by=finding.recorded_by.display_name if finding.recorded_by else "", recorded_at=finding.recorded_at,
    )


def measures_of(case: Case, *, data_key: bytes, today: date | None = None) -> list[dict]:
    today = today or timezone.localdate()
    measures = []
    for measure in case.measures.select_related("done_by"):
        kind = choice_unlock(data_key, box=measure.kind)
        measures.append({
            "pk": measure.pk,
            "kind": kind,
            "kind_label": CaseMeasure.Kind(kind).label,
            "description": unlock_text(data_key, box=bytes(measure.description)),
            "follow_up_on": measure.follow_up_on,
            "done_at": measure.done_at,
            "done_by": measure.done_by.display_name if measure.done_by else "",
            "overdue": measure.done_at is None and measure.follow_up_on is not None and measure.follow_up_on < today,
        })
    return measures


# The daily upkeep (called from holdspace.site.upkeep, beside the stages' reminders).


def _handlers_with_key(case: Case) -> list[User]:
    return [key.user for key in CaseKey.objects.filter(
        case=case, user__in=handlers_of(case.handling_organisation)).select_related("user")]


def _remind(measure: CaseMeasure, template: str) -> None:
    case = measure.case
    link = reverse("reports:case_outcome", args=[case.handling_organisation.slug, case.reference])
    for user in _handlers_with_key(case):
        send_templated_mail(to=user.email, template=f"reports/email/{template}", language=user.language or None,
                            context={"case": case, "measure": measure, "link": link,
                                     "organisation": case.handling_organisation})


def measure_reminders_send(*, now: datetime | None = None) -> int:
    """Remind each measure's follow-up once before its date (as many days before as the policy reminds of
    deadlines) and once when it has passed, until the measure is marked done. Returns the measures reminded of."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    reminded = 0
    waiting = CaseMeasure.objects.filter(
        done_at__isnull=True, follow_up_on__isnull=False, reminded_after=False,
        follow_up_on__lte=today + timedelta(days=30),
    ).select_related("case__handling_organisation")
    for measure in waiting:
        if measure.follow_up_on < today:
            _remind(measure, "follow_up_passed")
            CaseMeasure.objects.filter(pk=measure.pk).update(reminded_after=True, reminded_before=True)
        elif not measure.reminded_before and (
            measure.follow_up_on - today <= timedelta(days=policy_for(measure.case.handling_organisation)
                                                      .reminder_days_before)
        ):
            _remind(measure, "follow_up_soon")
            CaseMeasure.objects.filter(pk=measure.pk).update(reminded_before=True)
        else:
            continue
        reminded += 1
    logger.info("Measures: %d follow-up reminders", reminded)
    return reminded
