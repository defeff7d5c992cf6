"""The respondent's side of due process, in a formal investigation.

He is told only with the reporter's consent or where policy requires it. He
reads what he is told and answers through a conversation locked with its own
key: handlers reach that key through the case's data key, he through his own
key pair. He never holds the data key, so he never reads the report itself.
"""
import nacl.public
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from holdspace.accounts.models import User
from holdspace.audit.services import audit_record
from holdspace.crypto.boxes import CannotOpen, lock, lock_text, new_data_key, open_sealed, seal_to, unlock, unlock_text
from holdspace.keys.selectors import public_key_of
from holdspace.reports.access import respondent_of
from holdspace.reports.models import Case, CaseMessage
from holdspace.reports.people import person_tag
from holdspace.reports.pathways import Stage
from holdspace.web.refusals import Refusal


def channel_key_new(case: Case, *, data_key: bytes) -> bytes:
    key = new_data_key()
    case.respondent_channel = lock(data_key, plaintext=key)
    return key


def channel_key_for_handler(case: Case, *, data_key: bytes) -> bytes | None:
    if not case.respondent_channel:
        return None
    return unlock(data_key, box=bytes(case.respondent_channel))


def channel_share(case: Case, *, channel_key: bytes) -> bool:
    """Seal the conversation key to the respondent once he has a key pair; say whether it is shared."""
    if case.respondent_sealed:
        return True
    respondent = respondent_of(case)
    public_key = public_key_of(respondent) if respondent else None
    if public_key is None:
        return False
    case.respondent_sealed = seal_to(public_key, secret=channel_key)
    Case.objects.filter(pk=case.pk).update(respondent_sealed=case.respondent_sealed)
    return True


def cases_about(user: User) -> QuerySet[Case]:
    """Cases in which this person was told he is the respondent."""
    return Case.objects.filter(respondent_tag=person_tag(user), respondent_notified_at__isnull=False).select_related(
        "organisation")


def channel_key_for_respondent(case: Case, *, private_key: nacl.public.PrivateKey) -> bytes | None:
    if not case.respondent_sealed:
        return None
    try:
        return open_sealed(private_key, sealed=bytes(case.respondent_sealed))
    except CannotOpen:
        return None


def respondent_messages(case: Case, *, channel_key: bytes) -> list[dict]:
    return [
        {
            "author": message.author,
            "created_at": message.created_at,
            "body": unlock_text(channel_key, box=bytes(message.body)),
        }
        for message in case.messages.filter(channel=CaseMessage.Channel.RESPONDENT)
    ]


def respondent_write(case: Case, *, user: User, channel_key: bytes, body: str, appeal: bool = False) -> None:
    if not case.is_open:
        raise Refusal("closed")
    if appeal and not may_appeal(case):
        raise Refusal("appeal_closed")
    now = timezone.now()
    with transaction.atomic():
        CaseMessage.objects.create(
            case=case,
            channel=CaseMessage.Channel.RESPONDENT,
            author=CaseMessage.Author.RESPONDENT,
            # Who wrote is the case's respondent: his account is not stored beside it, nor in the audit entry,
            # so neither says who the case is about.
            author_user=None,
            body=lock_text(channel_key, text=body),
            created_at=now,
        )
        Case.objects.filter(pk=case.pk).update(unread_for_handlers=case.unread_for_handlers + 1)
        audit_record(
            action="case.respondent_appealed" if appeal else "case.respondent_wrote",
            actor_id=None,
            organisation_id=case.handling_organisation_id,
            target=case,
        )


def may_appeal(case: Case) -> bool:
    return case.is_open and case.stage == Stage.APPEAL_WINDOW and case.stage_due_at is not None
