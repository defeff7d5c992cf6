"""Planning and running a circle's sessions: the agenda from the exercise library,
attendance, the commitments round and the facilitators' sealed notes."""
from dataclasses import dataclass
from datetime import datetime, timedelta

import nacl.public
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone

from holdspace.accounts.models import User
from holdspace.audit.services import audit_record
from holdspace.circles import content
from holdspace.circles.keys import seal_for_circle
from holdspace.circles.models import (
    AgendaItem,
    Attendance,
    Circle,
    CircleMember,
    CircleSession,
    Exercise,
    SessionNote,
)
from holdspace.circles.selectors import eligible_members
from holdspace.circles.services import next_session_refresh
from holdspace.inventory.commitments import commitments_record, commitments_reopen
from holdspace.web.refusals import Refusal

MAX_AGENDA_ITEMS = 40
# Attendance may be taken from shortly before the start, as men arrive.
EARLY_ATTENDANCE = timedelta(hours=2)


@dataclass(frozen=True)
class SessionDetails:
    starts_at: datetime
    duration_minutes: int
    place: str = ""
    theme: str = ""


def session_plan(*, circle: Circle, details: SessionDetails, actor: User, now: datetime | None = None) -> CircleSession:
    """A new session; it must start in the future."""
    if details.starts_at <= (now or timezone.now()):
        raise Refusal("past")
    with transaction.atomic():
        session = CircleSession.objects.create(circle=circle, **details.__dict__)
        next_session_refresh(circle_ids=[circle.pk])
        audit_record(action="circle.session_planned", actor_id=actor.pk, organisation_id=circle.organisation_id,
                     target=session)
    return session


def session_update(*, session: CircleSession, details: SessionDetails, actor: User) -> CircleSession:
    """Move or lengthen a session; the agenda must still fit, and a session cannot be moved into the past."""
    if details.starts_at != session.starts_at and details.starts_at <= timezone.now():
        raise Refusal("past")
    planned = agenda_minutes(session)
    if planned > details.duration_minutes:
        raise Refusal("agenda_over", planned=planned, length=details.duration_minutes)
    with transaction.atomic():
        if details.starts_at != session.starts_at or details.place != session.place:
            session.reminded_at = None  # its members hear of the new time or place from the next reminders
        for field, value in details.__dict__.items():
            setattr(session, field, value)
        session.save()
        next_session_refresh(circle_ids=[session.circle_id])
        audit_record(action="circle.session_updated", actor_id=actor.pk,
                     organisation_id=session.circle.organisation_id, target=session)
    return session


def session_cancel(*, session: CircleSession, actor: User) -> None:
    """Cancel a session that has not started; what was held stays on record."""
    if session.starts_at <= timezone.now():
        raise Refusal("started")
    circle = session.circle
    with transaction.atomic():
        audit_record(action="circle.session_cancelled", actor_id=actor.pk, organisation_id=circle.organisation_id,
                     target=session)
        session.delete()
        next_session_refresh(circle_ids=[circle.pk])


def agenda_minutes(session: CircleSession) -> int:
    return AgendaItem.objects.filter(session=session).aggregate(total=Sum("minutes"))["total"] or 0


def _locked(session: CircleSession) -> CircleSession:
    return CircleSession.objects.select_for_update().get(pk=session.pk)


def _check_fits(session: CircleSession, extra_minutes: int) -> None:
    planned = agenda_minutes(session) + extra_minutes
    if planned > session.duration_minutes:
        raise Refusal("agenda_over", planned=planned, length=session.duration_minutes)


def agenda_add(*, session: CircleSession, exercise: Exercise, minutes: int, actor: User) -> AgendaItem:
    """Add an exercise at the end; the agenda's minutes must fit in the session."""
    if minutes < 1:
        raise Refusal("minutes")
    with transaction.atomic():
        session = _locked(session)
        if AgendaItem.objects.filter(session=session).count() >= MAX_AGENDA_ITEMS:
            raise Refusal("too_many")
        _check_fits(session, minutes)
        last = AgendaItem.objects.filter(session=session).aggregate(last=Max("position"))["last"]
        item = AgendaItem.objects.create(session=session, exercise=exercise, minutes=minutes,
                                         position=0 if last is None else last + 1)
        audit_record(action="circle.agenda_changed", actor_id=actor.pk,
                     organisation_id=session.circle.organisation_id, target=session, details={"added": exercise.pk})
    return item


def agenda_from_template(*, session: CircleSession, actor: User) -> int:
    """Fill an empty agenda from the built-in three-hour template."""
    exercises = {e.key: e for e in Exercise.objects.filter(key__in=[k for k, _ in content.THREE_HOUR_TEMPLATE])}
    items = [(exercises[key], minutes) for key, minutes in content.THREE_HOUR_TEMPLATE if key in exercises]
    with transaction.atomic():
        session = _locked(session)
        if AgendaItem.objects.filter(session=session).exists():
            raise Refusal("not_empty")
        total = sum(minutes for _, minutes in items)
        if total > session.duration_minutes:
            raise Refusal("agenda_over", planned=total, length=session.duration_minutes)
        AgendaItem.objects.bulk_create(
            AgendaItem(session=session, exercise=exercise, minutes=minutes, position=position)
            for position, (exercise, minutes) in enumerate(items)
        )
        audit_record(action="circle.agenda_changed", actor_id=actor.pk,
                     organisation_id=session.circle.organisation_id, target=session, details={"template": "3h"})
    return len(items)


