"""The case record for a board or a lawyer: the facts, the report, the stages with their dates, the messages with
the reporter and the respondent, the evidence and interview log, the outcome and its measures.

It is made for one handler at a time, from what the case's data key opens, and each making is audited (who,
which case, which format; never what it says). Who reported is in it only where it was released to that handler.
The PDF is drawn in memory (holdspace/reports/views/record_pdf.py): nothing is written to disk."""
from dataclasses import dataclass, field
from datetime import datetime

import nacl.public
from django.db import transaction
from django.utils import timezone

from holdspace.accounts.models import User
from holdspace.audit.services import audit_record
from holdspace.crypto.boxes import unlock_text
from holdspace.reports import handling, selectors
from holdspace.reports.content import ReportContent, ReporterIdentity, content_unlock
from holdspace.reports.evidence import Evidence, evidence_log
from holdspace.reports.measures import Outcome, findings_made, measures_of, outcome_of
from holdspace.reports.models import Case, CaseMessage

FORMATS = ("html", "pdf")


@dataclass
class CaseRecord:
    case: Case
    made_at: datetime
    made_by: str
    content: ReportContent
    interim_measures: str
    identity: ReporterIdentity | None
    stages: list[dict]
    threads: list
    report_files: list[dict]
    evidence: list[Evidence]
    outcome: Outcome | None
    measures: list[dict] = field(default_factory=list)


def record_channels(case: Case) -> list[tuple[str, str]]:
    """The conversations a record carries: with the reporter, and with the respondent once he was told. The
    handlers' own notes stay out of it."""
    channels = [CaseMessage.Channel.REPORTER]
    if case.respondent_notified_at is not None:
        channels.append(CaseMessage.Channel.RESPONDENT)
    return [(channel, channel.label) for channel in channels]


def case_record(
    case: Case, *, user: User, data_key: bytes, private_key: nacl.public.PrivateKey | None, format: str,
    now: datetime | None = None,
) -> CaseRecord:
    """Open everything the record holds, and audit that this handler made it in this format."""
    if format not in FORMATS:
        raise ValueError(format)
    now = now or timezone.now()
    content = content_unlock(data_key, box=case.content)
    interim = unlock_text(data_key, box=bytes(case.interim_measures)) if case.interim_measures else ""
    identity = handling.identity_read(case, user=user, private_key=private_key) if private_key is not None else None
    record = CaseRecord(
        case=case, made_at=now, made_by=user.display_name or user.email, content=content,
        interim_measures=interim, identity=identity,
        stages=selectors.case_stages(case, data_key=data_key),
        threads=selectors.case_threads(case, data_key=data_key, channels=record_channels(case)),
        report_files=selectors.report_files(case, data_key=data_key),
        evidence=evidence_log(case, data_key=data_key), outcome=outcome_of(case, data_key=data_key),
        measures=measures_of(case, data_key=data_key, today=timezone.localdate(now)),
    )
    with transaction.atomic():
        audit_record(action="case.record_made", actor_id=user.pk, organisation_id=case.handling_organisation_id,
                     target=case, details={"format": format})
    return record


def casework_summary(case: Case, *, data_key: bytes) -> dict:
    """What the case page shows of the evidence log, the outcome and its measures (three queries)."""
    return {
        "evidence_count": case.evidence_entries.count(),
        "findings_made": findings_made(case),
        "outcome": outcome_of(case, data_key=data_key),
        "measures": measures_of(case, data_key=data_key),
    }
