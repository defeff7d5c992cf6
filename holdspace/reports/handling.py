"""What case handlers do with a case. Every read, grant, stage change and export
is written to the audit log, without protected content."""
from dataclasses import dataclass
from datetime import datetime, timedelta

import nacl.public
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from holdspace.accounts.emails import send_templated_mail
from holdspace.accounts.models import User
from holdspace.audit.services import audit_record
from holdspace.crypto.boxes import CannotOpen, lock_text, open_sealed, seal_to, unlock_text
from holdspace.keys.selectors import public_key_of
from holdspace.organisations.models import Organisation, ReportingLine
from holdspace.reports.access import (
    case_key_for, case_policy, handlers_of, is_excluded, people_below, respondent_of,
)
from holdspace.reports.people import people_tags, person_tag
from holdspace.reports.attachments import CleanFile
from holdspace.reports.content import ReportContent, ReporterIdentity, content_unlock, identity_unlock
from holdspace.reports.models import (
    Case,
    CaseExclusion,
    CaseKey,
    CaseMessage,
    AgreementAction,
    IdentityPart,
    IdentityRelease,
    IdentitySeal,
    RecoveryShare,
    StandardOfProof,
)
from holdspace.reports.moves import case_change
from holdspace.reports.news import news_tell
from holdspace.reports.status import words_key
from holdspace.reports.pathways import AWAITS_WORD_FROM, Pathway, Stage
from holdspace.reports.recovery import (
    case_cover, cases_left_unreadable, identity_cover, is_covered, own_share_open, part_seal, ring_key_rebuild, ring_of,
    second_people,
)
from holdspace.reports.respondent import channel_code_new, channel_key_for_handler, channel_key_new, channel_share
from holdspace.reports.stages import stage_finish, stage_start
from holdspace.reports.submission import attachments_add
from holdspace.web.refusals import Refusal


def _audit(action: str, case: Case, actor: User | None, **details) -> None:
    audit_record(
        action=action,
        actor_id=actor.pk if actor else None,
        organisation_id=case.handling_organisation_id,
        target=case,
        details=details,
    )


def data_key_open(case: Case, *, user: User, private_key: nacl.public.PrivateKey) -> bytes:
    """The case's data key, opened with this handler's private key."""
    key = case_key_for(user, case=case)
    if key is None:
        raise Refusal("no_access")
    try:
        return open_sealed(private_key, sealed=bytes(key.sealed))
    except CannotOpen:
        raise Refusal("wrong_key") from None


@dataclass
class OpenedCase:
    case: Case
    content: ReportContent
    interim_measures: str


def case_read(case: Case, *, user: User, data_key: bytes, mark_read: bool = True) -> OpenedCase:
    """Open the case for a handler's page (audited); the page that shows the messages marks them read."""
    content = content_unlock(data_key, box=case.content)
    measures = unlock_text(data_key, box=bytes(case.interim_measures)) if case.interim_measures else ""
    with transaction.atomic():
        _audit("case.read", case, user)
        if mark_read and case.unread_for_handlers:
            Case.objects.filter(pk=case.pk).update(unread_for_handlers=0)
    return OpenedCase(case, content, measures)


def _respondent_told(case: Case) -> bool:
    """Told here, or (without an account) told another way, which the notify stage's note records."""
    return case.respondent_notified_at is not None or case.stages.filter(
        stage=Stage.NOTIFY, completed_at__isnull=False, note__isnull=False
    ).exists()


