"""Receiving a report, and opening it again with its receipt code."""
import secrets
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from holdspace.audit.services import audit_record, audit_references_first
from holdspace.crypto.boxes import CannotOpen, lock, new_data_key, seal_to, unlock
from holdspace.crypto.derivation import Argon2Parameters, current_parameters, key_from_secret, new_salt
from holdspace.crypto.receipts import ALPHABET, receipt_lookup_hash, receipt_new, receipt_normalise
from holdspace.accounts.models import User
from holdspace.keys.selectors import public_key_of
from holdspace.organisations.models import Organisation
from holdspace.reports.access import leaders_of, policy_kept, receivers_for
from holdspace.reports.attachments import CleanFile
from holdspace.reports.content import ReportContent, ReporterIdentity, content_lock, identity_lock
from holdspace.reports.kept import kept_seal
from holdspace.reports.models import (
    Case, CaseAttachment, CaseExclusion, CaseKey, CaseStage, IdentitySeal, KeptReport, RecoveryRing,
)
from holdspace.reports.news import news_address_lock
from holdspace.reports.pathways import Pathway, Stage
from holdspace.reports.people import person_tag
from holdspace.reports.recovery import ring_ensure_held, ring_reaches
from holdspace.reports.stages import first_stage_due
from holdspace.web.refusals import Refusal

RECEIPT = b"receipt"


@dataclass
class Submission:
    kind: str
    pathway: str
    content: ReportContent
    on_behalf: bool = False
    consent_confirmed: bool = False
    respondent_consent: bool = False
    respondent_id: int | None = None
    identity: ReporterIdentity = field(default_factory=ReporterIdentity)
    files: list[CleanFile] = field(default_factory=list)
    # An address to tell her there is news at (locked with the data key), and the language to write in.
    news_address: str = ""
    language: str = ""
    # The signed-in reporter who keeps the report with her account (reports.kept), if she chose to.
    keep_with: User | None = None
    # How she reached the handler who recorded it for her (holdspace/reports/intake.py); empty when she wrote it.
    intake: str = ""


def arrival_hour(moment: datetime) -> datetime:
    """The hour a report arrived in, all that is kept of when."""
    return moment.replace(minute=0, second=0, microsecond=0)


def reference_new() -> str:
    """A short name handlers use to speak of a case; it reveals nothing."""
    symbols = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"{symbols[:4]}-{symbols[4:]}"


def receipt_wrap(symbols: str, *, data_key: bytes) -> dict:
    salt, parameters = new_salt(), current_parameters()
    wrapping_key = key_from_secret(symbols, salt=salt, parameters=parameters, purpose=RECEIPT)
    return {
        "receipt_lookup": receipt_lookup_hash(symbols),
        "receipt_box": lock(wrapping_key, plaintext=data_key),
        "receipt_salt": salt,
        "receipt_parameters": parameters.as_text(),
    }


def attachment_lock(data_key: bytes, *, clean: CleanFile) -> dict:
    return {
        "name": lock(data_key, plaintext=clean.name.encode("utf-8")),
        "content_type": clean.content_type,
        "size": len(clean.data),
        "data": lock(data_key, plaintext=clean.data),
    }


def attachments_add(case: Case, *, data_key: bytes, files: list[CleanFile], added_by: str, message=None, now=None):
    now = now or timezone.now()
    CaseAttachment.objects.bulk_create(
        CaseAttachment(case=case, message=message, added_by=added_by, created_at=now, **attachment_lock(data_key, clean=clean))
        for clean in files
    )


def _ring_seals(ring: RecoveryRing | None, *, data_key: bytes, identity_key: bytes | None) -> dict:
    if ring is None:
        return {}
    seals = {"recovery_sealed": seal_to(bytes(ring.public_key), secret=data_key),
             "recovery_public_key": bytes(ring.public_key)}
    if identity_key:
        seals["identity_ring_sealed"] = seal_to(bytes(ring.public_key), secret=identity_key)
    return seals