def agenda_item_minutes(*, item: AgendaItem, minutes: int, actor: User) -> None:
    if minutes < 1:
        raise Refusal("minutes")
    with transaction.atomic():
        session = _locked(item.session)
        _check_fits(session, minutes - item.minutes)
        AgendaItem.objects.filter(pk=item.pk).update(minutes=minutes)
        audit_record(action="circle.agenda_changed", actor_id=actor.pk,
                     organisation_id=session.circle.organisation_id, target=session)


def agenda_item_move(*, item: AgendaItem, direction: int, actor: User) -> None:
    """Swap an item with its neighbour above (-1) or below (+1)."""
    with transaction.atomic():
        session = _locked(item.session)
        items = list(AgendaItem.objects.filter(session=session))
        index = next((i for i, each in enumerate(items) if each.pk == item.pk), None)
        if index is None:  # removed a moment ago
            return
        other = index + direction
        if not 0 <= other < len(items):
            return
        items[index], items[other] = items[other], items[index]
        for position, each in enumerate(items):
            if each.position != position:
                AgendaItem.objects.filter(pk=each.pk).update(position=position)
        audit_record(action="circle.agenda_changed", actor_id=actor.pk,
                     organisation_id=session.circle.organisation_id, target=session)


def agenda_item_remove(*, item: AgendaItem, actor: User) -> None:
    with transaction.atomic():
        session = _locked(item.session)
        AgendaItem.objects.filter(pk=item.pk).delete()
        audit_record(action="circle.agenda_changed", actor_id=actor.pk,
                     organisation_id=session.circle.organisation_id, target=session)


def attendance_record(*, session: CircleSession, present: set[int], actor: User) -> int:
    """Mark who came, from the men who belonged to the circle then; return how many were present."""
    if session.starts_at > timezone.now() + EARLY_ATTENDANCE:
        raise Refusal("not_started")
    with transaction.atomic():
        session = _locked(session)  # two saves at once must not interleave their rows
        roster = set(eligible_members(session).values_list("user_id", flat=True)) | set(
            Attendance.objects.filter(session=session).values_list("user_id", flat=True))
        if set(present) - roster:
            raise Refusal("not_a_member")
        Attendance.objects.filter(session=session).delete()
        Attendance.objects.bulk_create(
            Attendance(session=session, user_id=user_id, present=user_id in present) for user_id in sorted(roster)
        )
        audit_record(action="circle.attendance_recorded", actor_id=actor.pk,
                     organisation_id=session.circle.organisation_id, target=session,
                     details={"present": len(present), "roster": len(roster)})
    return len(present)


def commitments_round(*, session: CircleSession, commitments: dict[int, tuple[str, str]], actor: User,
                      circle_key: nacl.public.PrivateKey | None) -> int:
    """Record what each man present commits to: {user id: (text, how often he checks in)}.

    Each commitment lands in the man's own commitments, written by the inventory's service
    (saving the round again edits it, an emptied text takes it back out, and one he has
    checked in on or ended is his), sealed to the circle's key and his own; the circle decides
    who may commit: the men present. The facilitator's circle key must be open: the round shows
    and compares what each man committed to before.
    """
    if circle_key is None:
        raise Refusal("circle_key_locked")
    with transaction.atomic():
        session = _locked(session)
        present = set(Attendance.objects.filter(session=session, present=True).values_list("user_id", flat=True))
        if not present:
            raise Refusal("no_attendance")
        if set(commitments) - present:
            raise Refusal("not_marked_present")
        committing = {user_id for user_id, (text, _every) in commitments.items() if text.strip()}
        current = set(CircleMember.objects.filter(circle_id=session.circle_id, user_id__in=committing,
                                                  status=CircleMember.Status.MEMBER).values_list("user_id", flat=True))
        if committing - current:  # he came, then left the circle: its facilitators no longer hold his words
            raise Refusal("left_circle")
        return commitments_record(source_session=session, organisation_id=session.circle.organisation_id,
                                  circle_key=circle_key, commitments=commitments, actor=actor)


def note_add(*, session: CircleSession, text: str, actor: User) -> SessionNote:
    """A private note, sealed to the circle's key: only its facilitators can read it."""
    text = text.strip()
    if not text:
        raise Refusal("empty")
    with transaction.atomic():
        note = SessionNote.objects.create(session=session, author=actor,
                                          sealed=seal_for_circle(session.circle, text=text))
        audit_record(action="circle.note_added", actor_id=actor.pk, organisation_id=session.circle.organisation_id,
                     target=session)
    return note


def note_delete(*, note: SessionNote, actor: User) -> None:
    """Only the facilitator who wrote a note deletes it."""
    if note.author_id != actor.pk:
        raise Refusal("not_your_note")
    with transaction.atomic():
        audit_record(action="circle.note_deleted", actor_id=actor.pk,
                     organisation_id=note.session.circle.organisation_id, target=note.session)
        note.delete()


def commitments_reopen_for(*, session: CircleSession, person_id: int, actor: User,
                           circle_key: nacl.public.PrivateKey | None) -> int:
    """A facilitator who checked with a man of the circle that he made a new key opens his commitments from
    the circle's rounds to it (through the inventory's service)."""
    if circle_key is None:
        raise Refusal("circle_key_locked")
    if not CircleMember.objects.filter(circle_id=session.circle_id, user_id=person_id).exists():
        raise Refusal("not_a_member")
    opened = commitments_reopen(circle_id=session.circle_id, owner_id=person_id, circle_key=circle_key,
                                actor=actor, organisation_id=session.circle.organisation_id)
    if not opened:
        raise Refusal("nothing_to_reopen")
    return opened
