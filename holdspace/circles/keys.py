"""Each circle's key pair. What men write to a circle (their intake words, their
feedback) and what its facilitators note about sessions is sealed to the circle's
public key, so writing needs no secret. The private half is sealed to each
facilitator's own key pair (the one that also opens cases): only a facilitator
who has unlocked his key in this session can read, never the server alone."""
import nacl.public
from django.db import transaction
from django.db.models import Exists, OuterRef

from holdspace.accounts.models import User
from holdspace.audit.services import audit_record
from holdspace.circles.models import Circle, CircleFacilitator, CircleKey
from holdspace.crypto.boxes import CannotOpen, open_sealed, seal_to
from holdspace.crypto.keyrings import keypair_new
from holdspace.keys.registry import KeyUse
from holdspace.keys.selectors import public_key_of, public_keys_of
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
        CircleKey.objects.filter(circle=circle).delete()
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
    if circle_key is None or sealed is None:
        return None
    try:
        return open_sealed(circle_key, sealed=bytes(sealed)).decode("utf-8")
    except CannotOpen:
        return None


def circle_private_key(circle: Circle, *, user: User,
                       personal_key: nacl.public.PrivateKey | None) -> nacl.public.PrivateKey | None:
    """The circle's private key for a facilitator whose own key is unlocked, or None."""
    if personal_key is None:
        return None
    sealed = CircleKey.objects.filter(circle=circle, user=user).values_list("sealed", flat=True).first()
    if sealed is None:
        return None
    try:
        opened = open_sealed(personal_key, sealed=bytes(sealed))
    except CannotOpen:
        return None
    key = nacl.public.PrivateKey(opened)
    return key if circle.public_key and bytes(key.public_key) == bytes(circle.public_key) else None


def circle_key_open_or_share(circle: Circle, *, user: User,
                             personal_key: nacl.public.PrivateKey | None) -> nacl.public.PrivateKey | None:
    """Open the circle's key for this facilitator and share it with co-facilitators
    who set up their own key since. When nobody holds the circle's key any more
    (every holder made a new key pair), start a new one with this facilitator."""
    if personal_key is None:
        return None
    circle_key = circle_private_key(circle, user=user, personal_key=personal_key)
    if circle_key is None:
        if CircleKey.objects.filter(circle=circle).exists() or personal_public_key(user) != bytes(
            personal_key.public_key
        ):
            return None  # a colleague holds it and will share it on his next visit
        circle_key = circle_key_pair_new(circle, holder=user)
    circle_keys_share(circle, circle_key=circle_key, actor=user)
    return circle_key


def circle_keys_share(circle: Circle, *, circle_key: nacl.public.PrivateKey, actor: User) -> int:
    """Seal the circle's key to each facilitator who has a key pair but not yet the circle's key."""
    waiting = public_keys_of(
        CircleFacilitator.objects.filter(circle=circle)
        .exclude(user__in=CircleKey.objects.filter(circle=circle).values("user"))
        .values_list("user_id", flat=True)
    )
    if not waiting:
        return 0
    with transaction.atomic():
        for user_id, public_key in sorted(waiting.items()):
            CircleKey.objects.create(circle=circle, user_id=user_id, sealed=seal_to(public_key, secret=bytes(circle_key)))
            audit_record(action="circle.key_shared", actor_id=actor.pk, organisation_id=circle.organisation_id,
                         target=circle, details={"with": user_id})
    return len(waiting)


def circle_key_drop(circle: Circle, *, user: User) -> None:
    CircleKey.objects.filter(circle=circle, user=user).delete()


def circles_only_openable_by(user: User) -> list[Circle]:
    """Circles whose key this person alone holds: a new key pair of his would lock their words for good."""
    others = CircleKey.objects.filter(circle=OuterRef("pk")).exclude(user=user)
    return list(Circle.objects.filter(keys__user=user).exclude(Exists(others)).order_by("name"))


def circle_keys_forget(user: User) -> dict[str, int]:
    """The circles' keys sealed to a person's earlier key pair open nothing any more."""
    return {"stale_circle_keys": CircleKey.objects.filter(user=user).delete()[0]}


def key_use(*, at_stake_warning: str) -> KeyUse:
    return KeyUse(name="circles", forget=circle_keys_forget,
                  at_stake=lambda user: [circle.name for circle in circles_only_openable_by(user)],
                  at_stake_warning=at_stake_warning)