def report_submit(*, organisation: Organisation, submission: Submission, now: datetime | None = None) -> tuple[Case, str]:
    """Store a report locked with a fresh data key; return the case and its receipt code (shown once).

    Its arrival is kept to the hour: deadlines count in days, and an exact time could be matched with a log kept
    elsewhere (a network's, say) to tell who sent it."""
    now = arrival_hour(now or timezone.now())
    respondent = None
    if submission.respondent_id is not None:
        respondent = leaders_of(organisation).filter(pk=submission.respondent_id).first()
    # Where it goes, the keys it is sealed to there, and who is kept from it in both organisations.
    receivers = receivers_for(organisation, respondent=respondent)
    if receivers is None:
        raise Refusal("nobody_can_receive")
    handling, holders, excluded = receivers

    receipt = receipt_new()
    data_key = new_data_key()
    identity_key = new_data_key() if submission.identity else None
    # All the slow work (key stretching, encryption, sealing) happens before the
    # transaction, so the database is locked only for the inserts.
    wrapped = receipt_wrap(receipt_normalise(receipt), data_key=data_key)
    content = content_lock(data_key, content=submission.content)
    identity = identity_lock(identity_key, identity=submission.identity) if identity_key else None
    sealed = [(user_id, seal_to(public_key, secret=data_key)) for user_id, public_key in holders]
    files = [attachment_lock(data_key, clean=clean) for clean in submission.files]
    news = (news_address_lock(data_key, address=submission.news_address.strip(), language=submission.language)
            if submission.news_address.strip() else None)
    keeper_key = public_key_of(submission.keep_with) if submission.keep_with is not None else None
    if submission.keep_with is not None and keeper_key is None:
        raise Refusal("keep_needs_key")
    # The organisation's way back in, should every handler's key be lost (made now if it can be).
    ring, held = ring_ensure_held(organisation=handling, now=now)
    # Who reported is sealed to the ring alone, so no handler opens it without a second person's share; when fewer
    # than two who may see this case hold parts (one key holder, or a report about one of two), to the handlers,
    # until one of them covers the case.
    on_ring = ring_reaches(ring, without=excluded, held=held)
    recovery = _ring_seals(ring, data_key=data_key, identity_key=identity_key if on_ring else None)
    identity_sealed = []
    if identity_key and not on_ring:
        identity_sealed = [(user_id, seal_to(public_key, secret=identity_key)) for user_id, public_key in holders]
    with transaction.atomic():
        audit_references_first()  # a change that holds the organisation or a keyholder is waited for before the chain
        if ring is not None:
            # The ring is made again while no case is sealed to it: locked, it is the one this report seals to.
            current = RecoveryRing.objects.select_for_update().get(pk=ring.pk)
            if bytes(current.public_key) != bytes(ring.public_key):
                recovery = _ring_seals(current, data_key=data_key, identity_key=identity_key if on_ring else None)
        policy = policy_kept(handling)
        # Its first stage is written with it: a new case has no stage before it to close or to be due after.
        due_at = first_stage_due(Stage.ACKNOWLEDGE, policy=policy, now=now)
        case = Case.objects.create(
            reference=reference_new(),
            organisation=organisation,
            handling_organisation=handling,
            kind=submission.kind,
            on_behalf=submission.on_behalf,
            consent_confirmed=submission.consent_confirmed,
            intake=submission.intake,
            receipt_handed_over=bool(submission.intake),  # the handler who typed it saw her code
            pathway=Pathway(submission.pathway),
            respondent_consent=submission.respondent_consent,
            respondent_tag=person_tag(respondent) if respondent else "",
            stage=Stage.ACKNOWLEDGE,
            stage_due_at=due_at,
            received_at=now,
            reporter_activity_at=now,
            unread_for_handlers=1,
            content=content,
            identity=identity,
            news_address=news,
            **wrapped,
            **recovery,
            policy=policy,
        )
        CaseStage.objects.create(case=case, stage=Stage.ACKNOWLEDGE, started_at=now, due_at=due_at)
        CaseKey.objects.bulk_create(CaseKey(case=case, user_id=user_id, sealed=box) for user_id, box in sealed)
        IdentitySeal.objects.bulk_create(
            IdentitySeal(case=case, user_id=user_id, sealed=box) for user_id, box in identity_sealed
        )
        CaseExclusion.objects.bulk_create(
            CaseExclusion(
                case=case,
                person_tag=person_tag(user_id),
                reason=CaseExclusion.Reason.RESPONDENT
                if respondent and user_id == respondent.pk
                else CaseExclusion.Reason.REPORTS_TO_RESPONDENT,
            )
            for user_id in sorted(excluded)
        )
        CaseAttachment.objects.bulk_create(
            CaseAttachment(case=case, added_by="reporter", created_at=now, **locked) for locked in files
        )
        audit_record(
            action="case.received",
            actor_id=None,
            organisation_id=handling.pk,
            target=case,
            details={"reported_to": organisation.pk, "holders": len(holders), "files": len(submission.files),
                     "news_address": news is not None},
            at=now,
        )
    if keeper_key is not None:
        # In a transaction of its own, after the case's: rows written together carry the same transaction id
        # (PostgreSQL's xmin), which would tie her row to this case. Not audited, for the same reason (reports.kept).
        KeptReport.objects.create(user=submission.keep_with, public_key=keeper_key,
                                  sealed=kept_seal(keeper_key, case_id=case.pk, data_key=data_key))
    return case, receipt


def receipt_open(code: str) -> tuple[Case, bytes]:
    """The case and its data key for a receipt code as typed. Refuses with "receipt_does_not_open"."""
    try:
        symbols = receipt_normalise(code)
    except ValueError:
        raise Refusal("receipt_does_not_open") from None
    case = Case.objects.filter(receipt_lookup=receipt_lookup_hash(symbols)).first()
    if case is None:
        raise Refusal("receipt_does_not_open")
    parameters = Argon2Parameters.from_text(case.receipt_parameters)
    wrapping_key = key_from_secret(symbols, salt=bytes(case.receipt_salt), parameters=parameters, purpose=RECEIPT)
    try:
        return case, unlock(wrapping_key, box=bytes(case.receipt_box))
    except CannotOpen:
        raise Refusal("receipt_does_not_open") from None


def receipt_use(code: str, *, now: datetime | None = None) -> tuple[Case, bytes, str]:
    """Open a report on the receipt page: its case, its data key, and her new receipt code when she was given one
    ("" otherwise).

    A code handed over by the handler who recorded her report (intake) opens it once: the first time, she is given
    a code of her own (the data key wrapped under it as under any receipt, shown once) and the handed-over code
    stops working, for the handler who saw it as for anyone. Audited without anything of either code."""
    case, data_key = receipt_open(code)
    if not case.receipt_handed_over:
        return case, data_key, ""
    receipt = receipt_new()
    wrapped = receipt_wrap(receipt_normalise(receipt), data_key=data_key)  # the slow part, before the transaction
    with transaction.atomic():
        # Only from the code that was just used: two opens at once cannot both take it.
        if not Case.objects.filter(pk=case.pk, receipt_handed_over=True, receipt_lookup=case.receipt_lookup).update(
            receipt_handed_over=False, **wrapped
        ):
            raise Refusal("receipt_does_not_open")
        audit_record(action="case.receipt_renewed", actor_id=None, organisation_id=case.handling_organisation_id,
                     target=case, at=now)
    case.refresh_from_db()
    return case, data_key, receipt
