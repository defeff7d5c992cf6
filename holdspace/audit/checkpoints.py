"""Checkpoints: the chain's head, signed by the server, for an organisation to keep outside it.

Whoever holds both the database and the server's key secret can rewrite the keyed chain from
start to end. A checkpoint kept elsewhere (the number of the newest entry, its keyed link and
when it was issued, signed with the server's Ed25519 key) catches that: the rewritten chain no
longer holds that entry with that link, and a chain cut short no longer reaches it.

The signing key is derived from the server's key secret, like every other server key, so there
is one secret to keep; its verify key is published on the organisation's record of changes.
"""
import base64
import json
from dataclasses import dataclass
from datetime import datetime

import nacl.exceptions
import nacl.signing

from holdspace.audit.models import GENESIS_HASH, AuditEntry
from holdspace.crypto.derivation import server_subkey

FORMAT = "holdspace-audit-checkpoint-1"
SIGNING_PURPOSE = b"hs-audit-sign"
MAX_TEXT = 4096  # a checkpoint is a few hundred characters; anything longer is not one


# Why a text is not a checkpoint this server issued, as checkpoint_read's ValueError says it.
UNREADABLE = "unreadable"
NOT_SIGNED_HERE = "signature"


@dataclass(frozen=True)
class Checkpoint:
    seq: int  # the newest entry when it was issued (0: the chain was empty)
    chain: str  # that entry's keyed link
    issued_at: datetime


def _signing_key() -> nacl.signing.SigningKey:
    return nacl.signing.SigningKey(server_subkey(SIGNING_PURPOSE))


def verify_key_text() -> str:
    """The server's verify key in hex, as it is published: anyone can check a checkpoint's signature with it."""
    return _signing_key().verify_key.encode().hex()


def _payload(checkpoint: Checkpoint) -> bytes:
    return json.dumps(
        {"format": FORMAT, "seq": checkpoint.seq, "chain": checkpoint.chain,
         "issued_at": checkpoint.issued_at.isoformat(timespec="seconds")},
        sort_keys=True, separators=(",", ":"),
    ).encode("ascii")


def checkpoint_issue(*, now: datetime) -> Checkpoint:
    """The chain's newest entry now. Reads only: issuing one writes nothing."""
    newest = AuditEntry.objects.order_by("-seq").values_list("seq", "hash").first()
    seq, chain = newest if newest is not None else (0, GENESIS_HASH)
    return Checkpoint(seq=seq, chain=chain, issued_at=now.replace(microsecond=0))


def checkpoint_text(checkpoint: Checkpoint) -> str:
    """The file an organisation keeps: its fields readable, the signature over them, the key to check it."""
    payload = _payload(checkpoint)
    signature = _signing_key().sign(payload).signature
    document = {
        **json.loads(payload),
        "signature": base64.b64encode(signature).decode("ascii"),
        "verify_key": verify_key_text(),
    }
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


def checkpoint_read(text: str) -> Checkpoint:
    """A checkpoint from its file or pasted text, once its signature is this server's.

    Raises ValueError(UNREADABLE) for text that is no checkpoint, ValueError(NOT_SIGNED_HERE) for one whose
    signature is not this server's (changed since it was issued, or issued by another server).
    """
    if len(text) > MAX_TEXT:
        raise ValueError(UNREADABLE)
    try:
        document = json.loads(text)
        checkpoint = Checkpoint(
            seq=document["seq"], chain=document["chain"], issued_at=datetime.fromisoformat(document["issued_at"])
        )
        signature = base64.b64decode(document["signature"], validate=True)
        valid = (document["format"] == FORMAT and type(checkpoint.seq) is int and checkpoint.seq >= 0
                 and isinstance(checkpoint.chain, str) and len(checkpoint.chain) == 64)
    except (ValueError, TypeError, KeyError, AttributeError):  # json's errors are ValueErrors too
        raise ValueError(UNREADABLE) from None
    if not valid:
        raise ValueError(UNREADABLE)
    try:
        _signing_key().verify_key.verify(_payload(checkpoint), signature)
    except (nacl.exceptions.BadSignatureError, nacl.exceptions.ValueError):
        raise ValueError(NOT_SIGNED_HERE) from None
    return checkpoint
