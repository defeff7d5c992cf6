"""Reading a man's personal work: his inventory (opened for him alone), his commitments, what his
accountability partner sees of one, and what a circle's facilitators see of those made in its rounds.
Words are opened here with the key of the person reading, in his request only."""
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import nacl.public
import psycopg
from django.db import connection
from django.db.models import Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from holdspace.accounts.models import User
from holdspace.crypto.boxes import CannotOpen, unlock_each
from holdspace.inventory.amends import OpenedPlan, amends_plan_unbox, amends_plans_unbox_from
from holdspace.inventory.commitments import CHANGE_WAIT, next_check_in_due
from holdspace.inventory.entries import OpenedEntry, entry_from
from holdspace.inventory.models import (
    AmendsPlan,
    Commitment,
    CommitmentCheckIn,
    Encouragement,
    Entry,
    PartnerInvitation,
)
from holdspace.inventory.sealing import commitment_key_open, commitment_text, words_open
from holdspace.inventory.vault import OpenedVault, vault_tags
from holdspace.keys.selectors import public_keys_of
from holdspace.web.prepared import Prepared, Slice, count_of
from holdspace.web.scalars import Scalar


def commitments_of(owner: User) -> list[Commitment]:
    """His commitments, newest first, each with all its check-ins (newest first) as `all_check_ins`."""
    return list(
        Commitment.objects.filter(owner=owner)
        .select_related("source_session__circle")
        .prefetch_related(Prefetch("check_ins", queryset=CommitmentCheckIn.objects.order_by("-at", "-pk"),
                                   to_attr="all_check_ins"))
    )


def commitment_of(owner: User, *, commitment_id: int) -> Commitment | None:
    """One of his commitments; None for anyone else's."""
    return Commitment.objects.filter(owner=owner, pk=commitment_id) \
        .select_related("source_session__circle", "partner").first()


def commitment_partnered(partner: User, *, commitment_id: int) -> Commitment | None:
    """A commitment this person is the accountability partner of; None otherwise."""
    return Commitment.objects.filter(partner=partner, pk=commitment_id).select_related("owner").first()


def partnered_by(partner: User) -> list[Commitment]:
    """The commitments this person supports as a partner, running ones first, each with its check-ins
    (newest first) as `all_check_ins`."""
    return sorted(
        Commitment.objects.filter(partner=partner).select_related("owner")
        .prefetch_related(Prefetch("check_ins", queryset=CommitmentCheckIn.objects.order_by("-at", "-pk"),
                                   to_attr="all_check_ins")),
        key=lambda c: (c.status != Commitment.Status.ACTIVE, -c.created_at.timestamp()))


def invitations_for(invitee: User, *, now: datetime | None = None) -> list[PartnerInvitation]:
    """Invitations to partner that a man addressed to this member by choosing him from a circle."""
    return list(PartnerInvitation.objects.filter(invitee=invitee, status=PartnerInvitation.Status.OPEN,
                                                 expires_at__gt=now or timezone.now())
                .select_related("commitment__owner"))


def invitation_of(invitee: User, *, invitation_id: int) -> PartnerInvitation | None:
    return PartnerInvitation.objects.filter(invitee=invitee, pk=invitation_id) \
        .select_related("commitment__owner").first()


def invitation_for_owner(owner: User, *, invitation_id: int) -> PartnerInvitation | None:
    return PartnerInvitation.objects.filter(commitment__owner=owner, pk=invitation_id) \
        .select_related("commitment").first()


@dataclass(slots=True)
class SealedCheckIn:
    """A check-in as a circle's facilitators see it: how it went, when, and his note once opened (`.note`)."""

    outcome: str
    at: datetime
    note_box: bytes | memoryview | None
    note: str = ""


@dataclass(slots=True)
class SealedCommitment:
    """A commitment as a circle's facilitators read it, with only what they need: its words still locked
    (`commitments_open` and `owners_with_new_keys` take it as they take a Commitment), and no model built for each
    of the forty men's."""

    pk: int
    owner_id: int
    check_in_every: str
    box: bytes | memoryview
    seal_owner: bytes | memoryview | None
    seal_owner_to: bytes | memoryview | None
    seal_partner: bytes | memoryview | None
    seal_partner_to: bytes | memoryview | None
    seal_circle: bytes | memoryview | None
    seal_circle_to: bytes | memoryview | None
    text: str | None = None
    recent_check_ins: list[SealedCheckIn] = field(default_factory=list)


