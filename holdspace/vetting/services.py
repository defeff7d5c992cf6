"""Applying to join a network, asking and answering references, reviewing and deciding; each change audited.

The rules live here: who may apply and for whom, that references are asked by a
private link whose secret is never stored, that a reviewer with a conflict of
interest (or who is himself the applicant, or administers the applying
organisation) sees and decides nothing, and that a decision is made once.
"""
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone, translation

from holdspace.accounts.emails import send_templated_mail
from holdspace.accounts.throttle import throttled
from holdspace.audit.services import audit_record
from holdspace.conduct.models import CodeVersion
from holdspace.conduct.services import in_force
from holdspace.crypto.derivation import lookup_hash
from holdspace.organisations.models import Membership, NetworkMembership, Organisation, Role
from holdspace.organisations.selectors import holds_role
from holdspace.organisations.services import network_member_add, role_grant
from holdspace.vetting.models import Application, Conflict, RefereeOrganisation, Reference, ReviewerNote
from holdspace.web.refusals import Refusal

REFERENCE_DAYS = 30
REFERENCES_MAX = 3
REFERENCE_PURPOSE = b"vetting-referee"
# Keys the throttle bucket of a referee's address, so no address is kept in a throttle key.
REFEREE_ADDRESS_PURPOSE = b"vetting-referee-address"
# A link's secret is 32 characters; anything much longer is not one of ours and is not even hashed.
TOKEN_MAX = 64

# Why a reviewer may not review an application.
OWN, ADMINISTERS, CONFLICT = "own", "administers", "conflict"
# Refused because a limit was reached: nothing was recorded or sent. "referee_mail_limit" carries the `email`
# whose referee was asked as often as she may be for now.
LIMITS = frozenset({"too_many_applications", "referee_mail_limit"})
# Refused because the applicant adhered to a version of the code that is no longer the one in force (`number`).
CODE_CHANGED = "code_changed"


@dataclass(frozen=True)
class Referee:
    organisation_name: str
    contact_name: str
    email: str


@dataclass(frozen=True)
class Declarations:
    leadership_allegation: bool
    asked_to_leave: bool
    leadership_allegation_explanation: str = ""
    asked_to_leave_explanation: str = ""


@dataclass(frozen=True)
class ApplyOptions:
    """What this person may apply as, to this network, now."""

    as_person: bool
    # Why he cannot apply for himself: "member" or "waiting"; empty when he can.
    person_block: str
    organisations: list[Organisation]
    code: CodeVersion | None

    @property
    def any(self) -> bool:
        return self.as_person or bool(self.organisations)


def _waiting(network: Organisation):
    return Application.objects.filter(network=network, status=Application.Status.WAITING)


def is_member(network: Organisation, *, person) -> bool:
    return Membership.objects.filter(user=person, organisation=network).exists()


def organisations_to_apply_for(*, network: Organisation, person) -> list[Organisation]:
    """The organisations he administers that are not members of the network and have no undecided application."""
    return list(
        Organisation.objects.filter(memberships__user=person, memberships__role=Role.ORG_ADMIN)
        .exclude(pk=network.pk)
        .exclude(Exists(NetworkMembership.objects.filter(network=network, organisation=OuterRef("pk"))))
        .exclude(Exists(_waiting(network).filter(organisation=OuterRef("pk"))))
        .order_by("name")
    )


def apply_options(*, network: Organisation, person) -> ApplyOptions:
    if is_member(network, person=person):
        block = "member"
    elif _waiting(network).filter(applicant=person, organisation=None).exists():
        block = "waiting"
    else:
        block = ""
    return ApplyOptions(as_person=not block, person_block=block,
                        organisations=organisations_to_apply_for(network=network, person=person),
                        code=in_force(network))


def _token_hash(token: str) -> str:
    return lookup_hash(token, purpose=REFERENCE_PURPOSE)


def referee_address_bucket(email: str) -> str:
    """The throttle bucket of a referee's address: a keyed hash of it, the same however it was typed."""
    return lookup_hash(email.strip().lower(), purpose=REFEREE_ADDRESS_PURPOSE)


