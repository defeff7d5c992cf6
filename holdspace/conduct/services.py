"""Drafting, commenting on, publishing and signing an organisation's code of conduct.

Drafting is participatory: the administrator opens the draft's clauses for
comments until a date, members comment on each clause, the administrator
revises and publishes. Publishing makes a new numbered version that everyone
signs again; in a network, each member organisation signs through one of its
administrators. Every change is audited.
"""
import difflib
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import lru_cache
from pathlib import Path

from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, F, Max, OuterRef, Q
from django.db.models.functions import Lower
from django.utils import timezone

from holdspace.accounts.models import User
from holdspace.audit.services import audit_record
from holdspace.conduct.models import Clause, ClauseComment, CodeTranslation, CodeVersion, Signature
from holdspace.organisations.models import Membership, NetworkMembership, Organisation, Role
from holdspace.organisations.selectors import holds_role
from holdspace.web.content_files import content_read
from holdspace.web.languages import Shown, offered_language, shown_in_reader_language
from holdspace.web.refusals import Refusal
from holdspace.web.prepared import Prepared, columns, instance

STARTER = Path(__file__).resolve().parent / "starter.json"
POSITION_SHIFT = 100_000  # far past any clause's place, while clauses are reordered


@lru_cache(maxsize=None)
def starter_clauses(language: str) -> tuple[tuple[str, str], ...]:
    """The starter code written for Holdspace, as (title, text) pairs, in a language it is written in, else in
    English."""
    texts = content_read(STARTER)
    return tuple((clause["title"], clause["text"]) for clause in texts.get(language, texts["en"]))


def in_force(organisation: Organisation) -> CodeVersion | None:
    return CodeVersion.objects.filter(organisation=organisation, status=CodeVersion.Status.PUBLISHED).first()


def codes_in_force(organisation_ids) -> set[int]:
    """Which of these organisations have a code of conduct in force, in one query."""
    found = CodeVersion.objects.filter(organisation_id__in=list(organisation_ids), status=CodeVersion.Status.PUBLISHED)
    return set(found.values_list("organisation_id", flat=True))


def draft_of(organisation: Organisation) -> CodeVersion | None:
    return CodeVersion.objects.filter(organisation=organisation, status=CodeVersion.Status.DRAFT).first()


def versions_published(organisation: Organisation) -> list[CodeVersion]:
    """Every version that was ever in force, newest first, with how many people signed each."""
    return list(CodeVersion.objects.filter(organisation=organisation, number__gt=0)
                .annotate(people_signed=Count("signatures", filter=Q(signatures__person__isnull=False)),
                          organisations_signed=Count("signatures", filter=Q(signatures__on_behalf_of__isnull=False)))
                .order_by("-number"))


def version_numbered(organisation: Organisation, *, number: int) -> CodeVersion | None:
    if number < 1:
        return None
    return CodeVersion.objects.filter(organisation=organisation, number=number).first()


def draft_start(*, organisation: Organisation, actor, language: str, from_starter: bool = False) -> CodeVersion:
    """A new draft: the version in force to revise, or the starter code when there is none or when asked."""
    current = in_force(organisation)
    if draft_of(organisation) is not None:
        raise Refusal("draft_open")
    with transaction.atomic():
        try:
            with transaction.atomic():
                draft = CodeVersion.objects.create(organisation=organisation, language=language, created_by=actor)
        except IntegrityError:  # another administrator started one a moment ago
            raise Refusal("draft_open") from None
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
        raise Refusal("draft_gone")
    return locked


@dataclass(frozen=True)
class ClauseText:
    """A clause as the administrator left it: `clause_id` names the draft clause it revises, None for a new one."""
    title: str
    text: str
    clause_id: int | None = None