_SEALED = ("pk", "owner_id", "check_in_every", "box", "seal_owner", "seal_owner_to", "seal_partner",
           "seal_partner_to", "seal_circle", "seal_circle_to")


def commitments_open(commitments: Iterable[Commitment | SealedCommitment], *,
                     private_key: nacl.public.PrivateKey | None, check_ins: str = "") -> None:
    """Open each commitment's words with this key, in place: `.text` (None when it is not sealed to this
    key) and, on the check-ins prefetched under the attribute `check_ins`, `.note`."""
    for commitment in commitments:
        key = commitment_key_open(commitment, private_key=private_key)
        commitment.text = commitment_text(commitment, key=key) if key is not None else None
        for check_in in getattr(commitment, check_ins, ()) if check_ins else ():
            check_in.note = _words(key, check_in.note_box)


@dataclass(frozen=True)
class OpenedCommitment:
    """One commitment as its man or his partner reads it."""

    commitment: Commitment
    text: str
    check_ins: list[CommitmentCheckIn]  # newest first, each with `.note`
    encouragements: list[tuple[Encouragement, str]]
    next_due: datetime | None
    change_takes_effect: datetime | None  # when a change he asked for takes effect


CHECK_INS_SHOWN = 50


def _words(key: bytes | None, box) -> str:
    """Words locked with the commitment's key; none when there are none, or when this key no longer opens them
    (a box left under an earlier key is shown as nothing rather than breaking the page)."""
    if key is None or box is None:
        return ""
    try:
        return words_open(key, box=box)
    except CannotOpen:
        return ""


def commitment_opened(commitment: Commitment, *, key: bytes) -> OpenedCommitment:
    """A commitment's words, its latest check-ins with their notes and its encouragements, opened with its key."""
    check_ins = list(commitment.check_ins.order_by("-at", "-pk")[:CHECK_INS_SHOWN])
    for check_in in check_ins:
        check_in.note = _words(key, check_in.note_box)
    encouragements = [(each, _words(key, each.box))
                      for each in Encouragement.objects.filter(commitment=commitment).select_related("author")[:20]]
    return OpenedCommitment(
        commitment, commitment_text(commitment, key=key), check_ins, encouragements,
        next_check_in_due(commitment, latest=check_ins[0].at if check_ins else None),
        commitment.change_asked_at + CHANGE_WAIT if commitment.change_asked_at else None,
    )


@dataclass(frozen=True)
class Waiting:
    invitation: PartnerInvitation
    whom: str  # the address he wrote, or the member's name


def invitation_waiting(commitment: Commitment, *, key: bytes, now: datetime | None = None) -> Waiting | None:
    """The invitation to partner still waiting for an answer, with whom it asks, for the man's page."""
    found = PartnerInvitation.objects.filter(commitment=commitment, status=PartnerInvitation.Status.OPEN,
                                             expires_at__gt=now or timezone.now()).select_related("invitee").first()
    if found is None:
        return None
    whom = _words(key, found.address_box) if found.address_box is not None else found.invitee.display_name
    return Waiting(found, whom)


def invitation_answered(commitment: Commitment) -> PartnerInvitation | None:
    """The latest invitation that was declined, for the man to read that it was (while he has no partner)."""
    return PartnerInvitation.objects.filter(commitment=commitment,
                                            status=PartnerInvitation.Status.DECLINED).first()


@dataclass(frozen=True)
class Week:
    starts: date
    kept: int
    partly: int
    not_yet: int


def check_in_weeks(commitment: Commitment, *, today: date, weeks: int = 12) -> list[Week]:
    """His check-ins by how they went, week by week (Monday to Sunday), the oldest of `weeks` first, from
    the week he made it at the earliest."""
    this_week = today - timedelta(days=today.weekday())
    made = timezone.localtime(commitment.created_at).date()
    first = max(this_week - timedelta(weeks=weeks - 1), made - timedelta(days=made.weekday()))
    counts: dict[date, Counter] = {}
    for outcome, at in commitment.check_ins.filter(at__gte=timezone.make_aware(
            datetime.combine(first, datetime.min.time()))).values_list("outcome", "at"):
        day = timezone.localtime(at).date()
        counts.setdefault(day - timedelta(days=day.weekday()), Counter())[outcome] += 1
    found, start = [], first
    while start <= this_week:
        count = counts.get(start, Counter())
        found.append(Week(start, count[CommitmentCheckIn.Outcome.KEPT], count[CommitmentCheckIn.Outcome.PARTLY],
                          count[CommitmentCheckIn.Outcome.NOT_YET]))
        start += timedelta(weeks=1)
    return found


