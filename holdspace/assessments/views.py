"""Assessment rounds and action points inside an organisation.

The round's page is one address for its whole life: the questionnaire while the
round is open and this person has not answered, a thank-you once he has, and
the results after the close, when enough people answered. After the close
nothing says who answered any more: the page reads only the stored results.
"""
from itertools import groupby
from operator import attrgetter

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from holdspace.accounts.two_factor import two_factor_detour
from holdspace.assessments import charts, selectors, services
from holdspace.assessments.access import assessment_access, assessment_view, participant_count
from holdspace.assessments.forms import ActionPointEditForm, ActionPointForm, AnswerForm, ProgressForm, RoundForm
from holdspace.assessments.models import ActionPoint, AssessmentRound
from holdspace.assessments.questionnaire import BY_KEY, DIMENSIONS
from holdspace.organisations.access import OrganisationAccess, organisation_view
from holdspace.organisations.models import Role
from holdspace.web.inputs import posted_id, query_id, query_page

COMMENTS_PER_PAGE = 50
NO_FIGURES = {"mean": None, "scored": 0, "unknown": 0, "left_out": [], "comments": 0}
POINTS_PER_PAGE = 50


def _context(access, section: str, **more) -> dict:
    return {"organisation": access.organisation, "access": access, "section": section, **more}


# Rounds ----------------------------------------------------------------------------------------------------------

