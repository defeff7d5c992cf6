"""Figures about how cases are handled, shown only over enough cases that
nobody can be picked out of them."""
import math
import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from holdspace.organisations.models import Organisation
from holdspace.reports.models import Case

MIN_CASES = 5
LONG_CASE_DAYS = 100


@dataclass(frozen=True)
class TimeToClose:
    cases: int
    median_days: float
    p90_days: float
    share_over_100_days: float


def time_to_close(organisation: Organisation, *, now: datetime | None = None, days: int = 365) -> TimeToClose | None:
    """Days from receipt to closing for the cases closed in the last `days` days
    (withdrawn reports are left out: nobody handled them to the end)."""
    now = now or timezone.now()
    spans = sorted(
        (closed - received).total_seconds() / 86400
        for received, closed in Case.objects.filter(
            handling_organisation=organisation, status=Case.Status.CLOSED, closed_at__gte=now - timedelta(days=days),
            closed_at__lte=now,
        ).values_list("received_at", "closed_at")
    )
    if len(spans) < MIN_CASES:
        return None
    p90 = spans[math.ceil(0.9 * len(spans)) - 1]  # nearest rank
    long_cases = sum(1 for span in spans if span > LONG_CASE_DAYS)
    return TimeToClose(len(spans), round(statistics.median(spans), 1), round(p90, 1), round(long_cases / len(spans), 3))
