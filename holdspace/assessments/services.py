"""Opening and closing assessment rounds, answering anonymously, and keeping action points.

What is never written anywhere: who gave which answer. The audit log records
that a round opened and closed, with the number of answers at the close, but
not each answer: the time of an entry next to a person's name would point at
his sheet as surely as his name on it. At the close the results are stored and
the rows that could be lined up with a person are deleted (see models.py).
"""
import uuid
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from holdspace.accounts.models import User
from holdspace.assessments.access import takes_part
from holdspace.assessments.models import (
    DETAIL_MAX, MIN_ANSWERS_CEILING, MIN_ANSWERS_FLOOR, ActionPoint, AnswerSheet, AssessmentRound, Comment,
    Participation,
)
from holdspace.assessments.questionnaire import (
    BY_KEY, COMMENT_MAX, DIMENSIONS, HIGHEST, LOWEST, QUESTION_KEYS, dimension_rank,
)
from holdspace.audit.services import audit_record
from holdspace.organisations.models import Membership, Organisation, Role
from holdspace.web.dates import end_of_day
from holdspace.web.refusals import Refusal

LONGEST_ROUND_DAYS = 90
# Sheets are read in batches when a round closes, so memory stays flat however many answered.
CLOSE_BATCH = 2000


# Rounds ----------------------------------------------------------------------------------------------------------

def open_round(organisation: Organisation) -> AssessmentRound | None:
    return AssessmentRound.objects.filter(organisation=organisation, closed_at__isnull=True).first()


def round_open(*, organisation: Organisation, actor, title: str, closes_on: date,
               min_answers: int = MIN_ANSWERS_FLOOR) -> AssessmentRound:
    """Open a round until the end of `closes_on`, 1 to 90 days ahead. One round is open at a time."""
    title = title.strip()
    if not title:
        raise Refusal("title_missing")
    days = (closes_on - timezone.localdate()).days
    if days < 1:
        raise Refusal("closes_too_soon")
    if days > LONGEST_ROUND_DAYS:
        raise Refusal("closes_too_late", days=LONGEST_ROUND_DAYS)
    if not MIN_ANSWERS_FLOOR <= min_answers <= MIN_ANSWERS_CEILING:
        raise Refusal("too_few_needed", floor=MIN_ANSWERS_FLOOR)
    current = open_round(organisation)
    if current is not None:
        round_close_if_due(current)  # a round past its date no longer blocks the next one
    try:
        with transaction.atomic():
            opened = AssessmentRound.objects.create(
                organisation=organisation, title=title, opened_by=actor, closes_at=end_of_day(closes_on),
                min_answers=min_answers,
            )
            audit_record(action="assessments.round_opened", actor_id=actor.pk, organisation_id=organisation.pk,
                         target=opened, details={"closes_on": closes_on.isoformat(), "min_answers": min_answers})
    except IntegrityError:
        raise Refusal("round_open_already") from None
    return opened


def round_close(*, assessment_round: AssessmentRound, actor) -> AssessmentRound:
    """An administrator closes a round before its date. Closing twice changes nothing."""
    return _close(assessment_round.pk, actor=actor, early=True)


def round_close_if_due(assessment_round: AssessmentRound) -> AssessmentRound:
    """Close a round whose closing time has passed; called whenever a round is read. Safe to call again."""
    if assessment_round.closed_at is not None or assessment_round.closes_at > timezone.now():
        return assessment_round
    return _close(assessment_round.pk, actor=None, early=False)


def rounds_close_due(*, now=None) -> int:
    """Close every round whose closing time has passed, so results and their deletion of the answer sheets do
    not wait for someone to open the round (run daily with the upkeep). Returns how many were closed."""
    now = now or timezone.now()
    due = AssessmentRound.objects.filter(closed_at__isnull=True, closes_at__lte=now).values_list("pk", flat=True)
    for round_id in list(due):
        _close(round_id, actor=None, early=False)
    return len(due)


