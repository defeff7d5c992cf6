"""Reading circles: the public finder (one query for the page, whatever the number
of circles shown), a facilitator's circles, and a session's agenda and roster."""
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, F, IntegerField, Min, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from holdspace.accounts.models import User
from holdspace.circles.feedback import FEEDBACK_DAYS, MIN_ANSWERS
from holdspace.circles.library import ExerciseText, exercise_text_from
from holdspace.circles.models import (
    FINDER_ORDER,
    AgendaItem,
    Attendance,
    Circle,
    CircleFacilitator,
    CircleMember,
    CircleSession,
    SessionNote,
    place_taken,
)
from holdspace.inventory.fellows import Fellow
from holdspace.inventory.selectors import SealedCommitment, commitments_of_round, commitments_running
from holdspace.organisations.models import Organisation
from holdspace.web.prepared import Prepared, columns, count_of, instance
from holdspace.web.scalars import Scalar

PAGE_SIZE = 20


@dataclass(frozen=True)
class FinderFilters:
    q: str = ""
    kind: str = ""
    language: str = ""
    where: str = ""  # "online", or part of a city's name


# The part of the site the finder and circles' public entries show, for the shared cache of public pages
# (web.public_pages).
CIRCLE_PAGES = "circles"


def finder(filters: FinderFilters, *, page: int = 1) -> tuple[list[Circle], bool]:
    """One page of open circles (soonest next session first, those with none last) and whether another
    page follows. One query: the page's circles are picked in the open circles' index order, and only
    they are joined to their organisation and have their members counted."""
    now = timezone.now()
    circles: QuerySet[Circle] = Circle.objects.filter(open_to_new=True)
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
    start = (page - 1) * PAGE_SIZE
    picked = circles.order_by(*FINDER_ORDER).values("pk")[start : start + PAGE_SIZE + 1]
    members = (
        CircleMember.objects.filter(place_taken(), circle=OuterRef("pk"))
        .order_by()
        .values("circle")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = list(
        Circle.objects.filter(pk__in=picked)
        .select_related("organisation")
        .annotate(places_left=F("capacity") - Coalesce(Subquery(members, output_field=IntegerField()), Value(0)))
        .order_by(*FINDER_ORDER)
    )
    for circle in rows:  # a session that passed since the daily refresh is not "next" any more
        circle.next_session = circle.next_session_at if circle.next_session_at and circle.next_session_at >= now else None
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE


def circle_public(slug: str) -> Circle | None:
    """A circle's public entry with its places left (offered places taken); any circle with a link may be shown."""
    members = Count("members", filter=place_taken("members__"), distinct=True)
    return (
        Circle.objects.filter(slug=slug)
        .select_related("organisation")
        .annotate(places_left=F("capacity") - members)
        .first()
    )


def upcoming_sessions(circle: Circle, *, limit: int = 5) -> list[CircleSession]:
    return list(circle.sessions.filter(starts_at__gte=timezone.now())[:limit])


def first_name(user: User) -> str:
    """What other members see of a man: the first word of the name he chose."""
    name = (user.display_name or "").strip()
    return name.split()[0] if name else "—"


def circles_facilitated(*, organisation: Organisation, user: User) -> list[Circle]:
    """The circles this person facilitates here, with counts of members and of requests waiting for an answer."""
    return list(
        Circle.objects.filter(organisation=organisation, facilitator_links__user=user)
        .annotate(
            member_count=Count("members", filter=Q(members__status=CircleMember.Status.MEMBER), distinct=True),
            asking_count=Count("members", filter=Q(members__status=CircleMember.Status.ASKED), distinct=True),
        )
        .order_by("name")
    )


def circles_without_facilitator(*, organisation: Organisation) -> list[Circle]:
    return list(Circle.objects.filter(organisation=organisation, facilitator_links__isnull=True).order_by("name"))


# Every page of a circle its facilitator opens reads it first: built once, run many times.
_FACILITATED = Prepared(
    lambda organisation, slug, user: Circle.objects.filter(
        organisation_id=organisation, slug=slug, facilitator_links__user_id=user)
    .values_list(*columns(Circle))[:1],
    organisation=int, slug=str, user=int)
_SESSION = Prepared(
    lambda circle, session: CircleSession.objects.filter(circle_id=circle, pk=session).values_list(
        *columns(CircleSession)),
    circle=int, session=int)


def session_in(circle: Circle, *, session_id: int) -> CircleSession | None:
    """One of the circle's sessions, with the circle already read."""
    found = _SESSION.rows(circle=circle.pk, session=session_id)
    if not found:
        return None
    session = instance(CircleSession, values=found[0])
    session.circle = circle
    return session


def circle_facilitated(*, organisation: Organisation, slug: str, user: User) -> Circle | None:
    """The circle if this person facilitates it in this organisation; None otherwise."""
    found = _FACILITATED.rows(organisation=organisation.pk, slug=slug, user=user.pk)
    return instance(Circle, values=found[0]) if found else None


def people_of_circle(circle: Circle, *, statuses: Iterable[str]) -> list[CircleMember]:
    return list(
        CircleMember.objects.filter(circle=circle, status__in=list(statuses))
        .select_related("user")
        .order_by("joined_at", "pk")
    )


def membership_of(circle: Circle, *, user: User | AnonymousUser) -> CircleMember | None:
    if not user.is_authenticated:
        return None
    return CircleMember.objects.filter(circle=circle, user=user).select_related("circle").first()


def belongs_to(circle: Circle, *, user: User | AnonymousUser) -> bool:
    """A member or a facilitator of the circle: someone who may know where it meets."""
    if not user.is_authenticated:
        return False
    return (
        circle.facilitator_links.filter(user=user).exists()
        or CircleMember.objects.filter(circle=circle, user=user, status=CircleMember.Status.MEMBER).exists()
    )


def memberships_of(user: User) -> list[CircleMember]:
    """A man's circles and requests, with each circle's next session."""
    return list(
        CircleMember.objects.filter(user=user)
        .exclude(status=CircleMember.Status.LEFT)
        .select_related("circle", "circle__organisation")
        .order_by("-joined_at")
    )


def sessions_of(circle: Circle, *, upcoming: bool, limit: int = 20) -> list[CircleSession]:
    now = timezone.now()
    sessions = circle.sessions.all()
    if upcoming:
        return list(sessions.filter(starts_at__gte=now).order_by("starts_at")[:limit])
    return list(sessions.filter(starts_at__lt=now).order_by("-starts_at")[:limit])


@dataclass
class AgendaLine:
    pk: int  # the agenda item's
    minutes: int
    kind: str  # the exercise's
    text: ExerciseText
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True, slots=True)
class RosterMember:
    """A man on a session's roster, as its pages need him: read as plain values, not as forty models."""

    pk: int  # his place in the circle (CircleMember)
    user_id: int
    display_name: str
    status: str


