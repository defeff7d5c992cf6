"""Changes to a man's commitments: those he makes alone, and those a circle's round writes for him.

Check-ins are his alone to write. What he commits to and his notes are locked with each commitment's
own key (see `sealing`). A change that could make a commitment easier to keep (setting it down,
checking in less often) waits a week before it takes effect, as commitment tools in the field do;
meanwhile he keeps checking in and can take the change back. Every change is audited, never with
its words.
"""
from collections.abc import Mapping
from datetime import datetime, timedelta

import nacl.public
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from holdspace.accounts.models import User
from holdspace.audit.services import audit_record
from holdspace.crypto.boxes import new_data_key
from holdspace.inventory.models import Commitment, CommitmentCheckIn
from holdspace.inventory.sealing import (
    commitment_box,
    commitment_key_open,
    commitment_rekey,
    commitment_text,
    seals_make,
    words_lock,
)
from holdspace.keys.selectors import public_key_of, public_keys_of
from holdspace.web.refusals import Refusal

MAX_TEXT = 1000
MAX_NOTE = 1000
MAX_CHECK_INS_A_DAY = 5
# How long a change that makes a commitment easier waits before it takes effect.
CHANGE_WAIT = timedelta(days=7)
# How many days apart check-ins are due; at each session, the circle's own rhythm says when.
EVERY_DAYS = {Commitment.Every.WEEK: 7, Commitment.Every.FORTNIGHT: 14, Commitment.Every.MONTH: 30}


def _text_checked(text: str) -> str:
    text = text.strip()
    if not text:
        raise Refusal("empty")
    if len(text) > MAX_TEXT:
        raise Refusal("too_long", longest=MAX_TEXT)
    return text


def commitment_make(*, owner: User, text: str, check_in_every: str) -> Commitment:
    """A commitment he makes alone, locked with its own key and sealed to his personal key."""
    text = _text_checked(text)
    if check_in_every not in Commitment.Every.values or check_in_every == Commitment.Every.SESSION:
        raise Refusal("unknown_every")  # "at each session" belongs to commitments made in a circle
    if public_key_of(owner) is None:
        raise Refusal("no_key")
    key = new_data_key()
    with transaction.atomic():
        commitment = Commitment(owner=owner, box=commitment_box(key, text=text), check_in_every=check_in_every)
        seals_make(commitment, key=key)
        commitment.save()
        audit_record(action="commitment.made", actor_id=owner.pk, target=commitment)
    return commitment


def commitment_key(commitment: Commitment, *, private_key: nacl.public.PrivateKey | None) -> bytes:
    """The commitment's key opened with this person's (or circle's) key; refuses "commitment_locked"."""
    key = commitment_key_open(commitment, private_key=private_key)
    if key is None:
        raise Refusal("commitment_locked")
    return key


def key_in_hand(commitment: Commitment, *, key: bytes) -> bytes:
    """Someone who may read the commitment opened its key in his request: bring its seals up to date
    (a reader's new key pair, a partner who accepted) and, after a partner left, move it to a fresh key.
    Call inside a transaction; returns the key to use from now on."""
    if commitment.rekey_due:
        key = commitment_rekey(commitment, key=key)
        Commitment.objects.filter(pk=commitment.pk).update(rekey_due=False)
        commitment.rekey_due = False
        return key
    changed = seals_make(commitment, key=key)
    if changed:
        commitment.save(update_fields=changed)
    return key