def _count_application(applicant) -> None:
    # Counted inside the caller's transaction: an application that is refused or fails is not counted.
    if throttled(scope="vetting-application", bucket=str(applicant.pk),
                 rate=settings.HOLDSPACE_APPLICATION_RATE_APPLICANT):
        raise Refusal("too_many_applications")


def count_referee_mail(email: str) -> None:
    # The same count for a first request and a fresh link: one address is never mailed more than the rate allows.
    if throttled(scope="vetting-referee-mail", bucket=referee_address_bucket(email),
                 rate=settings.HOLDSPACE_REFEREE_MAIL_RATE_ADDRESS):
        raise Refusal("referee_mail_limit", email=email)


def answers_check(*, network: Organisation, person, motivation: str, code_number: int | None,
                  declarations: Declarations, referees: list[Referee], motivation_missing: str,
                  references_least: int) -> CodeVersion | None:
    """What an application to join and a member's answer to its renewal share, refused by code in this order: the
    code of conduct adhered to is the one in force (returned), the motivation is written, a declaration answered
    yes is explained, between `references_least` and three referees, none of them the person himself."""
    code = in_force(network)
    if code is not None and code_number != code.number:
        raise Refusal(CODE_CHANGED, number=code.number)
    if not motivation.strip():
        raise Refusal(motivation_missing)
    if declarations.leadership_allegation and not declarations.leadership_allegation_explanation.strip():
        raise Refusal("allegation_unexplained")
    if declarations.asked_to_leave and not declarations.asked_to_leave_explanation.strip():
        raise Refusal("asked_to_leave_unexplained")
    if not references_least <= len(referees) <= REFERENCES_MAX:
        raise Refusal("references_count")
    if any(referee.email.strip().lower() == person.email.lower() for referee in referees):
        raise Refusal("own_reference")
    return code


def answers_columns(*, motivation: str, code: CodeVersion | None, declarations: Declarations) -> dict:
    """The application's columns for the motivation, the code adhered to and the declarations: an explanation is
    kept only with a yes."""
    return {
        "motivation": motivation.strip(), "code_number": code.number if code is not None else None,
        "leadership_allegation": declarations.leadership_allegation,
        "leadership_allegation_explanation": (declarations.leadership_allegation_explanation.strip()
                                              if declarations.leadership_allegation else ""),
        "asked_to_leave": declarations.asked_to_leave,
        "asked_to_leave_explanation": (declarations.asked_to_leave_explanation.strip()
                                       if declarations.asked_to_leave else ""),
    }


def link_secrets(referees: list[Referee]) -> list[str]:
    """A fresh secret for each referee's private link; only its keyed hash is stored."""
    return [secrets.token_urlsafe(24) for _referee in referees]


def referees_ask(application: Application, *, references: list[Reference], tokens: list[str]) -> None:
    """Once committed, mail each referee her private link, in the language of the request."""
    language = translation.get_language()
    for reference, token in zip(references, tokens):
        transaction.on_commit(lambda reference=reference, token=token: ask_referee(
            application, reference=reference, token=token, language=language))


def application_submit(*, network: Organisation, applicant, organisation: Organisation | None = None,
                       motivation: str, code_number: int | None, declarations: Declarations,
                       referees: list[Referee]) -> tuple[Application, list[str]]:
    """Record an application and ask each referee by mail; return it with the referees' link secrets."""
    if not network.is_network:
        raise Refusal("not_a_network")
    if not applicant.email_verified:
        raise Refusal("email_unconfirmed")
    if organisation is None:
        if is_member(network, person=applicant):
            raise Refusal("already_member")
    else:
        if organisation.pk == network.pk:
            raise Refusal("network_itself")
        if not holds_role(applicant, organisation_id=organisation.pk, role=Role.ORG_ADMIN):
            raise Refusal("not_organisation_admin")
        if NetworkMembership.objects.filter(network=network, organisation=organisation).exists():
            raise Refusal("organisation_already_member")
    code = answers_check(network=network, person=applicant, motivation=motivation, code_number=code_number,
                         declarations=declarations, referees=referees, motivation_missing="motivation_missing",
                         references_least=1)
    now = timezone.now()
    tokens = link_secrets(referees)
    try:
        with transaction.atomic():
            _count_application(applicant)
            for referee in referees:
                count_referee_mail(referee.email)
            application = Application.objects.create(
                network=network, applicant=applicant, organisation=organisation, created_at=now,
                **answers_columns(motivation=motivation, code=code, declarations=declarations))
            references = references_create(application, referees=referees, tokens=tokens, now=now)
            audit_record(action="vetting.applied", actor_id=applicant.pk, organisation_id=network.pk,
                         target=application, details={"organisation": organisation.pk if organisation else None,
                                                      "code_number": application.code_number,
                                                      "references": len(references)})
    except IntegrityError:  # another undecided application for the same applicant, sent a moment ago
        raise Refusal("already_waiting") from None
    referees_ask(application, references=references, tokens=tokens)
    return application, tokens