def _close(round_id: int, *, actor, early: bool) -> AssessmentRound:
    with transaction.atomic():
        # The lock also waits for answers being written now, so each is either counted or refused.
        locked = AssessmentRound.objects.select_for_update().get(pk=round_id)
        if locked.closed_at is not None:
            return locked
        results = results_compute(locked)
        locked.closed_at = timezone.now()
        locked.results = results
        locked.results_shown = "dimensions" in results
        locked.save(update_fields=["closed_at", "results", "results_shown"])
        # Written one after another, these rows keep their order in the database, and the order would line each
        # sheet up with a person. The results are stored and never recomputed, so nothing needs them any more.
        Participation.objects.filter(round=locked).delete()
        AnswerSheet.objects.filter(round=locked).delete()
        if not locked.results_shown:
            # Comments that are never to be shown are not kept either.
            Comment.objects.filter(round=locked).delete()
        audit_record(action="assessments.round_closed", actor_id=actor.pk if actor else None,
                     organisation_id=locked.organisation_id, target=locked,
                     details={"answers": results["answers"], "results_shown": locked.results_shown,
                              "early": early})
    return locked


def _mean(total: float, scored: int) -> float | None:
    return round(total / scored, 2) if scored else None


def results_compute(assessment_round: AssessmentRound) -> dict:
    """The round's results as stored at its close. Below the round's threshold only the number who answered is
    kept: means over a few people could tell what each of them said.

    The same holds for each statement: one that fewer than `min_answers` people scored (the others said "I don't
    know") keeps its counts but no mean. A part's mean is over its statements that keep one, so it never gives
    back a mean left out: the statements' means and counts are shown beside it. `left_out` names the statements
    scored by someone but left out of it."""
    answers = Participation.objects.filter(round=assessment_round).count()
    if answers < assessment_round.min_answers:
        return {"answers": answers}
    totals = dict.fromkeys(QUESTION_KEYS, 0)
    scored = dict.fromkeys(QUESTION_KEYS, 0)
    unknown = dict.fromkeys(QUESTION_KEYS, 0)
    sheets = AnswerSheet.objects.filter(round=assessment_round).values_list("scores", flat=True)
    for scores in sheets.iterator(chunk_size=CLOSE_BATCH):
        for key in QUESTION_KEYS:
            value = scores.get(key)
            if value is None:
                unknown[key] += 1
            else:
                totals[key] += value
                scored[key] += 1
    comments = dict.fromkeys(BY_KEY, 0)
    for dimension, count in (Comment.objects.filter(round=assessment_round).values_list("dimension")
                             .annotate(count=Count("id")).order_by()):
        comments[dimension] = count
    needed = assessment_round.min_answers
    shown = {key for key in QUESTION_KEYS if scored[key] >= needed}
    questions = {key: {"mean": _mean(totals[key], scored[key]) if key in shown else None, "scored": scored[key],
                       "unknown": unknown[key]} for key in QUESTION_KEYS}
    dimensions = {}
    for dimension in DIMENSIONS:
        keys = [statement.key for statement in dimension.statements]
        counted = [k for k in keys if k in shown]
        dimensions[dimension.key] = {
            "mean": _mean(sum(totals[k] for k in counted), sum(scored[k] for k in counted)),
            "scored": sum(scored[k] for k in keys),
            "unknown": sum(unknown[k] for k in keys),
            "left_out": [k for k in keys if k not in shown and scored[k]],
            "comments": comments[dimension.key],
        }
    return {
        "answers": answers,
        "dimensions": dimensions,
        "questions": questions,
        "comments": sum(comments.values()),
    }


# Answers ---------------------------------------------------------------------------------------------------------

def has_answered(assessment_round: AssessmentRound, *, person) -> bool:
    return Participation.objects.filter(round=assessment_round, person=person).exists()


