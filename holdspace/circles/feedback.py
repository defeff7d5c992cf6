"""Anonymous feedback after a session. A man answers once, within FEEDBACK_DAYS of
the session. His answer only adds to the session's counts (no row of its own),
and facilitators see the counts only after the feedback has closed and only when
at least MIN_ANSWERS men answered: watching the figures move could otherwise
tell them who said what."""
import base64
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from holdspace.accounts.models import User
from holdspace.circles.keys import open_for_circle, seal_for_circle
from holdspace.circles.models import (
    Attendance,
    CircleMember,
    CircleSession,
    FeedbackGiven,
    FeedbackScale,
    FeedbackTally,
)
from holdspace.web.prepared import Prepared
from holdspace.web.refusals import Refusal

MIN_ANSWERS = 3
FEEDBACK_DAYS = 7  # feedback on a session stays open this long; then its figures are shown

Scale = FeedbackScale


def closes_at(session: CircleSession) -> datetime:
    return session.starts_at + timedelta(days=FEEDBACK_DAYS)


def was_there(session: CircleSession, *, user: User) -> bool:
    """Marked present; or, where attendance was not taken, a member who had joined by the session's end."""
    marked = Attendance.objects.filter(session=session)
    if marked.exists():
        return marked.filter(user=user, present=True).exists()
    ends = session.starts_at + timedelta(minutes=session.duration_minutes)
    return CircleMember.objects.filter(
        Q(decided_at__isnull=True) | Q(decided_at__lte=ends),
        circle_id=session.circle_id, user=user, status=CircleMember.Status.MEMBER,
    ).exists()


def feedback_open_to(session: CircleSession, *, user: User, now: datetime | None = None) -> str | None:
    """None when this man may give feedback on this session now; otherwise why not, as a refusal's code."""
    now = now or timezone.now()
    if session.starts_at > now:
        return "not_yet"
    if closes_at(session) < now:
        return "closed"
    if not was_there(session, user=user):
        return "not_present"
    if FeedbackGiven.objects.filter(session=session, user=user).exists():
        return "given"
    return None


def feedback_give(*, session: CircleSession, user: User, felt_safe: str, honest: str, change: str,
                  now: datetime | None = None) -> None:
    """Add one man's answers to the session's counts. Not audited by person: that would undo the anonymity."""
    if felt_safe not in Scale.values or honest not in Scale.values:
        raise Refusal("unknown_answer")
    why_not = feedback_open_to(session, user=user, now=now)
    if why_not:
        raise Refusal(why_not)
    sealed = seal_for_circle(session.circle, text=change.strip())
    try:
        with transaction.atomic():
            FeedbackGiven.objects.create(session=session, user=user)
            FeedbackTally.objects.get_or_create(session=session)
            tally = FeedbackTally.objects.select_for_update().get(session=session)
            tally.answers += 1
            tally.felt_safe[felt_safe] = tally.felt_safe.get(felt_safe, 0) + 1
            tally.honest[honest] = tally.honest.get(honest, 0) + 1
            if sealed is not None:
                tally.changes.insert(secrets.randbelow(len(tally.changes) + 1), base64.b64encode(sealed).decode())
            tally.save()
    except IntegrityError:  # the same man answering twice at once
        raise Refusal("given") from None


@dataclass
class FeedbackSummary:
    answers: int  # known only once shown
    shown: bool
    open_until: datetime | None = None  # while feedback is still being given
    felt_safe: dict[str, int] = field(default_factory=dict)
    honest: dict[str, int] = field(default_factory=dict)
    changes: list[str] = field(default_factory=list)  # only with the circle's key


# Read on each view of a session's page: built once, run many times.
_TALLY = Prepared(
    lambda session: FeedbackTally.objects.filter(session_id=session).order_by("pk")
    .values_list("answers", "felt_safe", "honest", "changes")[:1],
    session=int)


def feedback_summary(session: CircleSession, *, circle_key=None, now: datetime | None = None) -> FeedbackSummary:
    """The counts once feedback has closed and MIN_ANSWERS men answered; the men's words only with the circle's key."""
    now = now or timezone.now()
    if closes_at(session) >= now:
        return FeedbackSummary(0, False, open_until=closes_at(session))
    found = _TALLY.rows(session=session.pk)
    if not found or found[0][0] < MIN_ANSWERS:
        return FeedbackSummary(0, False)
    answers, felt_safe, honest, changes = found[0]
    summary = FeedbackSummary(
        answers, True,
        felt_safe={value: felt_safe.get(value, 0) for value in Scale.values},
        honest={value: honest.get(value, 0) for value in Scale.values},
    )
    if circle_key is not None:
        words = [open_for_circle(circle_key, sealed=base64.b64decode(box)) for box in changes]
        summary.changes = [w for w in words if w]
    return summary