@dataclass
class RosterLine:
    member: RosterMember
    present: bool | None  # None: attendance not taken yet
    commitment: SealedCommitment | None  # made in this session's round
    earlier: list[SealedCommitment] = field(default_factory=list)  # from earlier sessions, with recent check-ins


# Read on each view of a session's page: built once, run many times.
_AGENDA = Prepared(
    lambda session: AgendaItem.objects.filter(session_id=session).order_by("position", "pk").values_list(
        "pk", "minutes", "exercise__kind", "exercise__key", "exercise__title", "exercise__purpose",
        "exercise__materials", "exercise__steps", "exercise__notes"),
    session=int)


def agenda_of(session: CircleSession, *, language: str) -> tuple[list[AgendaLine], int]:
    """The agenda with each exercise's clock times, and the minutes planned."""
    lines, clock, total = [], session.starts_at, 0
    for pk, minutes, kind, key, title, purpose, materials, steps, notes in _AGENDA.rows(session=session.pk):
        ends = clock + timedelta(minutes=minutes)
        text = exercise_text_from(key=key, title=title, purpose=purpose, materials=materials, steps=steps,
                                  notes=notes, language=language)
        lines.append(AgendaLine(pk, minutes, kind, text, clock, ends))
        clock, total = ends, total + minutes
    return lines, total


def _eligible(ends) -> tuple[Q, Q]:
    """The circle's members who had joined by `ends`."""
    return Q(decided_at__isnull=True) | Q(decided_at__lte=ends), Q(status=CircleMember.Status.MEMBER)


def eligible_members(session: CircleSession) -> QuerySet[CircleMember]:
    """The circle's members who had joined by the end of the session."""
    return CircleMember.objects.filter(*_eligible(session.starts_at + timedelta(minutes=session.duration_minutes)),
                                       circle_id=session.circle_id)


def _roster_members(*, circle: int, session: int, ends: datetime) -> QuerySet:
    marked = Attendance.objects.filter(session_id=session, user_id=OuterRef("user_id"))
    return (CircleMember.objects.filter(circle_id=circle)
            .filter(Q(*_eligible(ends)) | Q(Exists(marked)))
            .annotate(present=Subquery(marked.values("present")[:1]))
            .order_by("user__display_name", "pk")
            .values_list("pk", "user_id", "user__display_name", "status", "present"))


