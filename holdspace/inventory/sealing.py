"""Each commitment's own key, and who it is sealed to.

A commitment's words (what he commits to, his check-in notes, his partner's encouragement, the
address he invited a partner at) are locked with one random key per commitment. That key is sealed
to the public key of each reader: the man himself; the circle, for a commitment made in its round
(so writing the round needs no secret, and only facilitators who unlocked their own key read it);
and his accountability partner, once the partner accepts. The server holds only sealed copies.

A seal made to an earlier key pair of a reader is stale. Whoever next opens the key (the man, a
facilitator or his partner, in a request of theirs) seals it again to each reader's current key,
and after a partner leaves, moves everything to a fresh key the partner never held.
"""
import json

import nacl.public
from django.db.models import F, Q

from holdspace.crypto.boxes import CannotOpen, lock, lock_text, new_data_key, open_sealed, seal_to, unlock, unlock_text
from holdspace.crypto.derivation import server_subkey
from holdspace.inventory.models import Commitment, CommitmentCheckIn, Encouragement, PartnerInvitation
from holdspace.keys.selectors import public_key_of, public_keys_of

# Commitments written in the clear before they were locked, whose man had no key then, wait under this
# server key until he makes one (see `escrow_adopt` and docs/personal-work.md).
ESCROW = b"hs-commit-escrow"


def words_lock(key: bytes, *, text: str) -> bytes:
    return lock_text(key, text=text)


def words_open(key: bytes, *, box: bytes | memoryview) -> str:
    return unlock_text(key, box=bytes(box))


def commitment_box(key: bytes, *, text: str) -> bytes:
    return lock_text(key, text=json.dumps({"text": text}, ensure_ascii=False))


def commitment_text(commitment: Commitment, *, key: bytes) -> str:
    return json.loads(unlock_text(key, box=bytes(commitment.box)))["text"]


def commitment_key_open(commitment: Commitment, *, private_key: nacl.public.PrivateKey | None) -> bytes | None:
    """The commitment's key, if one of its seals was made to this private key's public half (a person's own
    key, or a circle's); None otherwise."""
    if private_key is None:
        return None
    public = bytes(private_key.public_key)
    for sealed, sealed_to in ((commitment.seal_owner, commitment.seal_owner_to),
                              (commitment.seal_partner, commitment.seal_partner_to),
                              (commitment.seal_circle, commitment.seal_circle_to)):
        if sealed is not None and sealed_to is not None and bytes(sealed_to) == public:
            try:
                return open_sealed(private_key, sealed=bytes(sealed))
            except CannotOpen:
                return None
    return None


def _readers(commitment: Commitment) -> tuple[bytes | None, bytes | None, bytes | None]:
    """The current public keys of the man, his partner and the circle of the round it was made in."""
    people = public_keys_of([pk for pk in (commitment.owner_id, commitment.partner_id) if pk])
    circle = None
    if commitment.source_session_id and commitment.pk:
        # Read through the commitment's own link to its session: the inventory never imports circles.
        found = Commitment.objects.filter(pk=commitment.pk).values_list(
            "source_session__circle__public_key", flat=True).first()
        circle = bytes(found) if found else None
    return people.get(commitment.owner_id), people.get(commitment.partner_id), circle


READERS = ("owner", "partner", "circle")


def seals_make(commitment: Commitment, *, key: bytes, circle_public_key: bytes | None = None,
               renew: frozenset[str] = frozenset()) -> list[str]:
    """Seal the key to each reader who has no seal yet (the man's first key, a partner who just accepted, the
    circle of the round), or whose seal went with a rekeying; return the fields changed (the caller saves them).
    A reader whose key changed since his seal was made is sealed to only when someone who checked with him asks
    for it (`renew`): a new key pair can be made by whoever got into his mailbox, and must not be handed the
    commitment without a person's decision. A circle's new key pair comes from a facilitator's new key, so it
    is not sealed to either: what was sealed to the circle's earlier key stays with it, as its notes do."""
    owner, partner, circle = _readers(commitment)
    circle = circle_public_key or circle
    changed: list[str] = []
    for name, public in (("owner", owner), ("partner", partner if commitment.partner_id else None),
                         ("circle", circle if commitment.source_session_id and commitment.circle_reads else None)):
        sealed, sealed_to = getattr(commitment, f"seal_{name}"), getattr(commitment, f"seal_{name}_to")
        same_key = sealed_to is not None and public is not None and bytes(sealed_to) == public
        if public is None or (same_key and sealed is not None):
            continue
        if not (sealed_to is None or same_key or name in renew):
            continue  # his key changed: waits for someone to open it to him (seal_renew)
        setattr(commitment, f"seal_{name}", seal_to(public, secret=key))
        setattr(commitment, f"seal_{name}_to", public)
        changed += [f"seal_{name}", f"seal_{name}_to"]
    if commitment.escrow is not None and commitment.seal_owner is not None:
        commitment.escrow = None  # his own seal stands now
        changed.append("escrow")
    return changed


