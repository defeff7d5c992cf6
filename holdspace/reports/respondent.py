"""The respondent's side of due process, in a formal investigation.

He is told only with the reporter's consent or where policy requires it. He
reads what he is told and answers through a conversation locked with its own
key: handlers reach that key through the case's data key, he through his own
key pair. He never holds the data key, so he never reads the report itself.

Told before he had a key of his own, he would have waited for a handler to come
back and seal the conversation to his new key: the server cannot do it alone, as
the conversation key opens only with a handler's key. So the handler who tells him
also locks the conversation key with a one-time notice code (200 bits, stretched
with Argon2 and bound to the server's key secret, as a receipt is), which only the
email to him carries; the server keeps the lock, never the code. Once he has made
his key he types the code on his page, the conversation is sealed to his key at
once and the lock is dropped. A copy of the database alone opens nothing; someone
holding the database, the key secret and his mailbox could read the conversation
until he uses the code (docs/security.md, "The respondent's notice").
"""
import nacl.public
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from holdspace.accounts.models import User
from holdspace.audit.services import audit_record
from holdspace.crypto.boxes import CannotOpen, lock, lock_text, new_data_key, open_sealed, seal_to, unlock, unlock_text
from holdspace.crypto.derivation import Argon2Parameters, current_parameters, key_from_secret, new_salt
from holdspace.crypto.keyrings import recovery_code_new, recovery_code_normalise
from holdspace.keys.selectors import public_key_of
from holdspace.reports.access import respondent_of
from holdspace.reports.models import Case, CaseMessage
from holdspace.reports.people import person_tag
from holdspace.reports.pathways import Stage
from holdspace.web.refusals import Refusal
from holdspace.web.prepared import Prepared, exists_of
from holdspace.web.scalars import Scalar


def channel_key_new(case: Case, *, data_key: bytes) -> bytes:
    key = new_data_key()
    case.respondent_channel = lock(data_key, plaintext=key)
    return key


def channel_key_for_handler(case: Case, *, data_key: bytes) -> bytes | None:
    if not case.respondent_channel:
        return None
    return unlock(data_key, box=bytes(case.respondent_channel))


# Bound into the stretching, so a notice code never opens as a receipt or a key's recovery code.
NOTICE_CODE = b"respondent notice"


def channel_share(case: Case, *, channel_key: bytes) -> bool:
    """Seal the conversation key to the respondent once he has a key pair; say whether it is shared.
    Once it is, the notice code's lock is dropped: his key is the only way in for him from then on."""
    if case.respondent_sealed:
        return True
    respondent = respondent_of(case)
    public_key = public_key_of(respondent) if respondent else None
    if public_key is None:
        return False
    case.respondent_sealed = seal_to(public_key, secret=channel_key)
    case.respondent_code_box = case.respondent_code_salt = None
    case.respondent_code_parameters = ""
    Case.objects.filter(pk=case.pk).update(respondent_sealed=case.respondent_sealed, respondent_code_box=None,
                                           respondent_code_salt=None, respondent_code_parameters="")
    return True


def channel_code_new(case: Case, *, channel_key: bytes) -> str:
    """Lock the conversation key with a new one-time notice code; return the code, which is never stored."""
    code = recovery_code_new()
    salt, parameters = new_salt(), current_parameters()
    wrapping_key = key_from_secret(recovery_code_normalise(code), salt=salt, parameters=parameters,
                                   purpose=NOTICE_CODE)
    case.respondent_code_box = lock(wrapping_key, plaintext=channel_key)
    case.respondent_code_salt, case.respondent_code_parameters = salt, parameters.as_text()
    Case.objects.filter(pk=case.pk).update(respondent_code_box=case.respondent_code_box,
                                           respondent_code_salt=salt, respondent_code_parameters=parameters.as_text())
    return code


def channel_code_waits(case: Case) -> bool:
    """He was told before he had a key, and the notice code has not been used yet."""
    return bool(case.respondent_code_box) and not case.respondent_sealed


def channel_code_use(case: Case, *, user: User, code: str) -> None:
    """He made his key since he was told: his notice code opens the conversation to it, at once.

    Refuses "key_first" without a key of his own, "notice_code_used" once the conversation is his already (or
    the code's lock was dropped), "notice_code_does_not_open" for a code that does not fit.
    """
    if respondent_of(case) != user:
        raise Refusal("notice_code_does_not_open")
    if public_key_of(user) is None:
        raise Refusal("key_first")
    if not channel_code_waits(case):
        raise Refusal("notice_code_used")
    symbols = recovery_code_normalise(code)
    try:
        wrapping_key = key_from_secret(symbols, salt=bytes(case.respondent_code_salt),
                                       parameters=Argon2Parameters.from_text(case.respondent_code_parameters),
                                       purpose=NOTICE_CODE)
        channel_key = unlock(wrapping_key, box=bytes(case.respondent_code_box))
    except CannotOpen:
        raise Refusal("notice_code_does_not_open") from None
    with transaction.atomic():
        channel_share(case, channel_key=channel_key)
        # As with his messages, the entry does not name him: the case's respondent opened it.
        audit_record(action="case.respondent_channel_opened", actor_id=None,
                     organisation_id=case.handling_organisation_id, target=case, details={"by": "notice_code"})


def cases_about(user: User) -> QuerySet[Case]:
    """Cases in which this person was told he is the respondent."""
    return Case.objects.filter(respondent_tag=person_tag(user), respondent_notified_at__isnull=False).select_related(
        "organisation")


_TOLD = Prepared(lambda tag: exists_of(Case.objects.filter(respondent_tag=tag, respondent_notified_at__isnull=False)),
                 tag=str)


def respondent_cases_asked(*, user: User) -> Scalar:
    """cases_about(user).exists(), to be asked with the home's other counts (web.scalars), read by the index of
    cases whose respondent was told (case_respondent_told): 1 or None."""
    return Scalar(_TOLD, tag=person_tag(user))


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