def _listed_organisations(network_id: int) -> dict[str, RefereeOrganisation] | None:
    """The network's list of women's rights organisations by folded name (one query); None when it keeps none."""
    listed = {_folded(organisation.name): organisation
              for organisation in RefereeOrganisation.objects.filter(network_id=network_id)}
    return listed or None


def _folded(name: str) -> str:
    return " ".join(name.split()).casefold()


def references_create(application: Application, *, referees: list[Referee], tokens: list[str],
                      now) -> list[Reference]:
    """The references asked for an application, each checked against the network's list: one typed that is not
    on it is flagged to the reviewers (when the network keeps a list)."""
    listed = _listed_organisations(application.network_id)
    references = []
    for n, (referee, token) in enumerate(zip(referees, tokens), start=1):
        found = listed.get(_folded(referee.organisation_name)) if listed is not None else None
        references.append(Reference(
            application=application, position=n, organisation_name=(found.name if found else
                                                                     referee.organisation_name.strip()),
            listed=found, off_list=listed is not None and found is None,
            contact_name=referee.contact_name.strip(), contact_email=referee.email.strip(),
            token_hash=_token_hash(token), asked_at=now, expires_at=now + timedelta(days=REFERENCE_DAYS)))
    return Reference.objects.bulk_create(references)


def ask_referee(application: Application, *, reference: Reference, token: str, language: str | None,
                renewed: bool = False) -> None:
    # Only who asks and about whom: nothing the applicant wrote goes into a mail.
    send_templated_mail(
        to=reference.contact_email, template="vetting/email/reference_request", language=language,
        context={"applicant_name": application.applicant_name, "network_name": application.network.name,
                 "contact_name": reference.contact_name, "expires_at": reference.expires_at, "renewed": renewed,
                 "renewal": application.is_renewal,
                 "path": reverse("vetting:reference", kwargs={"reference_token": token})},
    )


def reference_renew(*, reference: Reference, reviewer) -> tuple[Reference, str]:
    """Ask a referee again, with a fresh link for another 30 days, when she has not answered (the mail was missed,
    or the link expired). The earlier link stops working: only the new one's hash is kept. Returns the secret."""
    application = reference.application
    check_reviewer(application, reviewer=reviewer)
    token = secrets.token_urlsafe(24)
    with transaction.atomic():
        locked = Reference.objects.select_for_update().filter(pk=reference.pk, application=application).first()
        if locked is None or locked.status != Reference.Status.ASKED:
            raise Refusal("reference_not_asked")
        if not Application.objects.filter(pk=application.pk, status=Application.Status.WAITING).exists():
            raise Refusal("reference_not_needed")
        count_referee_mail(locked.contact_email)
        now = timezone.now()
        locked.token_hash, locked.asked_at = _token_hash(token), now
        locked.expires_at = now + timedelta(days=REFERENCE_DAYS)
        locked.save(update_fields=["token_hash", "asked_at", "expires_at"])
        audit_record(action="vetting.reference_renewed", actor_id=reviewer.pk, organisation_id=application.network_id,
                     target=application, details={"reference": locked.pk})
    language = translation.get_language()
    transaction.on_commit(lambda: ask_referee(application, reference=locked, token=token, language=language,
                                                  renewed=True))
    return locked, token


