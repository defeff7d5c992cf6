"""What a facilitator sees of the room: why men came, who comes, and whether
commitments are kept. Figures only, never who said what."""
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from holdspace.circles.joining import intake_open
from holdspace.circles.models import Circle, CircleMember, CircleSession, Reason
from holdspace.inventory.models import CommitmentCheckIn
from holdspace.inventory.selectors import round_outcomes

ATTENDANCE_SESSIONS = 12


@dataclass(frozen=True)
class CommitmentsKept:
    made: int
    with_check_in: int
    kept: int
    partly: int
    not_yet: int

    @property
    def kept_share(self) -> int | None:
        """Kept at their latest check-in, in percent of those with a check-in."""
        return round(100 * self.kept / self.with_check_in) if self.with_check_in else None


def reasons_mix(circle: Circle, *, circle_key) -> list[tuple[str, int]] | None:
    """How many of the circle's men (members, asking or waiting) named each reason, most
    named first (offered a place included). The reasons are sealed with each intake: None without the circle's key."""
    if circle_key is None:
        return None
    counted = Counter()
    for sealed in CircleMember.objects.filter(
        circle=circle, status__in=[CircleMember.Status.MEMBER, CircleMember.Status.ASKED, CircleMember.Status.WAITING,
                                   CircleMember.Status.OFFERED]
    ).values_list("intake_sealed", flat=True):
        intake = intake_open(circle_key, sealed=sealed)
        if intake is not None:
            counted.update(intake[0])
    ordered = sorted(Reason, key=lambda reason: (-counted[reason.value], Reason.values.index(reason.value)))
    return [(str(reason.label), counted[reason.value]) for reason in ordered]


def attendance_over_time(circle: Circle, *, limit: int = ATTENDANCE_SESSIONS) -> list[tuple[CircleSession, int]]:
    """The last sessions held, oldest first, with how many men were present."""
    held = list(
        CircleSession.objects.filter(circle=circle, starts_at__lt=timezone.now())
        .annotate(present=Count("attendance", filter=Q(attendance__present=True)))
        .order_by("-starts_at")[:limit]
    )
    return [(session, session.present) for session in reversed(held)]


def commitments_kept(circle: Circle) -> CommitmentsKept:
    """Commitments made in the circle's rounds, by how their latest check-in went."""
    outcomes = round_outcomes(circle_id=circle.pk)
    made = sum(outcomes.values())
    kept, partly = outcomes[CommitmentCheckIn.Outcome.KEPT], outcomes[CommitmentCheckIn.Outcome.PARTLY]
    not_yet = outcomes[CommitmentCheckIn.Outcome.NOT_YET]
    return CommitmentsKept(made, made - outcomes[None], kept, partly, not_yet)
