"""The exercise library: the exercises written for Holdspace, and those facilitators
write and share with their organisation."""
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, QuerySet

from holdspace.accounts.models import User
from holdspace.audit.services import audit_record
from holdspace.circles import content
from holdspace.circles.models import Exercise
from holdspace.organisations.models import Organisation
from holdspace.web.prepared import Prepared
from holdspace.web.refusals import Refusal


@dataclass(frozen=True)
class ExerciseText:
    """What a facilitator reads of an exercise, in one language."""

    title: str
    purpose: str
    materials: str
    steps: list[str]
    notes: str


@dataclass(frozen=True)
class ExerciseDraft:
    title: str
    kind: str
    duration_minutes: int
    language: str
    purpose: str
    materials: str
    steps: str
    notes: str
    shared: bool


def builtin_sync() -> int:
    """Make sure every exercise shipped in circles/content has its row; return how many were added."""
    known = set(Exercise.objects.filter(key__isnull=False).values_list("key", flat=True))
    missing = [
        Exercise(key=item["key"], kind=item["kind"], duration_minutes=item["duration_minutes"])
        for item in content.exercises()
        if item["key"] not in known
    ]
    Exercise.objects.bulk_create(missing)
    return len(missing)


def exercise_text(exercise: Exercise, *, language: str) -> ExerciseText:
    return exercise_text_from(key=exercise.key, title=exercise.title, purpose=exercise.purpose,
                              materials=exercise.materials, steps=exercise.steps, notes=exercise.notes,
                              language=language)


def exercise_text_from(*, key: str | None, title: str, purpose: str, materials: str, steps: str, notes: str,
                       language: str) -> ExerciseText:
    """What exercise_text gives, from an exercise's columns read as plain values."""
    if key:  # exercise_title picks the title as this does
        texts = content.exercise_texts(key, language=language)
        if texts is not None:
            return ExerciseText(texts["title"], texts["purpose"], texts.get("materials", ""), list(texts["steps"]),
                                texts["notes"])
    steps = [line.strip() for line in steps.splitlines() if line.strip()]
    return ExerciseText(title, purpose, materials, steps, notes)


def exercise_title(*, key: str | None, title: str, language: str) -> str:
    """An exercise's title in this language: a built-in one's from its texts, as exercise_text gives it."""
    texts = content.exercise_texts(key, language=language) if key else None
    return texts["title"] if texts is not None else title


@dataclass(frozen=True, slots=True)
class LibraryChoice:
    """An exercise as a list to choose from shows it, read as plain values rather than as a model."""

    pk: int
    title: str  # in the language asked for
    kind: str
    duration_minutes: int


# Read on each view of a session's page: built once, run many times.
_CHOICES = Prepared(
    lambda organisation, user: _library(organisation=organisation, user=user)
    .values_list("pk", "key", "title", "kind", "duration_minutes"),
    organisation=int, user=int)


def library_choices(*, organisation: Organisation, user: User, language: str) -> list[LibraryChoice]:
    """The exercises of library_for, with what choosing one needs, in one query."""
    return [LibraryChoice(pk, exercise_title(key=key, title=title, language=language), kind, minutes)
            for pk, key, title, kind, minutes in _CHOICES.rows(organisation=organisation.pk, user=user.pk)]


def library_for(*, organisation: Organisation, user: User) -> QuerySet[Exercise]:
    """The exercises a facilitator may use here: built-in, shared in his organisation, and his own."""
    return _library(organisation=organisation.pk, user=user.pk)


def _library(*, organisation: int, user: int) -> QuerySet[Exercise]:
    return Exercise.objects.filter(
        Q(key__isnull=False) | Q(organisation_id=organisation, shared=True)
        | Q(organisation_id=organisation, author_id=user)
    ).order_by("key", "pk")


def exercise_create(*, organisation: Organisation, draft: ExerciseDraft, actor: User) -> Exercise:
    with transaction.atomic():
        exercise = Exercise.objects.create(organisation=organisation, author=actor, **draft.__dict__)
        audit_record(action="exercise.created", actor_id=actor.pk, organisation_id=organisation.pk, target=exercise,
                     details={"shared": draft.shared})
    return exercise


def exercise_update(*, exercise: Exercise, draft: ExerciseDraft, actor: User) -> Exercise:
    """Only its author edits an exercise he wrote; built-in exercises are not edited."""
    if exercise.key or exercise.author_id != actor.pk:
        raise Refusal("not_your_exercise")
    with transaction.atomic():
        for field, value in draft.__dict__.items():
            setattr(exercise, field, value)
        exercise.save()
        audit_record(action="exercise.updated", actor_id=actor.pk, organisation_id=exercise.organisation_id,
                     target=exercise, details={"shared": draft.shared})
    return exercise