def reference_for_token(token: str) -> Reference | None:
    if not token or len(token) > TOKEN_MAX:
        return None
    return (Reference.objects.select_related("application__network", "application__applicant",
                                             "application__organisation")
            .filter(token_hash=_token_hash(token)).first())


def reference_is_open(reference: Reference) -> bool:
    """Open until answered or declined, for its 30 days, and while the application waits for a decision."""
    return (reference.status == Reference.Status.ASKED and reference.expires_at > timezone.now()
            and reference.application.status == Application.Status.WAITING)


def _locked_open_reference(reference: Reference) -> Reference:
    locked = Reference.objects.select_for_update().select_related("application").filter(pk=reference.pk).first()
    if locked is None or not reference_is_open(locked):
        raise Refusal("reference_closed")
    return locked


def reference_answer(*, reference: Reference, how_known: str, recommendation: str, comments: str,
                     answered_by: str) -> Reference:
    if recommendation not in Reference.Recommendation.values:
        raise Refusal("recommendation_missing")
    if not how_known.strip() or not answered_by.strip():
        raise Refusal("reference_incomplete")
    with transaction.atomic():
        locked = _locked_open_reference(reference)
        locked.status = Reference.Status.ANSWERED
        locked.answered_at = timezone.now()
        locked.how_known, locked.recommendation = how_known.strip(), recommendation
        locked.comments, locked.answered_by = comments.strip(), answered_by.strip()
        locked.save(update_fields=["status", "answered_at", "how_known", "recommendation", "comments",
                                   "answered_by"])
        audit_record(action="vetting.reference_answered", actor_id=None, organisation_id=locked.application.network_id,
                     target=locked.application, details={"reference": locked.pk, "status": locked.status})
    return locked


def reference_decline(*, reference: Reference, words: str = "") -> Reference:
    with transaction.atomic():
        locked = _locked_open_reference(reference)
        locked.status = Reference.Status.DECLINED
        locked.answered_at = timezone.now()
        locked.comments = words.strip()
        locked.save(update_fields=["status", "answered_at", "comments"])
        audit_record(action="vetting.reference_declined", actor_id=None, organisation_id=locked.application.network_id,
                     target=locked.application, details={"reference": locked.pk, "status": locked.status})
    return locked


def is_reviewer(network: Organisation, *, person) -> bool:
    return holds_role(person, organisation_id=network.pk, role=Role.ORG_ADMIN)


def exclusion(*, application: Application, reviewer) -> str | None:
    """Why this reviewer may not see or decide the application, if he may not: OWN, ADMINISTERS or CONFLICT."""
    if application.applicant_id == reviewer.pk:
        return OWN
    if application.organisation_id and holds_role(reviewer, organisation_id=application.organisation_id,
                                                  role=Role.ORG_ADMIN):
        return ADMINISTERS
    if Conflict.objects.filter(application=application, reviewer=reviewer).exists():
        return CONFLICT
    return None


def check_reviewer(application: Application, *, reviewer) -> None:
    if not is_reviewer(application.network, person=reviewer):
        raise Refusal("not_reviewer")
    if exclusion(application=application, reviewer=reviewer) is not None:
        raise Refusal("excluded")


def note_add(*, application: Application, reviewer, text: str) -> ReviewerNote:
    if not text.strip():
        raise Refusal("note_empty")
    check_reviewer(application, reviewer=reviewer)
    with transaction.atomic():
        note = ReviewerNote.objects.create(application=application, author=reviewer, text=text.strip())
        audit_record(action="vetting.note_added", actor_id=reviewer.pk, organisation_id=application.network_id,
                     target=application, details={"note": note.pk})
    return note


def conflict_declare(*, application: Application, reviewer, reason: str) -> Conflict:
    """From now on this reviewer sees nothing of the application and takes no part in deciding it."""
    if not reason.strip():
        raise Refusal("conflict_reason_missing")
    check_reviewer(application, reviewer=reviewer)
    try:
        with transaction.atomic():
            conflict = Conflict.objects.create(application=application, reviewer=reviewer, reason=reason.strip())
            audit_record(action="vetting.conflict_declared", actor_id=reviewer.pk,
                         organisation_id=application.network_id, target=application,
                         details={"conflict": conflict.pk})
    except IntegrityError:
        raise Refusal("conflict_declared_already") from None
    return conflict