def answers_so_far(assessment_round: AssessmentRound) -> int:
    """How many have answered an open round, counted now; a closed round keeps its count in its results."""
    return Participation.objects.filter(round=assessment_round).count()


def answer_submit(*, assessment_round: AssessmentRound, person, scores: dict[str, int | None],
                  comments: dict[str, str]) -> None:
    """Keep one person's answers: that he took part, and apart from it, what he said. Answers cannot be
    changed once sent; a second answer is refused."""
    if set(scores) != set(QUESTION_KEYS):
        raise Refusal("answers_incomplete")
    if any(value is not None and (type(value) is not int or not LOWEST <= value <= HIGHEST)
           for value in scores.values()):
        raise Refusal("answer_off_scale")
    kept = {}
    for key, text in comments.items():
        text = (text or "").strip()
        if key not in BY_KEY:
            raise Refusal("comment_unknown_part")
        if len(text) > COMMENT_MAX:
            raise Refusal("comment_too_long", max=COMMENT_MAX)
        if text:
            kept[key] = text
    if not takes_part(person, organisation=assessment_round.organisation):
        raise Refusal("not_taking_part")
    try:
        with transaction.atomic():
            locked = AssessmentRound.objects.select_for_update().get(pk=assessment_round.pk)
            if locked.closed_at is not None or locked.closes_at <= timezone.now():
                raise Refusal("round_closed")
            Participation.objects.create(round=locked, person=person)
            AnswerSheet.objects.create(round=locked, scores={key: scores[key] for key in QUESTION_KEYS})
            Comment.objects.bulk_create(
                Comment(round=locked, dimension=key, rank=dimension_rank(key), text=text)
                for key, text in kept.items()
            )
            # Not audited on purpose: see the module's docstring.
    except IntegrityError:
        raise Refusal("answered_already") from None


# Action points ---------------------------------------------------------------------------------------------------

def _owning(organisation: Organisation):
    # The organisation owns its action points: a partner representative holds it to account, he does not carry
    # its work.
    return Membership.objects.filter(organisation=organisation).exclude(role=Role.PARTNER_REP)


def may_own(person, *, organisation: Organisation) -> bool:
    """An action point's owner holds a role in the organisation itself (for a network, in the network), other
    than partner representative."""
    return person is not None and _owning(organisation).filter(user=person).exists()


def owner_choices(organisation: Organisation):
    """The people who may own the organisation's action points, by name."""
    return (User.objects.filter(pk__in=_owning(organisation).values("user_id"))
            .order_by("display_name", "pk"))


def _check_point(*, organisation: Organisation, title: str, detail: str, owner, note: str = "") -> None:
    if not title.strip():
        raise Refusal("point_title_missing")
    if len(detail) > DETAIL_MAX or len(note) > DETAIL_MAX:
        raise Refusal("text_too_long", max=DETAIL_MAX)
    if not may_own(owner, organisation=organisation):
        raise Refusal("owner_not_here", name=organisation.name)


def action_point_create(*, organisation: Organisation, actor, title: str, detail: str, owner, due_on: date,
                        assessment_round: AssessmentRound | None = None) -> ActionPoint:
    _check_point(organisation=organisation, title=title, detail=detail, owner=owner)
    if due_on < timezone.localdate():
        raise Refusal("due_passed")
    if assessment_round is not None and assessment_round.organisation_id != organisation.pk:
        raise Refusal("round_elsewhere")
    with transaction.atomic():
        point = ActionPoint.objects.create(
            organisation=organisation, round=assessment_round, title=title.strip(), detail=detail.strip(),
            owner=owner, due_on=due_on, created_by=actor,
        )
        audit_record(action="assessments.action_point_created", actor_id=actor.pk, organisation_id=organisation.pk,
                     target=point, details={"round": assessment_round.pk if assessment_round else None,
                                            "owner": owner.pk, "due_on": due_on.isoformat()})
    return point


