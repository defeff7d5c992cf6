"""Safety concerns in circles: from the moment, to a steward, to a formal concern or a report.

Anyone in a circle (a member or a facilitator) raises a concern from a session: what happened, optionally which of
the circle's men it concerns, and whether someone is in danger now. It goes to the organisation's stewards (the
steward role), never to the man it concerns, even when he is a steward himself.

What is sealed to whom:
- what happened, who raised it and whom it concerns are locked with the concern's own data key; the data key is
  sealed to each steward's own public key (SafetyConcernKey), so the server alone opens nothing, and the row says
  nothing about any person. Its arrival is kept to the hour.
- the audit log says what happened to which concern, never in words: the raising has no actor (as a report's
  arrival has none), so the log does not say who raised it either.
- the man it concerns learns of it only when a steward chooses to tell him (SafetyNotice): the steward's own words,
  sealed to his own key, naming the circle and never the one who raised it.
- a report to the organisation is made, with the consent of the person affected, through the reports app's own
  submission (report_submit): a new case sealed to the organisation's case handlers. The concern only keeps that
  it was reported, to the hour, and no link to the case.

Every step has a deadline counted from an injected `now`: acknowledging (hours when someone is in danger now,
days otherwise), deciding what happens next, and acting on a formal concern by the day the steward set.
"""
import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import nacl.public
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from holdspace.accounts.emails import send_templated_mail
from holdspace.accounts.models import User
from holdspace.audit.services import audit_record
from holdspace.circles.models import (
    Circle, CircleFacilitator, CircleMember, CircleSession, SafetyConcern, SafetyConcernKey, SafetyNotice,
)
from holdspace.crypto.boxes import (
    CannotOpen, lock_text, new_data_key, open_sealed, open_sealed_text, seal_to, unlock_text,
)
from holdspace.keys.selectors import public_key_of, public_keys_of
from holdspace.organisations.models import Membership, Organisation, Role
from holdspace.reports.access import excluded_from
from holdspace.reports.models import Case, IntakeChannel
from holdspace.reports.content import ReportContent
from holdspace.reports.pathways import Pathway
from holdspace.reports.submission import Submission, arrival_hour, report_submit
from holdspace.web.dates import end_of_day
from holdspace.web.refusals import Refusal

Stage = SafetyConcern.Stage

ACKNOWLEDGE_WITHIN = timedelta(days=2)
ACKNOWLEDGE_WITHIN_URGENT = timedelta(hours=4)
DECIDE_WITHIN = timedelta(days=7)
ACT_WITHIN_AT_MOST = timedelta(days=90)
WORDS_AT_MOST = 4000
OPEN_STAGES = (Stage.RAISED, Stage.ACKNOWLEDGED, Stage.FORMAL)
DECIDING = (Stage.ACKNOWLEDGED, Stage.FORMAL)
EMPTIED = b""  # a steward's copy sealed to a key pair he replaced (safety_keys)


@dataclass(frozen=True)
class ConcernWords:
    """What a concern's content holds, opened by a steward."""

    what: str
    raised_by_id: int | None
    raised_by_name: str
    about_id: int | None = None
    about_name: str = ""


def circle_men(circle: Circle) -> list[User]:
    """The men a concern may be about: the circle's members and its facilitators, by name (one query)."""
    members = CircleMember.objects.filter(circle=circle, status=CircleMember.Status.MEMBER).values("user")
    facilitators = CircleFacilitator.objects.filter(circle=circle).values("user")
    return list(User.objects.filter(Q(pk__in=members) | Q(pk__in=facilitators)).order_by("display_name", "pk"))


def in_circle(circle: Circle, *, user: User) -> bool:
    """A member or a facilitator of the circle: who may raise a concern from its sessions."""
    return (CircleFacilitator.objects.filter(circle=circle, user=user).exists()
            or CircleMember.objects.filter(circle=circle, user=user, status=CircleMember.Status.MEMBER).exists())


def stewards_of(organisation: Organisation) -> list[int]:
    return list(Membership.objects.filter(organisation=organisation, role=Role.STEWARD)
                .order_by("user_id").values_list("user_id", flat=True))


