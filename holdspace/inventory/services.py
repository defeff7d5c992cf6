"""Changes to a man's commitments. Check-ins are his alone to write."""
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from holdspace.accounts.models import User
from holdspace.audit.services import audit_record
from holdspace.inventory.models import Commitment, CommitmentCheckIn

MAX_CHECK_INS_A_DAY = 5


class CheckInRefused(Exception):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def commitment_make(*, owner: User, text: str, check_in_every: str) -> Commitment:
    text = text.strip()
    if not text:
        raise CheckInRefused("empty")
    if check_in_every not in Commitment.Every.values:
        raise ValueError(check_in_every)
    with transaction.atomic():
        commitment = Commitment.objects.create(owner=owner, text=text, check_in_every=check_in_every)
        audit_record(action="commitment.made", actor_id=owner.pk, target=commitment)
    return commitment


def commitment_check_in(*, commitment: Commitment, user: User, outcome: str, note: str = "") -> CommitmentCheckIn:
    """The man says how his commitment went; only he can, and only while he keeps it."""
    if commitment.owner_id != user.pk:
        raise PermissionError
    if outcome not in CommitmentCheckIn.Outcome.values:
        raise ValueError(outcome)
    if commitment.status != Commitment.Status.ACTIVE:
        raise CheckInRefused("ended")
    since = timezone.now() - timedelta(days=1)
    if commitment.check_ins.filter(at__gte=since).count() >= MAX_CHECK_INS_A_DAY:
        raise CheckInRefused("too_many")
    with transaction.atomic():
        check_in = CommitmentCheckIn.objects.create(commitment=commitment, outcome=outcome, note=note.strip())
        # The audit keeps that he checked in, not how it went.
        audit_record(action="commitment.checked_in", actor_id=user.pk, target=commitment)
    return check_in


def commitment_end(*, commitment: Commitment, user: User, status: str) -> None:
    """He marks a commitment done (part of him now) or sets it down."""
    if commitment.owner_id != user.pk:
        raise PermissionError
    if status not in (Commitment.Status.COMPLETED, Commitment.Status.RELEASED):
        raise ValueError(status)
    with transaction.atomic():
        Commitment.objects.filter(pk=commitment.pk).update(status=status, ended_at=timezone.now())
        audit_record(action="commitment.ended", actor_id=user.pk, target=commitment, details={"status": status})
