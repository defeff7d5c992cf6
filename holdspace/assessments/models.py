"""Accountability assessments: rounds of anonymous answers, and the action points that follow.

What is protected: who said what. A `Participation` says only that a person
took part in an open round, so nobody answers twice. An `AnswerSheet` and a
`Comment` hold what was said, with the round and nothing else: no person, no
time, and a random key instead of a counter.

A random key is not enough on its own: the three rows of one answer are written
one after another, and the database keeps that order (SQLite's rowid,
PostgreSQL's physical order), so lining rows up by it would join a sheet and a
comment to a person. So when a round closes, its results are computed once and
stored on it, and its Participations and AnswerSheets are deleted. Comments stay
to be read, but with no participation left there is nobody to line them up with.
After the close the results are the only record of the scores.

What remains at risk: while a round is open, someone with raw access to the
database could line its rows up by their order, and a backup taken then keeps
them lined up after the close. Deleted rows also linger in the database's free
space until it is reused or vacuumed. And comments keep the order they were
written in, so someone who knew from elsewhere in what order people answered
could match them to those people. The pages show nothing before the close, and
figures only over enough people.
"""
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from holdspace.assessments.questionnaire import COMMENT_MAX

# Below this many answers, results could point at the few who answered.
MIN_ANSWERS_FLOOR = 5
MIN_ANSWERS_CEILING = 10_000
TITLE_MAX = 160
DETAIL_MAX = 4000


class AssessmentRound(models.Model):
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE,
                                     related_name="assessment_rounds")
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)
    closes_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    min_answers = models.PositiveIntegerField(default=MIN_ANSWERS_FLOOR)
    # Computed once at the close: the number who answered and, when enough did, the means (none for a statement
    # or a part scored by fewer than `min_answers` people). Never recomputed: the answers are deleted then.
    results = models.JSONField(null=True, blank=True)
    # Whether enough people answered for results to be shown; kept apart from `results` so it can be queried.
    results_shown = models.BooleanField(default=False)

    class Meta:
        ordering = ["-opened_at"]
        constraints = [
            models.UniqueConstraint(fields=["organisation"], condition=Q(closed_at__isnull=True),
                                    name="assessment_one_open_round"),
            models.CheckConstraint(condition=Q(min_answers__gte=MIN_ANSWERS_FLOOR),
                                   name="assessment_min_answers_floor"),
        ]
        indexes = [models.Index(fields=["organisation", "results_shown", "closed_at"])]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.title}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def answer_count(self) -> int | None:
        return (self.results or {}).get("answers")


class Participation(models.Model):
    """That a person took part in an open round: no time, no link to what he said. Deleted at the close."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "person"], name="assessment_answer_once")]


class AnswerSheet(models.Model):
    """One person's scores in an open round, with no person and no time: {question key: 1..5, or null for "I don't
    know"}. Deleted at the close, once the results are stored."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="sheets")
    scores = models.JSONField()


class Comment(models.Model):
    """A comment on one dimension, kept apart from the scores; its random key is also its place in the list, so
    the order comments are shown in says nothing about when they came."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="comments")
    dimension = models.CharField(max_length=20)
    # The dimension's place in the questionnaire, so a page of comments is read straight from the index.
    rank = models.PositiveSmallIntegerField()
    # Emptied when an administrator withholds the comment because it could identify someone: the words are gone.
    text = models.TextField(max_length=COMMENT_MAX, blank=True)
    withheld = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["round", "rank", "id"])]


class ActionPoint(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    OPEN = (Status.PLANNED, Status.IN_PROGRESS)

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE,
                                     related_name="action_points")
    round = models.ForeignKey(AssessmentRound, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="action_points", verbose_name=_("from round"))
    title = models.CharField(_("what will be done"), max_length=TITLE_MAX)
    detail = models.TextField(_("details"), max_length=DETAIL_MAX, blank=True)
    # Kept when the owner's account goes: the point stays on the record and gets a new owner.
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                              related_name="action_points")
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    progress_note = models.TextField(_("progress"), max_length=DETAIL_MAX, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["organisation", "status", "due_on"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_on < timezone.localdate()