def safety_readers(organisation: Organisation, *, about: User | None) -> tuple[dict[int, bytes], bool]:
    """Whom a concern is sealed to, and whether they are administrators standing in for the stewards: the stewards
    with a key of their own, never the man it is about nor anyone who reports to him (as for a case about him).
    When every such steward is kept out because of whom it is about (it is about the only steward), the
    organisation's administrators who are not kept out receive it instead, so that a concern about a steward can
    be raised at all, and the answer never tells the one raising it who the stewards are. With no steward who has
    a key, nobody receives it."""
    stewards = public_keys_of(stewards_of(organisation))
    if not stewards:
        return {}, False
    kept_out = excluded_from(organisation, respondent=about)
    readers = {user_id: key for user_id, key in stewards.items() if user_id not in kept_out}
    if readers:
        return readers, False
    admins = Membership.objects.filter(organisation=organisation, role=Role.ORG_ADMIN).exclude(user_id__in=kept_out)
    return public_keys_of(admins.order_by("user_id").values_list("user_id", flat=True)), True


def safety_concern_raise(*, circle: Circle, session: CircleSession, raiser: User, what: str, about_id: int | None,
                         urgent: bool, now: datetime | None = None) -> SafetyConcern:
    """Raise a concern from a session; it goes, sealed, to the organisation's stewards other than the man it is
    about (safety_readers). Refused when nobody can receive it (nobody with a key of their own)."""
    now = now or timezone.now()
    what = (what or "").strip()
    if session.circle_id != circle.pk or not in_circle(circle, user=raiser):
        raise Refusal("not_in_circle")
    if not what:
        raise Refusal("safety_empty")
    if len(what) > WORDS_AT_MOST:
        raise Refusal("safety_too_long")
    about = None
    if about_id is not None:
        about = next((man for man in circle_men(circle) if man.pk == about_id), None)
        if about is None:
            raise Refusal("not_among_men")
    readers, standing_in = safety_readers(circle.organisation, about=about)
    if not readers:
        raise Refusal("no_steward")
    data_key = new_data_key()
    words = ConcernWords(what=what, raised_by_id=raiser.pk, raised_by_name=raiser.display_name,
                         about_id=about.pk if about else None, about_name=about.display_name if about else "")
    content = lock_text(data_key, text=json.dumps(words.__dict__, ensure_ascii=False))
    sealed = [(user_id, seal_to(public_key, secret=data_key)) for user_id, public_key in sorted(readers.items())]
    raised_at = arrival_hour(now)
    with transaction.atomic():
        concern = SafetyConcern.objects.create(
            circle=circle, session=session, urgent=urgent, content=content, stage=Stage.RAISED,
            # From the hour it is kept at, so the deadline does not give the moment away.
            due_at=raised_at + (ACKNOWLEDGE_WITHIN_URGENT if urgent else ACKNOWLEDGE_WITHIN), raised_at=raised_at)
        SafetyConcernKey.objects.bulk_create(
            SafetyConcernKey(concern=concern, user_id=user_id, sealed=box) for user_id, box in sealed)
        # No actor: the log does not say who raised it (see the module's note).
        audit_record(action="circle.safety_raised", actor_id=None, organisation_id=circle.organisation_id,
                     target=concern, details={"urgent": urgent}, at=raised_at)
        transaction.on_commit(lambda: _tell_stewards(concern, readers=list(readers), standing_in=standing_in))
    return concern


def _tell_stewards(concern: SafetyConcern, *, readers: list[int], standing_in: bool = False) -> None:
    """A short mail to each steward it is sealed to: what happened, who raised it and whom it concerns stay on
    Holdspace. Administrators standing in are not told why (it is about the only steward): that would name him."""
    organisation = concern.circle.organisation
    link = reverse("circles:safety_concern", args=[organisation.slug, concern.pk])
    for steward in User.objects.filter(pk__in=readers).order_by("pk"):
        send_templated_mail(to=steward.email, template="circles/email/safety_raised", language=steward.language or None,
                            context={"organisation": organisation, "urgent": concern.urgent, "link": link,
                                     "standing_in": standing_in})


def safety_data_key(concern: SafetyConcern, *, user: User, private_key: nacl.public.PrivateKey | None) -> bytes | None:
    """The concern's data key for a steward it is sealed to, whose own key is unlocked; None otherwise."""
    if private_key is None:
        return None
    sealed = SafetyConcernKey.objects.filter(concern=concern, user=user).values_list("sealed", flat=True).first()
    if sealed is None:
        return None
    try:
        return open_sealed(private_key, sealed=bytes(sealed))
    except CannotOpen:
        return None


