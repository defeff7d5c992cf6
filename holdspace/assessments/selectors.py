"""Reading assessments and action points, each in a fixed number of queries however many answered."""
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from holdspace.assessments.models import ActionPoint, AssessmentRound, Comment, Participation
from holdspace.organisations.models import NetworkMembership, Organisation
from holdspace.web.rows import instance_from, placeholders, prepared_moment, row_first, rows_read
from holdspace.web.scalars import moment


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
    """The closed round with results before this one, to compare with (one query, written out as the ORM writes
    `.filter(organisation_id=..., results_shown=True, closed_at__lt=...).order_by("-closed_at").first()`: building
    it costs the ORM several times what running it costs, on the busiest page of the assessments)."""
    return row_first(AssessmentRound, where="organisation_id = %s AND results_shown AND closed_at < %s",
                     params=[assessment_round.organisation_id,
                             prepared_moment(AssessmentRound, value=assessment_round.closed_at)],
                     order_by="closed_at DESC")


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
    # Written out as the ORM writes `.filter(round_id__in=...).order_by("due_on", "pk").values(...)`, at a fraction
    # of the cost of building it.
    owner = ActionPoint._meta.get_field("owner").related_model
    fields = (*(ActionPoint._meta.get_field(name) for name in ("id", "round", "title", "status", "due_on")),
              owner._meta.get_field("display_name"))
    point, person = ActionPoint._meta.db_table, owner._meta.db_table
    for pk, round_id, title, status, due_on, owner_name in rows_read(
            f"SELECT p.id, p.round_id, p.title, p.status, p.due_on, u.display_name FROM {point} p "
            f"LEFT OUTER JOIN {person} u ON p.owner_id = u.id "
            f"WHERE p.round_id IN ({', '.join(['%s'] * len(found))}) ORDER BY p.due_on ASC, p.id ASC",
            params=list(found), fields=fields):
        found[round_id].append({"pk": pk, "round_id": round_id, "title": title, "status": status, "due_on": due_on,
                                "owner_name": owner_name})
    return found


def comments_page(assessment_round: AssessmentRound, *, page: int, per_page: int, with_ids: bool = True) -> list[dict]:
    """One page of a round's comments (`dimension`, `text`, `withheld`, and `pk` when `with_ids`), in the
    questionnaire's order, then in random order within a part. Only the forms that withhold a comment need its id:
    without them the page does not read a UUID for each comment."""
    # Written out as the ORM writes `.filter(round=...).order_by("rank", "id").values(...)[start:end]`, at a
    # fraction of the cost of building it.
    names = ("dimension", "text", "withheld") + (("id",) if with_ids else ())
    columns = ", ".join(f'"{name}"' for name in names)  # quoted, as "rank" and "text" are words of SQL too
    rows = rows_read(
        f'SELECT {columns} FROM {Comment._meta.db_table} WHERE round_id = %s ORDER BY "rank" ASC, "id" ASC '
        f"LIMIT %s OFFSET %s",
        params=[assessment_round.pk, per_page, (page - 1) * per_page],
        fields=tuple(Comment._meta.get_field(name) for name in names))
    return [{"dimension": row[0], "text": row[1], "withheld": row[2], **({"pk": row[3]} if with_ids else {})}
            for row in rows]


def rounds_waiting_for(*, person, organisations: list[Organisation]) -> list[AssessmentRound]:
    """Open rounds this person takes part in and has not answered yet, for his dashboard: the rounds of his
    organisations (as the caller loaded them) and, through them, of their networks; one query, none when he
    belongs to none. Participations are kept only while a round is open, which is all this asks about."""
    if not organisations:
        return []
    mine = [organisation.pk for organisation in organisations]
    # Written out, and only the columns the home shows: it runs on every visit to a member's home, and building
    # it with the ORM cost more than running it.
    rows = rows_read(
        f"SELECT r.id, r.title, r.closes_at, o.id, o.slug, o.name FROM {_ROUND} r JOIN {_ORGANISATION} o "
        f"ON o.id = r.organisation_id WHERE r.closed_at IS NULL AND r.closes_at > %s "
        f"AND (r.organisation_id IN ({placeholders(mine)}) OR r.organisation_id IN "
        f"(SELECT network_id FROM {_NETWORK_MEMBERSHIP} WHERE organisation_id IN ({placeholders(mine)}))) "
        f"AND r.id NOT IN (SELECT round_id FROM {_PARTICIPATION} WHERE person_id = %s) ORDER BY r.closes_at",
        params=[moment(timezone.now()), *mine, *mine, person.pk], fields=_WAITING_FIELDS)
    rounds = []
    for pk, title, closes_at, organisation_pk, slug, name in rows:
        found = instance_from(AssessmentRound, id=pk, title=title, closes_at=closes_at, organisation_id=organisation_pk)
        found.organisation = instance_from(Organisation, id=organisation_pk, slug=slug, name=name)
        rounds.append(found)
    return rounds


_ROUND, _PARTICIPATION = AssessmentRound._meta.db_table, Participation._meta.db_table
_ORGANISATION, _NETWORK_MEMBERSHIP = Organisation._meta.db_table, NetworkMembership._meta.db_table
_WAITING_FIELDS = [AssessmentRound._meta.get_field(name) for name in ("id", "title", "closes_at")] + [
    Organisation._meta.get_field(name) for name in ("id", "slug", "name")]


def rounds_open_for_admin(*, organisations: list[Organisation]) -> list[AssessmentRound]:
    """The open rounds of the organisations this person administers (as the caller loaded them, each round given
    its own), each with `answers` (so far): one query, none when she administers nothing."""
    if not organisations:
        return []
    administered = {organisation.pk: organisation for organisation in organisations}
    # Written out, and only what the home shows: read on every visit to an administrator's home.
    rows = rows_read(
        f"SELECT r.id, r.organisation_id, r.title, r.closes_at, (SELECT COUNT(*) FROM {_PARTICIPATION} p "
        f"WHERE p.round_id = r.id) FROM {_ROUND} r WHERE r.organisation_id IN ({placeholders(administered)}) "
        "AND r.closed_at IS NULL ORDER BY r.closes_at, r.id",
        params=list(administered), fields=_OPEN_FIELDS)
    rounds = []
    for pk, organisation_pk, title, closes_at, answers in rows:
        assessment_round = instance_from(AssessmentRound, id=pk, organisation_id=organisation_pk, title=title,
                                         closes_at=closes_at)
        assessment_round.answers = answers
        assessment_round.organisation = administered[organisation_pk]
        rounds.append(assessment_round)
    return rounds


_OPEN_FIELDS = [*(AssessmentRound._meta.get_field(name) for name in ("id", "organisation_id", "title", "closes_at")),
                None]
