"""Writing to the audit log. Callers are services, inside their own transaction."""
import hashlib
import json
from datetime import datetime

import nacl.encoding
import nacl.hash
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from holdspace.audit.models import GENESIS_HASH, LINK_KEYED, LINK_SHA256, AuditEntry, AuditHead
from holdspace.crypto.derivation import server_subkey


HASHED_FIELDS = ("seq", "at", "actor_id", "organisation_id", "action", "target_type", "target_id", "details", "prev_hash")
CHAIN_PURPOSE = b"hs-audit-chain"


def _canonical(
    *,
    seq: int,
    at: datetime,
    actor_id: int | None,
    organisation_id: int | None,
    action: str,
    target_type: str,
    target_id: str,
    details: dict,
    prev_hash: str,
) -> bytes:
    """An entry's fields in one canonical JSON form, as both kinds of link read them."""
    return json.dumps(
        {
            "seq": seq,
            "at": at.isoformat(timespec="microseconds"),
            "actor": actor_id,
            "organisation": organisation_id,
            "action": action,
            "target_type": target_type,
            "target_id": target_id,
            "details": details,
            "prev": prev_hash,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=True,
    ).encode("ascii")


def entry_hash(**fields) -> str:
    """The plain SHA-256 link entries had before the chain was keyed (LINK_SHA256): read, never written."""
    return hashlib.sha256(_canonical(**fields)).hexdigest()


def entry_mac(**fields) -> str:
    """The keyed link (LINK_KEYED): BLAKE2b keyed with the server's audit-chain sub-key.

    The sub-key comes from HOLDSPACE_KEY_SECRET, which lives outside the database, so whoever edits
    the database cannot compute the link of an entry he changed.
    """
    return nacl.hash.blake2b(
        _canonical(**fields), digest_size=32, key=server_subkey(CHAIN_PURPOSE), person=b"hs-audit-link-2",
        encoder=nacl.encoding.HexEncoder,
    ).decode("ascii")


def entry_link(link: int, **fields) -> str | None:
    """An entry's link by its kind, or None for a kind this version does not know."""
    if link == LINK_KEYED:
        return entry_mac(**fields)
    if link == LINK_SHA256:
        return entry_hash(**fields)
    return None


def _locked_head() -> AuditHead:
    head = AuditHead.objects.select_for_update().filter(pk=1).first()
    if head is not None:
        return head
    try:
        with transaction.atomic():
            AuditHead.objects.create(pk=1, seq=0, hash=GENESIS_HASH)
    except IntegrityError:
        pass  # another writer created it first
    return AuditHead.objects.select_for_update().get(pk=1)


def audit_references_first() -> None:
    """At the start of a transaction that writes rows pointing to others, then audits: each reference is checked
    as its row is written rather than at commit (Django makes PostgreSQL's foreign keys deferred).

    A change that locks a row (an organisation, a person) audits while it holds it; a writer that points to that
    row holds the audit chain from its entry until it commits. Checked at commit, the writer's reference would wait
    for the row while the change waited for the chain, until PostgreSQL ended one of them. Checked at once, the
    writer waits for the row before it takes the chain."""
    connection = transaction.get_connection()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def audit_record(
    *,
    action: str,
    actor_id: int | None,
    organisation_id: int | None = None,
    target: models.Model | None = None,
    details: dict | None = None,
    at: datetime | None = None,
) -> AuditEntry:
    """Append one entry to the chain. Never pass protected content in details. `at` gives a time coarser than now
    where an exact one would say too much (a report's arrival, to the hour)."""
    details = details or {}
    target_type = target._meta.label_lower if target is not None else ""
    target_id = str(target.pk) if target is not None else ""
    # Round-trip through JSON so the stored value hashes exactly as written.
    details = json.loads(json.dumps(details, sort_keys=True))
    # No savepoint inside the caller's transaction (two queries less on every audited action): an entry that
    # fails is not retried, it undoes the caller's whole transaction, as it should.
    with transaction.atomic(savepoint=False):
        head = _locked_head()
        fields = {
            "seq": head.seq + 1,
            "at": at or timezone.now(),
            "actor_id": actor_id,
            "organisation_id": organisation_id,
            "action": action,
            "target_type": target_type,
            "target_id": target_id,
            "details": details,
            "prev_hash": head.hash,
        }
        digest = entry_mac(**fields)
        entry = AuditEntry.objects.create(**fields, hash=digest, link=LINK_KEYED)
        AuditHead.objects.filter(pk=1).update(seq=fields["seq"], hash=digest)
    return entry