def commitments_record(*, source_session: models.Model, organisation_id: int | None,
                       circle_key: nacl.public.PrivateKey, commitments: Mapping[int, tuple[str, str]],
                       actor: User) -> int:
    """Write what each man committed to in a circle's round into his own commitments:
    {owner id: (text, how often he checks in)}; return how many changed.

    Each is sealed to the circle's key and to the man's own. Saving the round again edits a
    commitment, and an emptied text takes it back out. Once he has checked in on it, or ended it, it
    is his: the round no longer changes it. The circle checks who may commit (the men present) and
    opens its key before it calls this; commitments of the circle still waiting for a man who has
    set up his key since are sealed to him on the way.
    """
    if {every for _text, every in commitments.values()} - set(Commitment.Every.values):
        raise Refusal("unknown_every")
    for text, _every in commitments.values():
        if len(text.strip()) > MAX_TEXT:
            raise Refusal("too_long", longest=MAX_TEXT)
    circle_public = bytes(circle_key.public_key)
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
                # One the circle's key no longer opens was shown empty: it is left as it is, not taken out.
                if current is not None and commitment_key_open(current, private_key=circle_key) is not None:
                    current.delete()
                    changed += 1
                continue
            if current is None:
                key = new_data_key()
                made = Commitment(owner_id=owner_id, box=commitment_box(key, text=text), check_in_every=every,
                                  source_session_id=source_session.pk)
                seals_make(made, key=key, circle_public_key=circle_public)
                made.save()
                changed += 1
                continue
            key = commitment_key_open(current, private_key=circle_key)
            if key is not None and commitment_text(current, key=key) == text and current.check_in_every == every:
                continue
            # Not opened (sealed to an earlier key of the circle's): nothing was written on it yet, so it
            # is written again with a fresh key.
            fresh = key is None
            key = key or new_data_key()
            current.box, current.check_in_every = commitment_box(key, text=text), every
            if fresh:
                for name in ("owner", "partner", "circle"):
                    setattr(current, f"seal_{name}", None)
                    setattr(current, f"seal_{name}_to", None)
            seals_make(current, key=key, circle_public_key=circle_public)
            current.save()
            changed += 1
        waiting = _seal_waiting_for_their_men(circle_id=source_session.circle_id, circle_key=circle_key)
        audit_record(action="commitment.round_recorded", actor_id=actor.pk, organisation_id=organisation_id,
                     target=source_session, details={"changed": changed, "opened_to_their_men": waiting})
    return changed


def _seal_waiting_for_their_men(*, circle_id: int, circle_key: nacl.public.PrivateKey) -> int:
    """Commitments of the circle's rounds that a man could not open yet (made before he had a key, or
    sealed to an earlier key of his), sealed to his current key now that he has one."""
    candidates = list(Commitment.objects.filter(source_session__circle_id=circle_id,
                                                seal_circle_to=bytes(circle_key.public_key)))
    current = public_keys_of({c.owner_id for c in candidates})
    opened = 0
    for commitment in candidates:
        public = current.get(commitment.owner_id)
        if public is None or (commitment.seal_owner_to is not None and bytes(commitment.seal_owner_to) == public):
            continue
        key = commitment_key_open(commitment, private_key=circle_key)
        if key is not None:
            key_in_hand(commitment, key=key)
            opened += 1
    return opened


def _due_change_applied(commitment: Commitment, *, now: datetime) -> None:
    """A change he asked for a week ago takes effect before anything else is done."""
    if commitment.change_asked_at is None or commitment.change_asked_at + CHANGE_WAIT > now:
        return
    _change_apply(commitment, at=commitment.change_asked_at + CHANGE_WAIT)


def _change_apply(commitment: Commitment, *, at: datetime) -> None:
    fields = ["change_asked_at", "change_every", "change_status"]
    if commitment.change_status == Commitment.Status.RELEASED and commitment.status == Commitment.Status.ACTIVE:
        commitment.status, commitment.ended_at = Commitment.Status.RELEASED, at
        fields += ["status", "ended_at"]
    elif commitment.change_every:
        commitment.check_in_every = commitment.change_every
        fields.append("check_in_every")
    commitment.change_asked_at, commitment.change_every, commitment.change_status = None, "", ""
    commitment.save(update_fields=fields)


def commitment_check_in(*, commitment: Commitment, user: User, private_key: nacl.public.PrivateKey | None,
                        outcome: str, note: str = "", now: datetime | None = None) -> CommitmentCheckIn:
    """The man says how his commitment went; only he can, and only while he keeps it. His note is
    locked with the commitment's key."""
    if commitment.owner_id != user.pk:
        raise Refusal("not_yours")
    if outcome not in CommitmentCheckIn.Outcome.values:
        raise Refusal("unknown_outcome")
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise Refusal("too_long", longest=MAX_NOTE)
    now = now or timezone.now()
    with transaction.atomic():
        commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
        _due_change_applied(commitment, now=now)
        if commitment.status != Commitment.Status.ACTIVE:
            raise Refusal("ended")
        if commitment.check_ins.filter(at__gte=now - timedelta(days=1)).count() >= MAX_CHECK_INS_A_DAY:
            raise Refusal("too_many")
        key = key_in_hand(commitment, key=commitment_key(commitment, private_key=private_key))
        check_in = CommitmentCheckIn.objects.create(
            commitment=commitment, outcome=outcome, note_box=words_lock(key, text=note) if note else None)
        # The audit keeps that he checked in, not how it went.
        audit_record(action="commitment.checked_in", actor_id=user.pk, target=commitment)
    return check_in


