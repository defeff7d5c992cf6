"""Each circle's key pair. What men write to a circle (their intake words, their
feedback) and what its facilitators note about sessions is sealed to the circle's
public key, so writing needs no secret. The private half is sealed to each
facilitator's own key pair (the one that also opens cases): only a facilitator
who has unlocked his key in this session can read, never the server alone."""
from dataclasses import dataclass

import nacl.public
from django.db import transaction
from django.db.models import Exists, OuterRef

from holdspace.accounts.models import User
from holdspace.audit.services import audit_record
from holdspace.circles.models import Circle, CircleFacilitator, CircleKey
from holdspace.crypto.boxes import CannotOpen, open_sealed, open_sealed_text, seal_to
from holdspace.crypto.keyrings import keypair_new
from holdspace.keys.registry import KeyUse
from holdspace.keys.selectors import PublicKeysAmong, public_key_of
from holdspace.web.prepared import Prepared
from holdspace.web.refusals import Refusal


def personal_public_key(user: User) -> bytes | None:
    return public_key_of(user)


def circle_key_pair_new(circle: Circle, *, holder: User) -> nacl.public.PrivateKey:
    """Give the circle a fresh key pair, sealed to `holder`. Words sealed to an
    earlier pair stay sealed to it; callers do this only when nobody holds one."""
    public = personal_public_key(holder)
    if public is None:
        raise Refusal("no_personal_key")
    private_key = keypair_new()
    with transaction.atomic():
        Circle.objects.filter(pk=circle.pk).update(public_key=bytes(private_key.public_key))
        circle.public_key = bytes(private_key.public_key)
        # Colleagues whose copies went with their old key pairs keep waiting for someone to check with them.
        CircleKey.objects.filter(circle=circle).exclude(dropped=True, user__in=circle.facilitators.exclude(
            pk=holder.pk)).delete()
        CircleKey.objects.create(circle=circle, user=holder, sealed=seal_to(public, secret=bytes(private_key)))
        audit_record(action="circle.key_created", actor_id=holder.pk, organisation_id=circle.organisation_id,
                     target=circle)
    return private_key


def seal_for_circle(circle: Circle, *, text: str) -> bytes | None:
    """Lock words so that only the circle's facilitators can read them; None for no words."""
    if not text:
        return None
    if not circle.public_key:
        raise Refusal("circle_has_no_key")
    return seal_to(bytes(circle.public_key), secret=text.encode("utf-8"))


def open_for_circle(circle_key: nacl.public.PrivateKey | None, *, sealed: bytes | memoryview | None) -> str | None:
    """The words in a sealed box, or None when this key does not open it."""
    return open_sealed_text(circle_key, sealed=sealed)


# Every page of a circle its facilitator opens reads his copy of its key and whom to share it with: built once,
# run many times.
_SEALED_TO = Prepared(
    lambda circle, user: CircleKey.objects.filter(circle_id=circle, user_id=user, dropped=False)
    .order_by("pk").values_list("sealed")[:1],
    circle=int, user=int)
# The circle's facilitators who have a key of their own and never had the circle's.
_WAITING = PublicKeysAmong(
    lambda circle: CircleFacilitator.objects.filter(circle_id=circle)
    .exclude(user__in=CircleKey.objects.filter(circle_id=circle).values("user")).values_list("user_id"),
    circle=int)


def circle_private_key(circle: Circle, *, user: User,
                       personal_key: nacl.public.PrivateKey | None) -> nacl.public.PrivateKey | None:
    """The circle's private key for a facilitator whose own key is unlocked, or None."""
    if personal_key is None:
        return None
    found = _SEALED_TO.rows(circle=circle.pk, user=user.pk)
    if not found:
        return None
    sealed = found[0][0]
    try:
        opened = open_sealed(personal_key, sealed=bytes(sealed))
    except CannotOpen:
        return None
    key = nacl.public.PrivateKey(opened)
    return key if circle.public_key and bytes(key.public_key) == bytes(circle.public_key) else None


@dataclass(frozen=True)
class OpenedCircleKey:
    """What a facilitator's page knows of the circle's key, read and never written: the key when his own
    is unlocked and holds a copy, how many co-facilitators wait for it (whom he can share it with), and
    whether nobody holds it any more (so that he can start a new one)."""

    key: nacl.public.PrivateKey | None = None
    waiting: int = 0
    nobody_holds: bool = False


def circle_key_open(circle: Circle, *, user: User, personal_key: nacl.public.PrivateKey | None) -> OpenedCircleKey:
    """Open the circle's key for a facilitator whose own key is unlocked, and say what he could do with it.
    A GET never writes: sharing the key and starting a new one are the POSTs circle_keys_share and
    circle_key_start."""
    if personal_key is None:
        return OpenedCircleKey()
    circle_key = circle_private_key(circle, user=user, personal_key=personal_key)
    if circle_key is not None:
        return OpenedCircleKey(key=circle_key, waiting=len(_WAITING.of(circle=circle.pk)))
    nobody_holds = not CircleKey.objects.filter(circle=circle, dropped=False).exists() and personal_public_key(
        user) == bytes(personal_key.public_key)
    return OpenedCircleKey(nobody_holds=nobody_holds)


def circle_keys_seal_waiting(circle: Circle, *, circle_key: nacl.public.PrivateKey, actor: User) -> int:
    """Seal the circle's (opened) key to each facilitator who has a key pair and never had the circle's key, each
    with an audit entry; call inside a transaction that locked the circle (two holders sharing at once seal it
    once)."""
    waiting = _WAITING.of(circle=circle.pk)
    for user_id, public_key in sorted(waiting.items()):
        CircleKey.objects.create(circle=circle, user_id=user_id, sealed=seal_to(public_key, secret=bytes(circle_key)))
        audit_record(action="circle.key_shared", actor_id=actor.pk, organisation_id=circle.organisation_id,
                     target=circle, details={"with": user_id})
    return len(waiting)


