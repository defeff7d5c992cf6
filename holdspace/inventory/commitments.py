"""Changes to a man's commitments: those he makes alone, and those a circle's round writes for him.

Check-ins are his alone to write. What he commits to and his notes are locked with each commitment's
own key (see `sealing`). A change that could make a commitment easier to keep (setting it down,
checking in less often, or marking it done, which ends its check-ins too) waits a week before it
takes effect, as commitment tools in the field do; meanwhile he keeps checking in and can take the
change back. Every change is audited, never with
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
    waiting_for_new_key,
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
    set up his first key since are sealed to him on the way.
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
            if key is None:
                if _shared_beyond_the_round(current):
                    continue  # sealed to an earlier key of the circle's, and a partner holds it: left as it is
                # Sealed to an earlier key of the circle's and nothing written on it since: written again.
                key = new_data_key()
                for name in ("owner", "circle"):
                    setattr(current, f"seal_{name}", None)
            else:
                key = key_in_hand(current, key=key)  # a partner who left: on to a fresh key first
                if commitment_text(current, key=key) == text and current.check_in_every == every:
                    continue
            current.box, current.check_in_every = commitment_box(key, text=text), every
            seals_make(current, key=key, circle_public_key=circle_public)
            current.save()
            changed += 1
        waiting = _seal_waiting_for_their_men(circle_id=source_session.circle_id, circle_key=circle_key)
        audit_record(action="commitment.round_recorded", actor_id=actor.pk, organisation_id=organisation_id,
                     target=source_session, details={"changed": changed, "opened_to_their_men": waiting})
    return changed


def _shared_beyond_the_round(commitment: Commitment) -> bool:
    return bool(commitment.partner_id) or commitment.encouragements.exists() or commitment.invitations.exists()


def _seal_waiting_for_their_men(*, circle_id: int, circle_key: nacl.public.PrivateKey) -> int:
    """Commitments of the circle's rounds made before their man had a key, sealed to the first key he has set
    up since. (One whose man changed his key waits for a facilitator who checked with him: commitments_reopen.)"""
    candidates = list(Commitment.objects.filter(source_session__circle_id=circle_id, seal_owner_to__isnull=True,
                                                seal_circle_to=bytes(circle_key.public_key)))
    current = public_keys_of({c.owner_id for c in candidates})
    opened = 0
    for commitment in candidates:
        if current.get(commitment.owner_id) is None:
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
    if commitment.change_status in ENDINGS and commitment.status == Commitment.Status.ACTIVE:
        commitment.status, commitment.ended_at = commitment.change_status, at
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


def _easier(*, before: str, after: str) -> bool:
    """Whether checking in `after` instead of `before` could make the commitment easier to keep."""
    if Commitment.Every.SESSION in (before, after):
        return True  # a circle's rhythm is its own: any change to or from it waits
    return EVERY_DAYS[after] > EVERY_DAYS[before]


ENDINGS = (Commitment.Status.COMPLETED, Commitment.Status.RELEASED)


def commitment_change_ask(*, commitment: Commitment, user: User, every: str = "", end: str = "",
                          now: datetime | None = None) -> datetime | None:
    """He asks to check in at another rhythm, or to end the commitment: done (part of him now) or set down.
    Checking in more often takes effect at once (returns None); a change that ends it or makes it easier waits
    a week and returns when it takes effect. A new ask replaces one still waiting."""
    now = now or timezone.now()
    if end and end not in ENDINGS:
        raise Refusal("unknown_status")
    if not end and every not in Commitment.Every.values:
        raise Refusal("unknown_every")
    with transaction.atomic():
        commitment = _his_active(commitment, user=user, now=now)
        if not end and every == commitment.check_in_every:
            raise Refusal("same_every")
        if every == Commitment.Every.SESSION and not commitment.source_session_id:
            raise Refusal("unknown_every")
        if not end and not _easier(before=commitment.check_in_every, after=every):
            commitment.check_in_every = every
            commitment.change_asked_at, commitment.change_every, commitment.change_status = None, "", ""
            commitment.save(update_fields=["check_in_every", "change_asked_at", "change_every", "change_status"])
            audit_record(action="commitment.changed", actor_id=user.pk, target=commitment,
                         details={"every": every, "waits": False})
            return None
        commitment.change_asked_at = now
        commitment.change_every = "" if end else every
        commitment.change_status = end
        commitment.save(update_fields=["change_asked_at", "change_every", "change_status"])
        audit_record(action="commitment.change_asked", actor_id=user.pk, target=commitment,
                     details={"end": end, "every": every})
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


def seal_renew(*, commitment: Commitment, user: User, private_key: nacl.public.PrivateKey | None,
               reader: str) -> None:
    """Someone who reads the commitment (the man for his partner, the partner for the man) opens it to the
    other's new key, having checked with him that he made it."""
    if reader not in ("owner", "partner"):
        raise Refusal("unknown_reader")
    with transaction.atomic():
        commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
        if user.pk not in (commitment.owner_id, commitment.partner_id) \
                or user.pk == (commitment.owner_id if reader == "owner" else commitment.partner_id):
            raise Refusal("not_yours")
        if reader not in waiting_for_new_key(commitment):
            raise Refusal("nothing_to_open")
        key = key_in_hand(commitment, key=commitment_key(commitment, private_key=private_key))
        commitment.save(update_fields=seals_make(commitment, key=key, renew=frozenset({reader})))
        audit_record(action="commitment.opened_to_new_key", actor_id=user.pk, target=commitment,
                     details={"reader": reader})


def commitments_reopen(*, circle_id: int, owner_id: int, circle_key: nacl.public.PrivateKey, actor: User,
                       organisation_id: int | None) -> int:
    """A facilitator who checked with a man that he made a new key opens his commitments from the circle's
    rounds to it; returns how many."""
    opened = 0
    with transaction.atomic():
        for commitment in Commitment.objects.select_for_update().filter(source_session__circle_id=circle_id,
                                                                         owner_id=owner_id):
            if "owner" not in waiting_for_new_key(commitment):
                continue
            key = commitment_key_open(commitment, private_key=circle_key)
            if key is None:
                continue
            key = key_in_hand(commitment, key=key)
            commitment.save(update_fields=seals_make(commitment, key=key, renew=frozenset({"owner"})))
            opened += 1
        if opened:
            audit_record(action="commitment.opened_to_new_key", actor_id=actor.pk, organisation_id=organisation_id,
                         target=commitment, details={"reader": "owner", "count": opened})
    return opened


def commitments_circle_unseal(*, circle_id: int, owner_id: int) -> int:
    """A man left the circle: its facilitators no longer read his commitments from its rounds. The circle's seal
    goes, and the words move to a fresh key at his next step (its facilitators held the old one)."""
    return Commitment.objects.filter(source_session__circle_id=circle_id, owner_id=owner_id,
                                     circle_reads=True).update(seal_circle=None, seal_circle_to=None,
                                                               circle_reads=False, rekey_due=True)