def _stage_may_complete(case: Case, *, note: str, now: datetime) -> None:
    """Refuse to complete a stage before what it records could have happened."""
    stage = case.stage
    if stage == Stage.NOTIFY and case.respondent_notified_at is None:
        # Due process: the respondent is told before he is asked to respond. One without an
        # account here is told another way, and the note must say how and when; never without
        # the reporter's agreement or a policy that requires it.
        if case.has_respondent or not note.strip():
            raise Refusal("notify_first")
        if not respondent_may_be_told(case):
            raise Refusal("no_consent")
    if stage == Stage.RESPONSE and not _respondent_told(case):
        raise Refusal("response_before_notice")
    waits_for = AWAITS_WORD_FROM.get(stage)
    if waits_for and not note.strip() and case.stage_due_at is not None and now < case.stage_due_at:
        # The respondent may answer as soon as he is told; the reporter's view comes once the stage asks it.
        since = case.respondent_notified_at if waits_for == "respondent" else None
        since = since or case.stages.filter(stage=stage, completed_at__isnull=True).values_list(
            "started_at", flat=True).first() or now
        if not case.messages.filter(author=waits_for, created_at__gte=since).exists():
            raise Refusal("respondent_not_answered" if waits_for == "respondent" else "reporter_not_answered")
    # The time to appeal belongs to both parties: it ends when it runs out, or when an appeal opens.
    if stage == Stage.APPEAL_WINDOW and case.stage_due_at is not None and now < case.stage_due_at:
        raise Refusal("appeal_time_running")


def stage_complete(
    case: Case, *, actor: User, data_key: bytes, note: str, standard: str = "", now: datetime | None = None,
    version: int | None = None, reporter_message: str = "",
) -> str | None:
    """Complete the current stage with an encrypted note. Findings need the standard of proof they were made on.

    `version` is the case's version the handler's page showed: a case that moved on since is refused.
    `reporter_message`, written with the acknowledgment, goes to her page in the same step: the first answer she
    has from a person (bench/time_to_close.py measures it), never an automatic one.
    """
    now = now or timezone.now()
    with case_change(case, version=version):
        if not case.is_open:
            raise Refusal("closed")
        _stage_may_complete(case, note=note, now=now)
        if case.stage == Stage.FINDINGS:
            if not standard:
                raise Refusal("standard_needed")
            case.standard_of_proof = StandardOfProof(standard)
            Case.objects.filter(pk=case.pk).update(standard_of_proof=case.standard_of_proof)
        finished = case.stage
        if finished == Stage.ACKNOWLEDGE and case.acknowledged_at is None:
            case.acknowledged_at = now
            Case.objects.filter(pk=case.pk).update(acknowledged_at=now)
        said = words_key(case)
        following = stage_finish(case, actor_id=actor.pk, note=lock_text(data_key, text=note) if note else None, now=now)
        _audit("case.stage_completed", case, actor, stage=finished, next=following or "")
        if reporter_message.strip():
            message_send(case, actor=actor, data_key=data_key, channel=CaseMessage.Channel.REPORTER,
                         body=reporter_message, now=now)
    case.refresh_from_db(fields=["stage", "status", "stage_due_at"])
    # Her page's words changed: news for her, if she asked to be told (a message sent with it tells her already).
    if words_key(case) != said and not reporter_message.strip():
        news_tell(case, data_key=data_key)
    return following


def case_close(
    case: Case, *, actor: User, outcome: str, now: datetime | None = None, version: int | None = None,
    data_key: bytes | None = None,
) -> None:
    """Close the case with its outcome; with the case's `data_key` (open in the handler's request), the reporter
    is told there is news if she asked to be."""
    now = now or timezone.now()
    retention = case_policy(case)["retention_days"]
    with case_change(case, version=version):
        if not case.is_open:
            raise Refusal("closed")
        stage_finish_all(case, now=now)
        Case.objects.filter(pk=case.pk).update(
            status=Case.Status.CLOSED,
            outcome=Case.Outcome(outcome),
            closed_at=now,
            days_to_close=days_between(case.received_at, end=now),
            stage_due_at=None,
            purge_after=now + timedelta(days=retention),
        )
        _audit("case.closed", case, actor, outcome=outcome)
    case.refresh_from_db()
    news_tell(case, data_key=data_key)


