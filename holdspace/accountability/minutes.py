"""Partner meetings' minutes, sealed as circles seal facilitators' notes.

Minutes of a meeting with women's rights organisations may name people and the harm they did or suffered (a
partner raising how a man of the organisation treats women, say), so they are never stored in the clear and
never written to the audit log. Each organisation has a key pair for minutes (MinutesKey): minutes are sealed to
its public half, so writing needs no secret; its private half is sealed to each administrator's own key pair
(MinutesKeyCopy), so only an administrator who has unlocked his key in this browser reads them, never the server
alone. An administrator who holds the key shares it with the colleagues who set up a key of their own since,
each time he saves minutes or unlocks his key (both POSTs: a page view never writes). A new key pair of his
drops his copy (he waits again); the key page warns him when he alone holds it.
"""
from dataclasses import dataclass

import nacl.public
from django.db import transaction
from django.db.models import Count, Exists, OuterRef

from holdspace.audit.services import audit_record
from holdspace.accountability.models import MinutesKey, MinutesKeyCopy, PartnerMeeting
from holdspace.crypto.boxes import CannotOpen, open_sealed, seal_to
from holdspace.crypto.keyrings import keypair_new
from holdspace.keys.selectors import PublicKeysAmong, public_key_of
from holdspace.organisations.models import Membership, Organisation, Role
from holdspace.web.prepared import Prepared
from holdspace.web.refusals import Refusal

# Administrators with a key of their own and no copy of the minutes key.
_WAITING = PublicKeysAmong(
    lambda organisation: Membership.objects.filter(organisation_id=organisation, role=Role.ORG_ADMIN)
    .exclude(user__in=MinutesKeyCopy.objects.filter(organisation_id=organisation).values("user"))
    .values_list("user_id"),
    organisation=int)
_COPY = Prepared(
    lambda organisation, user: MinutesKeyCopy.objects.filter(organisation_id=organisation, user_id=user)
    .order_by("pk").values_list("sealed")[:1],
    organisation=int, user=int)


@dataclass(frozen=True)
class OpenedMinutesKey:
    """What an administrator's page knows of the minutes key: the key when his own is unlocked and holds a copy;
    whether his own key is locked here; whether he waits for a colleague to share it."""

    key: nacl.public.PrivateKey | None = None
    locked: bool = True
    waiting: bool = False


def minutes_key_open(organisation: Organisation, *, user,
                     personal_key: nacl.public.PrivateKey | None) -> OpenedMinutesKey:
    """Read only: a GET never writes."""
    if personal_key is None:
        return OpenedMinutesKey()
    found = _COPY.rows(organisation=organisation.pk, user=user.pk)
    if found:
        try:
            key = nacl.public.PrivateKey(open_sealed(personal_key, sealed=bytes(found[0][0])))
        except CannotOpen:
            key = None
        if key is not None:
            return OpenedMinutesKey(key=key, locked=False)
    # No copy of his: a colleague who holds the key shares it; when nobody holds it any more (or it was never
    # started), the next minutes written start a new one.
    held = MinutesKeyCopy.objects.filter(organisation=organisation).exists()
    return OpenedMinutesKey(locked=False, waiting=held)


def minutes_seal(organisation: Organisation, *, text: str, actor, personal_key: nacl.public.PrivateKey | None,
                 opened: OpenedMinutesKey | None = None) -> bytes | None:
    """Seal minutes to the organisation's minutes key, starting it (held by `actor`) when there is none; share it
    with administrators who wait when the actor's key opens it. `opened` is the minutes key as this request
    already opened it (`minutes_key_open`), so it is not read and unsealed twice. Call inside the service's
    transaction."""
    stored = MinutesKey.objects.select_for_update().filter(organisation=organisation).first()
    if stored is None or not MinutesKeyCopy.objects.filter(organisation=organisation).exists():
        # None yet, or nobody holds it any more (every holder made a new key pair or left): minutes sealed to it
        # would be lost, so a new key pair starts, held by the actor. What was sealed to the old one stays as it
        # was, which nobody could open already.
        own_public = public_key_of(actor)
        if own_public is None:
            raise Refusal("no_personal_key")
        private_key = keypair_new()
        if stored is None:
            stored = MinutesKey.objects.create(organisation=organisation, public_key=bytes(private_key.public_key))
        else:
            stored.public_key = bytes(private_key.public_key)
            stored.save(update_fields=["public_key"])
        MinutesKeyCopy.objects.create(organisation=organisation, user=actor,
                                      sealed=seal_to(own_public, secret=bytes(private_key)))
        key = private_key
    else:
        key = (opened or minutes_key_open(organisation, user=actor, personal_key=personal_key)).key
    if key is not None and bytes(key.public_key) == bytes(stored.public_key):
        _share_waiting(organisation.pk, key=key, actor=actor)
    if not text:
        return None
    return seal_to(bytes(stored.public_key), secret=text.encode("utf-8"))