def waiting_for_new_key(commitment: Commitment) -> set[str]:
    """The readers (the man, his partner) whose key changed since their seal was made, and who cannot read the
    commitment until someone who can opens it to their new key."""
    owner, partner, _circle = _readers(commitment)
    waiting = set()
    for name, public in (("owner", owner), ("partner", partner if commitment.partner_id else None)):
        sealed, sealed_to = getattr(commitment, f"seal_{name}"), getattr(commitment, f"seal_{name}_to")
        if public is not None and sealed_to is not None and (sealed is None or bytes(sealed_to) != public):
            waiting.add(name)
    return waiting


def partner_seal_drop(commitment: Commitment) -> list[str]:
    commitment.partner = None
    commitment.seal_partner = commitment.seal_partner_to = None
    return ["partner", "seal_partner", "seal_partner_to"]


def commitment_rekey(commitment: Commitment, *, key: bytes) -> bytes:
    """Move the commitment's words to a fresh key and seal it anew to its current readers, so that a
    partner who left cannot open what is written from now on. Returns the fresh key; saves everything."""
    fresh = new_data_key()
    commitment.box = commitment_box(fresh, text=commitment_text(commitment, key=key))
    for name in READERS:  # the seals held the old key; each reader trusted so far is sealed to the fresh one
        setattr(commitment, f"seal_{name}", None)
    seals_make(commitment, key=fresh)
    commitment.save()
    for check_in in CommitmentCheckIn.objects.filter(commitment=commitment, note_box__isnull=False):
        check_in.note_box = words_lock(fresh, text=words_open(key, box=check_in.note_box))
        check_in.save(update_fields=["note_box"])
    for encouragement in Encouragement.objects.filter(commitment=commitment):
        encouragement.box = words_lock(fresh, text=words_open(key, box=encouragement.box))
        encouragement.save(update_fields=["box"])
    for invitation in PartnerInvitation.objects.filter(commitment=commitment, address_box__isnull=False):
        invitation.address_box = words_lock(fresh, text=words_open(key, box=invitation.address_box))
        invitation.save(update_fields=["address_box"])
    # An invitation still open carries the old key: one sealed to a member follows to the fresh key; one behind
    # a link cannot (only the link holds its secret) and is withdrawn, for the man to ask again.
    for invitation in PartnerInvitation.objects.filter(commitment=commitment, status=PartnerInvitation.Status.OPEN):
        if invitation.key_sealed is not None:
            invitation.key_sealed = seal_to(bytes(invitation.key_sealed_to), secret=fresh)
            invitation.save(update_fields=["key_sealed"])
        else:
            invitation.status = PartnerInvitation.Status.WITHDRAWN
            invitation.token_hash = invitation.key_by_token = None
            invitation.save(update_fields=["status", "token_hash", "key_by_token"])
    return fresh


def escrow_wrap(key: bytes) -> bytes:
    return lock(server_subkey(ESCROW), plaintext=key)


def escrow_open(box: bytes | memoryview) -> bytes:
    return unlock(server_subkey(ESCROW), box=bytes(box))


def _others_read() -> Q:
    """Someone other than the man can still open the commitment: a circle or a partner whose seal is to their
    current key, or the copy kept for a man who had no key when it was locked."""
    return (Q(seal_circle__isnull=False, seal_circle_to=F("source_session__circle__public_key"))
            | Q(seal_partner__isnull=False, seal_partner_to=F("partner__personal_key__public_key"))
            | Q(escrow__isnull=False))


def commitments_only_his(user) -> int:
    return Commitment.objects.filter(owner=user).exclude(_others_read()).count()


def seals_forget(user) -> dict[str, int]:
    """A person made a new key pair: seals to the old one open nothing any more. His commitments that only he
    could open are lost (their words can never be read again, so they go); the others wait until someone who
    reads them (his partner, a facilitator of the circle) has checked with him and opens them to his new key.
    The public key each seal was made to is kept, to tell a changed key from a first one."""
    lost = Commitment.objects.filter(owner=user).exclude(_others_read()).delete()[0]
    Commitment.objects.filter(owner=user).update(seal_owner=None)
    # Commitments that waited for his first key while he had one are no longer waiting for a first key: they
    # name the key he had, so that his new one is told apart and waits for a person's decision too.
    previous = public_key_of(user)
    if previous is not None:
        Commitment.objects.filter(owner=user, seal_owner_to__isnull=True).update(seal_owner_to=previous)
    Commitment.objects.filter(partner=user).update(seal_partner=None)
    PartnerInvitation.objects.filter(invitee=user, key_sealed__isnull=False).update(
        status=PartnerInvitation.Status.WITHDRAWN, key_sealed=None, key_sealed_to=None)
    return {"commitment_rows_lost": lost}


def escrow_adopt(user, *, public_key: bytes) -> dict[str, int]:
    """His first key pair: commitments that waited under the server's key since they were locked are sealed
    to it, and the server's copy goes."""
    adopted = 0
    for commitment in Commitment.objects.filter(owner=user, escrow__isnull=False):
        commitment.seal_owner, commitment.seal_owner_to = seal_to(public_key, secret=escrow_open(commitment.escrow)), \
            public_key
        commitment.escrow = None
        commitment.save(update_fields=["seal_owner", "seal_owner_to", "escrow"])
        adopted += 1
    return {"commitments_opened_to_him": adopted} if adopted else {}
