"""A handler's workbench: the counts on her home, search and filters over her organisation's cases, and
related cases linked by hand."""
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import nacl.public
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from holdspace.accounts.models import User
from holdspace.audit.services import audit_record
from holdspace.crypto.boxes import CannotOpen, open_sealed
from holdspace.organisations.models import Organisation
from holdspace.reports.access import cases_visible_to, is_handler, visible_cases
from holdspace.reports.classification import classification_read
from holdspace.reports.models import Case, CaseKey, CaseLink
from holdspace.reports.pathways import Stage
from holdspace.reports.people import person_tag
from holdspace.reports.selectors import PAGE_SIZE, CasePage, cases_waiting_for_grant
from holdspace.web.prepared import Prepared, Slice, columns, instance
from holdspace.web.refusals import Refusal

WEEK = timedelta(days=7)


@dataclass(frozen=True)
class HandlerCounts:
    new: int  # open, not yet acknowledged
    waiting: int  # open cases she has no key to yet
    overdue: int
    due_this_week: int
    unread: int  # messages from the reporter or the respondent not yet read by a handler
    unread_cases: int

    @property
    def any(self) -> bool:
        return any((self.new, self.waiting, self.overdue, self.due_this_week, self.unread))


def _counts(*, user: int, organisation: int, tag: str, now: datetime, week_end: datetime):
    """Her open cases' figures in one row (none when she has no open case): her open cases are read from the covering
    index of the organisation's open cases (case_work), her key to each."""
    return visible_cases(user=user, organisation=organisation, tag=tag).filter(status=Case.Status.OPEN).order_by(
    ).values_list("handling_organisation").annotate(
        new=Count("pk", filter=Q(stage=Stage.ACKNOWLEDGE, acknowledged_at__isnull=True)),
        overdue=Count("pk", filter=Q(stage_due_at__lt=now)),
        due_this_week=Count("pk", filter=Q(stage_due_at__gte=now, stage_due_at__lt=week_end)),
        unread=Sum("unread_for_handlers"),
        unread_cases=Count("pk", filter=Q(unread_for_handlers__gt=0)),
    )


_COUNTS = Prepared(_counts, user=int, organisation=int, tag=str, now=datetime, week_end=datetime)


def handler_counts(user: User, *, organisation: Organisation, now: datetime | None = None,
                   handler_checked: bool = False) -> HandlerCounts:
    """Her home's figures: one aggregate over the cases she may see, one count of cases waiting for a grant
    (`handler_checked` as for cases_visible_to)."""
    now = now or timezone.now()
    if not handler_checked and not is_handler(user, organisation=organisation):
        return HandlerCounts(new=0, waiting=0, overdue=0, due_this_week=0, unread=0, unread_cases=0)
    found = _COUNTS.first(user=user.pk, organisation=organisation.pk, tag=person_tag(user), now=now,
                          week_end=now + WEEK)
    _organisation, new, overdue, due_this_week, unread, unread_cases = found or (None, 0, 0, 0, 0, 0)
    return HandlerCounts(
        new=new, waiting=cases_waiting_for_grant(user, organisation=organisation), overdue=overdue,
        due_this_week=due_this_week, unread=unread or 0, unread_cases=unread_cases,
    )


# Search and filters. The clear columns are filtered by the database; a type or a severity is sealed in each
# case, so those two filters open the cases' classifications with the handler's own key, in this request, over
# at most SEALED_SCAN cases (the most recent first), after every clear filter has narrowed them. Opening one
# costs a sealed-box open (X25519) and a secret-box open: 0.07 ms (median; 0.1 at the 90th percentile) on the
# 2-core development machine, so a full scan of 500 adds 33-49 ms (bench/sealed_filters.py, bench/README.md).
SEALED_SCAN = 500


@dataclass
class CaseFilters:
    show: str = "open"  # open, closed or all
    stage: str = ""
    overdue: bool = False
    pathway: str = ""
    kind: str = ""
    case_type: str = ""
    severity: str = ""
    handler: int | None = None
    received_from: date | None = None
    received_to: date | None = None
    mine: bool = False

    @property
    def sealed(self) -> bool:
        return bool(self.case_type or self.severity)


@dataclass
class SearchResult:
    page: CasePage
    now: datetime
    scanned: int = 0  # cases whose sealed classification was opened
    cut_short: bool = False  # more cases matched the clear filters than SEALED_SCAN
    seconds: float = 0.0