def minutes_read(meeting: PartnerMeeting, *, key: nacl.public.PrivateKey | None) -> str | None:
    """The minutes' words, or None when there are none or this key does not open them."""
    if key is None or not meeting.minutes_sealed:
        return None
    try:
        return open_sealed(key, sealed=bytes(meeting.minutes_sealed)).decode("utf-8")
    except CannotOpen:
        return None


def minutes_copies_drop(*, organisation: Organisation, user) -> None:
    """He is no longer an administrator here: his copy of the minutes key goes."""
    with transaction.atomic():
        MinutesKeyCopy.objects.filter(organisation=organisation, user=user).delete()


def _share_waiting(organisation_id: int, *, key: nacl.public.PrivateKey, actor) -> int:
    waiting = _WAITING.of(organisation=organisation_id)
    for user_id, public_key in sorted(waiting.items()):
        MinutesKeyCopy.objects.create(organisation_id=organisation_id, user_id=user_id,
                                      sealed=seal_to(public_key, secret=bytes(key)))
        audit_record(action="accountability.minutes_key_shared", actor_id=actor.pk, organisation_id=organisation_id,
                     details={"with": user_id})
    return len(waiting)


def minutes_keys_share_on_unlock(user, *, private_key: nacl.public.PrivateKey) -> None:
    """His key was just unlocked (a POST): share the minutes key of each organisation he holds it for with the
    administrators who wait for it."""
    # Only where an administrator with a key of his own waits for a copy: one query when nobody does.
    someone_waits = Exists(Membership.objects.filter(
        organisation_id=OuterRef("organisation_id"), role=Role.ORG_ADMIN, user__personal_key__isnull=False)
        .exclude(user__in=MinutesKeyCopy.objects.filter(organisation_id=OuterRef(OuterRef("organisation_id")))
                 .values("user")))
    for organisation_id, sealed, public in (
            MinutesKeyCopy.objects.filter(someone_waits, user=user).order_by("organisation_id")
            .values_list("organisation_id", "sealed", "organisation__minutes_key__public_key")):
        try:
            key = nacl.public.PrivateKey(open_sealed(private_key, sealed=bytes(sealed)))
        except CannotOpen:
            continue
        if public is None or bytes(key.public_key) != bytes(public):
            continue
        with transaction.atomic():
            list(MinutesKey.objects.select_for_update().filter(organisation_id=organisation_id).values_list("pk"))
            _share_waiting(organisation_id, key=key, actor=user)


def minutes_copies_forget(user) -> dict[str, int]:
    """He made a new key pair: his copies were sealed to the old one; he waits to be shared the key again."""
    deleted, _ = MinutesKeyCopy.objects.filter(user=user).delete()
    return {"minutes_keys": deleted}


def minutes_keys_at_stake(user) -> list[str]:
    """The organisations whose minutes key only he holds."""
    held = MinutesKeyCopy.objects.filter(user=user).values("organisation_id")
    alone = (MinutesKeyCopy.objects.filter(organisation_id__in=held).values("organisation_id")
             .annotate(holders=Count("pk")).filter(holders=1).values("organisation_id"))
    return list(Organisation.objects.filter(pk__in=alone).order_by("name").values_list("name", flat=True))