def _locked_for(circle: Circle, *, actor: User) -> bool:
    """Lock the circle for a change of its keys (inside a transaction); whether `actor` still facilitates it."""
    list(Circle.objects.select_for_update().filter(pk=circle.pk).values_list("pk", flat=True))
    return CircleFacilitator.objects.filter(circle=circle, user=actor).exists()


def circle_keys_share(*, circle: Circle, circle_key: nacl.public.PrivateKey | None, actor: User) -> int:
    """A facilitator who holds the circle's key shares it with each co-facilitator who set up a key of his own
    and never had the circle's; returns how many. (One whose copy went with a key pair he replaced waits for
    circle_key_share_again, from a colleague who checked with him.)"""
    if circle_key is None or not circle.public_key or bytes(circle_key.public_key) != bytes(circle.public_key):
        raise Refusal("no_circle_key")
    with transaction.atomic():
        if not _locked_for(circle, actor=actor):
            raise Refusal("not_a_facilitator")
        shared = circle_keys_seal_waiting(circle, circle_key=circle_key, actor=actor)
        if not shared:
            raise Refusal("nobody_waiting")
    return shared


def circle_key_start(*, circle: Circle, actor: User, personal_key: nacl.public.PrivateKey | None) -> int:
    """Start a new key for a circle whose key nobody holds any more (every holder made a new key pair), held by
    `actor` and shared at once with co-facilitators who have a key and no copy; returns how many. Words sealed
    to the earlier key stay sealed to it."""
    if personal_key is None or personal_public_key(actor) != bytes(personal_key.public_key):
        raise Refusal("key_locked")
    with transaction.atomic():
        if not _locked_for(circle, actor=actor):
            raise Refusal("not_a_facilitator")
        if CircleKey.objects.filter(circle=circle, dropped=False).exists():
            raise Refusal("key_held")
        circle_key = circle_key_pair_new(circle, holder=actor)
        return circle_keys_seal_waiting(circle, circle_key=circle_key, actor=actor)


def circle_keys_share_on_unlock(user: User, *, private_key: nacl.public.PrivateKey) -> None:
    """His key was just unlocked (a POST: the key page, or signing in): share the key of each circle he holds it
    for with the co-facilitators who wait for it, so that nobody has to ask."""
    waiting = CircleFacilitator.objects.filter(circle=OuterRef("circle_id"), user__personal_key__isnull=False) \
        .exclude(user__in=CircleKey.objects.filter(circle=OuterRef(OuterRef("circle_id"))).values("user"))
    circle_ids = list(CircleKey.objects.filter(user=user, dropped=False).filter(Exists(waiting))
                      .order_by("circle_id").values_list("circle_id", flat=True))
    for circle in Circle.objects.filter(pk__in=circle_ids).order_by("pk"):
        circle_key = circle_private_key(circle, user=user, personal_key=private_key)
        if circle_key is None:
            continue  # an earlier key of his, or the circle's key changed since
        with transaction.atomic():
            if _locked_for(circle, actor=user):
                circle_keys_seal_waiting(circle, circle_key=circle_key, actor=user)


def circle_keys_waiting(circle: Circle) -> list[User]:
    """Facilitators whose copy of the circle's key went with a key pair they replaced, and who have a new one."""
    return list(User.objects.filter(circle_keys__circle=circle, circle_keys__dropped=True,
                                    personal_key__isnull=False).order_by("display_name"))


def circle_key_share_again(circle: Circle, *, colleague: User, circle_key: nacl.public.PrivateKey | None,
                           actor: User) -> None:
    """A facilitator who checked with a colleague that he made his new key shares the circle's key with it."""
    if circle_key is None:
        raise Refusal("circle_key_locked")
    public = personal_public_key(colleague)
    with transaction.atomic():
        waiting = CircleKey.objects.select_for_update().filter(circle=circle, user=colleague, dropped=True).first()
        if waiting is None or public is None or colleague.pk == actor.pk:
            raise Refusal("nothing_to_share")
        waiting.sealed, waiting.dropped = seal_to(public, secret=bytes(circle_key)), False
        waiting.save(update_fields=["sealed", "dropped"])
        audit_record(action="circle.key_shared", actor_id=actor.pk, organisation_id=circle.organisation_id,
                     target=circle, details={"with": colleague.pk, "new_key": True})


def circle_key_drop(circle: Circle, *, user: User) -> None:
    CircleKey.objects.filter(circle=circle, user=user).delete()


def circles_only_openable_by(user: User) -> list[Circle]:
    """Circles whose key this person alone holds: a new key pair of his would lock their words for good."""
    others = CircleKey.objects.filter(circle=OuterRef("pk"), dropped=False).exclude(user=user)
    return list(Circle.objects.filter(keys__user=user, keys__dropped=False).exclude(Exists(others)).order_by("name"))


def circle_keys_forget(user: User) -> dict[str, int]:
    """The circles' keys sealed to a person's earlier key pair open nothing any more: they are dropped, and wait
    for a colleague who checked with him to share the circle's key with his new pair."""
    return {"stale_circle_keys": CircleKey.objects.filter(user=user, dropped=False).update(sealed=b"", dropped=True)}


def key_use(*, at_stake_warning: str) -> KeyUse:
    return KeyUse(name="circles", forget=circle_keys_forget, unlocked=circle_keys_share_on_unlock,
                  at_stake=lambda user: [circle.name for circle in circles_only_openable_by(user)],
                  at_stake_warning=at_stake_warning)
