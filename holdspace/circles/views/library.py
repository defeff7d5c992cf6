"""The exercise library for an organisation's facilitators: the exercises written
for Holdspace, those shared here, and their own."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from holdspace.circles import library
from holdspace.circles.forms import ExerciseForm
from holdspace.circles.models import Exercise
from holdspace.organisations.access import OrganisationAccess, organisation_view
from holdspace.organisations.models import Role


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
    entries = [(exercise, library.exercise_text(exercise, language)) for exercise in exercises]
    return render(request, "circles/library.html", {
        "access": access, "organisation": access.organisation, "entries": entries, "kinds": Exercise.Kind.choices,
        "kind": kind,
    })


@organisation_view(Role.FACILITATOR)
def exercise(request: HttpRequest, exercise_id: int, access: OrganisationAccess) -> HttpResponse:
    found = _visible(access, request.user, exercise_id)
    return render(request, "circles/exercise.html", {
        "access": access, "organisation": access.organisation, "exercise": found,
        "text": library.exercise_text(found, translation.get_language()),
        "may_edit": not found.key and found.author_id == request.user.pk,
    })


def _draft(form: ExerciseForm) -> library.ExerciseDraft:
    data = form.cleaned_data
    return library.ExerciseDraft(**{field: data[field] for field in library.ExerciseDraft.__dataclass_fields__})


@organisation_view(Role.FACILITATOR)
def exercise_new(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    form = ExerciseForm(request.POST or None, initial={"language": translation.get_language(), "duration_minutes": 20})
    if request.method == "POST" and form.is_valid():
        created = library.exercise_create(organisation=access.organisation, draft=_draft(form), actor=request.user)
        messages.success(request, _("Your exercise is in the library."))
        return redirect("circles:exercise", slug=access.organisation.slug, exercise_id=created.pk)
    return render(request, "circles/exercise_form.html", {
        "access": access, "organisation": access.organisation, "form": form, "exercise": None,
    }, status=400 if form.is_bound else 200)


@organisation_view(Role.FACILITATOR)
def exercise_edit(request: HttpRequest, exercise_id: int, access: OrganisationAccess) -> HttpResponse:
    found = _visible(access, request.user, exercise_id)
    if found.key or found.author_id != request.user.pk:
        raise PermissionDenied  # he may read it, but it is not his to change
    form = ExerciseForm(request.POST or None, instance=found)
    if request.method == "POST" and form.is_valid():
        library.exercise_update(exercise=found, draft=_draft(form), actor=request.user)
        messages.success(request, _("Your exercise is saved."))
        return redirect("circles:exercise", slug=access.organisation.slug, exercise_id=found.pk)
    if form.is_bound:
        found.refresh_from_db()
    return render(request, "circles/exercise_form.html", {
        "access": access, "organisation": access.organisation, "form": form, "exercise": found,
    }, status=400 if form.is_bound else 200)