# The roster is read on every view of a session's page and with each change to it: built once, run many times.
_ROSTER_MEMBERS = Prepared(_roster_members, circle=int, session=int, ends=datetime)
_PREVIOUS_SESSION = Prepared(
    lambda circle, before: CircleSession.objects.filter(circle_id=circle, starts_at__lt=before)
    .order_by("-starts_at").values_list("starts_at")[:1],
    circle=int, before=datetime)


def roster_of(session: CircleSession) -> list[RosterLine]:
    """Everyone who belongs at this session (members who had joined by its end, and anyone
    marked at it), whether he came, his commitment from its round and, for current members,
    his running commitments from earlier sessions with their check-ins between the session
    before this one and this one. A fixed number of queries, whatever the number of men."""
    rows = _ROSTER_MEMBERS.rows(circle=session.circle_id, session=session.pk,
                                ends=session.starts_at + timedelta(minutes=session.duration_minutes))
    members = [(RosterMember(pk, user_id, name, status), present) for pk, user_id, name, status, present in rows]
    ids = [member.user_id for member, _present in members]
    current = [member.user_id for member, _present in members if member.status == CircleMember.Status.MEMBER]
    this_round = commitments_of_round(source_session_id=session.pk, owner_ids=ids)
    previous = _PREVIOUS_SESSION.rows(circle=session.circle_id, before=session.starts_at)
    since = previous[0][0] if previous else session.starts_at - timedelta(days=60)
    earlier: dict[int, list] = {}
    running = commitments_running(circle_id=session.circle_id, before=session.starts_at, owner_ids=current,
                                  check_ins_since=since)
    for commitment in running:
        earlier.setdefault(commitment.owner_id, []).append(commitment)
    return [RosterLine(member, present, this_round.get(member.user_id), earlier.get(member.user_id, []))
            for member, present in members]


@dataclass(frozen=True, slots=True)
class NoteLine:
    """A session's note as its page shows it, still sealed: read as plain values, not as models."""

    pk: int
    author_id: int | None
    author_name: str | None  # None once its author's account is gone
    sealed: bytes | memoryview
    created_at: datetime


_NOTES = Prepared(
    lambda session: SessionNote.objects.filter(session_id=session).order_by("created_at", "pk")
    .values_list("pk", "author_id", "author__display_name", "sealed", "created_at"),
    session=int)


def notes_of(session: CircleSession) -> list[NoteLine]:
    """The session's notes, oldest first."""
    return [NoteLine(*row) for row in _NOTES.rows(session=session.pk)]


def fellows_of(user: User) -> list[Fellow]:
    """Who he shares a circle with, as a member or a facilitator: the men he may ask to be his
    accountability partner, by first name. Four queries, whatever the number of circles."""
    mine = list(
        Circle.objects.filter(Q(members__user=user, members__status=CircleMember.Status.MEMBER)
                              | Q(facilitator_links__user=user)).values_list("pk", flat=True).distinct()
    )
    names = dict(Circle.objects.filter(pk__in=mine).values_list("pk", "name"))
    people = [(m.circle_id, m.user) for m in CircleMember.objects.filter(
        circle_id__in=mine, status=CircleMember.Status.MEMBER).exclude(user=user).select_related("user")]
    people += [(f.circle_id, f.user) for f in CircleFacilitator.objects.filter(circle_id__in=mine)
               .exclude(user=user).select_related("user")]
    return [Fellow(person.pk, first_name(person), names[circle_id]) for circle_id, person in people
            if person.is_active]


# What the home says to a man in circles and to a facilitator: a fixed number of queries each, however many
# circles, requests and sessions there are.
@dataclass(frozen=True)
class CirclesWaitingForMember:
    next_session: CircleSession | None  # the next session of a circle he belongs to, with its circle
    requests: int  # his requests to join still waiting for an answer or a place


# Only what the home shows: read on every visit to his home.
_NEXT_SESSION_SHOWN, _NEXT_CIRCLE_SHOWN = ("id", "circle_id", "starts_at"), ("id", "name", "slug")
_NEXT_SESSION = Prepared(
    lambda user, now: CircleSession.objects.filter(
        circle_id__in=CircleMember.objects.filter(user_id=user, status=CircleMember.Status.MEMBER).values("circle_id"),
        starts_at__gte=now).order_by("starts_at", "pk")
    .values_list(*columns(CircleSession, only=_NEXT_SESSION_SHOWN),
                 *columns(Circle, through="circle__", only=_NEXT_CIRCLE_SHOWN))[:1],
    user=int, now=datetime)


_REQUESTS = Prepared(lambda user: count_of(CircleMember.objects.filter(
    user_id=user, status__in=[CircleMember.Status.ASKED, CircleMember.Status.WAITING, CircleMember.Status.OFFERED])),
    user=int)