def _his_active(commitment: Commitment, *, user: User, now: datetime) -> Commitment:
    if commitment.owner_id != user.pk:
        raise Refusal("not_yours")
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    _due_change_applied(commitment, now=now)
    if commitment.status != Commitment.Status.ACTIVE:
        raise Refusal("ended")
    return commitment


def commitment_complete(*, commitment: Commitment, user: User, now: datetime | None = None) -> None:
    """He marks a commitment he keeps done: part of him now. It ends at once."""
    now = now or timezone.now()
    with transaction.atomic():
        commitment = _his_active(commitment, user=user, now=now)
        commitment.status, commitment.ended_at = Commitment.Status.COMPLETED, now
        commitment.change_asked_at, commitment.change_every, commitment.change_status = None, "", ""
        commitment.save(update_fields=["status", "ended_at", "change_asked_at", "change_every", "change_status"])
        audit_record(action="commitment.ended", actor_id=user.pk, target=commitment, details={"status": "completed"})


def _easier(*, before: str, after: str) -> bool:
    """Whether checking in `after` instead of `before` could make the commitment easier to keep."""
    if Commitment.Every.SESSION in (before, after):
        return True  # a circle's rhythm is its own: any change to or from it waits
    return EVERY_DAYS[after] > EVERY_DAYS[before]


def commitment_change_ask(*, commitment: Commitment, user: User, every: str = "", set_down: bool = False,
                          now: datetime | None = None) -> datetime | None:
    """He asks to check in at another rhythm, or to set the commitment down. Checking in more often
    takes effect at once (returns None); a change that makes it easier waits a week and returns when
    it takes effect. A new ask replaces one still waiting."""
    now = now or timezone.now()
    if not set_down and every not in Commitment.Every.values:
        raise Refusal("unknown_every")
    with transaction.atomic():
        commitment = _his_active(commitment, user=user, now=now)
        if not set_down and every == commitment.check_in_every:
            raise Refusal("same_every")
        if every == Commitment.Every.SESSION and not commitment.source_session_id:
            raise Refusal("unknown_every")
        if not set_down and not _easier(before=commitment.check_in_every, after=every):
            commitment.check_in_every = every
            commitment.change_asked_at, commitment.change_every, commitment.change_status = None, "", ""
            commitment.save(update_fields=["check_in_every", "change_asked_at", "change_every", "change_status"])
            audit_record(action="commitment.changed", actor_id=user.pk, target=commitment,
                         details={"every": every, "waits": False})
            return None
        commitment.change_asked_at = now
        commitment.change_every = "" if set_down else every
        commitment.change_status = Commitment.Status.RELEASED if set_down else ""
        commitment.save(update_fields=["change_asked_at", "change_every", "change_status"])
        audit_record(action="commitment.change_asked", actor_id=user.pk, target=commitment,
                     details={"set_down": set_down, "every": every})
    return now + CHANGE_WAIT


def commitment_change_withdraw(*, commitment: Commitment, user: User, now: datetime | None = None) -> None:
    """He takes back a change that is still waiting."""
    now = now or timezone.now()
    with transaction.atomic():
        commitment = _his_active(commitment, user=user, now=now)
        if commitment.change_asked_at is None:
            raise Refusal("no_change_waiting")
        commitment.change_asked_at, commitment.change_every, commitment.change_status = None, "", ""
        commitment.save(update_fields=["change_asked_at", "change_every", "change_status"])
        audit_record(action="commitment.change_withdrawn", actor_id=user.pk, target=commitment)


def commitment_changes_apply(*, now: datetime | None = None) -> int:
    """The daily upkeep: changes that waited their week take effect; returns how many."""
    now = now or timezone.now()
    applied = 0
    due = Commitment.objects.filter(change_asked_at__lte=now - CHANGE_WAIT, status=Commitment.Status.ACTIVE)
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            commitment = Commitment.objects.select_for_update().get(pk=pk)
            if commitment.change_asked_at is not None and commitment.change_asked_at + CHANGE_WAIT <= now:
                _change_apply(commitment, at=commitment.change_asked_at + CHANGE_WAIT)
                audit_record(action="commitment.change_applied", actor_id=None, target=commitment)
                applied += 1
    return applied


def next_check_in_due(commitment: Commitment, *, latest: datetime | None) -> datetime | None:
    """When his next check-in is due: some days after the latest one (or after he made it); None for a
    commitment checked on at each session of its circle, or one that has ended."""
    days = EVERY_DAYS.get(commitment.check_in_every)
    if days is None or commitment.status != Commitment.Status.ACTIVE:
        return None
    return (latest or commitment.created_at) + timedelta(days=days)