def days_between(start: datetime, *, end: datetime) -> float:
    return round((end - start).total_seconds() / 86400, 3)


def stage_finish_all(case: Case, *, now: datetime) -> None:
    case.stages.filter(completed_at__isnull=True).update(completed_at=now)


def message_send(
    case: Case, *, actor: User, data_key: bytes, channel: str, body: str, files: list[CleanFile] = (), now=None
) -> CaseMessage:
    now = now or timezone.now()
    if channel == CaseMessage.Channel.RESPONDENT and case.respondent_notified_at is None:
        raise Refusal("respondent_not_notified")
    box_key = data_key
    if channel == CaseMessage.Channel.RESPONDENT:
        box_key = channel_key_for_handler(case, data_key=data_key)
        if files:  # attachments are locked with the data key, which he never holds
            raise Refusal("no_files_to_respondent")
    with transaction.atomic():
        if channel == CaseMessage.Channel.RESPONDENT and not case.respondent_sealed:
            # He set up his key after he was told: writing to him opens the conversation to him.
            if channel_share(case, channel_key=box_key):
                _audit("case.respondent_channel_opened", case, actor)
        message = CaseMessage.objects.create(
            case=case,
            channel=channel,
            author=CaseMessage.Author.HANDLER,
            author_user=actor,
            body=lock_text(box_key, text=body),
            created_at=now,
        )
        attachments_add(case, data_key=data_key, files=list(files), added_by="handler", message=message, now=now)
        if channel == CaseMessage.Channel.REPORTER:
            Case.objects.filter(pk=case.pk).update(unread_for_reporter=case.unread_for_reporter + 1)
        _audit("case.message_sent", case, actor, channel=channel, files=len(files))
    if channel == CaseMessage.Channel.REPORTER:
        news_tell(case, data_key=data_key)
    return message


def safety_record(
    case: Case, *, actor: User, data_key: bytes, risk: str, measures: str, version: int | None = None
) -> None:
    with case_change(case, version=version):  # a stale page must not overwrite a colleague's newer assessment
        Case.objects.filter(pk=case.pk).update(
            risk=Case.Risk(risk), interim_measures=lock_text(data_key, text=measures) if measures else None
        )
        _audit("case.safety_recorded", case, actor, risk=risk)


def case_grant(case: Case, *, actor: User, data_key: bytes, to: User,
               private_key: nacl.public.PrivateKey | None = None) -> None:
    """Seal the data key to a colleague's (new) public key. Audited. With the granter's key, who reported goes along
    where the ring does not hold it yet: onto the ring if it covers the case, else sealed to the colleague, as it was
    to every handler when the report arrived (so it is never left with nobody)."""
    if not handlers_of(case.handling_organisation).filter(pk=to.pk).exists():
        raise Refusal("not_a_handler")
    if is_excluded(case, user=to):
        raise Refusal("excluded")
    public_key = public_key_of(to)
    if public_key is None:
        raise Refusal("no_personal_key")
    with transaction.atomic():
        CaseKey.objects.update_or_create(
            case=case, user=to, defaults={"sealed": seal_to(public_key, secret=data_key), "granted_by": actor}
        )
        _audit("case.granted", case, actor, to=to.pk)
        ring = ring_of(case.handling_organisation_id)
        case_cover(case, data_key=data_key, ring=ring)
        if private_key is not None and case.identity and case.identity_ring_sealed is None:
            if ring is None or not identity_cover(case, ring=ring, user=actor, private_key=private_key):
                _identity_pass_on(case, actor=actor, private_key=private_key, to_public_key=public_key, to=to)


def _identity_pass_on(case: Case, *, actor: User, private_key: nacl.public.PrivateKey, to_public_key: bytes,
                      to: User) -> None:
    seal = IdentitySeal.objects.filter(case=case, user=actor).first()
    if seal is None:
        return
    try:
        identity_key = open_sealed(private_key, sealed=bytes(seal.sealed))
    except CannotOpen:
        return
    IdentitySeal.objects.update_or_create(case=case, user=to, defaults={"sealed": seal_to(to_public_key,
                                                                                          secret=identity_key)})