# What her list shows of a case (in the model's order, as web/prepared.py `instance` makes one of them), and
# whether it is assigned to her.
LISTED = ("id", "reference", "kind", "pathway", "status", "stage", "stage_due_at", "outcome", "risk", "received_at",
          "closed_at", "unread_for_handlers")
# The filters that compare a value of their own (a prepared query's stand-in), with its kind.
VALUED = {"stage": str, "pathway": str, "kind": str, "handler": int}


def _listed(*, user: int, organisation: int, tag: str, filters: CaseFilters, now: datetime) -> QuerySet[Case]:
    """The cases she may see (visible_cases) with these filters, in the list's order, each with whether it is
    assigned to her; also built by a prepared query, with stand-ins for her, the organisation and the values."""
    cases = visible_cases(user=user, organisation=organisation, tag=tag).annotate(
        assigned_to_me=Exists(CaseKey.objects.filter(case=OuterRef("pk"), user_id=user, assigned=True))
    )
    if filters.show == "closed":
        cases = cases.exclude(status=Case.Status.OPEN).order_by("-closed_at", "-pk")
    elif filters.show == "all":
        cases = cases.order_by("-received_at", "-pk")
    else:
        cases = cases.filter(status=Case.Status.OPEN).order_by("stage_due_at", "pk")
    if filters.stage:
        cases = cases.filter(stage=filters.stage)
    if filters.overdue:
        cases = cases.filter(status=Case.Status.OPEN, stage_due_at__lt=now)
    if filters.pathway:
        cases = cases.filter(pathway=filters.pathway)
    if filters.kind:
        cases = cases.filter(kind=filters.kind)
    # The cases assigned to her (or to a handler) are read from the few keys assigned (case_key_assigned), not
    # found among all the open cases one by one: SQLite reads a subquery of ids first, never a correlated EXISTS.
    if filters.mine:
        cases = cases.filter(pk__in=CaseKey.objects.filter(user_id=user, assigned=True).values("case_id"))
    if filters.handler:
        cases = cases.filter(pk__in=CaseKey.objects.filter(user_id=filters.handler, assigned=True).values("case_id"))
    if filters.received_from:
        cases = cases.filter(received_at__date__gte=filters.received_from)
    if filters.received_to:
        cases = cases.filter(received_at__date__lte=filters.received_to)
    return cases


# One prepared query for each shape of page asked (the quick view, and which filters of a value are given), run
# with the page's values: building the list with the ORM took most of its own time (2.5 of 2.8 ms). A filter by
# the day received compares a column's day, which a prepared query refuses: such a page is built each time.
_PAGES: dict[tuple, Prepared] = {}


def _page_rows(user: User, *, organisation: Organisation, filters: CaseFilters, now: datetime, start: int,
               length: int) -> list[tuple]:
    """The rows of a page of her list: LISTED's columns, then whether the case is assigned to her."""
    given = tuple(name for name in VALUED if getattr(filters, name))
    shape = ("closed" if filters.show == "closed" else "all" if filters.show == "all" else "open",
             bool(filters.overdue), bool(filters.mine), given)
    values = {name: getattr(filters, name) for name in given} | ({"now": now} if filters.overdue else {})
    asked = dict(user=user.pk, organisation=organisation.pk, tag=person_tag(user), start=start, length=length)

    def build(*, user, organisation, tag, start, length, now=None, **valued):
        shaped = CaseFilters(show=shape[0], overdue=shape[1], mine=shape[2], **valued)
        return _listed(user=user, organisation=organisation, tag=tag, filters=shaped, now=now).values_list(
            *columns(Case, only=LISTED), "assigned_to_me")[start:start + length]

    if filters.received_from or filters.received_to:
        return list(_listed(user=asked["user"], organisation=asked["organisation"], tag=asked["tag"], filters=filters,
                            now=now).values_list(*columns(Case, only=LISTED), "assigned_to_me")[start:start + length])
    query = _PAGES.get(shape)
    if query is None:
        kinds = {name: VALUED[name] for name in given} | ({"now": datetime} if filters.overdue else {})
        query = _PAGES[shape] = Prepared(build, user=int, organisation=int, tag=str, start=Slice, length=Slice,
                                         **kinds)
    return query.rows(**asked, **values)


def _case_of(row: tuple) -> Case:
    case = instance(Case, values=row[:-1], only=LISTED)
    case.assigned_to_me = bool(row[-1])
    return case


