"""Writing to the audit log. Callers are services, inside their own transaction."""
import hashlib
import json
from datetime import datetime

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from holdspace.audit.models import GENESIS_HASH, AuditEntry, AuditHead


HASHED_FIELDS = ("seq", "at", "actor_id", "organisation_id", "action", "target_type", "target_id", "details", "prev_hash")


def entry_hash(
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
) -> str:
    """Return the SHA-256 of an entry's fields in a canonical JSON form."""
    canonical = json.dumps(
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
    )
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


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


def audit_record(
    *,
    action: str,
    actor_id: int | None,
    organisation_id: int | None = None,
    target: models.Model | None = None,
    details: dict | None = None,
) -> AuditEntry:
    """Append one entry to the chain. Never pass protected content in details."""
    details = details or {}
    target_type = target._meta.label_lower if target is not None else ""
    target_id = str(target.pk) if target is not None else ""
    # Round-trip through JSON so the stored value hashes exactly as written.
    details = json.loads(json.dumps(details, sort_keys=True))
    with transaction.atomic():
        head = _locked_head()
        fields = {
            "seq": head.seq + 1,
            "at": timezone.now(),
            "actor_id": actor_id,
            "organisation_id": organisation_id,
            "action": action,
            "target_type": target_type,
            "target_id": target_id,
            "details": details,
            "prev_hash": head.hash,
        }
        digest = entry_hash(**fields)
        entry = AuditEntry.objects.create(**fields, hash=digest)
        AuditHead.objects.filter(pk=1).update(seq=fields["seq"], hash=digest)
    return entry