def circle_requests_asked(*, user: User) -> Scalar:
    """How many of his requests to join wait for an answer or a place, to be asked with the home's other counts
    (web.scalars)."""
    return Scalar(_REQUESTS, user=user.pk)


def circles_waiting_for_member(*, user: User, requests: int, now: datetime | None = None) -> CirclesWaitingForMember:
    """His next session, in the circles he belongs to (one query), with his open requests as the caller counted
    them (`circle_requests_asked`, asked with the home's other counts in one statement)."""
    now = now or timezone.now()
    next_session = None
    if (row := _NEXT_SESSION.first(user=user.pk, now=now)) is not None:
        split = len(_NEXT_SESSION_SHOWN)
        next_session = instance(CircleSession, values=row[:split], only=_NEXT_SESSION_SHOWN)
        next_session.circle = instance(Circle, values=row[split:], only=_NEXT_CIRCLE_SHOWN)
    return CirclesWaitingForMember(next_session=next_session, requests=requests)


@dataclass(frozen=True)
class CirclesWaitingForFacilitator:
    asking: list[Circle]  # circles with requests to answer, each with `asking_count` and `oldest_request`
    next_session: CircleSession | None  # the next session he facilitates, with its circle and organisation
    felt_unsafe: list[CircleSession]  # recent sessions where someone said he did not feel safe, newest first


# How long after its feedback closes a session's anonymous "I did not feel safe" stays on a facilitator's home.
UNSAFE_FEEDBACK_DAYS = 30


def circles_waiting_for_facilitator(*, user: User, now: datetime | None = None) -> CirclesWaitingForFacilitator:
    """Requests to answer, his next session and recent sessions where a man did not feel safe: three queries."""
    now = now or timezone.now()
    facilitated = CircleFacilitator.objects.filter(user=user).values("circle_id")
    asked = Q(members__status=CircleMember.Status.ASKED)
    asking = list(
        Circle.objects.filter(pk__in=facilitated)
        .annotate(asking_count=Count("members", filter=asked), oldest_request=Min("members__joined_at", filter=asked))
        .filter(asking_count__gt=0).select_related("organisation").order_by("oldest_request", "pk")
    )
    next_session = (CircleSession.objects.filter(circle_id__in=facilitated, starts_at__gte=now)
                    .select_related("circle", "circle__organisation").order_by("starts_at", "pk").first())
    # Only feedback already shown on the session's page: closed, and given by enough men to keep each anonymous.
    shown_before = now - timedelta(days=FEEDBACK_DAYS)
    felt_unsafe = list(
        CircleSession.objects.filter(circle_id__in=facilitated, starts_at__lt=shown_before,
                                     starts_at__gte=shown_before - timedelta(days=UNSAFE_FEEDBACK_DAYS),
                                     feedback_tally__answers__gte=MIN_ANSWERS, feedback_tally__felt_safe__no__gt=0)
        .select_related("circle", "circle__organisation", "feedback_tally").order_by("-starts_at", "-pk")
    )
    return CirclesWaitingForFacilitator(asking=asking, next_session=next_session, felt_unsafe=felt_unsafe)


@dataclass(frozen=True)
class AttendanceSheet:
    """A circle's attendance for its facilitators' spreadsheet: the held sessions, oldest first, and a row per man
    (its members, and anyone marked at one of its sessions since gone), by name: True present, False absent, None
    not marked (attendance not taken, or he was not in the circle then)."""

    sessions: list[datetime]
    rows: list[tuple[str, list[bool | None]]]


def attendance_sheet(circle: Circle, *, now: datetime | None = None) -> AttendanceSheet:
    """Three queries, whatever the number of sessions and men."""
    now = now or timezone.now()
    held = list(CircleSession.objects.filter(circle=circle, starts_at__lt=now).order_by("starts_at", "pk")
                .values_list("pk", "starts_at"))
    marks = {(session_id, user_id): present for session_id, user_id, present in Attendance.objects.filter(
        session__circle=circle, session__starts_at__lt=now).values_list("session_id", "user_id", "present")}
    marked = {user_id for _session, user_id in marks}
    members = CircleMember.objects.filter(circle=circle, status=CircleMember.Status.MEMBER).values("user_id")
    people = User.objects.filter(Q(pk__in=members) | Q(pk__in=marked)).order_by("display_name", "pk") \
        .values_list("pk", "display_name")
    rows = [(name, [marks.get((session_id, user_id)) for session_id, _starts in held]) for user_id, name in people]
    return AttendanceSheet(sessions=[starts for _pk, starts in held], rows=rows)