def case_assign(case: Case, *, actor: User, to: User, version: int | None = None) -> None:
    with case_change(case, version=version):
        if not CaseKey.objects.filter(case=case, user=to).update(assigned=True):
            raise Refusal("no_access")
        _audit("case.assigned", case, actor, to=to.pk)


def _exclude(case: Case, user_ids: set[int], reason: str) -> None:
    for user_id in user_ids:
        CaseExclusion.objects.get_or_create(case=case, person_tag=person_tag(user_id), defaults={"reason": reason})
    CaseKey.objects.filter(case=case, user_id__in=user_ids).delete()
    IdentitySeal.objects.filter(case=case, user_id__in=user_ids).delete()
    # What they asked for, or were asked to decide, is not theirs any more.
    IdentityRelease.objects.filter(case=case, requested_by_id__in=user_ids, decided_at__isnull=True).delete()
    IdentityPart.objects.filter(release__case=case, user_id__in=user_ids).delete()


def _someone_keeps_access(case: Case, leaving: set[int]) -> bool:
    return (
        CaseKey.objects.filter(case=case, user__in=handlers_of(case.handling_organisation))
        .exclude(user_id__in=leaving)
        .exists()
    )


def _leaves_unreadable(case: Case, leaving: set[int]) -> bool:
    """Whether excluding these people would put the case, or who reported in it, out of everyone's reach."""
    return bool(cases_left_unreadable(Case.objects.filter(pk=case.pk), leaving_keys=leaving, leaving_shares=leaving))


def handler_keys_drop(*, organisation: Organisation, user: User) -> None:
    """Someone who stops handling cases here keeps no key to them."""
    dropped = CaseKey.objects.filter(user=user, case__handling_organisation=organisation).delete()[0]
    IdentitySeal.objects.filter(user=user, case__handling_organisation=organisation).delete()
    IdentityRelease.objects.filter(requested_by=user, case__handling_organisation=organisation,
                                   decided_at__isnull=True).delete()
    if dropped:
        audit_record(action="case_keys.dropped", actor_id=None, organisation_id=organisation.pk, target=user,
                     details={"keys": dropped})


def exclude_from_cases_about(organisation: Organisation, *, manager: User, person: User) -> None:
    """A new reporting line: the person, and everyone below him, leaves every case
    about his manager and about anyone above his manager. Refused while that would leave
    an open case that nobody here could read: a colleague is given its key first."""
    lines = dict(ReportingLine.objects.filter(organisation=organisation).values_list("person_id", "manager_id"))
    above, boss = set(), manager.pk
    while boss is not None and boss not in above:
        above.add(boss)
        boss = lines.get(boss)
    below = {person.pk} | people_below(organisation, manager=person)
    about = Case.objects.filter(Q(organisation=organisation) | Q(handling_organisation=organisation),
                                respondent_tag__in=list(people_tags(above)))
    unreadable = cases_left_unreadable(about, leaving_keys=below, leaving_shares=below)
    if unreadable:
        raise Refusal("cases_left_unreadable", count=len(unreadable))
    for case in about:
        _exclude(case, below, CaseExclusion.Reason.REPORTS_TO_RESPONDENT)
        _audit("case.exclusion_added", case, None, excluded=len(below))


def conflict_declare(case: Case, *, actor: User) -> None:
    """The handler steps away: his key copy is removed and he cannot be granted again."""
    if not _someone_keeps_access(case, {actor.pk}) or _leaves_unreadable(case, {actor.pk}):
        raise Refusal("last_handler")
    with transaction.atomic():
        _exclude(case, {actor.pk}, CaseExclusion.Reason.CONFLICT)
        _audit("case.conflict_declared", case, actor)


