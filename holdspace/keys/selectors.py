"""Reading personal keys: only their public halves ever leave this app unlocked."""
from collections.abc import Callable, Iterable

from django.db.models import QuerySet

from holdspace.accounts.models import User
from holdspace.keys.models import PersonalKey
from holdspace.keys.registry import key_uses
from holdspace.web.prepared import Prepared


def personal_key_exists(user: User) -> bool:
    return bool(user.is_authenticated) and PersonalKey.objects.filter(user=user).exists()


def public_key_of(user: User | int) -> bytes | None:
    """The person's public key, or None before he has set one up."""
    user_id = user if isinstance(user, int) else user.pk
    found = PersonalKey.objects.filter(user_id=user_id).values_list("public_key", flat=True).first()
    return bytes(found) if found is not None else None


def _public_keys(ids) -> QuerySet:
    return PersonalKey.objects.filter(user_id__in=ids).values_list("user_id", "public_key")


# A circle's session page asks for its forty men's keys on each view: built once, run many times.
_PUBLIC_KEYS = Prepared(_public_keys, ids=list)


class PublicKeysAmong:
    """The public keys of the people a query names (its one column of person ids), by person, prepared: the
    query built once, run again with each request's values (holdspace/web/prepared.py)."""

    def __init__(self, people: Callable[..., QuerySet], **kinds):
        self._prepared = Prepared(lambda **values: _public_keys(people(**values)), **kinds)

    def of(self, **values) -> dict[int, bytes]:
        return {user_id: bytes(public_key) for user_id, public_key in self._prepared.rows(**values)}


def public_keys_of(user_ids: Iterable[int]) -> dict[int, bytes]:
    """Public keys by person, in one query; people without a key are left out."""
    if isinstance(user_ids, QuerySet):  # a query stays one subquery
        rows = _public_keys(user_ids)
    else:
        rows = _PUBLIC_KEYS.rows(ids=list(user_ids))
    return {user_id: bytes(public_key) for user_id, public_key in rows}


def keys_at_stake(user: User) -> list[tuple[str, list[str]]]:
    """What a new key pair of this person's would lock for good, as (warning, names) per app."""
    found = []
    for use in key_uses():
        names = use.at_stake(user)
        if names:
            found.append((str(use.at_stake_warning), names))
    return found
