"""Drafting, commenting on, publishing and signing an organisation's code of conduct.

Drafting is participatory: the administrator opens the draft's clauses for
comments until a date, members comment on each clause, the administrator
revises and publishes. Publishing makes a new numbered version that everyone
signs again; in a network, each member organisation signs through one of its
administrators. Every change is audited.
"""
import difflib
import json
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from holdspace.audit.services import audit_record
from holdspace.conduct.models import Clause, ClauseComment, CodeVersion, Signature
from holdspace.organisations.models import Membership, NetworkMembership, Organisation, Role

STARTER = Path(__file__).resolve().parent / "starter.json"


class ConductError(Exception):
    """A step the code's state does not allow; the message names which."""


@lru_cache(maxsize=None)
def starter_clauses(language: str) -> tuple[tuple[str, str], ...]:
    """The starter code written for Holdspace, as (title, text) pairs, in English or Spanish."""
    texts = json.loads(STARTER.read_text(encoding="utf-8"))
    return tuple((clause["title"], clause["text"]) for clause in texts.get(language, texts["en"]))


def in_force(organisation: Organisation) -> CodeVersion | None:
    return CodeVersion.objects.filter(organisation=organisation, status=CodeVersion.Status.PUBLISHED).first()


def draft_of(organisation: Organisation) -> CodeVersion | None:
    return CodeVersion.objects.filter(organisation=organisation, status=CodeVersion.Status.DRAFT).first()


def draft_start(*, organisation: Organisation, actor, language: str, from_starter: bool = False) -> CodeVersion:
    """A new draft: the version in force to revise, or the starter code when there is none or when asked."""
    current = in_force(organisation)
    with transaction.atomic():
        if draft_of(organisation) is not None:
            raise ConductError("a draft is already open")
        draft = CodeVersion.objects.create(organisation=organisation, language=language, created_by=actor)
        if current is not None and not from_starter:
            pairs = [(clause.title, clause.text) for clause in current.clauses.all()]
        else:
            pairs = list(starter_clauses(language))
        Clause.objects.bulk_create(Clause(version=draft, position=n, title=title, text=text)
                                   for n, (title, text) in enumerate(pairs, start=1))
        audit_record(action="conduct.draft_started", actor_id=actor.pk, organisation_id=organisation.pk,
                     target=draft, details={"from": "starter" if current is None or from_starter else "in_force"})
    return draft


def _locked_draft(draft: CodeVersion) -> CodeVersion:
    locked = CodeVersion.objects.select_for_update().filter(pk=draft.pk).first()
    if locked is None or locked.status != CodeVersion.Status.DRAFT:
        raise ConductError("this version is no longer a draft")
    return locked


def clauses_save(*, draft: CodeVersion, actor, clauses: list[tuple[str, str]]) -> None:
    """Replace the draft's clauses, in order. Comments stay with clauses that keep their place."""
    with transaction.atomic():
        locked = _locked_draft(draft)
        existing = {clause.position: clause for clause in locked.clauses.all()}
        for position, (title, text) in enumerate(clauses, start=1):
            clause = existing.pop(position, None)
            if clause is None:
                Clause.objects.create(version=locked, position=position, title=title, text=text)
            elif (clause.title, clause.text) != (title, text):
                clause.title, clause.text = title, text
                clause.save(update_fields=["title", "text"])
        Clause.objects.filter(pk__in=[clause.pk for clause in existing.values()]).delete()
        audit_record(action="conduct.draft_revised", actor_id=actor.pk, organisation_id=locked.organisation_id,
                     target=locked, details={"clauses": len(clauses)})


def comments_open(*, draft: CodeVersion, actor, until: datetime) -> None:
    if until <= timezone.now():
        raise ConductError("the comment period must end in the future")
    with transaction.atomic():
        locked = _locked_draft(draft)
        locked.comments_close_at = until
        locked.save(update_fields=["comments_close_at"])
        audit_record(action="conduct.comments_opened", actor_id=actor.pk, organisation_id=locked.organisation_id,
                     target=locked, details={"until": until.isoformat()})


def comments_are_open(version: CodeVersion) -> bool:
    return (version.status == CodeVersion.Status.DRAFT and version.comments_close_at is not None
            and version.comments_close_at > timezone.now())


def comment_add(*, clause: Clause, author, text: str) -> ClauseComment:
    """A member's comment on a draft clause, while comments are open."""
    version = CodeVersion.objects.get(pk=clause.version_id)  # read now: the period may have just opened or closed
    if not comments_are_open(version):
        raise ConductError("comments are not open on this draft")
    if not Membership.objects.filter(user=author, organisation_id=version.organisation_id).exists():
        raise ConductError("only the organisation's members comment on its code")
    with transaction.atomic():
        comment = ClauseComment.objects.create(clause=clause, author=author, text=text.strip())
        audit_record(action="conduct.commented", actor_id=author.pk, organisation_id=version.organisation_id,
                     target=version, details={"clause": clause.position})
    return comment


