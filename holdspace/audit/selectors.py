"""Reading and checking the audit log."""
from collections.abc import Iterable
from dataclasses import dataclass

from holdspace.audit.checkpoints import Checkpoint
from holdspace.audit.models import GENESIS_HASH, LINK_KEYED, LINK_SHA256, AuditEntry, AuditHead
from holdspace.audit.services import HASHED_FIELDS, entry_link


@dataclass(frozen=True)
class ChainReport:
    entries: int
    broken_at: int | None
    reason: str
    # Why, as a word pages translate: "missing", "unlinked", "altered", "unkeyed", "not_keyed",
    # "head_removed", "tail_removed", "checkpoint_beyond", "checkpoint_differs"; "" when intact.
    code: str = ""
    checkpoints: int = 0  # how many checkpoints the chain was found to still hold

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def audit_chain_verify(*, checkpoints: Iterable[Checkpoint] = (), chunk_size: int = 2000) -> ChainReport:
    """Walk the chain in order and return where it first breaks, if anywhere.

    Plain SHA-256 links are accepted only before the first keyed one, and the newest entry must be
    keyed: a chain rewritten without the server's key cannot be passed off as an older, unkeyed one.
    Each checkpoint (already read with its signature checked) must name an entry the chain still holds,
    with the same link: otherwise something at or before it was changed or removed.
    """
    wanted = {checkpoint.seq: checkpoint.chain for checkpoint in checkpoints}
    expected_prev = GENESIS_HASH
    expected_seq = 1
    count = 0
    keyed = False
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=chunk_size):
        if entry.seq != expected_seq:
            return ChainReport(count, expected_seq, f"entry {expected_seq} is missing", "missing")
        if entry.prev_hash != expected_prev:
            return ChainReport(count, entry.seq, "it does not point at the entry before it", "unlinked")
        if entry.link == LINK_SHA256 and keyed:
            return ChainReport(count, entry.seq, "its link is not keyed, after keyed entries", "unkeyed")
        digest = entry_link(entry.link, **{name: getattr(entry, name) for name in HASHED_FIELDS})
        if digest != entry.hash:
            return ChainReport(count, entry.seq, "its content no longer matches its hash", "altered")
        keyed = keyed or entry.link == LINK_KEYED
        if entry.seq in wanted and wanted[entry.seq] != entry.hash:
            return ChainReport(count, entry.seq, "it differs from the checkpoint kept of it", "checkpoint_differs")
        expected_prev = entry.hash
        expected_seq += 1
        count += 1
    if count and not keyed:
        return ChainReport(count, count, "no entry is keyed: the chain was rewritten without the server's key",
                           "not_keyed")
    beyond = [seq for seq in wanted if seq > count]
    if beyond:
        return ChainReport(count, count + 1, f"a checkpoint names entry {min(beyond)}, which the chain no longer "
                           "reaches", "checkpoint_beyond")
    if 0 in wanted and wanted[0] != GENESIS_HASH:
        return ChainReport(count, 1, "it differs from the checkpoint kept of it", "checkpoint_differs")
    head = AuditHead.objects.filter(pk=1).first()
    if head is None and count:
        return ChainReport(count, count + 1, "the pointer to the newest entry was removed", "head_removed")
    if head is not None and (head.seq != count or head.hash != expected_prev):
        return ChainReport(count, count + 1, f"the newest entries after {count} were removed", "tail_removed")
    return ChainReport(count, None, "", checkpoints=len(wanted))


def audit_entries_for_organisation(*, organisation_id: int, limit: int = 200):
    """The organisation's record of changes. Case entries, safety concerns' and complaints about a network's members
    are left out: an administrator may be the man a case or a concern is about, or run the member a complaint is
    about, and must not learn from it that it exists or who raised it."""
    return (
        AuditEntry.objects.filter(organisation_id=organisation_id)
        .exclude(action__startswith="case.")
        .exclude(action__startswith="circle.safety_")
        .exclude(action__startswith="concerns.complaint_")
        .order_by("-seq")[:limit]
    )
