"""Reading personal keys: only their public halves ever leave this app unlocked."""
from collections.abc import Iterable

from django.db.models import QuerySet

from holdspace.accounts.models import User
from holdspace.keys.models import PersonalKey
from holdspace.keys.registry import key_uses


def personal_key_exists(user: User) -> bool:
    return bool(user.is_authenticated) and PersonalKey.objects.filter(user=user).exists()


def public_key_of(user: User | int) -> bytes | None:
    """The person's public key, or None before he has set one up."""
    user_id = user if isinstance(user, int) else user.pk
    found = PersonalKey.objects.filter(user_id=user_id).values_list("public_key", flat=True).first()
    return bytes(found) if found is not None else None


def public_keys_of(user_ids: Iterable[int]) -> dict[int, bytes]:
    """Public keys by person, in one query; people without a key are left out."""
    ids = user_ids if isinstance(user_ids, QuerySet) else list(user_ids)  # a query stays one subquery
    rows = PersonalKey.objects.filter(user_id__in=ids).values_list("user_id", "public_key")
    return {user_id: bytes(public_key) for user_id, public_key in rows}


def keys_at_stake(user: User) -> list[tuple[str, list[str]]]:
    """What a new key pair of this person's would lock for good, as (warning, names) per app."""
    found = []
    for use in key_uses():
        names = use.at_stake(user)
        if names:
            found.append((str(use.at_stake_warning), names))
    return found