def clauses_save(*, draft: CodeVersion, actor, clauses: list[ClauseText]) -> None:
    """Replace the draft's clauses, in this order. A revised clause keeps its members' comments wherever it moves;
    a clause left out goes, with its comments, and the record says how many."""
    with transaction.atomic():
        locked = _locked_draft(draft)
        existing = {clause.pk: clause for clause in locked.clauses.all()}
        kept_ids = {entry.clause_id for entry in clauses if entry.clause_id in existing}
        removed = [pk for pk in existing if pk not in kept_ids]
        comments_removed = ClauseComment.objects.filter(clause_id__in=removed).count()
        Clause.objects.filter(pk__in=removed).delete()
        # Out of the way first, so that no two clauses ever hold one place while they move.
        Clause.objects.filter(pk__in=kept_ids).update(position=F("position") + POSITION_SHIFT)
        for position, entry in enumerate(clauses, start=1):
            clause = existing.get(entry.clause_id) if entry.clause_id in kept_ids else None
            if clause is None:
                Clause.objects.create(version=locked, position=position, title=entry.title, text=entry.text)
            else:
                kept_ids.discard(clause.pk)  # the same id given twice counts once; the second copy is new
                Clause.objects.filter(pk=clause.pk).update(position=position, title=entry.title, text=entry.text)
        audit_record(action="conduct.draft_revised", actor_id=actor.pk, organisation_id=locked.organisation_id,
                     target=locked, details={"clauses": len(clauses), "removed": len(removed),
                                             "comments_removed": comments_removed})


def draft_discard(*, draft: CodeVersion, actor) -> None:
    """Drop a draft and its members' comments; the version in force stays as it is."""
    with transaction.atomic():
        locked = _locked_draft(draft)
        audit_record(action="conduct.draft_discarded", actor_id=actor.pk, organisation_id=locked.organisation_id,
                     target=locked, details={"clauses": locked.clauses.count()})
        locked.delete()


def comments_open_until(*, draft: CodeVersion, actor, day: date) -> datetime:
    """Open the draft for comments until the end of `day`, in the organisation's time zone."""
    until = timezone.make_aware(datetime.combine(day, time.max))
    comments_open(draft=draft, actor=actor, until=until)
    return until


def comments_open(*, draft: CodeVersion, actor, until: datetime) -> None:
    if until <= timezone.now():
        raise Refusal("period_past")
    with transaction.atomic():
        locked = _locked_draft(draft)
        locked.comments_close_at = until
        locked.save(update_fields=["comments_close_at"])
        audit_record(action="conduct.comments_opened", actor_id=actor.pk, organisation_id=locked.organisation_id,
                     target=locked, details={"until": until.isoformat()})


def comments_are_open(version: CodeVersion) -> bool:
    return (version.status == CodeVersion.Status.DRAFT and version.comments_close_at is not None
            and version.comments_close_at > timezone.now())


def may_comment(person, *, organisation_id: int) -> bool:
    """Everyone with a role in the organisation comments on its draft code; on a network's draft, so do the
    administrators of its member organisations, who will sign it on their organisations' behalf (not while the
    network has suspended theirs)."""
    return Membership.objects.filter(
        Q(organisation_id=organisation_id)
        | Q(role=Role.ORG_ADMIN, organisation__network_links__network_id=organisation_id,
            organisation__network_links__suspension=None),
        user=person).exists()


def comment_add(*, clause: Clause, author, text: str) -> ClauseComment:
    """A comment on a draft clause, while comments are open."""
    version = CodeVersion.objects.get(pk=clause.version_id)  # read now: the period may have just opened or closed
    if not comments_are_open(version):
        raise Refusal("comments_closed")
    if not may_comment(author, organisation_id=version.organisation_id):
        raise Refusal("may_not_comment")
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
            raise Refusal("no_clause")
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


def sign(*, version: CodeVersion, person, read_in: str = "") -> Signature:
    """A member signs the version in force for himself; `read_in` is the language it was shown to him in (the
    signature is the version's, whichever language he read)."""
    if version.status != CodeVersion.Status.PUBLISHED:
        raise Refusal("not_in_force")
    if not signs_code(person, organisation_id=version.organisation_id):
        raise Refusal("not_bound")
    return _signature(version=version, signed_by=person, person=person, read_in=offered_language(read_in) or "")