def case_search(user: User, *, organisation: Organisation, filters: CaseFilters, page: int,
                private_key: nacl.public.PrivateKey | None = None, now: datetime | None = None,
                handler_checked: bool = False) -> SearchResult:
    """`handler_checked` as for cases_visible_to."""
    now = now or timezone.now()
    if not handler_checked and not is_handler(user, organisation=organisation):
        return SearchResult(CasePage([], page, has_next=False), now)
    start = (page - 1) * PAGE_SIZE
    if not filters.sealed or private_key is None:
        # No total count: one row more than a page says whether there is a next one.
        rows = [_case_of(row) for row in _page_rows(user, organisation=organisation, filters=filters, now=now,
                                                    start=start, length=PAGE_SIZE + 1)]
        return SearchResult(CasePage(rows[:PAGE_SIZE], page, has_next=len(rows) > PAGE_SIZE), now)
    cases = _listed(user=user.pk, organisation=organisation.pk, tag=person_tag(user), filters=filters,
                    now=now).only(*LISTED, "classification")
    began = time.perf_counter()
    candidates = list(cases.filter(classification__isnull=False)[: SEALED_SCAN + 1])
    cut_short = len(candidates) > SEALED_SCAN
    candidates = candidates[:SEALED_SCAN]
    sealed_keys = dict(CaseKey.objects.filter(user=user, case__in=[c.pk for c in candidates])
                       .values_list("case_id", "sealed"))
    matching = []
    for case in candidates:
        try:
            data_key = open_sealed(private_key, sealed=bytes(sealed_keys[case.pk]))
        except (KeyError, CannotOpen):
            continue  # a case his key does not open (an older key) cannot be searched
        judged = classification_read(case, data_key=data_key)
        if (not filters.case_type or judged.case_type == filters.case_type) and (
                not filters.severity or judged.severity == filters.severity):
            matching.append(case)
    rows = matching[start: start + PAGE_SIZE + 1]
    return SearchResult(CasePage(rows[:PAGE_SIZE], page, has_next=len(rows) > PAGE_SIZE), now,
                        scanned=len(candidates), cut_short=cut_short, seconds=time.perf_counter() - began)


# Related cases, linked by hand: both of the handler's organisation, both cases she can see.


def related_cases(case: Case, *, user: User) -> list[Case]:
    """The cases linked to this one that this handler may see (others are not mentioned)."""
    linked = CaseLink.objects.filter(Q(first=case) | Q(second=case)).values_list("first_id", "second_id")
    ids = {a if b == case.pk else b for a, b in linked}
    if not ids:
        return []
    return list(cases_visible_to(user, organisation=case.handling_organisation).filter(pk__in=ids)
                .only("reference", "status", "stage", "kind", "pathway").order_by("received_at", "pk"))


def case_link(case: Case, *, actor: User, other_reference: str, now: datetime | None = None) -> Case:
    """Link two cases of the handler's organisation; she must be able to see both."""
    other = cases_visible_to(actor, organisation=case.handling_organisation).filter(
        reference=other_reference.strip().upper()).first()
    if other is None:
        raise Refusal("unknown_related_case")
    if other.pk == case.pk:
        raise Refusal("same_case")
    first, second = sorted([case.pk, other.pk])
    try:
        with transaction.atomic():
            CaseLink.objects.create(first_id=first, second_id=second, linked_by=actor, linked_at=now or timezone.now())
            for one, two in ((case, other), (other, case)):
                audit_record(action="case.linked", actor_id=actor.pk, organisation_id=one.handling_organisation_id,
                             target=one, details={"case": two.pk})
    except IntegrityError:
        raise Refusal("already_linked") from None
    return other


def case_unlink(case: Case, *, actor: User, other_reference: str) -> None:
    other = cases_visible_to(actor, organisation=case.handling_organisation).filter(reference=other_reference).first()
    if other is None:
        raise Refusal("unknown_related_case")
    first, second = sorted([case.pk, other.pk])
    with transaction.atomic():
        if not CaseLink.objects.filter(first_id=first, second_id=second).delete()[0]:
            raise Refusal("unknown_related_case")
        for one, two in ((case, other), (other, case)):
            audit_record(action="case.unlinked", actor_id=actor.pk, organisation_id=one.handling_organisation_id,
                         target=one, details={"case": two.pk})
