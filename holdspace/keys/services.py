"""Making, opening and re-wrapping a person's key pair; each change audited in its transaction."""
from dataclasses import dataclass

import nacl.public
from django.db import transaction

from holdspace.accounts.models import User
from holdspace.audit.services import audit_record
from holdspace.crypto.boxes import CannotOpen
from holdspace.crypto.keyrings import (
    WrappedKey,
    keypair_new,
    private_key_unwrap,
    private_key_wrap,
    recovery_code_new,
    recovery_code_normalise,
)
from holdspace.keys.models import PersonalKey
from holdspace.keys.registry import key_uses
from holdspace.web.refusals import Refusal

# Bound into the key stretching, so a password wrap never opens as a recovery wrap (and the
# other way round). Unchanged since the keys lived with reports: existing wraps still open.
PASSWORD = b"password"
RECOVERY = b"recovery"


@dataclass(frozen=True)
class NewKey:
    """A key pair just made: its private half, already open, and the recovery code to show once."""

    private_key: nacl.public.PrivateKey
    recovery_code: str


def personal_key_create(user: User, *, password: str) -> NewKey:
    """Give a person a key pair, or a new one, already open (no second stretching to unlock it).

    Refuses "wrong_password" for a wrong password, and whatever code a registered use gives
    when a new pair must wait (e.g. "last_key_holder" of open cases only he can open).
    """
    if not user.check_password(password):
        raise Refusal("wrong_password")
    private_key = keypair_new()
    recovery = recovery_code_new()
    by_password = private_key_wrap(private_key, secret=password, purpose=PASSWORD)
    by_recovery = private_key_wrap(private_key, secret=recovery_code_normalise(recovery), purpose=RECOVERY)
    with transaction.atomic():
        # Locked, so two replacements (or a colleague losing access meanwhile) are decided one at a time.
        replacing = bool(list(PersonalKey.objects.select_for_update().filter(user=user).values_list("pk", flat=True)))
        if replacing:
            for use in key_uses():
                code = use.blocks_replacement(user)
                if code:
                    raise Refusal(code)
        forgotten: dict[str, int] = {}
        if replacing:
            # What was sealed to the earlier pair can no longer be opened: each app clears it,
            # so it shows as waiting for a colleague to share it again.
            for use in key_uses():
                forgotten.update(use.forget(user))
        public_key = bytes(private_key.public_key)
        PersonalKey.objects.update_or_create(
            user=user,
            defaults={
                "public_key": public_key,
                "by_password": by_password.box,
                "password_salt": by_password.salt,
                "password_parameters": by_password.parameters,
                "by_recovery": by_recovery.box,
                "recovery_salt": by_recovery.salt,
                "recovery_parameters": by_recovery.parameters,
            },
        )
        for use in key_uses():
            forgotten.update(use.welcome(user, public_key=public_key))
        audit_record(action="personal_key.created", actor_id=user.pk, target=user,
                     details={"replaced": replacing, **forgotten})
    return NewKey(private_key, recovery)


@dataclass(frozen=True)
class OpenedKey:
    private_key: nacl.public.PrivateKey
    rewrapped: bool  # opened with the recovery code after a password reset, and locked with the password again


def personal_key_open(user: User, *, password: str = "", recovery_code: str = "") -> OpenedKey:
    """Unlock a person's key for his session (what waited for it is done, see personal_key_unlocked); with his
    recovery code and his (new) account password, as after a password reset, lock it with that password again,
    so that from now on the password opens it."""
    private_key = personal_key_unlock(user, password=password, recovery_code=recovery_code)
    rewrapped = bool(recovery_code and password and user.check_password(password))
    if rewrapped:
        personal_key_rewrap_password(user, private_key=private_key, password=password)
    personal_key_unlocked(user, private_key=private_key, current=True)
    return OpenedKey(private_key, rewrapped=rewrapped)


def personal_key_unlocked(user: User, *, private_key: nacl.public.PrivateKey, current: bool = False) -> None:
    """His key was just unlocked for a session, in a POST: each use does what waited for it (a circle's key
    shared with a new co-facilitator, say). Nothing for a key that is not his current one; `current` when the
    caller has just opened it from his stored key, which is then not read again."""
    if not current:
        stored = PersonalKey.objects.filter(user=user).values_list("public_key", flat=True).first()
        if stored is None or bytes(stored) != bytes(private_key.public_key):
            return
    for use in key_uses():
        use.unlocked(user, private_key=private_key)


def personal_key_unlock(user: User, *, password: str = "", recovery_code: str = "") -> nacl.public.PrivateKey:
    """Open the person's private key with his password or his recovery code; refuses "wrong_secret"."""
    found = PersonalKey.objects.filter(user=user).first()
    if found is None:
        raise Refusal("wrong_secret")
    if recovery_code:
        wrapped = WrappedKey(bytes(found.by_recovery), bytes(found.recovery_salt), found.recovery_parameters)
        secret, purpose = recovery_code_normalise(recovery_code), RECOVERY
    else:
        wrapped = WrappedKey(bytes(found.by_password), bytes(found.password_salt), found.password_parameters)
        secret, purpose = password, PASSWORD
    try:
        return private_key_unwrap(wrapped, secret=secret, purpose=purpose)
    except CannotOpen:
        raise Refusal("wrong_secret") from None


def personal_key_rewrap_password(user: User, *, private_key: nacl.public.PrivateKey, password: str) -> None:
    """Wrap the (unlocked) private key under a new password, e.g. after a password change or reset."""
    wrapped = private_key_wrap(private_key, secret=password, purpose=PASSWORD)
    with transaction.atomic():
        changed = PersonalKey.objects.filter(user=user, public_key=bytes(private_key.public_key)).update(
            by_password=wrapped.box, password_salt=wrapped.salt, password_parameters=wrapped.parameters
        )
        if changed != 1:  # not his current key (a new one was made meanwhile): change nothing
            raise Refusal("not_current_key")
        audit_record(action="personal_key.password_rewrapped", actor_id=user.pk, target=user)