def signs_code(person, *, organisation_id: int) -> bool:
    """Whether the code binds this person: any role here but partner representative alone."""
    return Membership.objects.filter(user=person, organisation_id=organisation_id).exclude(
        role=Role.PARTNER_REP).exists()


def sign_for_organisation(*, version: CodeVersion, organisation: Organisation, actor) -> Signature:
    """A member organisation of a network signs the network's code, through one of its administrators."""
    if version.status != CodeVersion.Status.PUBLISHED:
        raise Refusal("not_in_force")
    link = NetworkMembership.objects.filter(network_id=version.organisation_id, organisation=organisation).first()
    if link is None:
        raise Refusal("not_member_organisation")
    if link.suspension_id is not None:  # it signs again once the network lifts the suspension
        raise Refusal("member_suspended")
    if not holds_role(actor, organisation_id=organisation.pk, role=Role.ORG_ADMIN):
        raise Refusal("not_organisation_admin")
    return _signature(version=version, signed_by=actor, on_behalf_of=organisation)


def _signature(*, version: CodeVersion, signed_by, read_in: str = "", **who) -> Signature:
    try:
        with transaction.atomic():
            signature = Signature.objects.create(version=version, signed_by=signed_by, read_in=read_in, **who)
            audit_record(action="conduct.signed", actor_id=signed_by.pk, organisation_id=version.organisation_id,
                         target=version, details={"number": version.number,
                                                  "on_behalf_of": who["on_behalf_of"].pk if "on_behalf_of" in who
                                                  else None})
    except IntegrityError:
        raise Refusal("already_signed") from None
    return signature


# An administrator reads who has not signed by name; past this many, the page says how many more there are.
UNSIGNED_SHOWN = 200


@dataclass(frozen=True)
class SigningState:
    people_total: int
    people_signed: int
    unsigned_people: list  # the first UNSIGNED_SHOWN by name
    signed_organisations: list
    unsigned_organisations: list

    @property
    def unsigned_not_shown(self) -> int:
        return self.people_total - self.people_signed - len(self.unsigned_people)


def signing_state(version: CodeVersion) -> SigningState:
    """Who has signed the version and who has not: the organisation's people (counted, and the first of those who
    have not signed by name), and in a network its member organisations. Partner representatives sign nothing: the
    code binds the organisation, not its partners."""
    figures = signing_figures(version)
    bound = (Membership.objects.filter(organisation_id=version.organisation_id).exclude(role=Role.PARTNER_REP)
             .values("user_id"))
    unsigned = list(User.objects.filter(pk__in=bound).exclude(code_signatures__version=version)
                    .order_by(Lower("display_name"), "pk")[:UNSIGNED_SHOWN])
    signed_orgs = set(version.signatures.exclude(on_behalf_of=None).values_list("on_behalf_of_id", flat=True))
    # A member the network suspended is not counted, signed or not.
    members = [link.organisation for link in NetworkMembership.objects.filter(
        network_id=version.organisation_id, suspension=None).select_related("organisation")
        .order_by("organisation__name")]
    return SigningState(
        people_total=figures.people,
        people_signed=figures.people_signed,
        unsigned_people=unsigned,
        signed_organisations=[org for org in members if org.pk in signed_orgs],
        unsigned_organisations=[org for org in members if org.pk not in signed_orgs],
    )


@dataclass(frozen=True)
class SigningFigures:
    """How far signing has come, as counts only: what a public page may show."""
    people: int
    people_signed: int
    organisations: int
    organisations_signed: int