def action_point_edit(*, point: ActionPoint, actor, title: str, detail: str, owner, due_on: date, status: str,
                      progress_note: str) -> ActionPoint:
    """An administrator changes any part of an action point."""
    _check_point(organisation=point.organisation, title=title, detail=detail, owner=owner, note=progress_note)
    if due_on != point.due_on and due_on < timezone.localdate():
        raise Refusal("due_passed")
    return _point_save(point, actor, by_owner=False, title=title.strip(), detail=detail.strip(), owner=owner,
                       due_on=due_on, status=status, progress_note=progress_note.strip())


def action_point_progress(*, point: ActionPoint, actor, status: str, progress_note: str) -> ActionPoint:
    """The owner says how far his action point has come: planned, in progress or done. Dropping it is for an
    administrator."""
    if actor.pk != point.owner_id:
        raise Refusal("not_owner")
    if len(progress_note) > DETAIL_MAX:
        raise Refusal("text_too_long", max=DETAIL_MAX)
    return _point_save(point, actor, by_owner=True, status=status, progress_note=progress_note.strip())


def _check_status(locked: ActionPoint, values: dict, *, by_owner: bool) -> None:
    """An owner moves his point between planned, in progress and done; only an administrator drops a point, or
    takes a dropped one up again, and dropping needs a progress note saying why."""
    dropped = ActionPoint.Status.DROPPED
    if by_owner and locked.status == dropped:
        raise Refusal("dropped_by_admin")
    if values.get("status") != dropped or locked.status == dropped:
        return
    if by_owner:
        raise Refusal("owner_may_not_drop")
    note = values.get("progress_note", "")
    if not note or note == locked.progress_note:
        raise Refusal("drop_reason_missing")


def _point_save(point: ActionPoint, actor, *, by_owner: bool, **values) -> ActionPoint:
    if values.get("status", point.status) not in ActionPoint.Status.values:
        raise Refusal("status_unknown")
    with transaction.atomic():
        locked = ActionPoint.objects.select_for_update().get(pk=point.pk)
        _check_status(locked, values, by_owner=by_owner)
        if "owner" in values:
            values["owner_id"] = values.pop("owner").pk  # compared by id: no query for the current owner
        changed = sorted(name for name, value in values.items() if getattr(locked, name) != value)
        if not changed:
            return locked
        for name in changed:
            setattr(locked, name, values[name])
        if "status" in changed:
            locked.completed_at = timezone.now() if locked.status == ActionPoint.Status.DONE else None
        locked.save()
        audit_record(action="assessments.action_point_updated", actor_id=actor.pk,
                     organisation_id=locked.organisation_id, target=locked,
                     details={"fields": [name.removesuffix("_id") for name in changed], "status": locked.status,
                              **({"owner": locked.owner_id} if "owner_id" in changed else {})})
    return locked


# Comments -------------------------------------------------------------------------------------------------------

def comment_withhold(*, comment: Comment, actor) -> bool:
    """An administrator withholds a comment of a closed round that names or points at someone. Its words are
    deleted, not kept aside: from then on everyone reads only that a comment was withheld. The audit log says so
    with the round, never the words. False if it was already withheld."""
    with transaction.atomic():
        locked = Comment.objects.select_for_update().select_related("round").get(pk=comment.pk)
        if locked.round.closed_at is None:
            raise Refusal("round_still_open")
        if locked.withheld:
            return False
        locked.text = ""
        locked.withheld = True
        locked.save(update_fields=["text", "withheld"])
        audit_record(action="assessments.comment_withheld", actor_id=actor.pk,
                     organisation_id=locked.round.organisation_id, target=locked.round)
    return True


def comment_of(assessment_round: AssessmentRound, *, comment_id: str) -> Comment | None:
    """A comment of this round by its key as written in a form; None for anything that is not one."""
    try:
        key = uuid.UUID(hex=comment_id.strip())
    except (AttributeError, ValueError):
        return None
    return Comment.objects.filter(round=assessment_round, pk=key).first()

