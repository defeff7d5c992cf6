"""The exercise library for an organisation's facilitators: the exercises written
for Holdspace, those shared here, and their own."""
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from holdspace.circles import library
from holdspace.circles.forms import ExerciseForm
from holdspace.circles.models import Exercise
from holdspace.circles.refusals import REFUSALS
from holdspace.organisations.access import OrganisationAccess, organisation_view
from holdspace.organisations.models import Role
from holdspace.web.actions import post_action


def _visible(access: OrganisationAccess, user, exercise_id: int) -> Exercise:
    found = library.library_for(organisation=access.organisation, user=user).filter(pk=exercise_id).first()
    if found is None:
        raise Http404
    return found


@organisation_view(Role.FACILITATOR)
def library_page(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    language = translation.get_language()
    kind = request.GET.get("kind", "")
    exercises = library.library_for(organisation=access.organisation, user=request.user).select_related("author")
    if kind in Exercise.Kind.values:
        exercises = exercises.filter(kind=kind)
    entries = [(exercise, library.exercise_text(exercise, language=language)) for exercise in exercises]
    return render(request, "circles/library.html", {
        "access": access, "organisation": access.organisation, "entries": entries, "kinds": Exercise.Kind.choices,
        "kind": kind,
    })


@organisation_view(Role.FACILITATOR)
def exercise(request: HttpRequest, exercise_id: int, access: OrganisationAccess) -> HttpResponse:
    found = _visible(access, request.user, exercise_id)
    return render(request, "circles/exercise.html", {
        "access": access, "organisation": access.organisation, "exercise": found,
        "text": library.exercise_text(found, language=translation.get_language()),
        "may_edit": not found.key and found.author_id == request.user.pk,
    })


def _draft(data: dict) -> library.ExerciseDraft:
    return library.ExerciseDraft(**{field: data[field] for field in library.ExerciseDraft.__dataclass_fields__})


def _form_page(request: HttpRequest, access: OrganisationAccess, *, form: ExerciseForm,
               exercise: Exercise | None) -> HttpResponse:
    return render(request, "circles/exercise_form.html", {
        "access": access, "organisation": access.organisation, "form": form, "exercise": exercise,
    })


@organisation_view(Role.FACILITATOR)
def exercise_new(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    if request.method != "POST":
        return _form_page(request, access, exercise=None, form=ExerciseForm(initial={
            "language": translation.get_language(), "duration_minutes": 20}))
    return post_action(
        request, form=ExerciseForm(request.POST), refusals=REFUSALS,
        again=lambda typed: _form_page(request, access, form=typed, exercise=None),
        act=lambda data: library.exercise_create(organisation=access.organisation, draft=_draft(data),
                                                 actor=request.user),
        done=_("Your exercise is in the library."),
        to=lambda created: reverse("circles:exercise", args=[access.organisation.slug, created.pk]))


@organisation_view(Role.FACILITATOR)
def exercise_edit(request: HttpRequest, exercise_id: int, access: OrganisationAccess) -> HttpResponse:
    found = _visible(access, request.user, exercise_id)
    if found.key or found.author_id != request.user.pk:
        raise PermissionDenied  # he may read it, but it is not his to change
    if request.method != "POST":
        return _form_page(request, access, form=ExerciseForm(instance=found), exercise=found)

    def again(typed: ExerciseForm) -> HttpResponse:
        found.refresh_from_db()  # checking the form wrote what was typed onto the exercise itself
        return _form_page(request, access, form=typed, exercise=found)

    return post_action(
        request, form=ExerciseForm(request.POST, instance=found), refusals=REFUSALS, again=again,
        act=lambda data: library.exercise_update(exercise=found, draft=_draft(data), actor=request.user),
        done=_("Your exercise is saved."),
        to=reverse("circles:exercise", args=[access.organisation.slug, found.pk]))