def signing_figures(version: CodeVersion) -> SigningFigures:
    """Counted in the database, so the cost does not grow with the number of people or member organisations."""
    bound = (Membership.objects.filter(organisation_id=version.organisation_id).exclude(role=Role.PARTNER_REP)
             .values("user_id"))
    members = NetworkMembership.objects.filter(network_id=version.organisation_id, suspension=None).values(
        "organisation_id")  # a member the network suspended is not counted, signed or not
    return SigningFigures(
        people=bound.distinct().count(),
        people_signed=version.signatures.filter(person_id__in=bound).count(),
        organisations=members.count(),
        organisations_signed=version.signatures.filter(on_behalf_of_id__in=members).count(),
    )


# Only the columns the home shows: read on every visit to a member's home, built once.
_AWAITING_SHOWN = ("id", "organisation_id", "number")
_AWAITING = Prepared(
    lambda organisations, person: CodeVersion.objects.filter(
        status=CodeVersion.Status.PUBLISHED, organisation_id__in=organisations)
    .exclude(pk__in=Signature.objects.filter(person_id=person).values("version_id"))
    .order_by().values_list(*columns(CodeVersion, only=_AWAITING_SHOWN)),
    organisations=list, person=int)


def awaiting_signature(*, person, organisations: list[Organisation]) -> list[CodeVersion]:
    """The versions in force this person has not signed yet, for his dashboard, of the organisations whose code
    binds him (where he holds a role other than partner representative, as the caller loaded them and in that
    order, each version given its own): one query, none when no code can bind him."""
    if not organisations:
        return []
    bound_in = {organisation.pk: organisation for organisation in organisations}
    versions = [instance(CodeVersion, values=row, only=_AWAITING_SHOWN)
                for row in _AWAITING.rows(organisations=list(bound_in), person=person.pk)]
    order = {pk: position for position, pk in enumerate(bound_in)}
    versions.sort(key=lambda version: order[version.organisation_id])
    for version in versions:
        version.organisation = bound_in[version.organisation_id]
    return versions


# Only what the home shows of each network: read on every visit to an administrator's home, built once.
_LINK_SHOWN, _NETWORK_SHOWN = ("id", "organisation_id", "network_id"), ("id", "name", "slug")
_UNSIGNED = Prepared(
    lambda organisations: NetworkMembership.objects.filter(
        Exists(CodeVersion.objects.filter(organisation_id=OuterRef("network_id"), status=CodeVersion.Status.PUBLISHED)),
        ~Exists(Signature.objects.filter(on_behalf_of_id=OuterRef("organisation_id"),
                                         version__organisation_id=OuterRef("network_id"),
                                         version__status=CodeVersion.Status.PUBLISHED)),
        organisation_id__in=organisations, suspension=None)
    .order_by("network__name", "network_id")
    .values_list(*columns(NetworkMembership, only=_LINK_SHOWN), *columns(Organisation, through="network__",
                                                                          only=_NETWORK_SHOWN)),
    organisations=list)


def organisations_awaiting_signature(*, organisations: list[Organisation]) -> list[NetworkMembership]:
    """Of the organisations this person administers (as the caller loaded them, each link given its own), those
    that have not signed their network's code in force, each with its network: one query, none when she
    administers nothing."""
    if not organisations:
        return []
    administered = {organisation.pk: organisation for organisation in organisations}
    links, split = [], len(_LINK_SHOWN)
    for row in _UNSIGNED.rows(organisations=list(administered)):
        link = instance(NetworkMembership, values=row[:split], only=_LINK_SHOWN)
        link.network = instance(Organisation, values=row[split:], only=_NETWORK_SHOWN)
        links.append(link)
    # By network as read, then in the order given (by name): no join to the organisations to sort by their names.
    order, networks = {pk: position for position, pk in enumerate(administered)}, {}
    for link in links:
        networks.setdefault(link.network_id, len(networks))
    links.sort(key=lambda link: (networks[link.network_id], order[link.organisation_id]))
    for link in links:
        link.organisation = administered[link.organisation_id]
    return links


@dataclass(frozen=True)
class NetworkCode:
    network: Organisation
    version: CodeVersion | None
    signature: Signature | None
    draft_open_for_comments: bool = False
    suspended: bool = False  # the network suspended this member: it signs again once the suspension is lifted