def respondent_link(case: Case, *, actor: User, respondent: User, version: int | None = None) -> None:
    """Name the respondent's account: he and everyone who reports to him lose access at once."""
    leaving = {respondent.pk} | people_below(case.organisation, manager=respondent) | people_below(
        case.handling_organisation, manager=respondent
    )
    if actor.pk in leaving:
        raise Refusal("self")
    if case.respondent_notified_at is not None:
        raise Refusal("already_told")
    if not _someone_keeps_access(case, leaving) or _leaves_unreadable(case, leaving):
        raise Refusal("last_handler")
    with case_change(case, version=version):
        _exclude(case, {respondent.pk}, CaseExclusion.Reason.RESPONDENT)
        _exclude(case, leaving - {respondent.pk}, CaseExclusion.Reason.REPORTS_TO_RESPONDENT)
        case.respondent_tag = person_tag(respondent)
        Case.objects.filter(pk=case.pk).update(respondent_tag=case.respondent_tag)
        case._respondent = respondent
        _audit("case.respondent_linked", case, actor, excluded=len(leaving))


def respondent_may_be_told(case: Case) -> bool:
    return case.respondent_consent or case_policy(case)["respondent_notice_required"]


def respondent_channel_open(case: Case, *, actor: User, data_key: bytes) -> None:
    """Open the conversation to a respondent who set up his key after he was told."""
    if case.respondent_notified_at is None or not case.respondent_channel:
        raise Refusal("respondent_not_notified")
    if case.respondent_sealed:
        return
    with transaction.atomic():
        if not channel_share(case, channel_key=channel_key_for_handler(case, data_key=data_key)):
            raise Refusal("channel_not_ready")
        _audit("case.respondent_channel_opened", case, actor)


def _notice_code_mail(respondent: User, *, code: str) -> None:
    """Tell him, with a neutral subject and no organisation's name, that something waits for him, and the code."""
    send_templated_mail(to=respondent.email, template="reports/email/respondent_notice_code",
                        language=respondent.language or None,
                        context={"code": code, "link": reverse("reports:responding")})


def respondent_notify(
    case: Case, *, actor: User, data_key: bytes, notice: str, now=None, version: int | None = None
) -> None:
    if case.pathway != Pathway.FORMAL or not case.has_respondent:
        raise Refusal("no_respondent")
    if not respondent_may_be_told(case):
        raise Refusal("no_consent")
    if case.respondent_notified_at is not None:
        raise Refusal("already_told")
    now = now or timezone.now()
    with case_change(case, version=version):
        channel_key = channel_key_new(case, data_key=data_key)
        case.respondent_notified_at = now
        Case.objects.filter(pk=case.pk).update(respondent_notified_at=now, respondent_channel=case.respondent_channel)
        if not channel_share(case, channel_key=channel_key):
            # No key of his yet: what he is told waits for him behind a one-time code only his email carries, so
            # he reads it as soon as he makes his key, without waiting for a handler (reports/respondent.py).
            code = channel_code_new(case, channel_key=channel_key)
            respondent = respondent_of(case)
            transaction.on_commit(lambda: _notice_code_mail(respondent, code=code))
        CaseMessage.objects.create(
            case=case,
            channel=CaseMessage.Channel.RESPONDENT,
            author=CaseMessage.Author.HANDLER,
            author_user=actor,
            body=lock_text(channel_key, text=notice),
            created_at=now,
        )
        _audit("case.respondent_notified", case, actor)


def outcome_deciders(case: Case) -> set[int]:
    """Handlers who wrote the findings or the outcome: none of them may decide an appeal."""
    return set(
        case.stages.filter(stage__in=[Stage.FINDINGS, Stage.OUTCOME]).values_list("completed_by", flat=True)
    )


