"""Anonymous feedback after a session. A man answers once; his answer carries
nothing that leads back to him, and facilitators see answers only together,
once at least MIN_ANSWERS men have answered."""
import random
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from holdspace.accounts.models import User
from holdspace.circles.keys import open_for_circle, seal_for_circle
from holdspace.circles.models import Attendance, CircleMember, CircleSession, FeedbackAnswer, FeedbackGiven

MIN_ANSWERS = 3
FEEDBACK_DAYS = 30  # how long after a session its feedback stays open

Scale = FeedbackAnswer.Scale


class FeedbackRefused(Exception):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def feedback_open_to(session: CircleSession, user: User, *, now=None) -> str | None:
    """None when this man may give feedback on this session now; otherwise why not."""
    now = now or timezone.now()
    if session.starts_at > now:
        return "not_yet"
    if session.starts_at < now - timedelta(days=FEEDBACK_DAYS):
        return "closed"
    marked = Attendance.objects.filter(session=session)
    if marked.exists():
        if not marked.filter(user=user, present=True).exists():
            return "not_present"
    elif not CircleMember.objects.filter(circle_id=session.circle_id, user=user,
                                         status=CircleMember.Status.MEMBER).exists():
        return "not_present"
    if FeedbackGiven.objects.filter(session=session, user=user).exists():
        return "given"
    return None


def feedback_give(*, session: CircleSession, user: User, felt_safe: str, honest: str, change: str) -> None:
    """Record one anonymous answer. Not audited by person: the record would undo the anonymity."""
    if felt_safe not in Scale.values or honest not in Scale.values:
        raise ValueError("scale")
    why_not = feedback_open_to(session, user)
    if why_not:
        raise FeedbackRefused(why_not)
    try:
        with transaction.atomic():
            FeedbackGiven.objects.create(session=session, user=user)
            FeedbackAnswer.objects.create(session=session, felt_safe=felt_safe, honest=honest,
                                          change_sealed=seal_for_circle(session.circle, change.strip()))
    except IntegrityError:  # the same man answering twice at once
        raise FeedbackRefused("given") from None


@dataclass
class FeedbackSummary:
    answers: int
    shown: bool
    felt_safe: dict[str, int] = field(default_factory=dict)
    honest: dict[str, int] = field(default_factory=dict)
    changes: list[str] = field(default_factory=list)  # only with the circle's key, shuffled

    @property
    def needed(self) -> int:
        return max(0, MIN_ANSWERS - self.answers)


def feedback_summary(session: CircleSession, *, circle_key=None) -> FeedbackSummary:
    """Counts per answer, only from MIN_ANSWERS answers on; the men's words only with the circle's key."""
    answers = FeedbackAnswer.objects.filter(session=session)
    total = answers.count()
    if total < MIN_ANSWERS:
        return FeedbackSummary(total, False)
    summary = FeedbackSummary(total, True)
    for column, into in (("felt_safe", summary.felt_safe), ("honest", summary.honest)):
        counts = dict(answers.values_list(column).annotate(n=Count("pk")).order_by())
        into.update({value: counts.get(value, 0) for value in Scale.values})
    if circle_key is not None:
        words = [open_for_circle(circle_key, sealed) for sealed in answers.values_list("change_sealed", flat=True)]
        summary.changes = [w for w in words if w]
        random.shuffle(summary.changes)
    return summary