def network_codes(organisation: Organisation) -> list[NetworkCode]:
    """The codes of the networks this organisation belongs to, and whether it has signed each version in force."""
    links = list(NetworkMembership.objects.filter(organisation=organisation).select_related("network")
                 .order_by("network__name"))
    networks = [link.network for link in links]
    suspended = {link.network_id for link in links if link.suspension_id is not None}
    versions = {version.organisation_id: version for version in CodeVersion.objects.filter(
        organisation__in=networks, status=CodeVersion.Status.PUBLISHED).prefetch_related("clauses")}
    signatures = {signature.version_id: signature for signature in Signature.objects.filter(
        on_behalf_of=organisation, version__in=versions.values()).select_related("signed_by")}
    commenting = set(CodeVersion.objects.filter(organisation__in=networks, status=CodeVersion.Status.DRAFT,
                                                comments_close_at__gt=timezone.now())
                     .values_list("organisation_id", flat=True))
    return [NetworkCode(network, versions.get(network.pk),
                        signatures.get(versions[network.pk].pk) if network.pk in versions else None,
                        network.pk in commenting and network.pk not in suspended, network.pk in suspended)
            for network in networks]


@dataclass(frozen=True)
class ClauseChange:
    position: int
    title: str
    kind: str  # "added", "removed", "changed", "same"
    lines: list[str]  # a unified diff of the clause's text, empty when unchanged


def compare(older: CodeVersion, *, newer: CodeVersion) -> list[ClauseChange]:
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


def translations_of(version: CodeVersion) -> dict[str, CodeTranslation]:
    """The version's translations by language: one query, whatever the number of languages."""
    return {translation.language: translation for translation in CodeTranslation.objects.filter(version=version)}


def code_shown(version: CodeVersion, *, translations: dict[str, CodeTranslation], clauses: list[Clause],
               asks_original: bool = False, reader: str | None = None) -> Shown:
    """The version's change note and clauses in the reader's language when they were translated, else as written:
    `value` is (change note, [{"position", "title", "text"}, ...])."""
    original = (version.change_note, [{"position": clause.position, "title": clause.title, "text": clause.text}
                                      for clause in clauses])
    versions = {language: (found.change_note or version.change_note,
                           [{"position": position, **texts} for position, texts in
                            enumerate(found.clauses, start=1)])
                for language, found in translations.items()}
    return shown_in_reader_language(original=original, original_language=version.language, versions=versions,
                                    asks_original=asks_original, reader=reader)


def translation_save(*, version: CodeVersion, number: int, actor, language: str, clauses: list[tuple[str, str]],
                     change_note: str = "") -> CodeTranslation:
    """Add or replace the version in force in another offered language, one (title, text) for each of its clauses
    in their order. It belongs to this version: the next version starts untranslated. `number` is the version the
    translator read: words written for an earlier one are refused rather than given to the one now in force."""
    if offered_language(language) != language or language == version.language:
        raise Refusal("translation_language")
    clauses = [(title.strip(), text.strip()) for title, text in clauses]
    with transaction.atomic():
        locked = CodeVersion.objects.select_for_update().filter(pk=version.pk).first()
        if locked is None or locked.status != CodeVersion.Status.PUBLISHED or locked.number != number:
            raise Refusal("translation_stale")
        if len(clauses) != locked.clauses.count() or not all(title and text for title, text in clauses):
            raise Refusal("translation_clauses")
        translation, _created = CodeTranslation.objects.update_or_create(
            version=locked, language=language, defaults={
                "clauses": [{"title": title, "text": text} for title, text in clauses],
                "change_note": change_note.strip(), "updated_by": actor})
        audit_record(action="conduct.translated", actor_id=actor.pk, organisation_id=locked.organisation_id,
                     target=locked, details={"number": locked.number, "language": language,
                                             "clauses": len(clauses)})
    return translation
