"""Key derivation: Argon2id for people's secrets, keyed BLAKE2b for server sub-keys."""
import threading
from dataclasses import dataclass

import nacl.encoding
import nacl.hash
import nacl.utils
from argon2.low_level import ARGON2_VERSION, HashingError, Type, core, error_to_str, ffi, hash_secret_raw, lib
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


class _Memory(threading.local):
    block = None  # this thread's Argon2id memory, kept from one derivation to the next


_memory = _Memory()


def _memory_lend(memory, size: int) -> int:
    """libargon2 asks for its memory: this thread's block, made (and paged in) only when it has none of this size."""
    if _memory.block is None or len(_memory.block) != size:
        _memory.block = None  # the old block goes before the new one is made
        _memory.block = ffi.new("uint8_t[]", size)
    memory[0] = _memory.block
    return lib.ARGON2_OK


def _memory_return(memory, size: int) -> None:
    """libargon2 has wiped the block before handing it back: it stays for the next derivation.

    (tests/test_crypto.py::test_argon2id_keeps_its_memory_wiped_between_derivations)"""


def _memory_wipe() -> None:
    if _memory.block is not None:
        ffi.buffer(_memory.block)[:] = bytes(len(_memory.block))


try:
    _LEND = ffi.callback("allocate_fptr", _memory_lend, error=lib.ARGON2_MEMORY_ALLOCATION_ERROR)
    _RETURN = ffi.callback("deallocate_fptr", _memory_return)
except MemoryError:  # a system that refuses memory both writable and executable: each derivation pages in its own
    _LEND = _RETURN = None


def argon2id(secret: bytes, *, salt: bytes, parameters: Argon2Parameters) -> bytes:
    """Argon2id (RFC 9106, version 0x13), the very function argon2-cffi's `hash_secret_raw` computes.

    Only its memory differs: left to libargon2, every derivation maps its 64 MiB afresh and the kernel
    pages in and zeroes each 4 KiB page of it, about a fifth of a derivation's CPU time (bench/submit_profile.py).
    Here each thread keeps one block for the next derivation. Nothing of a secret stays in it between two:
    libargon2 wipes it before handing it back, as it does before freeing its own. The cost of a guess is
    unchanged (same parameters, same output); what it costs is the block held by each worker, the memory
    a derivation takes anyway.
    """
    if _LEND is None:
        return hash_secret_raw(secret, salt, time_cost=parameters.time_cost, memory_cost=parameters.memory_kib,
                               parallelism=parameters.parallelism, hash_len=KEY_BYTES, type=Type.ID)
    out = ffi.new("uint8_t[]", KEY_BYTES)
    password, salted = ffi.new("uint8_t[]", secret), ffi.new("uint8_t[]", salt)
    context = ffi.new("argon2_context *", {
        "out": out, "outlen": KEY_BYTES, "pwd": password, "pwdlen": len(secret), "salt": salted, "saltlen": len(salt),
        "secret": ffi.NULL, "secretlen": 0, "ad": ffi.NULL, "adlen": 0,
        "t_cost": parameters.time_cost, "m_cost": parameters.memory_kib,
        "lanes": parameters.parallelism, "threads": parameters.parallelism,
        "version": ARGON2_VERSION, "allocate_cbk": _LEND, "free_cbk": _RETURN, "flags": lib.ARGON2_DEFAULT_FLAGS,
    })
    result = core(context, Type.ID.value)
    if result != lib.ARGON2_OK:
        _memory_wipe()  # libargon2 stops half way (a thread it could not start) without wiping its memory
        raise HashingError(error_to_str(result))
    return bytes(ffi.buffer(out, KEY_BYTES))


def key_from_secret(secret: str, *, salt: bytes, parameters: Argon2Parameters, purpose: bytes) -> bytes:
    """Stretch a secret a person holds into a key, then bind it to the server's wrapping sub-key.

    Argon2id makes each guess cost memory and time; the server sub-key means a
    copy of the database alone is not enough to test guesses offline.
    """
    stretched = argon2id(secret.encode("utf-8"), salt=salt, parameters=parameters)
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
