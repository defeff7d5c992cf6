"""A man's own data key for his personal work: made on his first entry, sealed to his personal key,
opened only with that key unlocked in his session. Registered with holdspace.keys in InventoryConfig.ready."""
import nacl.public
from django.db import transaction

from holdspace.accounts.models import User
from holdspace.audit.services import audit_record
from holdspace.crypto.boxes import CannotOpen, new_data_key, open_sealed, seal_to
from holdspace.inventory.models import Entry, Vault
from holdspace.keys.registry import KeyUse
from holdspace.web.refusals import Refusal


def vault_open(owner: User, *, private_key: nacl.public.PrivateKey) -> bytes | None:
    """His data key, or None before his first entry; refuses "vault_locked" for a key it is not sealed to."""
    vault = Vault.objects.filter(owner=owner).first()
    if vault is None:
        return None
    if bytes(vault.sealed_to) != bytes(private_key.public_key):
        raise Refusal("vault_locked")
    try:
        return open_sealed(private_key, sealed=bytes(vault.sealed_key))
    except CannotOpen:
        raise Refusal("vault_locked") from None


def vault_ensure(owner: User, *, private_key: nacl.public.PrivateKey) -> bytes:
    """His data key, made and sealed to his key on first use."""
    with transaction.atomic():
        Vault.objects.select_for_update().filter(owner=owner).first()  # one first entry at a time
        data_key = vault_open(owner, private_key=private_key)
        if data_key is not None:
            return data_key
        data_key = new_data_key()
        public_key = bytes(private_key.public_key)
        Vault.objects.create(owner=owner, sealed_key=seal_to(public_key, secret=data_key), sealed_to=public_key)
        audit_record(action="inventory.vault_made", actor_id=owner.pk, target=owner)
    return data_key


def vault_forget(user: User) -> dict[str, int]:
    """A new key pair cannot open what the old one sealed: his entries can never be read again, so they go."""
    entries = Entry.objects.filter(owner=user).delete()[0]
    Vault.objects.filter(owner=user).delete()
    return {"inventory_entries_lost": entries}


def entries_at_stake(user: User) -> int:
    """How many entries only his current key opens."""
    return Entry.objects.filter(owner=user).count() if Vault.objects.filter(owner=user).exists() else 0


def key_use(*, at_stake, at_stake_warning: str) -> KeyUse:
    return KeyUse(name="inventory", forget=vault_forget, at_stake=at_stake, at_stake_warning=at_stake_warning)
