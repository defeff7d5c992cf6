"""The public finder: circles open to new men, with their next session and places left.
One query for the page, whatever the number of circles shown."""
from dataclasses import dataclass

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from holdspace.circles.models import Circle, CircleMember, CircleSession

PAGE_SIZE = 20


@dataclass(frozen=True)
class FinderFilters:
    q: str = ""
    kind: str = ""
    language: str = ""
    where: str = ""  # "online", or part of a city's name


def finder(filters: FinderFilters, *, page: int = 1) -> tuple[list[Circle], bool]:
    """One page of open circles (soonest next session first) and whether another page follows."""
    now = timezone.now()
    members = (
        CircleMember.objects.filter(circle=OuterRef("pk"), status=CircleMember.Status.MEMBER)
        .order_by()
        .values("circle")
        .annotate(n=Count("pk"))
        .values("n")
    )
    circles: QuerySet[Circle] = Circle.objects.filter(open_to_new=True).select_related("organisation")
    if filters.kind:
        circles = circles.filter(kind=filters.kind)
    if filters.language:
        circles = circles.filter(language=filters.language)
    if filters.where == "online":
        circles = circles.filter(online=True)
    elif filters.where:
        circles = circles.filter(city__icontains=filters.where)
    if filters.q:
        circles = circles.filter(
            Q(name__icontains=filters.q) | Q(description__icontains=filters.q) | Q(city__icontains=filters.q)
        )
    circles = circles.annotate(
        places_left=F("capacity") - Coalesce(Subquery(members, output_field=IntegerField()), Value(0)),
    ).order_by(F("next_session_at").asc(nulls_last=True), "name", "pk")
    start = (page - 1) * PAGE_SIZE
    rows = list(circles[start : start + PAGE_SIZE + 1])
    for circle in rows:  # a session that passed since the daily refresh is not "next" any more
        circle.next_session = circle.next_session_at if circle.next_session_at and circle.next_session_at >= now else None
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE


def circle_public(slug: str) -> Circle | None:
    """A circle's public entry with its places left; any circle with a link may be shown."""
    members = Count("members", filter=Q(members__status=CircleMember.Status.MEMBER), distinct=True)
    return (
        Circle.objects.filter(slug=slug)
        .select_related("organisation")
        .annotate(places_left=F("capacity") - members)
        .first()
    )


def upcoming_sessions(circle: Circle, *, limit: int = 5) -> list[CircleSession]:
    return list(circle.sessions.filter(starts_at__gte=timezone.now())[:limit])