@require_safe
@assessment_view
def rounds(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    """The organisation's rounds, for everyone who takes part; administrators find the way to open the next."""
    current = _current_round(access.organisation)
    return render(request, "assessments/rounds.html", _context(
        access, "assessments", rounds=selectors.rounds_of(access.organisation), current=current,
    ))


def _current_round(organisation) -> AssessmentRound | None:
    """The round open now, after closing one whose date has passed."""
    current = services.open_round(organisation)
    if current is not None:
        current = services.round_close_if_due(current)
    return current if current is not None and current.is_open else None


@organisation_view(Role.ORG_ADMIN)
def round_new(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    """An administrator opens the next round. While one is open the page says so; a refused round comes back
    with everything typed."""
    organisation = access.organisation
    form = RoundForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                opened = services.round_open(organisation=organisation, actor=request.user,
                                             title=form.cleaned_data["title"],
                                             closes_on=form.cleaned_data["closes_on"],
                                             min_answers=form.cleaned_data["min_answers"])
            except services.AssessmentError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                messages.success(request, _("The round is open. Everyone who takes part can answer until it "
                                            "closes."))
                return redirect("assessments:round", slug=organisation.slug, round_id=opened.pk)
    current = _current_round(organisation)
    return render(request, "assessments/round_new.html", _context(
        access, "assessments", form=form if current is None or request.method == "POST" else None,
        current=current,
    ), status=status)


def _round_of(access, round_id: int) -> AssessmentRound:
    found = get_object_or_404(AssessmentRound.objects.select_related("organisation"), pk=round_id,
                              organisation=access.organisation)
    return services.round_close_if_due(found)


@assessment_view
def round_page(request: HttpRequest, round_id: int, access: OrganisationAccess) -> HttpResponse:
    assessment_round = _round_of(access, round_id)
    if not assessment_round.is_open:
        if request.method == "POST":
            messages.info(request, _("This round has closed, so answers are no longer taken."))
            return redirect("assessments:round", slug=access.organisation.slug, round_id=assessment_round.pk)
        return _results_page(request, access, assessment_round)
    answered = services.has_answered(assessment_round, request.user)
    form, status = None, 200
    if not answered:
        form = AnswerForm(request.POST if request.method == "POST" else None)
        if request.method == "POST":
            status = 400
            if form.is_valid():
                try:
                    services.answer_submit(assessment_round=assessment_round, person=request.user,
                                           scores=form.scores(), comments=form.comments())
                except services.AssessmentError as error:
                    form.add_error(None, str(error))
                else:
                    messages.success(request, _("Thank you. Your answers are in, without your name."))
                    return redirect("assessments:round", slug=access.organisation.slug, round_id=assessment_round.pk)
    elif request.method == "POST":
        messages.info(request, _("You have already answered in this round. Answers cannot be changed once sent."))
        return redirect("assessments:round", slug=access.organisation.slug, round_id=assessment_round.pk)
    return _open_page(request, access, assessment_round, form=form, answered=answered, status=status)


def _open_page(request, access, assessment_round, *, form, answered, status=200, expired=False) -> HttpResponse:
    return render(request, "assessments/round_open.html", _context(
        access, "assessments", round=assessment_round, form=form, answered=answered, expired=expired,
        answers=services.answers_so_far(assessment_round), asked=participant_count(access.organisation),
    ), status=status)


def round_after_expired_form(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    """Answers sent after the form's security token expired (a long read): give them back as chosen."""
    access = assessment_access(request, slug)
    assessment_round = _round_of(access, round_id)
    if not assessment_round.is_open or services.has_answered(assessment_round, request.user):
        return redirect("assessments:round", slug=slug, round_id=assessment_round.pk)
    # Unbound, so the answers come back as chosen without error marks.
    form = AnswerForm(initial=request.POST.dict())
    return _open_page(request, access, assessment_round, form=form, answered=False, status=403, expired=True)


# A questionnaire with comments can take a while: answers sent after the form expired come back as chosen.
round_page.after_expired_form = round_after_expired_form


def _results_page(request, access, assessment_round: AssessmentRound) -> HttpResponse:
    results = assessment_round.results or {"answers": 0}
    context = _context(access, "assessments", round=assessment_round, results=results,
                       answers=results["answers"], can_add_points=access.is_admin)
    if not assessment_round.results_shown:
        context["not_enough"] = services.threshold_message(results["answers"], assessment_round.min_answers)
        context["points"] = selectors.points_of_rounds(assessment_round)[assessment_round.pk]
        return render(request, "assessments/round_results.html", context)
    previous = selectors.previous_results(assessment_round)
    points = selectors.points_of_rounds(assessment_round, previous)
    before = previous.results if previous else None
    rows = []
    for dimension in DIMENSIONS:
        # .get: a statement added to the questionnaire later has no figures in older rounds.
        now = results["dimensions"].get(dimension.key, NO_FIGURES)
        then = before["dimensions"].get(dimension.key, NO_FIGURES) if before else None
        questions = [(statement, figures, charts.mean_text(figures)) for statement in dimension.statements
                     for figures in [results["questions"].get(statement.key, NO_FIGURES)]]
        rows.append({"dimension": dimension, "now": now, "then": then, "change": _change(now, then),
                     "now_text": charts.mean_text(now), "then_text": charts.mean_text(then) if then else "",
                     "left_out": len(now.get("left_out", ())), "questions": questions})
    last_page = max(1, -(-results.get("comments", 0) // COMMENTS_PER_PAGE))
    page = query_page(request, last=last_page)
    context.update(
        previous=previous, rows=rows, page=page, last_page=last_page,
        held_back=_held_back(results) or (before is not None and _held_back(before)),
        can_withhold=access.is_admin,
        chart=charts.dimension_chart(results, before, current_label=_("This round"),
                                     previous_label=_("Previous round")),
        comment_groups=[(BY_KEY[key], list(group)) for key, group in groupby(
            selectors.comments_page(assessment_round, page=page, per_page=COMMENTS_PER_PAGE),
            key=attrgetter("dimension"))],
        points=points[assessment_round.pk],
        previous_points=points[previous.pk] if previous else [],
    )
    return render(request, "assessments/round_results.html", context)


def _change(now: dict, then: dict | None) -> float | None:
    """How far a part's mean moved since the previous round, when both means are over the same statements."""
    if not then or now["mean"] is None or then["mean"] is None:
        return None
    if set(now.get("left_out", ())) != set(then.get("left_out", ())):
        return None
    return round(now["mean"] - then["mean"], 1)


def _held_back(results: dict) -> bool:
    """Whether a statement's mean is not shown because too few people scored it."""
    return any(figures["mean"] is None and figures["scored"] for figures in results["questions"].values())


@require_POST
@organisation_view(Role.ORG_ADMIN)
def comment_withhold(request: HttpRequest, round_id: int, access: OrganisationAccess) -> HttpResponse:
    """An administrator withholds a comment that names or points at someone; its words are deleted."""
    assessment_round = get_object_or_404(AssessmentRound, pk=round_id, organisation=access.organisation)
    comment = services.comment_of(assessment_round, request.POST.get("comment", ""))
    if comment is None:
        raise Http404
    try:
        withheld = services.comment_withhold(comment=comment, actor=request.user)
    except services.AssessmentError as error:
        messages.error(request, str(error))
    else:
        if withheld:
            messages.success(request, _("The comment is withheld. Its words are deleted, and everyone now reads "
                                        "only that a comment was withheld."))
    url = reverse("assessments:round", args=[access.organisation.slug, assessment_round.pk])
    page = posted_id(request, name="page")
    return redirect(f"{url}?page={page}#comments-heading" if page and page > 1 else f"{url}#comments-heading")


@require_POST
@organisation_view(Role.ORG_ADMIN)
def round_close(request: HttpRequest, round_id: int, access: OrganisationAccess) -> HttpResponse:
    assessment_round = get_object_or_404(AssessmentRound, pk=round_id, organisation=access.organisation)
    was_open = assessment_round.is_open
    closed = services.round_close(assessment_round=assessment_round, actor=request.user)
    if was_open:
        messages.success(request, _("The round is closed. No more answers are taken."))
    return redirect("assessments:round", slug=access.organisation.slug, round_id=closed.pk)


# Action points ---------------------------------------------------------------------------------------------------

@assessment_view
def action_points(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    """Everyone who takes part reads the action points: overdue ones first, said in words."""
    points = selectors.action_points(access.organisation)
    progress = selectors.action_point_progress(access.organisation)
    last_page = max(1, -(-progress.total // POINTS_PER_PAGE))
    page = query_page(request, last=last_page)
    start = (page - 1) * POINTS_PER_PAGE
    return render(request, "assessments/action_points.html", _context(
        access, "action_points", points=list(points[start:start + POINTS_PER_PAGE]), progress=progress, page=page,
        last_page=last_page,
    ))


def _round_from_query(request: HttpRequest, organisation) -> AssessmentRound | None:
    """The round an action point answers, from `?round=`; none asked, None; anything but a round here, 404."""
    if not request.GET.get("round", "").strip():
        return None
    round_id = query_id(request, name="round")
    if round_id is None:
        raise Http404
    return get_object_or_404(AssessmentRound, pk=round_id, organisation=organisation)


@organisation_view(Role.ORG_ADMIN)
def action_point_new(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    organisation = access.organisation
    from_round = _round_from_query(request, organisation)
    form = ActionPointForm(request.POST if request.method == "POST" else None,
                           people=services.owner_choices(organisation))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                point = services.action_point_create(
                    organisation=organisation, actor=request.user, title=form.cleaned_data["title"],
                    detail=form.cleaned_data["detail"], owner=form.cleaned_data["owner"],
                    due_on=form.cleaned_data["due_on"], assessment_round=from_round,
                )
            except services.AssessmentError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                messages.success(request, _("The action point is saved. %(name)s can now update its progress.")
                                 % {"name": point.owner.display_name})
                if from_round is not None:
                    return redirect("assessments:round", slug=organisation.slug, round_id=from_round.pk)
                return redirect("assessments:action_points", slug=organisation.slug)
    return render(request, "assessments/action_point_new.html", _context(
        access, "action_points", form=form, from_round=from_round), status=status)


@assessment_view
def action_point(request: HttpRequest, point_id: int, access: OrganisationAccess) -> HttpResponse:
    """An action point: administrators change any part of it, its owner says how far it has come (until an
    administrator drops it), everyone who takes part reads it."""
    point = get_object_or_404(ActionPoint.objects.select_related("owner", "round", "organisation"), pk=point_id,
                              organisation=access.organisation)
    is_owner = point.owner_id == request.user.pk
    if access.is_admin:
        detour = two_factor_detour(request)
        if detour is not None:
            return detour
        form_class, form_kwargs = ActionPointEditForm, {"people": services.owner_choices(access.organisation)}
        initial = {"title": point.title, "detail": point.detail, "owner": point.owner_id, "due_on": point.due_on,
                   "status": point.status, "progress_note": point.progress_note}
    elif is_owner and point.status != ActionPoint.Status.DROPPED:
        form_class, form_kwargs = ProgressForm, {}
        initial = {"status": point.status, "progress_note": point.progress_note}
    else:
        form_class = None
    if form_class is None:
        if request.method == "POST":
            raise PermissionDenied
        return render(request, "assessments/action_point.html", _context(access, "action_points", point=point,
                                                                           is_owner=is_owner))
    form = form_class(request.POST if request.method == "POST" else None, initial=initial, **form_kwargs)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                if access.is_admin:
                    services.action_point_edit(point=point, actor=request.user, title=data["title"],
                                               detail=data["detail"], owner=data["owner"], due_on=data["due_on"],
                                               status=data["status"], progress_note=data["progress_note"])
                else:
                    services.action_point_progress(point=point, actor=request.user, status=data["status"],
                                                   progress_note=data["progress_note"])
            except services.AssessmentError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                messages.success(request, _("The action point is updated."))
                return redirect("assessments:action_point", slug=access.organisation.slug, point_id=point.pk)
    return render(request, "assessments/action_point.html", _context(
        access, "action_points", point=point, form=form, is_owner=is_owner), status=status)