def commitments_from_circle(owner: User, *, circle_id: int) -> list[Commitment]:
    """His commitments made in the rounds of one circle."""
    return list(Commitment.objects.filter(owner=owner, source_session__circle_id=circle_id)
                .select_related("source_session"))


# Read for a circle's session page on each view of it: built once, run many times.
_OF_ROUND = Prepared(
    lambda session, owners: Commitment.objects.filter(source_session_id=session, owner_id__in=owners)
    .order_by().values_list(*_SEALED),
    session=int, owners=list)


def commitments_of_round(*, source_session_id: int, owner_ids: Iterable[int]) -> dict[int, SealedCommitment]:
    """The commitments made in one session's round, by owner."""
    return {row[1]: SealedCommitment(*row) for row in _OF_ROUND.rows(session=source_session_id,
                                                                      owners=list(owner_ids))}


def _running(*, circle: int, before: datetime, owners: list[int], prefix: str = "") -> dict:
    return {f"{prefix}source_session__circle_id": circle, f"{prefix}source_session__starts_at__lt": before,
            f"{prefix}owner_id__in": owners, f"{prefix}status": Commitment.Status.ACTIVE}


_RUNNING = Prepared(
    lambda circle, before, owners: Commitment.objects.filter(**_running(circle=circle, before=before, owners=owners))
    .order_by("-created_at").values_list(*_SEALED),
    circle=int, before=datetime, owners=list)
_RUNNING_CHECK_INS = Prepared(
    lambda circle, before, owners, since: CommitmentCheckIn.objects.filter(
        **_running(circle=circle, before=before, owners=owners, prefix="commitment__"), at__gte=since, at__lt=before,
    ).order_by("-at", "-pk").values_list("commitment_id", "outcome", "at", "note_box"),
    circle=int, before=datetime, owners=list, since=datetime)


def commitments_running(*, circle_id: int, before: datetime, owner_ids: Iterable[int],
                        check_ins_since: datetime) -> list[SealedCommitment]:
    """The men's running commitments from the circle's sessions before `before`, newest first, each with
    its check-ins from `check_ins_since` up to `before` (newest first) as `recent_check_ins`. Two queries,
    whatever the number."""
    owners = list(owner_ids)
    found = [SealedCommitment(*row) for row in _RUNNING.rows(circle=circle_id, before=before, owners=owners)]
    if found:
        by_pk = {commitment.pk: commitment for commitment in found}
        for commitment_id, outcome, at, note_box in _RUNNING_CHECK_INS.rows(
                circle=circle_id, before=before, owners=owners, since=check_ins_since):
            by_pk[commitment_id].recent_check_ins.append(SealedCheckIn(outcome, at, note_box))
    return found


def round_outcomes(*, circle_id: int) -> Counter:
    """For the commitments made in a circle's rounds: how many have each outcome at their latest check-in
    (None: no check-in yet). Counts only, never whose."""
    latest = CommitmentCheckIn.objects.filter(commitment=OuterRef("pk")).order_by("-at", "-pk").values("outcome")[:1]
    return Counter(
        Commitment.objects.filter(source_session__circle_id=circle_id)
        .annotate(latest=Subquery(latest))
        .values_list("latest", flat=True)
    )


# His inventory. Entries are opened here, in his request only: nothing of them is indexed on the
# server, so searching reads his own opened entries, never a column.

def entry_of(owner: User, *, entry_id: int) -> Entry | None:
    """One of his entries, still locked; None for anyone else's."""
    return Entry.objects.filter(owner=owner, pk=entry_id).first()


ENTRIES_PER_PAGE = 25


