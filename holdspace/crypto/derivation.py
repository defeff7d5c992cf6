"""Key derivation: Argon2id for people's secrets, keyed BLAKE2b for server sub-keys."""
from dataclasses import dataclass

import nacl.encoding
import nacl.hash
import nacl.utils
from argon2.low_level import Type, hash_secret_raw
from django.conf import settings

KEY_BYTES = 32
SALT_BYTES = 16


@dataclass(frozen=True)
class Argon2Parameters:
    time_cost: int
    memory_kib: int
    parallelism: int

    def as_text(self) -> str:
        """Stored beside each wrapped key, so parameters can be raised later without locking anyone out."""
        return f"argon2id$t={self.time_cost}$m={self.memory_kib}$p={self.parallelism}"

    @classmethod
    def from_text(cls, text: str) -> "Argon2Parameters":
        name, time_part, memory_part, parallel_part = text.split("$")
        if name != "argon2id":
            raise ValueError(f"Unknown key derivation {name!r}")
        return cls(int(time_part[2:]), int(memory_part[2:]), int(parallel_part[2:]))


def current_parameters() -> Argon2Parameters:
    return Argon2Parameters(
        settings.HOLDSPACE_ARGON2_TIME_COST, settings.HOLDSPACE_ARGON2_MEMORY_KIB, settings.HOLDSPACE_ARGON2_PARALLELISM
    )


def new_salt() -> bytes:
    return nacl.utils.random(SALT_BYTES)


_subkeys: dict[tuple[str, bytes], bytes] = {}


def server_subkey(purpose: bytes) -> bytes:
    """A 32-byte key for one purpose, derived from the server's key secret.

    BLAKE2b keyed with the secret, personalised by purpose: the lookup key and
    the wrapping key are independent, and neither reveals the secret. Kept per
    process (a tag is computed for every person a page checks).
    """
    known = _subkeys.get((settings.HOLDSPACE_KEY_SECRET, purpose))
    if known is not None:
        return known
    master = nacl.hash.blake2b(
        settings.HOLDSPACE_KEY_SECRET.encode("utf-8"), digest_size=64, encoder=nacl.encoding.RawEncoder
    )
    derived = nacl.hash.blake2b(
        b"holdspace", digest_size=KEY_BYTES, key=master, person=purpose[:16], encoder=nacl.encoding.RawEncoder
    )
    _subkeys[(settings.HOLDSPACE_KEY_SECRET, purpose)] = derived
    return derived


def lookup_hash(secret: str, *, purpose: bytes) -> str:
    """Where a row is found by a secret someone holds: a keyed hash of it, never the secret itself.

    Keyed with a server sub-key for `purpose`, so a database copy alone cannot test guesses, and the
    same secret hashes differently for different purposes.
    """
    return nacl.hash.blake2b(
        secret.encode("utf-8"), digest_size=32, key=server_subkey(purpose), encoder=nacl.encoding.HexEncoder
    ).decode("ascii")


def key_from_secret(secret: str, *, salt: bytes, parameters: Argon2Parameters, purpose: bytes) -> bytes:
    """Stretch a secret a person holds into a key, then bind it to the server's wrapping sub-key.

    Argon2id makes each guess cost memory and time; the server sub-key means a
    copy of the database alone is not enough to test guesses offline.
    """
    stretched = hash_secret_raw(
        secret.encode("utf-8"),
        salt,
        time_cost=parameters.time_cost,
        memory_cost=parameters.memory_kib,
        parallelism=parameters.parallelism,
        hash_len=KEY_BYTES,
        type=Type.ID,
    )
    return nacl.hash.blake2b(
        stretched,
        digest_size=KEY_BYTES,
        key=server_subkey(b"hs-wrap-" + purpose),
        encoder=nacl.encoding.RawEncoder,
    )


def key_from_token(token: str, *, purpose: bytes) -> bytes:
    """A 32-byte key from a long random secret a link carries (not a password: it needs no stretching).

    Keyed BLAKE2b with a server sub-key for `purpose`: the key differs from the token's lookup hash,
    and neither the database nor the token's hash alone gives it.
    """
    return nacl.hash.blake2b(
        token.encode("utf-8"), digest_size=KEY_BYTES, key=server_subkey(purpose), encoder=nacl.encoding.RawEncoder
    )
