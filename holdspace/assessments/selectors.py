"""Reading assessments and action points, each in a fixed number of queries however many answered."""
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Case, Count, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from holdspace.assessments.models import ActionPoint, AssessmentRound, Comment, Participation
from holdspace.organisations.models import NetworkMembership, Organisation
from holdspace.web.prepared import Prepared, Slice, columns, count_of, instance


@dataclass(frozen=True)
class ActionPointProgress:
    total: int
    planned: int
    in_progress: int
    done: int
    dropped: int
    overdue: int


def _overdue(today) -> Q:
    return Q(status__in=ActionPoint.OPEN, due_on__lt=today)


def action_point_progress(organisation: Organisation) -> ActionPointProgress:
    """How the organisation's action points stand, counted in one aggregate query."""
    status = ActionPoint.Status
    figures = ActionPoint.objects.filter(organisation=organisation).aggregate(
        total=Count("pk"),
        planned=Count("pk", filter=Q(status=status.PLANNED)),
        in_progress=Count("pk", filter=Q(status=status.IN_PROGRESS)),
        done=Count("pk", filter=Q(status=status.DONE)),
        dropped=Count("pk", filter=Q(status=status.DROPPED)),
        overdue=Count("pk", filter=_overdue(timezone.localdate())),
    )
    return ActionPointProgress(**figures)


def latest_results(organisation: Organisation) -> AssessmentRound | None:
    """The latest closed round whose results may be shown, or None (one query)."""
    return (AssessmentRound.objects.filter(organisation=organisation, results_shown=True)
            .order_by("-closed_at").first())


def previous_results(assessment_round: AssessmentRound) -> AssessmentRound | None:
    """The closed round with results before this one, to compare with (one query)."""
    found = _PREVIOUS.first(organisation=assessment_round.organisation_id, closed=assessment_round.closed_at)
    return None if found is None else instance(AssessmentRound, values=found)


# The busiest pages of the assessments read these: built once, run many times.
_PREVIOUS = Prepared(
    lambda organisation, closed: AssessmentRound.objects.filter(
        organisation_id=organisation, results_shown=True, closed_at__lt=closed)
    .order_by("-closed_at").values_list(*columns(AssessmentRound))[:1],
    organisation=int, closed=datetime)
_POINTS = Prepared(
    lambda rounds: ActionPoint.objects.filter(round_id__in=rounds).order_by("due_on", "pk")
    .values_list("pk", "round_id", "title", "status", "due_on", "owner__display_name"),
    rounds=list)
_COMMENTS = {with_ids: Prepared(
    lambda assessment_round, start, length, names=("dimension", "text", "withheld") + (("id",) if with_ids else ()):
    Comment.objects.filter(round_id=assessment_round).order_by("rank", "id").values_list(*names)[start:start + length],
    assessment_round=int, start=Slice, length=Slice) for with_ids in (False, True)}


def rounds_of(organisation: Organisation) -> list[AssessmentRound]:
    return list(AssessmentRound.objects.filter(organisation=organisation).defer("results").order_by("-opened_at"))


def action_points(organisation: Organisation) -> QuerySet[ActionPoint]:
    """Overdue points first, then open ones by due date, then the ones done or dropped."""
    today = timezone.localdate()
    return (ActionPoint.objects.filter(organisation=organisation)
            .select_related("owner", "round")
            .annotate(place=Case(When(_overdue(today), then=Value(0)),
                                 When(status__in=ActionPoint.OPEN, then=Value(1)),
                                 default=Value(2), output_field=IntegerField()))
            .order_by("place", "due_on", "pk"))


def points_of_rounds(*rounds: AssessmentRound) -> dict[int, list[dict]]:
    """Action points from each of these rounds, by round id, in one query: what a list of them shows (`pk`,
    `title`, `status`, `due_on`, `owner_name`), as plain values rather than whole points and owners."""
    found: dict[int, list[dict]] = {r.pk: [] for r in rounds if r is not None}
    if not found:
        return found
    for pk, round_id, title, status, due_on, owner_name in _POINTS.rows(rounds=list(found)):
        found[round_id].append({"pk": pk, "round_id": round_id, "title": title, "status": status, "due_on": due_on,
                                "owner_name": owner_name})
    return found


def comments_page(assessment_round: AssessmentRound, *, page: int, per_page: int, with_ids: bool = True) -> list[dict]:
    """One page of a round's comments (`dimension`, `text`, `withheld`, and `pk` when `with_ids`), in the
    questionnaire's order, then in random order within a part. Only the forms that withhold a comment need its id:
    without them the page does not read a UUID for each comment."""
    rows = _COMMENTS[with_ids].rows(assessment_round=assessment_round.pk, start=(page - 1) * per_page,
                                    length=per_page)
    return [{"dimension": row[0], "text": row[1], "withheld": row[2], **({"pk": row[3]} if with_ids else {})}
            for row in rows]


