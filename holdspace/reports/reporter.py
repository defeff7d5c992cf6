"""What a reporter does when they come back with their receipt code."""
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from holdspace.audit.services import audit_record
from holdspace.crypto.boxes import lock_text, unlock, unlock_text
from holdspace.reports.access import case_policy
from holdspace.reports.attachments import CleanFile
from holdspace.reports.content import ReportContent, content_lock, content_unlock
from holdspace.reports.handling import days_between
from holdspace.reports.models import Case, CaseAttachment, CaseMessage
from holdspace.reports.moves import case_change
from holdspace.reports.needs import needs_clean
from holdspace.reports.pathways import Pathway, stage_after_pathway_change
from holdspace.reports.stages import stage_start
from holdspace.reports.status import stage_words
from holdspace.reports.submission import attachments_add
from holdspace.web.refusals import Refusal


def _audit(action: str, case: Case, **details) -> None:
    audit_record(action=action, actor_id=None, organisation_id=case.handling_organisation_id, target=case,
                 details=details)


def _require_open(case: Case) -> None:
    if not case.is_open:
        raise Refusal("case_closed")


def reporter_write(case: Case, *, data_key: bytes, body: str, files: list[CleanFile] = (), information=False,
                   appeal=False, now: datetime | None = None) -> CaseMessage:
    """A reply to the handlers, or new information, with any files. A closed case
    still takes messages: the handlers see them, and retention waits for them."""
    now = now or timezone.now()
    with transaction.atomic():
        message = CaseMessage.objects.create(
            case=case,
            channel=CaseMessage.Channel.REPORTER,
            author=CaseMessage.Author.REPORTER,
            body=lock_text(data_key, text=body),
            is_information=information,
            created_at=now,
        )
        attachments_add(case, data_key=data_key, files=list(files), added_by="reporter", message=message, now=now)
        Case.objects.filter(pk=case.pk).update(
            reporter_activity_at=now, unread_for_handlers=case.unread_for_handlers + 1
        )
        _audit("case.reporter_appealed" if appeal else "case.reporter_wrote", case, information=information,
               files=len(files))
    return message


def reporter_seen(case: Case) -> None:
    if case.unread_for_reporter:
        Case.objects.filter(pk=case.pk).update(unread_for_reporter=0)


def reporter_pathway_change(
    case: Case, *, pathway: str, respondent_consent: bool, now=None, version: int | None = None
) -> None:
    """Her choice and her agreement that he may be told, made on the page she saw (`version`): a page
    from before the handlers moved the case on could undo her consent or restart a stage unseen."""
    _require_open(case)
    now = now or timezone.now()
    pathway = Pathway(pathway)
    with case_change(case, version=version):
        previous = case.pathway
        case.pathway, case.respondent_consent = pathway, respondent_consent
        Case.objects.filter(pk=case.pk).update(
            pathway=pathway, respondent_consent=respondent_consent, reporter_activity_at=now,
            unread_for_handlers=case.unread_for_handlers + 1,
        )
        if previous != pathway:
            stage = stage_after_pathway_change(pathway, current=case.stage)
            if stage != case.stage:
                stage_start(case, stage=stage, now=now)
        _audit("case.pathway_changed", case, previous=previous, pathway=pathway)


def _close_by_reporter(case: Case, outcome: str, action: str, now) -> None:
    if not case.is_open:
        raise Refusal("already_closed")
    now = now or timezone.now()
    retention = case_policy(case)["retention_days"]
    # She may withdraw or stop whatever the handlers did since her page was shown, so no page
    # version is asked; the change still claims the case, which makes the handlers' open pages stale.
    with case_change(case, version=None):
        case.stages.filter(completed_at__isnull=True).update(completed_at=now)
        Case.objects.filter(pk=case.pk).update(
            status=Case.Status.WITHDRAWN if outcome == Case.Outcome.WITHDRAWN else Case.Status.CLOSED,
            outcome=outcome,
            closed_at=now,
            days_to_close=days_between(case.received_at, end=now),
            stage_due_at=None,
            reporter_activity_at=now,
            purge_after=now + timedelta(days=retention),
        )
        _audit(action, case)
    case.refresh_from_db()


def reporter_withdraw(case: Case, *, now=None) -> None:
    _close_by_reporter(case, Case.Outcome.WITHDRAWN, "case.withdrawn", now)


def reporter_restorative_stop(case: Case, *, now=None) -> None:
    """The person harmed can stop a restorative process at any point, without giving a reason."""
    if not case.is_open or case.pathway != Pathway.RESTORATIVE:
        raise Refusal("no_restorative_process")
    _close_by_reporter(case, Case.Outcome.RESTORATIVE_STOPPED, "case.restorative_stopped", now)


def reporter_delete(case: Case) -> None:
    """The reporter deletes their report and everything on it, at once."""
    with transaction.atomic():
        _audit("case.deleted_by_reporter", case, reference=case.reference)
        case.delete()


def reporter_messages(case: Case, *, data_key: bytes) -> list[dict]:
    """Messages the reporter may see: their own and the handlers' replies to them."""
    result = []
    attachments = {}
    for attachment in CaseAttachment.objects.filter(case=case, message__channel=CaseMessage.Channel.REPORTER):
        attachments.setdefault(attachment.message_id, []).append(attachment)
    for message in case.messages.filter(channel=CaseMessage.Channel.REPORTER):
        result.append(
            {
                "author": message.author,
                "created_at": message.created_at,
                "body": unlock_text(data_key, box=bytes(message.body)),
                "is_information": message.is_information,
                "files": [
                    {"pk": a.pk, "name": unlock(data_key, box=bytes(a.name)).decode("utf-8"), "size": a.size}
                    for a in attachments.get(message.pk, [])
                ],
            }
        )
    return result


@dataclass(frozen=True)
class ReporterRecord:
    """What the reporter's own record holds: her report as she wrote it and the messages since."""

    content: ReportContent
    messages: list[dict]


def reporter_record(case: Case, *, data_key: bytes) -> ReporterRecord:
    """The reporter's own record, opened for her download (the download is audited, never its content)."""
    record = ReporterRecord(content=content_unlock(data_key, box=case.content),
                            messages=reporter_messages(case, data_key=data_key))
    with transaction.atomic():
        _audit("case.record_downloaded", case)
    return record


def reporter_needs_change(case: Case, *, data_key: bytes, needs: list[str], now: datetime | None = None) -> None:
    """What she needs now, changed from her page: sealed inside her report, the handlers told by their unread
    count, the audit saying only that it changed."""
    _require_open(case)
    now = now or timezone.now()
    content = content_unlock(data_key, box=case.content)
    content.needs = needs_clean(needs)
    box = content_lock(data_key, content=content)
    with transaction.atomic():
        Case.objects.filter(pk=case.pk).update(content=box, reporter_activity_at=now,
                                               unread_for_handlers=F("unread_for_handlers") + 1)
        _audit("case.needs_changed", case)
    case.content = box


def reporter_content(case: Case, *, data_key: bytes) -> ReportContent:
    """Her report as she wrote it, for her page."""
    return content_unlock(data_key, box=case.content)


def reporter_files(case: Case, *, data_key: bytes) -> list[dict]:
    """The files she sent with the report itself (those sent with a message are shown with it)."""
    return [
        {"pk": a.pk, "name": unlock(data_key, box=bytes(a.name)).decode("utf-8"), "size": a.size}
        for a in CaseAttachment.objects.filter(case=case, message__isnull=True, added_by="reporter").order_by("pk")
    ]


def stage_visible_to_reporter(case: Case) -> str:
    """Where the report stands, in her words (reports.status)."""
    return stage_words(case)
