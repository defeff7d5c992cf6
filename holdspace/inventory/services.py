"""Changes to a man's commitments: those he makes alone, and those a circle's round writes for him.
Check-ins are his alone to write. Every change is audited, never with its words."""
from collections.abc import Mapping
from datetime import timedelta

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from holdspace.accounts.models import User
from holdspace.audit.services import audit_record
from holdspace.inventory.models import Commitment, CommitmentCheckIn
from holdspace.web.refusals import Refusal

MAX_CHECK_INS_A_DAY = 5


def commitment_make(*, owner: User, text: str, check_in_every: str) -> Commitment:
    text = text.strip()
    if not text:
        raise Refusal("empty")
    if check_in_every not in Commitment.Every.values:
        raise Refusal("unknown_every")
    with transaction.atomic():
        commitment = Commitment.objects.create(owner=owner, text=text, check_in_every=check_in_every)
        audit_record(action="commitment.made", actor_id=owner.pk, target=commitment)
    return commitment


def commitments_record(*, source_session: models.Model, organisation_id: int | None,
                       commitments: Mapping[int, tuple[str, str]], actor: User) -> int:
    """Write what each man committed to in a circle's round into his own commitments:
    {owner id: (text, how often he checks in)}; return how many changed.

    Saving the round again edits a commitment, and an emptied text takes it back out. Once he has
    checked in on it, or ended it, it is his: the round no longer changes it. The circle checks who
    may commit (the men present) before it calls this.
    """
    if {every for _text, every in commitments.values()} - set(Commitment.Every.values):
        raise Refusal("unknown_every")
    changed = 0
    with transaction.atomic():
        of_round = Commitment.objects.filter(source_session_id=source_session.pk)
        existing = {c.owner_id: c for c in of_round.select_for_update()}
        settled = set(
            of_round.filter(Q(check_ins__isnull=False) | ~Q(status=Commitment.Status.ACTIVE))
            .values_list("owner_id", flat=True)
        )
        for owner_id, (text, every) in commitments.items():
            if owner_id in settled:
                continue
            text, current = text.strip(), existing.get(owner_id)
            if not text:
                if current is not None:
                    current.delete()
                    changed += 1
                continue
            if current is None:
                Commitment.objects.create(owner_id=owner_id, text=text, check_in_every=every,
                                          source_session_id=source_session.pk)
                changed += 1
            elif current.text != text or current.check_in_every != every:
                current.text, current.check_in_every = text, every
                current.save(update_fields=["text", "check_in_every"])
                changed += 1
        audit_record(action="commitment.round_recorded", actor_id=actor.pk, organisation_id=organisation_id,
                     target=source_session, details={"changed": changed})
    return changed


def commitment_check_in(*, commitment: Commitment, user: User, outcome: str, note: str = "") -> CommitmentCheckIn:
    """The man says how his commitment went; only he can, and only while he keeps it."""
    if commitment.owner_id != user.pk:
        raise Refusal("not_yours")
    if outcome not in CommitmentCheckIn.Outcome.values:
        raise Refusal("unknown_outcome")
    if commitment.status != Commitment.Status.ACTIVE:
        raise Refusal("ended")
    since = timezone.now() - timedelta(days=1)
    if commitment.check_ins.filter(at__gte=since).count() >= MAX_CHECK_INS_A_DAY:
        raise Refusal("too_many")
    with transaction.atomic():
        check_in = CommitmentCheckIn.objects.create(commitment=commitment, outcome=outcome, note=note.strip())
        # The audit keeps that he checked in, not how it went.
        audit_record(action="commitment.checked_in", actor_id=user.pk, target=commitment)
    return check_in


def commitment_end(*, commitment: Commitment, user: User, status: str) -> None:
    """He marks a commitment he keeps done (part of him now) or sets it down."""
    if commitment.owner_id != user.pk:
        raise Refusal("not_yours")
    if status not in (Commitment.Status.COMPLETED, Commitment.Status.RELEASED):
        raise Refusal("unknown_status")
    with transaction.atomic():
        ended = Commitment.objects.filter(pk=commitment.pk, status=Commitment.Status.ACTIVE) \
            .update(status=status, ended_at=timezone.now())
        if not ended:
            raise Refusal("ended")
        audit_record(action="commitment.ended", actor_id=user.pk, target=commitment, details={"status": status})