def entries_newest(owner: User, *, vault: OpenedVault | None, page: int = 1) -> tuple[list[OpenedEntry], bool]:
    """One page of his entries, newest first, opened (only that page is); and whether older ones follow (one
    more row is read instead of counting them all)."""
    if vault is None:
        return [], False
    rows = _PAGE.rows(owner=owner.pk, start=(page - 1) * ENTRIES_PER_PAGE, length=ENTRIES_PER_PAGE + 1)
    shown = rows[:ENTRIES_PER_PAGE]
    opened = unlock_each(vault.data_key, boxes=[box for _pk, box, _written in shown])
    return [entry_from(pk=pk, content=json.loads(raw), created_at=written)
            for (pk, _box, written), raw in zip(shown, opened)], len(rows) > ENTRIES_PER_PAGE


# One page of his list (and one more row, to know whether older ones follow): it runs on every visit. The index
# entry_owner_newest_first reads it in this order.
_PAGE = Prepared(
    lambda owner, start, length: Entry.objects.filter(owner_id=owner).order_by("-created_at", "-pk")
    .values_list("id", "box", "created_at")[start:start + length],
    owner=int, start=Slice, length=Slice)


def entries_exist(owner: User) -> bool:
    return Entry.objects.filter(owner=owner).exists()


def _page_opened(rows, *, page: int, per_page: int, unbox) -> tuple[list, int]:
    """One page of boxed rows in their own order, opened (only that page is); and how many there are."""
    start = (page - 1) * per_page
    shown = rows.only("pk", "box", "created_at", "updated_at")[start:start + per_page]
    return [unbox(row) for row in shown], rows.count()


@dataclass(frozen=True)
class Found:
    entries: list[OpenedEntry]  # the page asked for
    matching: int  # how many of his entries match
    total: int  # how many he has


def _rows(query: QuerySet) -> list[tuple]:
    """The rows of a values_list query read straight off the database cursor: for thousands of boxes the ORM's
    work on each row costs more than the query itself. On PostgreSQL the rows come in binary, so each box is
    sent as its bytes instead of twice as many hexadecimal digits to read back (about half the time). Still
    one query, counted and logged as any other."""
    sql, params = query.query.sql_with_params()
    with _binary_cursor() if connection.vendor == "postgresql" else connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _binary_cursor():
    """A cursor of the request's own connection whose results come in binary (psycopg's client-side cursor,
    Django's default, cannot), wrapped as Django wraps its own."""
    connection.ensure_connection()
    cursor = psycopg.Cursor(connection.connection)
    cursor.format = psycopg.pq.Format.BINARY
    return connection.make_debug_cursor(cursor) if connection.queries_logged else connection.make_cursor(cursor)


def entries_search(owner: User, *, vault: OpenedVault | None, words: str = "", tag: str = "",
                   page: int = 1) -> Found:
    """His entries holding every one of `words` (in the title, the text or a tag) and carrying `tag`, newest
    first: each is opened to look in it, here in his request; only the page shown becomes an entry."""
    if vault is None:
        return Found([], 0, 0)
    wanted = [word.casefold() for word in words.split()]
    tag = tag.casefold()
    # Only the boxes are read for all of them, in the index's order; the dates come for the page shown.
    rows = _rows(Entry.objects.filter(owner=owner).values_list("pk", "box"))
    # A first look in the opened box as it is (written without escapes, see entries._box) leaves out most
    # entries cheaply; those left are read properly. Words a box would escape skip the first look.
    looked_for = [*wanted, tag] if tag else wanted
    quick = all('"' not in word and "\\" not in word and word.isprintable() for word in looked_for)
    first_look = looked_for if quick else []
    matching = []
    for (pk, _box), opened in zip(rows, unlock_each(vault.data_key, boxes=[box for _pk, box in rows])):
        raw = opened.decode()
        if first_look:  # a plain loop rather than all(): this runs for each of his entries
            folded, missing = raw.casefold(), False
            for word in first_look:
                if word not in folded:
                    missing = True
                    break
            if missing:
                continue
        content = json.loads(raw)
        if tag and tag not in {each.casefold() for each in content["tags"]}:
            continue
        haystack = " ".join((content["title"], content["text"], *content["tags"])).casefold()
        if all(word in haystack for word in wanted):
            matching.append((pk, content))
    start = (page - 1) * ENTRIES_PER_PAGE
    page_rows = matching[start:start + ENTRIES_PER_PAGE]
    dates = {pk: (created_at, updated_at) for pk, created_at, updated_at in Entry.objects.filter(
        owner=owner, pk__in=[pk for pk, _content in page_rows]).values_list("pk", "created_at", "updated_at")}
    shown = [entry_from(pk=pk, content=content, created_at=dates[pk][0], updated_at=dates[pk][1])
             for pk, content in page_rows if pk in dates]
    return Found(shown, len(matching), len(rows))


