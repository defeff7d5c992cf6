"""A handler's key pair, stored wrapped twice: by password and by a recovery code."""
import secrets
from dataclasses import dataclass

import nacl.public

from holdspace.crypto.boxes import lock, unlock
from holdspace.crypto.derivation import Argon2Parameters, current_parameters, key_from_secret, new_salt

RECOVERY_WORDS = 8  # groups of 5 symbols: 8 × 25 bits = 200 bits
RECOVERY_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"  # no 0/o, 1/l/i


@dataclass(frozen=True)
class WrappedKey:
    """A private key locked by a secret a person holds, with what is needed to unlock it."""

    box: bytes
    salt: bytes
    parameters: str


def recovery_code_new() -> str:
    return "-".join(
        "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(5)) for _ in range(RECOVERY_WORDS)
    )


def recovery_code_normalise(text: str) -> str:
    """The code's symbols alone, whatever spacing, hyphens or case it was typed with."""
    return "".join(symbol for symbol in text.lower() if symbol in RECOVERY_ALPHABET)


def keypair_new() -> nacl.public.PrivateKey:
    return nacl.public.PrivateKey.generate()


def private_key_wrap(private_key: nacl.public.PrivateKey, *, secret: str, purpose: bytes) -> WrappedKey:
    parameters = current_parameters()
    salt = new_salt()
    key = key_from_secret(secret, salt=salt, parameters=parameters, purpose=purpose)
    return WrappedKey(lock(key, plaintext=bytes(private_key)), salt, parameters.as_text())


def private_key_unwrap(wrapped: WrappedKey, *, secret: str, purpose: bytes) -> nacl.public.PrivateKey:
    """Open a wrapped private key; raises CannotOpen for a wrong secret."""
    parameters = Argon2Parameters.from_text(wrapped.parameters)
    key = key_from_secret(secret, salt=wrapped.salt, parameters=parameters, purpose=purpose)
    return nacl.public.PrivateKey(unlock(key, box=wrapped.box))
