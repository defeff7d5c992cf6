"""A case's evidence and interview log: dated entries of what was found or said, who took it, and files.

Everything written in an entry, and every file, is locked with the case's data key, as the report is; the audit
log records that an entry was added or read, never what it says."""
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from holdspace.accounts.models import User
from holdspace.audit.services import audit_record
from holdspace.crypto.boxes import lock_text, unlock, unlock_text
from holdspace.reports.attachments import CleanFile
from holdspace.reports.models import Case, CaseAttachment, EvidenceEntry
from holdspace.reports.submission import attachment_lock
from holdspace.web.refusals import Refusal


def _audit(action: str, case: Case, actor: User, **details) -> None:
    audit_record(action=action, actor_id=actor.pk, organisation_id=case.handling_organisation_id, target=case,
                 details=details)


def evidence_add(
    case: Case, *, actor: User, data_key: bytes, kind: str, happened_on: date, text: str, taken_by: str,
    files: list[CleanFile] = (), now: datetime | None = None,
) -> EvidenceEntry:
    """Add a dated entry with its files, all locked with the data key. Refuses a closed case and a date to come."""
    now = now or timezone.now()
    if not case.is_open:
        raise Refusal("closed")
    if happened_on > timezone.localdate(now):
        raise Refusal("evidence_in_future")
    if not text.strip():
        raise Refusal("evidence_empty")
    locked = [attachment_lock(data_key, clean=clean) for clean in files]
    with transaction.atomic():
        entry = EvidenceEntry.objects.create(
            case=case, kind=EvidenceEntry.Kind(kind), happened_on=happened_on, text=lock_text(data_key, text=text),
            taken_by=lock_text(data_key, text=taken_by), added_by=actor, created_at=now,
        )
        CaseAttachment.objects.bulk_create(
            CaseAttachment(case=case, evidence=entry, added_by="handler", created_at=now, **box) for box in locked
        )
        _audit("case.evidence_added", case, actor, kind=entry.kind, files=len(locked))
    return entry


@dataclass
class Evidence:
    pk: int
    kind: str
    kind_label: str
    happened_on: date
    text: str
    taken_by: str
    added_by: str
    created_at: datetime
    files: list[dict] = field(default_factory=list)


def evidence_log(case: Case, *, data_key: bytes) -> list[Evidence]:
    """The log opened with the data key, oldest first: two queries however long it is."""
    files: dict[int, list] = {}
    for attachment in CaseAttachment.objects.filter(case=case, evidence__isnull=False).only(
        "pk", "evidence_id", "name", "size", "content_type"
    ):
        files.setdefault(attachment.evidence_id, []).append({
            "pk": attachment.pk, "name": unlock(data_key, box=bytes(attachment.name)).decode("utf-8"),
            "size": attachment.size, "content_type": attachment.content_type,
        })
    return [
        Evidence(
            pk=entry.pk, kind=entry.kind, kind_label=entry.get_kind_display(), happened_on=entry.happened_on,
            text=unlock_text(data_key, box=bytes(entry.text)),
            taken_by=unlock_text(data_key, box=bytes(entry.taken_by)),
            added_by=entry.added_by.display_name if entry.added_by else "", created_at=entry.created_at,
            files=files.get(entry.pk, []),
        )
        for entry in case.evidence_entries.select_related("added_by")
    ]


def evidence_read(case: Case, *, user: User, data_key: bytes) -> list[Evidence]:
    """The log for a handler's page; the reading is audited (without content)."""
    log = evidence_log(case, data_key=data_key)
    with transaction.atomic():
        _audit("case.evidence_read", case, user, entries=len(log))
    return log