def tags_used(vault: OpenedVault | None) -> list[tuple[str, int]]:
    """His tags with how many entries carry each, most used first (from his vault's count, one box read with it)."""
    return sorted(vault_tags(vault).items(), key=lambda item: (-item[1], item[0].casefold()))


# His amends plans, opened like his entries: in his request, with his data key.

def amends_plan_of(owner: User, *, plan_id: int) -> AmendsPlan | None:
    """One of his amends plans, still locked; None for anyone else's."""
    return AmendsPlan.objects.filter(owner=owner, pk=plan_id).first()


PLANS_PER_PAGE = 25


def amends_plans_changed(owner: User, *, data_key: bytes | None, page: int = 1) -> tuple[list[OpenedPlan], int]:
    """One page of his plans, the last changed first, opened (only that page is); and how many he has."""
    if data_key is None:
        return [], 0
    return _page_opened(AmendsPlan.objects.filter(owner=owner), page=page, per_page=PLANS_PER_PAGE,
                        unbox=lambda plan: amends_plan_unbox(plan, data_key=data_key))


def amends_plans_from_entry(owner: User, *, data_key: bytes | None, entry_id: int) -> list[OpenedPlan]:
    """His plans made from one of his entries, the last changed first. Which entry a plan came from is inside
    its box, so each of his plans is opened to look."""
    if data_key is None:
        return []
    rows = AmendsPlan.objects.filter(owner=owner).values_list("pk", "box", "created_at", "updated_at")
    return amends_plans_unbox_from(rows, data_key=data_key, entry_id=entry_id)


@dataclass(frozen=True)
class PersonalWorkWaiting:
    """What of his personal work waits for him, in counts read from plain fields (nothing is opened)."""

    check_ins_due: int
    invitations: int  # to be someone's accountability partner, chosen from a circle
    supported: int  # commitments he supports as a partner


_INVITATIONS = Prepared(lambda user, now: count_of(PartnerInvitation.objects.filter(
    invitee_id=user, status=PartnerInvitation.Status.OPEN, expires_at__gt=now)), user=int, now=datetime)


def partner_invitations_asked(*, user: User, now: datetime) -> Scalar:
    """How many open invitations ask him to be someone's accountability partner, to be asked with the home's other
    counts (web.scalars)."""
    return Scalar(_INVITATIONS, user=user.pk, now=now)


# His running commitments (his own, and those he supports as a partner) and the latest check-in of each: it runs
# on every visit to his home.
_RUNNING_OF_USER = Prepared(
    lambda user: Commitment.objects.filter(Q(owner_id=user) | Q(partner_id=user), status=Commitment.Status.ACTIVE)
    .order_by().values_list("pk", "owner_id", "check_in_every", "created_at").annotate(latest=Max("check_ins__at")),
    user=int)


def personal_work_waiting(*, user: User, invitations: int, now: datetime | None = None) -> PersonalWorkWaiting:
    """One query, whatever the number of his commitments and their check-ins, with the invitations to be his
    partner as the caller counted them (`partner_invitations_asked`, asked with the home's other counts)."""
    now = now or timezone.now()
    due = supported = 0
    for _pk, owner_id, check_in_every, created_at, latest in _RUNNING_OF_USER.rows(user=user.pk):
        if owner_id != user.pk:
            supported += 1
            continue
        commitment = Commitment(check_in_every=check_in_every, created_at=created_at, status=Commitment.Status.ACTIVE)
        if (when := next_check_in_due(commitment, latest=latest)) is not None and when <= now:
            due += 1
    return PersonalWorkWaiting(
        check_ins_due=due,
        invitations=invitations,
        supported=supported,
    )


def owners_with_new_keys(commitments: Iterable[Commitment | SealedCommitment]) -> set[int]:
    """Of these commitments' men, those whose key changed since their commitment was sealed to them (they
    cannot read it until someone who checked with them opens it to the new key). One query."""
    commitments = list(commitments)
    current = public_keys_of({c.owner_id for c in commitments})
    return {c.owner_id for c in commitments
            if c.seal_owner_to is not None and c.owner_id in current
            and (c.seal_owner is None or bytes(c.seal_owner_to) != current[c.owner_id])}