def decide(*, application: Application, reviewer, accept: bool, reason: str, no_reference_reason: str = "",
           now: datetime | None = None) -> Application:
    """Accept or decline, once, with a written reason. Accepting makes the person a member of the network,
    or the organisation one of its member organisations; accepting a renewal renews it.

    A decision needs at least one reference answered, unless the reviewer writes why she decides without one.
    A renewal is decided once its member answered, or once the day it was asked to answer by has passed."""
    now = now or timezone.now()
    if not reason.strip():
        raise Refusal("reason_missing")
    check_reviewer(application, reviewer=reviewer)
    with transaction.atomic():
        # Only the application's row is locked: PostgreSQL locks no row of an outer join's nullable side.
        locked = (Application.objects.select_for_update(of=("self",))
                  .select_related("network", "applicant", "organisation").filter(pk=application.pk).first())
        if locked is None or not locked.is_open:
            raise Refusal("already_decided")
        if locked.status == Application.Status.ASKED and locked.answer_by > now:
            raise Refusal("renewal_not_answered")
        answered = locked.references.filter(status=Reference.Status.ANSWERED).exists()
        if not answered and not no_reference_reason.strip():
            raise Refusal("reference_missing")
        locked.status = Application.Status.ACCEPTED if accept else Application.Status.DECLINED
        locked.decided_at, locked.decided_by, locked.decision_reason = now, reviewer, reason.strip()
        locked.no_reference_reason = "" if answered else no_reference_reason.strip()
        locked.save(update_fields=["status", "decided_at", "decided_by", "decision_reason", "no_reference_reason"])
        if accept and not locked.is_renewal:
            admit(locked, actor=reviewer)
        audit_record(action="vetting.decided", actor_id=reviewer.pk, organisation_id=locked.network_id,
                     target=locked, details={"status": locked.status, "kind": locked.kind,
                                             "without_reference": not answered})
        _tell_decided(locked)
    return locked


def admit(application: Application, *, actor) -> None:
    """The person becomes a member of the network, or the organisation one of its member organisations."""
    if application.organisation_id:
        network_member_add(network=application.network, organisation=application.organisation, actor=actor)
    else:
        role_grant(organisation=application.network, user=application.applicant, role=Role.MEMBER, actor=actor)


def _tell_decided(application: Application) -> None:
    """Once committed, mail the applicant that there is an answer; the reason is read on the site. A renewal
    decided without the member's answer has no applicant: each of the member's administrators is told instead,
    and reads it on his applications page (selectors.applications_of)."""
    applicant = application.applicant
    if applicant is not None:
        transaction.on_commit(lambda: send_templated_mail(
            to=applicant.email, template="vetting/email/decided", language=applicant.language or None,
            context={"network_name": application.network.name, "path": reverse("vetting:mine")}))
        return
    for admin in (Membership.objects.filter(organisation_id=application.organisation_id, role=Role.ORG_ADMIN)
                  .select_related("user").order_by("pk")):
        user = admin.user
        transaction.on_commit(lambda user=user: send_templated_mail(
            to=user.email, template="vetting/email/renewal_decided", language=user.language or None,
            context={"network_name": application.network.name, "organisation_name": application.organisation.name,
                     "path": reverse("vetting:mine")}))


def withdraw(*, application: Application, person) -> Application:
    with transaction.atomic():
        locked = Application.objects.select_for_update().filter(pk=application.pk).first()
        if locked is None or locked.applicant_id != person.pk:
            raise Refusal("not_applicant")
        if locked.is_renewal:
            raise Refusal("renewal_not_withdrawn")
        if locked.status != Application.Status.WAITING:
            raise Refusal("not_waiting")
        locked.status = Application.Status.WITHDRAWN
        locked.save(update_fields=["status"])
        audit_record(action="vetting.withdrawn", actor_id=person.pk, organisation_id=locked.network_id,
                     target=locked, details={"status": locked.status})
    return locked
