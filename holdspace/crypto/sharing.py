"""A key pair whose private half nobody holds alone: its seed split into shares, any `threshold` of which
rebuild it (Shamir's secret sharing, from PyCryptodome; the key pair from PyNaCl).

The seed is 16 bytes, the size PyCryptodome's sharing takes; the private key is the seed stretched to
32 bytes by BLAKE2b, personalised for this use. 128 bits of seed match the strength of X25519 itself.
A share is its index and 16 bytes; alone, or with fewer than `threshold` others, it says nothing of the
seed.
"""
from dataclasses import dataclass

import nacl.encoding
import nacl.hash
import nacl.public
import nacl.utils
from Crypto.Protocol.SecretSharing import Shamir

from holdspace.crypto.boxes import CannotOpen

SEED_BYTES = 16
SHARE_BYTES = 2 + SEED_BYTES  # a two-byte index, then the share


@dataclass(frozen=True)
class SharedKey:
    seed: bytes
    private_key: nacl.public.PrivateKey

    @property
    def public_key(self) -> bytes:
        return bytes(self.private_key.public_key)


def shared_key_new() -> SharedKey:
    return shared_key_from_seed(nacl.utils.random(SEED_BYTES))


def shared_key_from_seed(seed: bytes) -> SharedKey:
    expanded = nacl.hash.blake2b(seed, digest_size=32, person=b"holdspace-ring", encoder=nacl.encoding.RawEncoder)
    return SharedKey(seed, nacl.public.PrivateKey(expanded))


def seed_split(seed: bytes, *, threshold: int, count: int) -> list[bytes]:
    """`count` shares of the seed, any `threshold` of which rebuild it."""
    if not 2 <= threshold <= count or count > 0xFFFF:
        raise ValueError("a seed is split among at least two, and at most 65,535 people")
    return [index.to_bytes(2, "big") + share for index, share in Shamir.split(threshold, count, seed)]


def seed_combine(shares: list[bytes]) -> bytes:
    """The seed from shares (at least the threshold's number, all of one split). Raises CannotOpen for shares that
    are malformed or repeat an index; shares of different splits give a wrong seed, which the caller detects by
    comparing the public key."""
    parts = {}
    for share in shares:
        if len(share) != SHARE_BYTES:
            raise CannotOpen
        parts[int.from_bytes(share[:2], "big")] = share[2:]
    if len(parts) < 2 or len(parts) != len(shares):
        raise CannotOpen
    return Shamir.combine(sorted(parts.items()))
