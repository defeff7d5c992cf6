"""Reading the register of partners' concerns, and the figures a public page may show about it."""
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Case, Count, IntegerField, Min, Q, QuerySet, Value, When
from django.utils import timezone

from holdspace.concerns.models import Concern
from holdspace.organisations.models import Membership, Organisation, Role
from holdspace.web.prepared import Prepared


def overdue_q(now: datetime) -> Q:
    return Q(status=Concern.Status.WAITING, respond_by__lt=now)


def register(organisation: Organisation, *, now: datetime | None = None, complaints: bool = False,
             reader=None):
    """Every concern, those waiting past their day first, then those waiting by their day, then the rest; with
    `complaints` (for the administrators of a network), the complaints about its members too, except those about
    an organisation the `reader` administers: he may be part of what a complaint is about."""
    now = now or timezone.now()
    kinds = [Concern.Kind.PARTNER, Concern.Kind.COMPLAINT] if complaints else [Concern.Kind.PARTNER]
    rank = Case(When(overdue_q(now), then=Value(0)), When(status=Concern.Status.WAITING, then=Value(1)),
                default=Value(2), output_field=IntegerField())
    found = Concern.objects.filter(organisation=organisation, kind__in=kinds)
    if complaints:
        found = found.exclude(kind=Concern.Kind.COMPLAINT, about_id__in=administered_by(reader))
    return (found
            .annotate(rank=rank, is_overdue=Case(When(overdue_q(now), then=Value(True)), default=Value(False)))
            .select_related("raised_by").order_by("rank", "respond_by", "-raised_at"))


def partner_concerns_exist(*, organisation: Organisation) -> bool:
    """Whether any partner representative has raised a concern with this organisation (complaints to a network
    about its members are not counted): one query."""
    return Concern.objects.filter(organisation=organisation, kind=Concern.Kind.PARTNER).exists()


def overdue_counts(*, organisation: Organisation, now: datetime | None = None) -> tuple[int, int]:
    """Partners' concerns, and complaints about a network's members, waiting past their day: one query."""
    counts = Concern.objects.filter(overdue_q(now or timezone.now()), organisation=organisation).aggregate(
        partners=Count("pk", filter=Q(kind=Concern.Kind.PARTNER)),
        complaints=Count("pk", filter=Q(kind=Concern.Kind.COMPLAINT)))
    return counts["partners"], counts["complaints"]


def administered_by(person) -> QuerySet:
    """The ids of the organisations this person administers, as a subquery (none for nobody)."""
    return Membership.objects.filter(user_id=getattr(person, "pk", None), role=Role.ORG_ADMIN).values(
        "organisation_id")


def complaint_of(organisation: Organisation, *, pk: int, reader=None, now: datetime | None = None) -> Concern | None:
    """One complaint lodged with this network, marked `is_overdue`, with who lodged it; none about an organisation
    the `reader` administers, unless he lodged it himself."""
    return (register(organisation, now=now, complaints=True).filter(kind=Concern.Kind.COMPLAINT, pk=pk)
            .exclude(Q(about_id__in=administered_by(reader)) & ~Q(raised_by_id=getattr(reader, "pk", None)))
            .select_related("about").first())


def complaints_lodged_by(*, person, network: Organisation) -> list[Concern]:
    """The complaints this person lodged with this network, newest first: one query."""
    return list(Concern.objects.filter(organisation=network, kind=Concern.Kind.COMPLAINT, raised_by=person)
                .order_by("-raised_at", "-pk"))


@dataclass(frozen=True)
class ConcernFigures:
    """Over the concerns raised in the last year: how many were answered within the policy's days."""
    raised: int
    answered_on_time: int
    answered_late: int
    late_unanswered: int  # still waiting for a first answer, past its day
    pending: int  # waiting for a first answer, still within its day

    @property
    def settled(self) -> int:
        return self.answered_on_time + self.answered_late + self.late_unanswered


def concern_figures(organisation: Organisation, *, now: datetime | None = None, days: int = 365,
                    since: datetime | None = None) -> ConcernFigures:
    """Over the concerns raised in the `days` days up to `now` (or from `since`, for a calendar year's report;
    bounded at `now` too, so a past year counts only what was raised in it)."""
    now = now or timezone.now()
    unanswered = Q(first_answered_at__isnull=True)
    counts = Concern.objects.filter(organisation=organisation, kind=Concern.Kind.PARTNER,
                                    raised_at__gte=since or now - timedelta(days=days),
                                    raised_at__lte=now).aggregate(
        raised=Count("pk"),
        on_time=Count("pk", filter=Q(answered_on_time=True)),
        late=Count("pk", filter=Q(answered_on_time=False)),
        # A concern closed by its partner before any answer is neither on time nor late.
        late_unanswered=Count("pk", filter=unanswered & Q(status=Concern.Status.WAITING, respond_by__lt=now)),
        pending=Count("pk", filter=unanswered & Q(status=Concern.Status.WAITING, respond_by__gte=now)),
    )
    return ConcernFigures(counts["raised"], counts["on_time"], counts["late"], counts["late_unanswered"],
                          counts["pending"])


@dataclass(frozen=True)
class ConcernsWaiting:
    """An organisation's open concerns, as the home shows them to its administrators or to its partners."""
    organisation: Organisation
    waiting: int  # waiting for the organisation's answer
    overdue: int  # of those, past the day the answer was owed
    next_due: datetime | None  # the earliest day an answer is owed that has not passed yet
    answered: int  # answered and not closed: the partner's turn to follow up or close


def concerns_waiting(*, organisations: list[Organisation], now: datetime | None = None) -> list[ConcernsWaiting]:
    """Per organisation where the person holds the role the caller chose (administrator or partner
    representative), as the caller loaded them, its concerns still open: one query, none for no organisation;
    organisations with none open are left out."""
    if not organisations:
        return []
    names = {organisation.pk: organisation for organisation in organisations}
    rows = _WAITING.rows(organisations=list(names), now=now or timezone.now())
    return [ConcernsWaiting(organisation=names[organisation_pk], waiting=waiting_count, overdue=overdue,
                            next_due=next_due, answered=answered_count)
            for organisation_pk, waiting_count, overdue, next_due, answered_count in rows]


# Read on every visit to an administrator's or a partner's home: built once, run many times.
_WAITING = Prepared(
    lambda organisations, now: Concern.objects.filter(organisation_id__in=organisations, kind=Concern.Kind.PARTNER)
    .exclude(status=Concern.Status.CLOSED).order_by("organisation_id").values_list("organisation_id").annotate(
        waiting=Count("pk", filter=Q(status=Concern.Status.WAITING)),
        overdue=Count("pk", filter=overdue_q(now)),
        next_due=Min("respond_by", filter=Q(status=Concern.Status.WAITING, respond_by__gte=now)),
        answered=Count("pk", filter=Q(status=Concern.Status.ANSWERED))),
    organisations=list, now=datetime)
