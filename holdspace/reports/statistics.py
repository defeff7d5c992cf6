"""Figures about how cases are handled, shown only over enough cases that
nobody can be picked out of them."""
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db.models import Count, F, Q, When
from django.db.models import Case as Choose  # the SQL CASE; Case is a report here
from django.utils import timezone

from holdspace.organisations.models import Organisation
from holdspace.reports.models import Case, CaseStage

MIN_CASES = 5
LONG_CASE_DAYS = 100


@dataclass(frozen=True)
class TimeToClose:
    cases: int
    median_days: float
    p90_days: float
    share_over_100_days: float


CACHE_SECONDS = 15 * 60


def time_to_close_shown(organisation: Organisation) -> TimeToClose | None:
    """The figure as the case list shows it: a year-long window changes slowly,
    so it is computed at most every quarter of an hour per server process."""
    return cache.get_or_set(f"hs:time-to-close:{organisation.pk}", lambda: (time_to_close(organisation),),
                            CACHE_SECONDS)[0]


def time_to_close(organisation: Organisation, *, now: datetime | None = None, days: int = 365,
                  since: datetime | None = None) -> TimeToClose | None:
    """Days from receipt to closing for the cases closed in the last `days` days, or since `since`
    (withdrawn reports are left out: nobody handled them to the end)."""
    now = now or timezone.now()
    closed = Case.objects.filter(handling_organisation=organisation, status=Case.Status.CLOSED,
                                 closed_at__gte=since or now - timedelta(days=days), closed_at__lte=now)
    count = closed.count()
    if count < MIN_CASES:
        return None
    # The database sorts and picks the ranks, so the cost stays small however many cases closed.
    ranked = closed.order_by("days_to_close").values_list("days_to_close", flat=True)
    middle = list(ranked[(count - 1) // 2 : count // 2 + 1])
    median = sum(middle) / len(middle)
    p90 = ranked[math.ceil(0.9 * count) - 1]  # nearest rank
    long_cases = closed.filter(days_to_close__gt=LONG_CASE_DAYS).count()
    return TimeToClose(count, round(median, 1), round(p90, 1), round(long_cases / count, 3))


@dataclass(frozen=True)
class StagesOnTime:
    cases: int
    stages: int
    share_on_time: float

    @property
    def percent_on_time(self) -> int:
        return round(self.share_on_time * 100)


def stages_on_time(organisation: Organisation, *, now: datetime | None = None, days: int = 365,
                   since: datetime | None = None) -> StagesOnTime | None:
    """Of the case stages completed in the last `days` days (or since `since`), the share completed by their
    deadline; None over fewer than MIN_CASES cases, so that no one's case can be read out of it."""
    return stages_on_time_of(organisations=[organisation.pk], now=now or timezone.now(), days=days,
                             since=since).get(organisation.pk)


def stages_on_time_of(*, organisations: list[int], now: datetime, days: int = 365,
                      since: datetime | None = None) -> dict[int, StagesOnTime]:
    """`stages_on_time` for each of these organisations, in one query whatever their number; organisations with
    fewer than MIN_CASES cases are left out. A stage counts for the organisation that had the case when the stage
    started: when a network stepped in, the stages before (the late one included) stay the organisation's, and
    the network's count from then on."""
    stepped_in = F("case__stepped_in_at")
    owner = Choose(When(Q(case__stepped_in_at__isnull=False, started_at__lt=stepped_in),
                        then=F("case__stepped_in_from_id")), default=F("case__handling_organisation_id"))
    # Narrowed first to the cases these organisations had (indexed), then counted for the one that had each stage.
    had = Case.objects.filter(Q(handling_organisation_id__in=organisations) | Q(stepped_in_from_id__in=organisations))
    window = Q(completed_at__gte=since or now - timedelta(days=days), completed_at__lte=now)
    rows = (CaseStage.objects.filter(window, case_id__in=had.values("pk"))
            .annotate(owner=owner).filter(owner__in=organisations).order_by("owner").values_list("owner")
            .annotate(cases=Count("case_id", distinct=True), stages=Count("pk"),
                      on_time=Count("pk", filter=Q(completed_at__lte=F("due_at")))))
    return {owner_id: StagesOnTime(cases, stages, round(on_time / stages, 3))
            for owner_id, cases, stages, on_time in rows if cases >= MIN_CASES}