def appeal_open(
    case: Case, *, actor: User | None, by: str, handler: User, now=None, version: int | None = None
) -> None:
    """An appeal by either party, decided by a handler who did not decide the outcome."""
    if case.stage != Stage.APPEAL_WINDOW or not case.is_open or case.stage_due_at is None:
        raise Refusal("no_appeal_now")
    if handler.pk in outcome_deciders(case):
        raise Refusal("same_handler")
    if not CaseKey.objects.filter(case=case, user=handler).exists():
        raise Refusal("no_access")
    with case_change(case, version=version):
        Case.objects.filter(pk=case.pk).update(appeal_by=by, appeal_handler=handler)
        case.appeal_by, case.appeal_handler = by, handler
        stage_start(case, stage=Stage.APPEAL, now=now)
        _audit("case.appeal_opened", case, actor, by=by, handler=handler.pk)


def hold_set(case: Case, *, actor: User, data_key: bytes, reason: str, version: int | None = None) -> None:
    locked = lock_text(data_key, text=reason[:200]) if reason.strip() else None
    with case_change(case, version=version):
        Case.objects.filter(pk=case.pk).update(hold_reason=locked)
        _audit("case.hold_set" if reason else "case.hold_cleared", case, actor)


# Identity release: asked by one handler, decided by another. Once the case is on its organisation's recovery
# ring, who reported is sealed to the ring alone: the request carries the asker's share, sealed to each colleague
# who may approve, and an approval rebuilds the ring's key with the approver's own share. No one person opens it.


def identity_on_ring(case: Case) -> bool:
    return case.identity_ring_sealed is not None and is_covered(case, ring=ring_of(case.handling_organisation_id))


def identity_request(case: Case, *, actor: User, data_key: bytes, reason: str,
                     private_key: nacl.public.PrivateKey | None = None) -> IdentityRelease:
    if not case.has_identity:
        raise Refusal("anonymous")
    parts = []
    if identity_on_ring(case):
        ring = ring_of(case.handling_organisation_id)
        if private_key is None:
            raise Refusal("wrong_key")
        if not RecoveryShare.objects.filter(ring=ring, user=actor).exists():
            raise Refusal("no_share_to_ask")
        own = own_share_open(ring, actor=actor, private_key=private_key)
        approvers = second_people(ring, actor=actor, cases=[case])
        if not approvers:
            raise Refusal("no_second_holder")
        parts = [(user_id, part_seal(public_key, share=own), seal_to(public_key, secret=reason.encode("utf-8")))
                 for user_id, public_key in sorted(approvers.items())]
    with transaction.atomic():
        release = IdentityRelease.objects.create(case=case, requested_by=actor, reason=lock_text(data_key, text=reason))
        IdentityPart.objects.bulk_create(IdentityPart(release=release, user_id=user_id, sealed=share, reason=why)
                                         for user_id, share, why in parts)
        _audit("case.identity_requested", case, actor, approvers=len(parts))
    return release


def release_reason(release: IdentityRelease, *, data_key: bytes) -> str:
    return unlock_text(data_key, box=bytes(release.reason))


