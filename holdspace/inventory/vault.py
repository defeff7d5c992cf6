"""A man's own data key for his personal work: made on his first entry or amends plan, sealed to his
personal key, opened only with that key unlocked in his session. Registered with holdspace.keys in
InventoryConfig.ready."""
import json
from dataclasses import dataclass

import nacl.public
from django.db import transaction
from django.db.models import OuterRef, Subquery

from holdspace.accounts.models import User
from holdspace.audit.services import audit_record
from holdspace.crypto.boxes import CannotOpen, lock_text, new_data_key, open_sealed, seal_to, unlock_text
from holdspace.inventory.models import AmendsPlan, Entry, Vault
from holdspace.keys.models import PersonalKey
from holdspace.keys.registry import KeyUse
from holdspace.keys.selectors import public_key_of
from holdspace.web.prepared import Prepared
from holdspace.web.refusals import Refusal


def _current(owner: User, private_key: nacl.public.PrivateKey) -> None:
    """Refuse a key that is no longer his (a new pair was made in another browser): it must not open or seal."""
    if public_key_of(owner) != bytes(private_key.public_key):
        raise Refusal("key_changed")


# His vault, and his current public key beside it (a vault sealed to an earlier key no longer opens): every page
# of his opens his vault first.
_OPENED = Prepared(
    lambda owner: Vault.objects.filter(owner_id=owner).values_list(
        "sealed_key", "sealed_to", "tags_box",
        Subquery(PersonalKey.objects.filter(user_id=OuterRef("owner_id")).values("public_key")[:1])),
    owner=int)


@dataclass(frozen=True)
class OpenedVault:
    data_key: bytes
    tags_box: bytes | None  # his tag counts, still locked with the data key


def vault_opened(owner: User, *, private_key: nacl.public.PrivateKey) -> OpenedVault | None:
    """His vault opened, with his tag counts still locked, or None before his first entry; refuses
    "key_changed" for a key that is no longer his and "vault_locked" for one it is not sealed to.
    One query."""
    found = _OPENED.first(owner=owner.pk)
    if found is None:
        _current(owner, private_key)
        return None
    sealed_key, sealed_to, tags_box, current = found
    public_key = bytes(private_key.public_key)
    if current is None or bytes(current) != public_key:
        raise Refusal("key_changed")
    if bytes(sealed_to) != public_key:
        raise Refusal("vault_locked")
    try:
        data_key = open_sealed(private_key, sealed=bytes(sealed_key))
    except CannotOpen:
        raise Refusal("vault_locked") from None
    return OpenedVault(data_key, bytes(tags_box) if tags_box is not None else None)


def vault_open(owner: User, *, private_key: nacl.public.PrivateKey) -> bytes | None:
    """His data key, or None before his first entry; refuses as `vault_opened` does."""
    opened = vault_opened(owner, private_key=private_key)
    return opened.data_key if opened is not None else None


def vault_ensure(owner: User, *, private_key: nacl.public.PrivateKey) -> bytes:
    """His data key, made and sealed to his key on first use."""
    with transaction.atomic():
        # His row, locked: two first entries at once make one vault (a missing vault row locks nothing).
        User.objects.select_for_update().filter(pk=owner.pk).first()
        data_key = vault_open(owner, private_key=private_key)
        if data_key is not None:
            return data_key
        data_key = new_data_key()
        public_key = bytes(private_key.public_key)
        Vault.objects.create(owner=owner, sealed_key=seal_to(public_key, secret=data_key), sealed_to=public_key)
        audit_record(action="inventory.vault_made", actor_id=owner.pk, target=owner)
    return data_key


def vault_tags(vault: OpenedVault | None) -> dict[str, int]:
    """His tags with how many entries carry each (none before his first tagged entry)."""
    if vault is None or not vault.tags_box:
        return {}
    return json.loads(unlock_text(vault.data_key, box=vault.tags_box))


def vault_lock(owner: User) -> None:
    """Hold his vault for the rest of the transaction: one change to his entries' tags at a time."""
    Vault.objects.select_for_update().filter(owner=owner).first()


def vault_tags_count(owner: User, *, data_key: bytes, removed: tuple[str, ...] = (),
                     added: tuple[str, ...] = ()) -> None:
    """Count an entry's tags out and in; called inside the entry's own transaction."""
    vault = Vault.objects.select_for_update().get(owner=owner)
    counts = json.loads(unlock_text(data_key, box=bytes(vault.tags_box))) if vault.tags_box else {}
    for tag in removed:
        counts[tag] = counts.get(tag, 0) - 1
    for tag in added:
        counts[tag] = counts.get(tag, 0) + 1
    counts = {tag: count for tag, count in counts.items() if count > 0}
    vault.tags_box = lock_text(data_key, text=json.dumps(counts))
    vault.save(update_fields=["tags_box"])


def vault_forget(user: User) -> dict[str, int]:
    """A new key pair cannot open what the old one sealed: his entries and amends plans can never be read
    again, so they go."""
    entries = Entry.objects.filter(owner=user).delete()[0]
    plans = AmendsPlan.objects.filter(owner=user).delete()[0]
    Vault.objects.filter(owner=user).delete()
    return {"inventory_entries_lost": entries, "amends_plans_lost": plans}


def entries_at_stake(user: User) -> int:
    """How many entries only his current key opens."""
    return Entry.objects.filter(owner=user).count() if Vault.objects.filter(owner=user).exists() else 0


def amends_plans_at_stake(user: User) -> int:
    """How many amends plans only his current key opens."""
    return AmendsPlan.objects.filter(owner=user).count() if Vault.objects.filter(owner=user).exists() else 0


def key_use(*, at_stake, at_stake_warning: str) -> KeyUse:
    return KeyUse(name="inventory", forget=vault_forget, at_stake=at_stake, at_stake_warning=at_stake_warning)
