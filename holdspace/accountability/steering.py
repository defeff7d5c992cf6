"""The steering committee and the meetings with women's rights partner organisations.

The field's accountability standards ask for at least two women's rights organisations on the steering committee
and for meetings with partner organisations at least twice a year. Administrators keep both here; the public
accountability page shows the committee's make-up and the meetings held, never the minutes.

An action point agreed at a meeting joins the organisation's own list through assessments' service, so it is
followed up like every other one.
"""
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import nacl.public
from django.db import transaction
from django.utils import timezone

from holdspace.accountability.minutes import minutes_key_open, minutes_read, minutes_seal
from holdspace.accountability.models import (
    MINUTES_MAX, NAME_MAX, MeetingActionPoint, PartnerMeeting, SteeringSeat,
)
from holdspace.assessments.models import ActionPoint
from holdspace.assessments.services import action_point_create
from holdspace.audit.services import audit_record
from holdspace.organisations.models import Organisation
from holdspace.web.refusals import Refusal

# What the standards ask.
WOMENS_RIGHTS_SEATS_NEEDED = 2
MEETINGS_NEEDED = 2
MEETINGS_WINDOW_DAYS = 365
PARTNERS_MAX = 2000


def _today(now: datetime) -> date:
    return timezone.localdate(now)


# Steering committee ---------------------------------------------------------------------------------------------

def seat_add(*, organisation: Organisation, actor, holder: str, kind: str, is_person: bool, name_public: bool,
             since: date, until: date | None) -> SteeringSeat:
    holder = holder.strip()
    if not holder:
        raise Refusal("holder_missing")
    if len(holder) > NAME_MAX:
        raise Refusal("holder_too_long", max=NAME_MAX)
    if kind not in SteeringSeat.Kind.values:
        raise Refusal("kind_unknown")
    if until is not None and until < since:
        raise Refusal("until_before_since")
    with transaction.atomic():
        seat = SteeringSeat.objects.create(
            organisation=organisation, holder=holder, kind=kind, is_person=is_person,
            name_public=is_person and name_public, since=since, until=until, created_by=actor)
        # A person's name stays out of the log: the kind of seat and its dates say what changed.
        audit_record(action="accountability.seat_added", actor_id=actor.pk, organisation_id=organisation.pk,
                     target=seat, details={"seat_kind": kind, "seat_person": is_person,
                                           "seat_since": since.isoformat(),
                                           "seat_until": until.isoformat() if until else None})
    return seat


def seat_end(*, seat: SteeringSeat, actor, until: date) -> SteeringSeat:
    """The seat is held until `until` (the last day); a seat that already ended is left as it is."""
    with transaction.atomic():
        locked = SteeringSeat.objects.select_for_update().get(pk=seat.pk)
        if until < locked.since:
            raise Refusal("until_before_since")
        before = locked.until
        locked.until = until
        locked.save(update_fields=["until"])
        audit_record(action="accountability.seat_ended", actor_id=actor.pk, organisation_id=locked.organisation_id,
                     target=locked, details={"before": before.isoformat() if before else None,
                                             "seat_until": until.isoformat()})
    return locked


def seats_of(organisation: Organisation) -> list[SteeringSeat]:
    """Every seat, past, present and to come, in one query."""
    return list(SteeringSeat.objects.filter(organisation=organisation).order_by("since", "pk"))


@dataclass(frozen=True)
class KindOfSeat:
    kind: str
    label: str
    count: int
    names: list[str]  # the names shown in public: organisations, and people who agreed


@dataclass(frozen=True)
class SteeringStanding:
    current: list[SteeringSeat]
    kinds: list[KindOfSeat]
    womens_rights: int
    needed: int = WOMENS_RIGHTS_SEATS_NEEDED

    @property
    def meets_standard(self) -> bool:
        return self.womens_rights >= self.needed


def steering_standing(seats: list[SteeringSeat], *, now: datetime) -> SteeringStanding:
    """The committee as it is today: its seats, how many of each kind, and whether the standard is met."""
    today = _today(now)
    current = [seat for seat in seats if seat.is_current(today)]
    kinds = []
    for kind, label in SteeringSeat.Kind.choices:
        of_kind = [seat for seat in current if seat.kind == kind]
        if of_kind:
            kinds.append(KindOfSeat(kind=kind, label=str(label), count=len(of_kind),
                                    names=[seat.holder for seat in of_kind if seat.shown_in_public]))
    return SteeringStanding(current=current, kinds=kinds,
                            womens_rights=sum(seat.kind == SteeringSeat.Kind.WOMENS_RIGHTS for seat in current))


# Partner meetings -----------------------------------------------------------------------------------------------

def _check_meeting(*, on: date, status: str, partners: str, now: datetime) -> None:
    if status not in PartnerMeeting.Status.values:
        raise Refusal("status_unknown")
    if not partners.strip():
        raise Refusal("partners_missing")
    if len(partners) > PARTNERS_MAX:
        raise Refusal("partners_too_long", max=PARTNERS_MAX)
    if status == PartnerMeeting.Status.HELD and on > _today(now):
        raise Refusal("held_in_future")