def identity_decide(case: Case, *, actor: User, release_id: int, approve: bool,
                    private_key: nacl.public.PrivateKey | None = None) -> None:
    """Another handler (or, on the recovery page, another holder of the ring) approves or declines a request to
    learn who reported. On the ring, approving seals the identity key to the asker with the approver's share."""
    release = IdentityRelease.objects.filter(case=case, pk=release_id).select_related("case", "requested_by").first()
    if release is None:
        raise Refusal("unknown_release")
    if release.requested_by_id == actor.pk:
        raise Refusal("own_request")
    if release.decided_at is not None:
        raise Refusal("decided")
    if is_excluded(case, user=actor):
        raise Refusal("excluded")
    # The asker must still be someone who may see the case: a handler here, holding its key, not kept out of it.
    asker = release.requested_by
    if approve and (is_excluded(case, user=asker) or case_key_for(asker, case=case) is None
                    or not handlers_of(case.handling_organisation).filter(pk=asker.pk).exists()):
        raise Refusal("asker_gone")
    sealed_identity = None
    if identity_on_ring(case):
        # On the ring, deciding either way is for a colleague the request was sealed to.
        part = IdentityPart.objects.filter(release=release, user=actor).first()
        if part is None:
            raise Refusal("parts_do_not_fit" if not release.parts.exists() else "not_asked")
    if approve and identity_on_ring(case):
        if private_key is None:
            raise Refusal("wrong_key")
        ring_key = ring_key_rebuild(ring_of(case.handling_organisation_id), actor=actor, private_key=private_key,
                                    part=bytes(part.sealed))
        asker_key = public_key_of(release.requested_by)
        if asker_key is None:
            raise Refusal("no_personal_key")
        try:
            identity_key = open_sealed(ring_key.private_key, sealed=bytes(case.identity_ring_sealed))
        except CannotOpen:
            raise Refusal("parts_do_not_fit") from None
        sealed_identity = seal_to(asker_key, secret=identity_key)
    with transaction.atomic():
        if not IdentityRelease.objects.select_for_update().filter(pk=release.pk, decided_at__isnull=True).exists():
            raise Refusal("decided")
        release.decided_by, release.decided_at, release.approved = actor, timezone.now(), approve
        release.save(update_fields=["decided_by", "decided_at", "approved"])
        release.parts.all().delete()
        if sealed_identity is not None:
            IdentitySeal.objects.update_or_create(case=case, user=release.requested_by,
                                                  defaults={"sealed": sealed_identity})
        _audit("case.identity_approved" if approve else "case.identity_declined", release.case, actor,
               requested_by=release.requested_by_id)


def identity_read(case: Case, *, user: User, private_key: nacl.public.PrivateKey) -> ReporterIdentity | None:
    """The reporter's identity, only for a handler whose request was approved."""
    approved = IdentityRelease.objects.filter(case=case, requested_by=user, approved=True).exists()
    seal = IdentitySeal.objects.filter(case=case, user=user).first()
    if not approved or seal is None or not case.identity:
        return None
    try:
        identity_key = open_sealed(private_key, sealed=bytes(seal.sealed))
    except CannotOpen:
        return None
    with transaction.atomic():
        _audit("case.identity_read", case, user)
    return identity_unlock(identity_key, box=bytes(case.identity))


# A restorative agreement: actions with owners and due dates.


def agreement_action_add(case: Case, *, actor: User, data_key: bytes, description: str, owner: str, due_on) -> None:
    if case.pathway != Pathway.RESTORATIVE or not case.is_open:
        raise Refusal("not_restorative")
    with transaction.atomic():
        AgreementAction.objects.create(
            case=case, description=lock_text(data_key, text=description), owner=lock_text(data_key, text=owner), due_on=due_on
        )
        _audit("case.agreement_action_added", case, actor, due_on=due_on.isoformat())


def agreement_action_done(case: Case, *, actor: User, action_id: int) -> None:
    with transaction.atomic():
        if not AgreementAction.objects.filter(case=case, pk=action_id, done_at__isnull=True).update(
            done_at=timezone.now()
        ):
            raise Refusal("unknown_action")
        _audit("case.agreement_action_done", case, actor, agreement_action=action_id)


def agreement_actions(case: Case, *, data_key: bytes) -> list[dict]:
    today = timezone.localdate()
    return [
        {
            "pk": action.pk,
            "description": unlock_text(data_key, box=bytes(action.description)),
            "owner": unlock_text(data_key, box=bytes(action.owner)),
            "due_on": action.due_on,
            "done_at": action.done_at,
            "overdue": action.done_at is None and action.due_on < today,
        }
        for action in case.agreement_actions.all()
    ]


def file_read_audit(case: Case, *, user: User, attachment) -> None:
    with transaction.atomic():
        _audit("case.file_read", case, user, file=attachment.pk)
