"""Who holds a safety concern's data key, as stewards come, go and make new keys (registered with the keys app in
CirclesConfig.ready, as the circles' own keys are).

- A steward who makes a new key pair can no longer open the concerns sealed to his old one. His copies are emptied,
  not removed: a steward who once held a concern is not given it again without a colleague checking with him
  (someone who took over his account could have made that key), but new concerns reach his new key.
- A steward who never held an open concern is given it when a colleague who holds it unlocks his own key: the
  concern's words say whom it is about, and he and those who report to him are kept from it, as when it was raised.
- A steward whose role ends here loses his copies of this organisation's concerns at once, even if he stays an
  administrator; an administrator who held one in a steward's place loses it with that role.
- Before a new key pair, the key page names the open concerns only his current key opens.
"""
import nacl.public
from django.db import transaction
from django.db.models import Exists, OuterRef

from holdspace.accounts.models import User
from holdspace.audit.services import audit_record
from holdspace.circles.models import SafetyConcern, SafetyConcernKey
from holdspace.circles.safety import EMPTIED, OPEN_STAGES, safety_words, stewards_of
from holdspace.crypto.boxes import CannotOpen, open_sealed, seal_to
from holdspace.keys.registry import KeyUse
from holdspace.keys.selectors import public_keys_of
from holdspace.organisations.models import Membership, Organisation, Role
from holdspace.reports.access import excluded_from

def _held_by(user: User):
    """His copies that open something (not emptied)."""
    return SafetyConcernKey.objects.filter(user=user).exclude(sealed=EMPTIED)


def safety_keys_forget(user: User) -> dict[str, int]:
    """His copies were sealed to the key pair he is replacing: they open nothing any more."""
    return {"stale_safety_keys": _held_by(user).update(sealed=EMPTIED)}


def safety_concerns_only_openable_by(user: User) -> list[SafetyConcern]:
    """Open concerns nobody else can open: a new key pair of his would lock them for good."""
    others = SafetyConcernKey.objects.filter(concern=OuterRef("pk")).exclude(user=user).exclude(sealed=EMPTIED)
    return list(SafetyConcern.objects.filter(stage__in=OPEN_STAGES, pk__in=_held_by(user).values("concern"))
                .exclude(Exists(others)).select_related("circle").order_by("raised_at", "pk"))


def _at_stake_names(user: User) -> list[str]:
    """The circles where the concerns only he can open were raised (the key page's words say what they are)."""
    return sorted({concern.circle.name for concern in safety_concerns_only_openable_by(user)})


def safety_keys_share_on_unlock(user: User, *, private_key: nacl.public.PrivateKey) -> None:
    """His key was just unlocked (a POST): give each open concern he holds to the stewards of its organisation who
    have a key of their own and never held it, apart from the man it is about and those who report to him."""
    concerns = list(SafetyConcern.objects.filter(stage__in=OPEN_STAGES, pk__in=_held_by(user).values("concern"))
                    .select_related("circle__organisation").order_by("pk"))
    if not concerns:
        return
    copies: dict[int, dict[int, bytes]] = {}
    for concern_id, user_id, sealed in SafetyConcernKey.objects.filter(concern__in=concerns).values_list(
            "concern_id", "user_id", "sealed"):
        copies.setdefault(concern_id, {})[user_id] = bytes(sealed)
    stewards: dict[int, dict[int, bytes]] = {}  # an organisation's stewards with a key, read once
    for concern in concerns:
        organisation = concern.circle.organisation
        if organisation.pk not in stewards:
            stewards[organisation.pk] = public_keys_of(stewards_of(organisation))
        if user.pk not in stewards[organisation.pk]:
            continue  # no longer a steward there (his copies go with the role: safety_keys_drop_for)
        held = copies.get(concern.pk, {})
        waiting = {user_id: public for user_id, public in stewards[organisation.pk].items() if user_id not in held}
        if not waiting:
            continue
        try:
            data_key = open_sealed(private_key, sealed=held[user.pk])
        except (CannotOpen, KeyError):
            continue  # sealed to an earlier key of his
        about_id = safety_words(concern, data_key=data_key).about_id
        kept_out = excluded_from(organisation, respondent=User.objects.filter(pk=about_id).first() if about_id
                                 else None)
        with transaction.atomic():
            # Two holders unlocking at once seal it once.
            list(SafetyConcern.objects.select_for_update().filter(pk=concern.pk).values_list("pk", flat=True))
            now_held = set(SafetyConcernKey.objects.filter(concern=concern).values_list("user_id", flat=True))
            for user_id, public in sorted(waiting.items()):
                if user_id in kept_out or user_id in now_held:
                    continue
                SafetyConcernKey.objects.create(concern=concern, user_id=user_id,
                                                sealed=seal_to(public, secret=data_key))
                audit_record(action="circle.safety_shared", actor_id=user.pk, organisation_id=organisation.pk,
                             target=concern, details={"with": user_id})


def safety_keys_drop_for(*, organisation: Organisation, user: User, roles: frozenset[str]) -> int:
    """He lost roles here: his copies of this organisation's concerns go, audited by number, when he is no longer a
    steward, and when he is no longer an administrator unless he is still a steward. (An administrator holds a
    copy only in a steward's place: see safety.safety_readers.)"""
    if Role.STEWARD not in roles:
        if Role.ORG_ADMIN not in roles or Membership.objects.filter(
                organisation=organisation, user=user, role=Role.STEWARD).exists():
            return 0
    with transaction.atomic():
        dropped, _ = SafetyConcernKey.objects.filter(user=user, concern__circle__organisation=organisation).delete()
        if dropped:
            audit_record(action="circle.safety_keys_dropped", actor_id=None, organisation_id=organisation.pk,
                         target=user, details={"concerns": dropped})
    return dropped


def safety_key_use(*, at_stake_warning: str) -> KeyUse:
    return KeyUse(name="circle_safety", forget=safety_keys_forget, unlocked=safety_keys_share_on_unlock,
                  at_stake=_at_stake_names, at_stake_warning=at_stake_warning)