def meeting_record(*, organisation: Organisation, actor, on: date, status: str, partners: str,
                   now: datetime) -> PartnerMeeting:
    """A meeting planned, or one already held."""
    _check_meeting(on=on, status=status, partners=partners, now=now)
    with transaction.atomic():
        meeting = PartnerMeeting.objects.create(organisation=organisation, on=on, status=status,
                                                partners=partners.strip(), created_by=actor)
        audit_record(action="accountability.meeting_recorded", actor_id=actor.pk, organisation_id=organisation.pk,
                     target=meeting, details={"meeting_on": on.isoformat(), "meeting_status": status})
    return meeting


def meeting_change(*, meeting: PartnerMeeting, actor, on: date, status: str, partners: str,
                   now: datetime) -> PartnerMeeting:
    """Its date, who takes part, and whether it was held (or cancelled)."""
    _check_meeting(on=on, status=status, partners=partners, now=now)
    with transaction.atomic():
        locked = PartnerMeeting.objects.select_for_update().get(pk=meeting.pk)
        before = {"meeting_on": locked.on.isoformat(), "meeting_status": locked.status}
        locked.on, locked.status, locked.partners = on, status, partners.strip()
        locked.save(update_fields=["on", "status", "partners", "updated_at"])
        audit_record(action="accountability.meeting_changed", actor_id=actor.pk,
                     organisation_id=locked.organisation_id, target=locked,
                     details={"before": before, "after": {"meeting_on": on.isoformat(), "meeting_status": status}})
    return locked


def meeting_minutes_write(*, meeting: PartnerMeeting, actor, text: str,
                          personal_key: nacl.public.PrivateKey | None, now: datetime) -> PartnerMeeting:
    """Seal the minutes (replacing earlier ones). Their words never reach the audit log: only that they changed."""
    text = text.strip()
    if len(text) > MINUTES_MAX:
        raise Refusal("minutes_too_long", max=MINUTES_MAX)
    with transaction.atomic():
        locked = PartnerMeeting.objects.select_for_update().get(pk=meeting.pk)
        if not text and not locked.minutes_sealed:
            raise Refusal("minutes_missing")
        opened = None  # the minutes key, opened once for this save
        if locked.minutes_sealed:
            opened = minutes_key_open(locked.organisation, user=actor, personal_key=personal_key)
            if minutes_read(locked, key=opened.key) is None:
                # Replacing minutes he cannot read would lose a colleague's words unseen.
                raise Refusal("minutes_locked")
        locked.minutes_sealed = minutes_seal(locked.organisation, text=text, actor=actor, personal_key=personal_key,
                                             opened=opened)
        locked.minutes_written_at = now if text else None
        locked.save(update_fields=["minutes_sealed", "minutes_written_at", "updated_at"])
        audit_record(action="accountability.minutes_written", actor_id=actor.pk,
                     organisation_id=locked.organisation_id, target=locked, details={"minutes_empty": not text})
    return locked


def meeting_point_add(*, meeting: PartnerMeeting, actor, title: str, detail: str, owner,
                      due_on: date) -> ActionPoint:
    """An action point agreed at the meeting joins the organisation's action points (assessments' service checks
    and records it) and stays linked to the meeting."""
    if meeting.status != PartnerMeeting.Status.HELD:
        raise Refusal("meeting_not_held")
    with transaction.atomic():
        point = action_point_create(organisation=meeting.organisation, actor=actor, title=title, detail=detail,
                                    owner=owner, due_on=due_on)
        MeetingActionPoint.objects.create(meeting=meeting, action_point=point)
        audit_record(action="accountability.meeting_point_added", actor_id=actor.pk,
                     organisation_id=meeting.organisation_id, target=meeting, details={"action_point": point.pk})
    return point


def meetings_of(organisation: Organisation) -> list[PartnerMeeting]:
    """Every meeting, newest first, without their minutes, in one query."""
    return list(PartnerMeeting.objects.filter(organisation=organisation).defer("minutes_sealed")
                .order_by("-on", "-pk"))


def meeting_points(meeting: PartnerMeeting) -> list[ActionPoint]:
    return list(ActionPoint.objects.filter(pk__in=MeetingActionPoint.objects.filter(meeting=meeting)
                                           .values("action_point_id")).select_related("owner"))


@dataclass(frozen=True)
class MeetingsStanding:
    held: list[date] = field(default_factory=list)  # the days meetings were held in the last twelve months
    needed: int = MEETINGS_NEEDED

    @property
    def count(self) -> int:
        return len(self.held)

    @property
    def meets_standard(self) -> bool:
        return self.count >= self.needed


def meetings_standing(meetings: list[PartnerMeeting], *, now: datetime) -> MeetingsStanding:
    """The meetings held in the last twelve months (today included), and whether there were enough."""
    today = _today(now)
    since = today - timedelta(days=MEETINGS_WINDOW_DAYS)
    return MeetingsStanding(held=sorted(m.on for m in meetings
                                        if m.status == PartnerMeeting.Status.HELD and since < m.on <= today))


def meetings_held_recently(organisation: Organisation, *, now: datetime) -> MeetingsStanding:
    """For the public page: only the days of meetings held, in one query."""
    today = _today(now)
    days = PartnerMeeting.objects.filter(
        organisation=organisation, status=PartnerMeeting.Status.HELD,
        on__gt=today - timedelta(days=MEETINGS_WINDOW_DAYS), on__lte=today).order_by("on").values_list("on", flat=True)
    return MeetingsStanding(held=list(days))
