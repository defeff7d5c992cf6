"""Each organisation's signing key: Ed25519 (PyNaCl's `signing`), for records others can check.

The key is derived, not stored: its 32-byte seed is keyed BLAKE2b of the organisation's id, keyed with the
server sub-key for `hs-org-sign` (the same construction as every other server key, see
holdspace/crypto/derivation.py). Derived rather than generated and stored locked, because a stored key
would be locked with a server sub-key anyway: it would add a table, a migration and a backup to keep in step,
and protect nothing more. Like the audit checkpoints' key, it lasts as long as the server's key secret
(whose change Holdspace does not support). One key per organisation, so a record signed for one cannot be
passed off as another's. docs/security.md, "Records others can check", gives the reasons in full.
"""
import base64
import hashlib

import nacl.encoding
import nacl.hash
import nacl.signing

from holdspace.crypto.derivation import server_subkey

SIGNING_PURPOSE = b"hs-org-sign"


def organisation_signing_key(organisation_id: int) -> nacl.signing.SigningKey:
    """The organisation's private signing key, for the server's own use (never shown, never stored)."""
    seed = nacl.hash.blake2b(str(organisation_id).encode("ascii"), digest_size=32,
                             key=server_subkey(SIGNING_PURPOSE), encoder=nacl.encoding.RawEncoder)
    return nacl.signing.SigningKey(seed)


def organisation_verify_key(organisation_id: int) -> bytes:
    """The organisation's public key (32 bytes): anyone may check a signature with it."""
    return organisation_signing_key(organisation_id).verify_key.encode()


def public_key_text(public_key: bytes) -> str:
    """The public key as it is written in a record and on the accountability page."""
    return base64.b64encode(public_key).decode("ascii")


def key_fingerprint(public_key: bytes) -> str:
    """A short form a person can compare by eye: the first 16 bytes of the key's SHA-256, in groups of four."""
    digest = hashlib.sha256(public_key).hexdigest()[:32].upper()
    return " ".join(digest[i:i + 4] for i in range(0, len(digest), 4))
