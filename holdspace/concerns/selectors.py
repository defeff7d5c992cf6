"""Reading the register of partners' concerns, and the figures a public page may show about it."""
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.utils import timezone

from holdspace.concerns.models import Concern
from holdspace.organisations.models import Organisation
from holdspace.web.rows import placeholders, rows_read
from holdspace.web.scalars import moment


def overdue_q(now: datetime) -> Q:
    return Q(status=Concern.Status.WAITING, respond_by__lt=now)


def register(organisation: Organisation, *, now: datetime | None = None):
    """Every concern, those waiting past their day first, then those waiting by their day, then the rest."""
    now = now or timezone.now()
    rank = Case(When(overdue_q(now), then=Value(0)), When(status=Concern.Status.WAITING, then=Value(1)),
                default=Value(2), output_field=IntegerField())
    return (Concern.objects.filter(organisation=organisation)
            .annotate(rank=rank, is_overdue=Case(When(overdue_q(now), then=Value(True)), default=Value(False)))
            .select_related("raised_by").order_by("rank", "respond_by", "-raised_at"))


def overdue_count(organisation: Organisation) -> int:
    return Concern.objects.filter(overdue_q(timezone.now()), organisation=organisation).count()


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


def concern_figures(organisation: Organisation, *, now: datetime | None = None, days: int = 365) -> ConcernFigures:
    now = now or timezone.now()
    unanswered = Q(first_answered_at__isnull=True)
    counts = Concern.objects.filter(organisation=organisation, raised_at__gte=now - timedelta(days=days)).aggregate(
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
    now = moment(now or timezone.now())
    names = {organisation.pk: organisation for organisation in organisations}
    waiting, answered = Concern.Status.WAITING.value, Concern.Status.ANSWERED.value
    # Written out: read on every visit to an administrator's or a partner's home, and building it with the ORM
    # cost more than running it. Overdue as overdue_q says: waiting, and past the day the answer was owed.
    rows = rows_read(
        "SELECT organisation_id, COUNT(CASE WHEN status = %s THEN 1 END), "
        "COUNT(CASE WHEN status = %s AND respond_by < %s THEN 1 END), "
        "MIN(CASE WHEN status = %s AND respond_by >= %s THEN respond_by END), "
        f"COUNT(CASE WHEN status = %s THEN 1 END) FROM {Concern._meta.db_table} "
        f"WHERE organisation_id IN ({placeholders(names)}) AND status <> %s "
        "GROUP BY organisation_id ORDER BY organisation_id",
        params=[waiting, waiting, now, waiting, now, answered, *names, Concern.Status.CLOSED.value],
        fields=[None, None, None, Concern._meta.get_field("respond_by"), None])
    return [ConcernsWaiting(organisation=names[organisation_pk], waiting=waiting_count, overdue=overdue,
                            next_due=next_due, answered=answered_count)
            for organisation_pk, waiting_count, overdue, next_due, answered_count in rows]