def publish(*, draft: CodeVersion, actor, change_note: str) -> CodeVersion:
    """The draft comes into force with the next number; the version before it is replaced, and everyone is asked
    to sign again."""
    with transaction.atomic():
        locked = _locked_draft(draft)
        if not locked.clauses.exists():
            raise ConductError("a code needs at least one clause")
        previous = (CodeVersion.objects.select_for_update()
                    .filter(organisation_id=locked.organisation_id, status=CodeVersion.Status.PUBLISHED).first())
        if previous is not None:
            previous.status = CodeVersion.Status.SUPERSEDED
            previous.save(update_fields=["status"])
        highest = (CodeVersion.objects.filter(organisation_id=locked.organisation_id)
                   .aggregate(highest=Max("number"))["highest"] or 0)
        locked.number = highest + 1
        locked.status = CodeVersion.Status.PUBLISHED
        locked.published_at = timezone.now()
        locked.comments_close_at = None
        locked.change_note = change_note.strip()
        locked.save(update_fields=["number", "status", "published_at", "comments_close_at", "change_note"])
        audit_record(action="conduct.published", actor_id=actor.pk, organisation_id=locked.organisation_id,
                     target=locked, details={"number": locked.number,
                                             "replaces": previous.number if previous else None})
    return locked


def sign(*, version: CodeVersion, person) -> Signature:
    """A member signs the version in force for himself."""
    if version.status != CodeVersion.Status.PUBLISHED:
        raise ConductError("only the version in force is signed")
    if not signs_code(person, version.organisation_id):
        raise ConductError("only the organisation's members sign its code")
    return _signature(version=version, signed_by=person, person=person)


def signs_code(person, organisation_id: int) -> bool:
    """Whether the code binds this person: any role here but partner representative alone."""
    return Membership.objects.filter(user=person, organisation_id=organisation_id).exclude(
        role=Role.PARTNER_REP).exists()


def sign_for_organisation(*, version: CodeVersion, organisation: Organisation, actor) -> Signature:
    """A member organisation of a network signs the network's code, through one of its administrators."""
    if version.status != CodeVersion.Status.PUBLISHED:
        raise ConductError("only the version in force is signed")
    if not NetworkMembership.objects.filter(network_id=version.organisation_id, organisation=organisation).exists():
        raise ConductError("only the network's member organisations sign on their own behalf")
    if not Membership.objects.filter(user=actor, organisation=organisation, role=Role.ORG_ADMIN).exists():
        raise ConductError("an organisation signs through one of its administrators")
    return _signature(version=version, signed_by=actor, on_behalf_of=organisation)


def _signature(*, version: CodeVersion, signed_by, **who) -> Signature:
    try:
        with transaction.atomic():
            signature = Signature.objects.create(version=version, signed_by=signed_by, **who)
            audit_record(action="conduct.signed", actor_id=signed_by.pk, organisation_id=version.organisation_id,
                         target=version, details={"number": version.number,
                                                  "on_behalf_of": who["on_behalf_of"].pk if "on_behalf_of" in who
                                                  else None})
    except IntegrityError:
        raise ConductError("already signed") from None
    return signature


@dataclass(frozen=True)
class SigningState:
    signed_people: list
    unsigned_people: list
    signed_organisations: list
    unsigned_organisations: list

    @property
    def people_total(self) -> int:
        return len(self.signed_people) + len(self.unsigned_people)


def signing_state(version: CodeVersion) -> SigningState:
    """Who has signed the version and who has not: the organisation's people, and in a network its member
    organisations. Partner representatives sign nothing: the code binds the organisation, not its partners."""
    signed = set(version.signatures.exclude(person=None).values_list("person_id", flat=True))
    people = {m.user_id: m.user for m in Membership.objects.filter(organisation_id=version.organisation_id)
              .exclude(role=Role.PARTNER_REP).select_related("user")}
    signed_orgs = set(version.signatures.exclude(on_behalf_of=None).values_list("on_behalf_of_id", flat=True))
    members = [link.organisation for link in
               NetworkMembership.objects.filter(network_id=version.organisation_id).select_related("organisation")]
    by_name = sorted(people.values(), key=lambda user: user.display_name.lower())
    return SigningState(
        signed_people=[user for user in by_name if user.pk in signed],
        unsigned_people=[user for user in by_name if user.pk not in signed],
        signed_organisations=[org for org in members if org.pk in signed_orgs],
        unsigned_organisations=[org for org in members if org.pk not in signed_orgs],
    )


@dataclass(frozen=True)
class ClauseChange:
    position: int
    title: str
    kind: str  # "added", "removed", "changed", "same"
    lines: list[str]  # a unified diff of the clause's text, empty when unchanged


def compare(older: CodeVersion, newer: CodeVersion) -> list[ClauseChange]:
    """Clause by clause, what changed between two versions, matched by title, then by place."""
    before = {clause.title: clause for clause in older.clauses.all()}
    changes = []
    for clause in newer.clauses.all():
        earlier = before.pop(clause.title, None)
        if earlier is None:
            changes.append(ClauseChange(clause.position, clause.title, "added", clause.text.splitlines()))
            continue
        lines = list(difflib.unified_diff(earlier.text.splitlines(), clause.text.splitlines(), lineterm="", n=1))
        changes.append(ClauseChange(clause.position, clause.title, "changed" if lines else "same", lines[2:]))
    for clause in before.values():
        changes.append(ClauseChange(clause.position, clause.title, "removed", clause.text.splitlines()))
    return changes