def safety_words(concern: SafetyConcern, *, data_key: bytes) -> ConcernWords:
    raw = json.loads(unlock_text(data_key, box=bytes(concern.content)))
    return ConcernWords(**{name: raw.get(name) for name in ConcernWords.__dataclass_fields__ if name in raw})


def safety_action_words(concern: SafetyConcern, *, data_key: bytes) -> str:
    return unlock_text(data_key, box=bytes(concern.formal_action)) if concern.formal_action else ""


def _locked(concern: SafetyConcern, *, stages) -> SafetyConcern:
    locked = SafetyConcern.objects.select_for_update().select_related("circle__organisation").get(pk=concern.pk)
    if locked.stage not in stages:
        raise Refusal("safety_stage")
    return locked


def safety_concern_acknowledge(*, concern: SafetyConcern, actor: User, now: datetime | None = None) -> SafetyConcern:
    """The steward has it: he decides what happens next within a week."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked(concern, stages=(Stage.RAISED,))
        locked_due = locked.due_at
        locked.stage, locked.acknowledged_at, locked.acknowledged_by = Stage.ACKNOWLEDGED, now, actor
        locked.due_at, locked.updated_by = now + DECIDE_WITHIN, actor
        locked.save(update_fields=["stage", "acknowledged_at", "acknowledged_by", "due_at", "updated_by"])
        audit_record(action="circle.safety_acknowledged", actor_id=actor.pk,
                     organisation_id=locked.circle.organisation_id, target=locked,
                     details={"late": bool(locked_due and now > locked_due)})
    return locked


def safety_concern_formalise(*, concern: SafetyConcern, actor: User, data_key: bytes | None, action: str,
                             act_by: date, now: datetime | None = None) -> SafetyConcern:
    """Make it a formal concern: what the steward will do, locked with the concern's key, and the day he must
    act by (within 90 days)."""
    now = now or timezone.now()
    action = (action or "").strip()
    if data_key is None:
        raise Refusal("safety_key_locked")
    if not action:
        raise Refusal("safety_empty")
    due = end_of_day(act_by)
    if due <= now or due > now + ACT_WITHIN_AT_MOST:
        raise Refusal("act_by")
    with transaction.atomic():
        locked = _locked(concern, stages=(Stage.ACKNOWLEDGED,))
        locked.stage, locked.formal_at, locked.due_at, locked.updated_by = Stage.FORMAL, now, due, actor
        locked.formal_action = lock_text(data_key, text=action)
        locked.save(update_fields=["stage", "formal_at", "due_at", "updated_by", "formal_action"])
        audit_record(action="circle.safety_formal", actor_id=actor.pk,
                     organisation_id=locked.circle.organisation_id, target=locked)
    return locked


def safety_concern_tell(*, concern: SafetyConcern, actor: User, data_key: bytes | None, message: str,
                        respond_by: date | None = None, now: datetime | None = None) -> SafetyNotice:
    """Tell the man it concerns that there is a concern and what is expected of him, in the steward's words,
    sealed to his own key. The notice names the circle, never who raised it."""
    now = now or timezone.now()
    message = (message or "").strip()
    if data_key is None:
        raise Refusal("safety_key_locked")
    if not message:
        raise Refusal("safety_empty")
    words = safety_words(concern, data_key=data_key)
    if words.about_id is None:
        raise Refusal("nobody_named")
    public_key = public_key_of(words.about_id)
    if public_key is None:
        raise Refusal("no_key_for_him")
    due = end_of_day(respond_by) if respond_by is not None else None
    if due is not None and (due <= now or due > now + ACT_WITHIN_AT_MOST):
        raise Refusal("act_by")
    sealed = seal_to(public_key, secret=message.encode("utf-8"))
    with transaction.atomic():
        locked = _locked(concern, stages=DECIDING)
        told = arrival_hour(now)  # to the hour on both rows, so their moments do not pair them either
        notice = SafetyNotice.objects.create(user_id=words.about_id, circle_id=locked.circle_id,
                                             sealed=sealed, respond_by=due, created_at=told)
        locked.told_at, locked.updated_by = told, actor
        locked.save(update_fields=["told_at", "updated_by"])
        audit_record(action="circle.safety_told", actor_id=actor.pk,
                     organisation_id=locked.circle.organisation_id, target=locked,
                     details={"respond_by": due is not None})
        man = notice.user
        transaction.on_commit(lambda: send_templated_mail(
            to=man.email, template="circles/email/safety_told", language=man.language or None,
            context={"organisation": locked.circle.organisation, "link": reverse("circles:safety_notices")}))
    return notice


def safety_concern_report(*, concern: SafetyConcern, actor: User, data_key: bytes | None, consent: bool, what: str,
                          pathway: str, now: datetime | None = None) -> tuple[Case, str]:
    """With the consent of the person affected, make it a report to the organisation through the reports app's
    own submission: a new case for its case handlers (the man it concerns kept from it, as any respondent is).
    Returns the case and its receipt code, shown once for the steward to hand to her. Nothing links the concern
    to the case."""
    now = now or timezone.now()
    what = (what or "").strip()
    if data_key is None:
        raise Refusal("safety_key_locked")
    if not consent:
        raise Refusal("safety_consent")
    if not what:
        raise Refusal("safety_empty")
    if pathway not in Pathway.values:
        raise Refusal("unknown_pathway")
    words = safety_words(concern, data_key=data_key)
    submission = Submission(kind=Case.Kind.COMPLAINT, pathway=pathway, content=ReportContent(what=what),
                            on_behalf=True, consent_confirmed=True, respondent_id=words.about_id,
                            # Recorded for her by someone else: the code the steward saw opens it once, then she gets
                            # a code of her own (as with a handler's intake).
                            intake=IntakeChannel.OTHER)
    with transaction.atomic():
        locked = _locked(concern, stages=DECIDING)
        case, receipt = report_submit(organisation=locked.circle.organisation, submission=submission, now=now)
        locked.stage, locked.reported_at, locked.due_at, locked.updated_by = \
            Stage.REPORTED, arrival_hour(now), None, actor
        locked.save(update_fields=["stage", "reported_at", "due_at", "updated_by"])
        audit_record(action="circle.safety_reported", actor_id=actor.pk,
                     organisation_id=locked.circle.organisation_id, target=locked)
    return case, receipt


def safety_concern_close(*, concern: SafetyConcern, actor: User, now: datetime | None = None) -> SafetyConcern:
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked(concern, stages=OPEN_STAGES)
        locked.stage, locked.closed_at, locked.due_at, locked.updated_by = Stage.CLOSED, now, None, actor
        locked.save(update_fields=["stage", "closed_at", "due_at", "updated_by"])
        audit_record(action="circle.safety_closed", actor_id=actor.pk,
                     organisation_id=locked.circle.organisation_id, target=locked)
    return locked


# Reading: fixed numbers of queries whatever the number of concerns.

def safety_concerns_for(*, organisation: Organisation, user: User) -> list[SafetyConcern]:
    """The concerns of an organisation's circles sealed to this steward, newest first: one query."""
    return list(SafetyConcern.objects.filter(circle__organisation=organisation, pk__in=_copies_of(user))
                .select_related("circle", "session").order_by("-raised_at", "-pk"))


def safety_concern_for(*, organisation: Organisation, user: User, concern_id: int) -> SafetyConcern | None:
    return (SafetyConcern.objects.filter(pk=concern_id, circle__organisation=organisation, pk__in=_copies_of(user))
            .select_related("circle", "session").first())


def _copies_of(user: User):
    """The concerns sealed to his current key: a copy emptied when he made a new key pair opens nothing
    (safety_keys)."""
    return SafetyConcernKey.objects.filter(user=user).exclude(sealed=EMPTIED).values("concern")


@dataclass
class NoticeRead:
    notice: SafetyNotice
    words: str | None  # None while his key is locked here


def safety_notices_for(user: User, *, private_key: nacl.public.PrivateKey | None) -> list[NoticeRead]:
    """What stewards told him, his own key opening the words: one query."""
    found = []
    for notice in SafetyNotice.objects.filter(user=user).select_related("circle", "circle__organisation") \
            .only("circle__name", "circle__organisation__name", "sealed", "respond_by", "created_at", "user_id"):
        found.append(NoticeRead(notice, open_sealed_text(private_key, sealed=notice.sealed)))
    return found


def is_overdue(concern: SafetyConcern, *, now: datetime) -> bool:
    return concern.due_at is not None and concern.due_at < now
