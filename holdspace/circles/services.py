"""Changes to circles."""
from datetime import datetime

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from holdspace.circles.models import Circle, CircleSession


def next_session_refresh(*, circle_ids=None, now: datetime | None = None) -> int:
    """Store each circle's next session; call after sessions change, and daily as sessions pass."""
    now = now or timezone.now()
    upcoming = CircleSession.objects.filter(circle=OuterRef("pk"), starts_at__gte=now).order_by("starts_at")
    circles = Circle.objects.all() if circle_ids is None else Circle.objects.filter(pk__in=circle_ids)
    return circles.update(next_session_at=Subquery(upcoming.values("starts_at")[:1]))
