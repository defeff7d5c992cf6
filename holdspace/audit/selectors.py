"""Reading and checking the audit log."""
from dataclasses import dataclass

from holdspace.audit.models import GENESIS_HASH, AuditEntry, AuditHead
from holdspace.audit.services import HASHED_FIELDS, entry_hash


@dataclass(frozen=True)
class ChainReport:
    entries: int
    broken_at: int | None
    reason: str

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def audit_chain_verify(*, chunk_size: int = 2000) -> ChainReport:
    """Walk the chain in order and return where it first breaks, if anywhere."""
    expected_prev = GENESIS_HASH
    expected_seq = 1
    count = 0
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=chunk_size):
        if entry.seq != expected_seq:
            return ChainReport(count, expected_seq, f"entry {expected_seq} is missing")
        if entry.prev_hash != expected_prev:
            return ChainReport(count, entry.seq, "it does not point at the entry before it")
        digest = entry_hash(**{name: getattr(entry, name) for name in HASHED_FIELDS})
        if digest != entry.hash:
            return ChainReport(count, entry.seq, "its content no longer matches its hash")
        expected_prev = entry.hash
        expected_seq += 1
        count += 1
    head = AuditHead.objects.filter(pk=1).first()
    if head is None and count:
        return ChainReport(count, count + 1, "the pointer to the newest entry was removed")
    if head is not None and (head.seq != count or head.hash != expected_prev):
        return ChainReport(count, count + 1, f"the newest entries after {count} were removed")
    return ChainReport(count, None, "")


def audit_entries_for_organisation(*, organisation_id: int, limit: int = 200):
    """The organisation's record of changes. Case entries are left out: an
    administrator may be the respondent, and must not learn a case exists."""
    return (
        AuditEntry.objects.filter(organisation_id=organisation_id)
        .exclude(action__startswith="case.")
        .order_by("-seq")[:limit]
    )
