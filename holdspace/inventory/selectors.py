"""Reading a man's personal work: his inventory (opened for him alone), his commitments, and what a circle's
facilitators see of those made in its rounds."""
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import psycopg
from django.db import connection
from django.db.models import OuterRef, Prefetch, QuerySet, Subquery

from holdspace.accounts.models import User
from holdspace.crypto.boxes import unlock_each
from holdspace.inventory.entries import OpenedEntry, entry_from
from holdspace.inventory.models import Commitment, CommitmentCheckIn, Entry
from holdspace.inventory.vault import OpenedVault, vault_tags


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
    return Commitment.objects.filter(owner=owner, pk=commitment_id).select_related("source_session__circle").first()


def commitments_from_circle(owner: User, *, circle_id: int) -> list[Commitment]:
    """His commitments made in the rounds of one circle."""
    return list(Commitment.objects.filter(owner=owner, source_session__circle_id=circle_id)
                .select_related("source_session"))


def commitments_of_round(*, source_session_id: int, owner_ids: Iterable[int]) -> dict[int, Commitment]:
    """The commitments made in one session's round, by owner."""
    return {c.owner_id: c for c in Commitment.objects.filter(source_session_id=source_session_id,
                                                              owner_id__in=list(owner_ids))}


def commitments_running(*, circle_id: int, before: datetime, owner_ids: Iterable[int],
                        check_ins_since: datetime) -> list[Commitment]:
    """The men's running commitments from the circle's sessions before `before`, newest first, each with
    its check-ins from `check_ins_since` up to `before` as `recent_check_ins`. Two queries, whatever the number."""
    return list(
        Commitment.objects.filter(
            source_session__circle_id=circle_id,
            source_session__starts_at__lt=before,
            owner_id__in=list(owner_ids),
            status=Commitment.Status.ACTIVE,
        )
        .prefetch_related(Prefetch(
            "check_ins", queryset=CommitmentCheckIn.objects.filter(at__gte=check_ins_since, at__lt=before),
            to_attr="recent_check_ins",
        ))
        .order_by("-created_at")
    )


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
    with connection.cursor() as cursor:
        cursor.execute(_PAGE, [owner.pk, ENTRIES_PER_PAGE + 1, (page - 1) * ENTRIES_PER_PAGE])
        rows = cursor.fetchall()
    shown = rows[:ENTRIES_PER_PAGE]
    opened = unlock_each(vault.data_key, boxes=[box for _pk, box, _written in shown])
    written = _written_at([written for _pk, _box, written in shown])
    return [entry_from(pk=pk, content=json.loads(raw), created_at=when)
            for (pk, _box, _written), raw, when in zip(shown, opened, written)], len(rows) > ENTRIES_PER_PAGE


# One page of his list, written out: it runs on every visit, and building it with the ORM cost more than
# running it. The index entry_owner_newest_first reads it in this order.
_PAGE = (f"SELECT id, box, created_at FROM {Entry._meta.db_table} WHERE owner_id = %s "
         f"ORDER BY created_at DESC, id DESC LIMIT %s OFFSET %s")
_CREATED_AT = Entry._meta.get_field("created_at").get_col(Entry._meta.db_table)


def _written_at(values: list) -> list[datetime]:
    """Dates read off the cursor as the ORM would give them (SQLite keeps them as text)."""
    converters = connection.ops.get_db_converters(_CREATED_AT)
    for convert in converters:
        values = [convert(value, _CREATED_AT, connection) for value in values]
    return values


def entries_exist(owner: User) -> bool:
    return Entry.objects.filter(owner=owner).exists()


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
