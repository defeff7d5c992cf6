"""What a reporter does when they come back with their receipt code."""
import hashlib
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from holdspace.audit.services import audit_record
from holdspace.crypto.boxes import lock_text, unlock, unlock_text
from holdspace.reports.access import policy_for
from holdspace.reports.attachments import CleanFile
from holdspace.reports.content import content_unlock
from holdspace.reports.handling import days_between
from holdspace.reports.models import Case, CaseAttachment, CaseMessage
from holdspace.reports.pathways import Pathway, Stage, stage_after_pathway_change
from holdspace.reports.stages import stage_start
from holdspace.reports.submission import attachments_add


class CaseIsClosed(Exception):
    """Nothing can be added to a closed or withdrawn case."""


def _audit(action: str, case: Case, **details) -> None:
    audit_record(action=action, actor_id=None, organisation_id=case.handling_organisation_id, target=case,
                 details=details)


def _require_open(case: Case) -> None:
    if not case.is_open:
        raise CaseIsClosed


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
            body=lock_text(data_key, body),
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


def reporter_pathway_change(case: Case, *, pathway: str, respondent_consent: bool, now=None) -> None:
    _require_open(case)
    now = now or timezone.now()
    pathway = Pathway(pathway)
    with transaction.atomic():
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
    _require_open(case)
    now = now or timezone.now()
    retention = policy_for(case.handling_organisation).retention_days
    with transaction.atomic():
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
    if case.pathway != Pathway.RESTORATIVE:
        raise CaseIsClosed
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
                "body": unlock_text(data_key, bytes(message.body)),
                "is_information": message.is_information,
                "files": [
                    {"pk": a.pk, "name": unlock(data_key, bytes(a.name)).decode("utf-8"), "size": a.size}
                    for a in attachments.get(message.pk, [])
                ],
            }
        )
    return result


def reporter_record(case: Case, *, data_key: bytes, now=None) -> tuple[str, str]:
    """The reporter's own record as plain text, and its SHA-256."""
    now = now or timezone.now()
    content = content_unlock(data_key, box=case.content)
    lines = [
        _("Holdspace: your report to %(organisation)s") % {"organisation": case.organisation.name},
        _("Downloaded on %(date)s (UTC)") % {"date": now.strftime("%Y-%m-%d %H:%M")},
        _("Received on %(date)s (UTC)") % {"date": case.received_at.strftime("%Y-%m-%d %H:%M")},
        _("Kind: %(kind)s") % {"kind": case.get_kind_display()},
        _("What you asked for: %(pathway)s") % {"pathway": case.get_pathway_display()},
        _("Status: %(status)s") % {"status": case.get_status_display()},
        "",
        _("What happened"),
        content.what,
    ]
    for label, value in (
        (_("When"), content.when),
        (_("Where"), content.where),
        (_("The person it is about"), content.respondent_name),
        (_("Others involved"), content.people),
        (_("Witnesses"), content.witnesses),
        (_("The impact on you"), content.impact),
    ):
        if value:
            lines += ["", label, value]
    lines += ["", _("Messages")]
    for message in reporter_messages(case, data_key=data_key):
        who = _("You") if message["author"] == CaseMessage.Author.REPORTER else _("Case handler")
        lines += ["", f"{message['created_at']:%Y-%m-%d %H:%M} · {who}", message["body"]]
        lines += [f"  [{file['name']}]" for file in message["files"]]
    text = "\n".join(lines) + "\n"
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    with transaction.atomic():
        _audit("case.record_downloaded", case)
    return text, digest


def stage_visible_to_reporter(case: Case) -> str:
    return Stage(case.stage).label