def rounds_waiting_for(*, person, organisations: list[Organisation]) -> list[AssessmentRound]:
    """Open rounds this person takes part in and has not answered yet, for his dashboard: the rounds of his
    organisations (as the caller loaded them) and, through them, of their networks; one query, none when he
    belongs to none. Participations are kept only while a round is open, which is all this asks about."""
    if not organisations:
        return []
    mine = [organisation.pk for organisation in organisations]
    rounds, split = [], len(_WAITING_SHOWN)
    for row in _WAITING.rows(organisations=mine, now=timezone.now(), person=person.pk):
        found = instance(AssessmentRound, values=row[:split], only=_WAITING_SHOWN)
        found.organisation = instance(Organisation, values=row[split:], only=_WAITING_ORGANISATION_SHOWN)
        rounds.append(found)
    return rounds


# Only the columns the home shows: it runs on every visit to a member's home, built once.
_WAITING_SHOWN, _WAITING_ORGANISATION_SHOWN = ("id", "organisation_id", "title", "closes_at"), ("id", "name", "slug")
_WAITING = Prepared(
    lambda organisations, now, person: AssessmentRound.objects.filter(
        Q(organisation_id__in=organisations) | Q(
            organisation_id__in=NetworkMembership.objects.filter(organisation_id__in=organisations).values("network_id")),
        closed_at=None, closes_at__gt=now)
    .exclude(pk__in=Participation.objects.filter(person_id=person).values("round_id"))
    .order_by("closes_at")
    .values_list(*columns(AssessmentRound, only=_WAITING_SHOWN),
                 *columns(Organisation, through="organisation__", only=_WAITING_ORGANISATION_SHOWN)),
    organisations=list, now=datetime, person=int)


def rounds_open_for_admin(*, organisations: list[Organisation]) -> list[AssessmentRound]:
    """The open rounds of the organisations this person administers (as the caller loaded them, each round given
    its own), each with `answers` (so far): one query, none when she administers nothing."""
    if not organisations:
        return []
    administered = {organisation.pk: organisation for organisation in organisations}
    rounds = []
    for *values, answers in _OPEN.rows(organisations=list(administered)):
        assessment_round = instance(AssessmentRound, values=values, only=_OPEN_SHOWN)
        assessment_round.answers = answers
        assessment_round.organisation = administered[assessment_round.organisation_id]
        rounds.append(assessment_round)
    return rounds


# Only what the home shows: read on every visit to an administrator's home, built once.
_OPEN_SHOWN = ("id", "organisation_id", "title", "closes_at")
_OPEN = Prepared(
    lambda organisations: AssessmentRound.objects.filter(organisation_id__in=organisations, closed_at=None)
    .order_by("closes_at", "pk")
    .values_list(*columns(AssessmentRound, only=_OPEN_SHOWN),
                 Subquery(count_of(Participation.objects.filter(round_id=OuterRef("pk"))))),
    organisations=list)


@dataclass(frozen=True)
class SelfAssessment:
    """Where an organisation stands with its own assessments, as its network's overview shows it."""
    last_closed_at: datetime | None  # its latest round that closed, whether or not enough people answered
    points_open: int  # action points planned or in progress
    points_overdue: int  # of those, past their day


def self_assessments_of(*, organisations: list[int], today: date) -> dict[int, SelfAssessment]:
    """For each of these organisations, its latest closed round and its open action points: two queries,
    whatever the number of organisations."""
    closed = dict(AssessmentRound.objects.filter(organisation_id__in=organisations, closed_at__isnull=False)
                  .order_by("organisation_id").values_list("organisation_id").annotate(last=Max("closed_at")))
    points = {organisation_id: (open_count, overdue) for organisation_id, open_count, overdue in (
        ActionPoint.objects.filter(organisation_id__in=organisations, status__in=ActionPoint.OPEN)
        .order_by("organisation_id").values_list("organisation_id")
        .annotate(open_count=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today))))}
    return {organisation_id: SelfAssessment(closed.get(organisation_id), *points.get(organisation_id, (0, 0)))
            for organisation_id in organisations}


def rounds_closed_between(*, organisation: Organisation, start: datetime, end: datetime) -> list[tuple]:
    """The organisation's own rounds that closed in [start, end): (title, closed_at, answers, results_shown),
    oldest first, without reading their results."""
    return list(AssessmentRound.objects.filter(organisation=organisation, closed_at__gte=start, closed_at__lt=end)
                .order_by("closed_at", "pk").values_list("title", "closed_at", "results__answers", "results_shown"))


def action_points_agreed_and_done(*, organisation: Organisation, start: datetime, end: datetime) -> tuple[int, int]:
    """How many action points the organisation agreed in [start, end), and how many it completed then: one
    query."""
    figures = ActionPoint.objects.filter(organisation=organisation).aggregate(
        agreed=Count("pk", filter=Q(created_at__gte=start, created_at__lt=end)),
        done=Count("pk", filter=Q(status=ActionPoint.Status.DONE, completed_at__gte=start, completed_at__lt=end)))
    return figures["agreed"], figures["done"]
