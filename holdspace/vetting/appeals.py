"""Appealing a vetting decision, once, and the appeal heard by a reviewer who had no part in it; each step
audited.

The applicant of a declined application (or the member's administrator who answered a renewal not renewed, or,
when nobody answered it, any of the member's administrators) may appeal once, with reasons, within APPEAL_DAYS of
the decision. The appeal is decided, with a written reason the applicant reads, by one of the network's reviewers
who did not take part in the first decision (decided it, or wrote a note on it before it was decided) and who has
not declared a conflict of interest on the application.
Granting an appeal accepts the application: an application to join admits the applicant, and a renewal
granted on appeal counts as renewed from that day.
"""
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse

from holdspace.accounts.emails import send_templated_mail
from holdspace.audit.services import audit_record
from holdspace.organisations.models import Role
from holdspace.organisations.selectors import holds_role
from holdspace.vetting import services
from holdspace.vetting.models import Appeal, Application
from holdspace.web.refusals import Refusal

APPEAL_DAYS = 30
# Why a reviewer may not hear an appeal, beside services.exclusion's reasons.
TOOK_PART = "took_part"


def appeal_until(application: Application) -> datetime | None:
    """The last moment the decision can be appealed; None when it cannot be (not declined)."""
    if application.status != Application.Status.DECLINED or application.decided_at is None:
        return None
    return application.decided_at + timedelta(days=APPEAL_DAYS)


def is_appellant(application: Application, *, person) -> bool:
    """Who may appeal: the applicant; for a renewal decided without an answer, which has none, any of the member's
    administrators (as any of them may answer it)."""
    if application.applicant_id is not None:
        return application.applicant_id == person.pk
    return (application.kind == Application.Kind.RENEWAL and application.organisation_id is not None
            and holds_role(person, organisation_id=application.organisation_id, role=Role.ORG_ADMIN))


def appeal_open(application: Application, *, now: datetime) -> bool:
    """Whether this decision can still be appealed now, by whoever may (the appeal, if any, read as
    `application.appeal`): no query. The applications listed for a person (selectors.applications_of) are those he
    may appeal, so his page asks only this."""
    until = appeal_until(application)
    return until is not None and now <= until and not _has_appeal(application)


def can_appeal(application: Application, *, person, now: datetime) -> bool:
    """Whether this person may appeal this decision now."""
    return appeal_open(application, now=now) and is_appellant(application, person=person)


def _has_appeal(application: Application) -> bool:
    try:
        return application.appeal is not None
    except Appeal.DoesNotExist:
        return False


def appeal_make(*, application: Application, person, reasons: str, now: datetime) -> Appeal:
    if not is_appellant(application, person=person):
        raise Refusal("not_appellant")
    until = appeal_until(application)
    if until is None:
        raise Refusal("appeal_not_declined")
    if now > until:
        raise Refusal("appeal_late", days=APPEAL_DAYS)
    if not reasons.strip():
        raise Refusal("appeal_reasons_missing")
    if Appeal.objects.filter(application=application).exists():
        raise Refusal("appeal_made_already")
    try:
        with transaction.atomic():
            appeal = Appeal.objects.create(application=application, appellant=person, reasons=reasons.strip(),
                                           created_at=now)
            audit_record(action="vetting.appealed", actor_id=person.pk, organisation_id=application.network_id,
                         target=application, details={"appeal": appeal.pk}, at=now)
    except IntegrityError:  # sent twice at once
        raise Refusal("appeal_made_already") from None
    return appeal


def took_part(application: Application, *, reviewer) -> bool:
    """Whether this reviewer took part in the first decision: decided it, or noted on it before it was decided."""
    if application.decided_by_id == reviewer.pk:
        return True
    notes = application.notes.filter(author=reviewer)
    if application.decided_at is not None:
        notes = notes.filter(created_at__lte=application.decided_at)
    return notes.exists()


def hearing_exclusion(*, application: Application, reviewer) -> str | None:
    """Why this reviewer may not hear the appeal: services.exclusion's reasons (own, administers, conflict), or
    TOOK_PART; None when she may."""
    return services.exclusion(application=application, reviewer=reviewer) or (
        TOOK_PART if took_part(application, reviewer=reviewer) else None)


def appeal_decide(*, appeal: Appeal, reviewer, grant: bool, reason: str, now: datetime) -> Appeal:
    if not reason.strip():
        raise Refusal("appeal_reason_missing")
    application = appeal.application
    if not services.is_reviewer(application.network, person=reviewer):
        raise Refusal("not_reviewer")
    why = hearing_exclusion(application=application, reviewer=reviewer)
    if why == TOOK_PART:
        raise Refusal("appeal_took_part")
    if why is not None:
        raise Refusal("excluded")
    with transaction.atomic():
        locked = Appeal.objects.select_for_update().filter(pk=appeal.pk).first()
        if locked is None or locked.status != Appeal.Status.WAITING:
            raise Refusal("appeal_decided_already")
        locked.status = Appeal.Status.GRANTED if grant else Appeal.Status.REFUSED
        locked.decided_at, locked.decided_by, locked.decision_reason = now, reviewer, reason.strip()
        locked.save(update_fields=["status", "decided_at", "decided_by", "decision_reason"])
        if grant:
            # Granted, the decision is turned round: the application is accepted (the renewal renewed) from now,
            # and every page that shows its status says so. The first decision and its reason stay as written.
            Application.objects.filter(pk=application.pk).update(status=Application.Status.ACCEPTED)
            application.status = Application.Status.ACCEPTED
            if not application.is_renewal:
                services.admit(application, actor=reviewer)
        audit_record(action="vetting.appeal_decided", actor_id=reviewer.pk, organisation_id=application.network_id,
                     target=application, details={"appeal": locked.pk, "status": locked.status}, at=now)
        appellant = locked.appellant
        if appellant is not None:
            transaction.on_commit(lambda: send_templated_mail(
                to=appellant.email, template="vetting/email/decided", language=appellant.language or None,
                context={"network_name": application.network.name, "path": reverse("vetting:mine")}))
    locked.application = application
    return locked
