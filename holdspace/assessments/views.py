"""Assessment rounds and action points inside an organisation.

The round's page is one address for its whole life: the questionnaire while the
round is open and this person has not answered, a thank-you once he has, and
the results after the close, when enough people answered. After the close
nothing says who answered any more: the page reads only the stored results.
"""
from html import escape as html_escape
from itertools import groupby
from operator import itemgetter

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from holdspace.accounts.two_factor import two_factor_detour
from holdspace.assessments import charts, selectors, services
from holdspace.assessments.access import assessment_access, assessment_view, participant_count
from holdspace.assessments.forms import ActionPointEditForm, ActionPointForm, AnswerForm, ProgressForm, RoundForm
from holdspace.assessments.models import ActionPoint, AssessmentRound
from holdspace.assessments.questionnaire import BY_KEY, DIMENSIONS
from holdspace.assessments.refusals import FIELDS, REFUSALS
from holdspace.organisations.access import OrganisationAccess, organisation_view
from holdspace.organisations.models import Role
from holdspace.web import dates
from holdspace.web.actions import post_action
from holdspace.web.inputs import posted_id, query_id, query_page
from holdspace.web.rows import row_by_pk
from holdspace.web.templatetags.kept import kept_or_draw

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

    def page(form: RoundForm | None) -> HttpResponse:
        current = _current_round(organisation)
        return render(request, "assessments/round_new.html", _context(
            access, "assessments", form=form if current is None or request.method == "POST" else None,
            current=current))

    if request.method != "POST":
        return page(RoundForm())
    return post_action(
        request, form=RoundForm(request.POST), refusals=REFUSALS, fields=FIELDS, again=page,
        act=lambda data: services.round_open(organisation=organisation, actor=request.user, **data),
        done=_("The round is open. Everyone who takes part can answer until it closes."),
        to=lambda opened: reverse("assessments:round", args=[organisation.slug, opened.pk]))


def _round_of(access, round_id: int) -> AssessmentRound:
    # By its primary key in one query (holdspace/web/rows.py), then checked to be this organisation's.
    found = row_by_pk(AssessmentRound, pk=round_id)
    if found is None or found.organisation_id != access.organisation.pk:
        raise Http404
    found.organisation = access.organisation  # already read, rather than joined again
    return services.round_close_if_due(found)


@assessment_view
def round_page(request: HttpRequest, round_id: int, access: OrganisationAccess) -> HttpResponse:
    assessment_round = _round_of(access, round_id)
    here = reverse("assessments:round", args=[access.organisation.slug, assessment_round.pk])
    if not assessment_round.is_open:
        if request.method == "POST":
            messages.info(request, REFUSALS["round_closed"])
            return redirect(here)
        return _results_page(request, access, assessment_round)
    answered = services.has_answered(assessment_round, person=request.user)
    if request.method != "POST":
        return _open_page(request, access, assessment_round, form=None if answered else AnswerForm(),
                          answered=answered)
    if answered:
        messages.info(request, REFUSALS["answered_already"])
        return redirect(here)
    form = AnswerForm(request.POST)
    return post_action(
        request, form=form, refusals=REFUSALS, to=here,
        act=lambda _data: services.answer_submit(assessment_round=assessment_round, person=request.user,
                                                 scores=form.scores(), comments=form.comments()),
        done=_("Thank you. Your answers are in, without your name."),
        again=lambda typed: _open_page(request, access, assessment_round, form=typed, answered=False))


def _open_page(request, access, assessment_round, *, form, answered, status=200, expired=False) -> HttpResponse:
    return render(request, "assessments/round_open.html", _context(
        access, "assessments", round=assessment_round, form=form, answered=answered, expired=expired,
        answers=services.answers_so_far(assessment_round), asked=participant_count(access.organisation),
    ), status=status)


def round_after_expired_form(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    """Answers sent after the form's security token expired (a long read): give them back as chosen."""
    access = assessment_access(request, slug=slug)
    assessment_round = _round_of(access, round_id)
    if not assessment_round.is_open or services.has_answered(assessment_round, person=request.user):
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
        context["not_enough"] = threshold_message(results["answers"], needed=assessment_round.min_answers)
        context["points"] = _points_drawn(selectors.points_of_rounds(assessment_round)[assessment_round.pk],
                                          organisation=access.organisation)
        return render(request, "assessments/round_results.html", context)
    previous = selectors.previous_results(assessment_round)
    points = selectors.points_of_rounds(assessment_round, previous)
    last_page = max(1, -(-results.get("comments", 0) // COMMENTS_PER_PAGE))
    page = query_page(request, last=last_page)
    context.update(
        previous=previous, page=page, last_page=last_page, can_withhold=access.is_admin,
        scores=scores_drawn(assessment_round, previous=previous),
        comment_groups=[(BY_KEY[key], list(group)) for key, group in groupby(
            selectors.comments_page(assessment_round, page=page, per_page=COMMENTS_PER_PAGE,
                                    with_ids=access.is_admin),
            key=itemgetter("dimension"))],
        points=_points_drawn(points[assessment_round.pk], organisation=access.organisation),
        previous_points=_points_drawn(points[previous.pk], organisation=access.organisation) if previous else "",
    )
    return render(request, "assessments/round_results.html", context)


def scores_drawn(assessment_round: AssessmentRound, *, previous: AssessmentRound | None) -> SafeString:
    """A closed round's chart and tables of scores, beside the round before it, drawn once per language and
    process and kept: both rounds' results are stored at their close and never change (services._close), so the
    scores are the same for everyone who may read them. Comments and action points change, and are drawn for
    each page."""
    made_of = (assessment_round.pk, assessment_round.closed_at, assessment_round.min_answers,
               (previous.pk, previous.closed_at, previous.title) if previous else None)
    return kept_or_draw("assessments/_scores.html", made_of=made_of,
                        draw=lambda: render_to_string("assessments/_scores.html",
                                                      _scores_context(assessment_round, previous=previous)))


def _scores_context(assessment_round: AssessmentRound, *, previous: AssessmentRound | None) -> dict:
    results = assessment_round.results
    before = previous.results if previous else None
    rows = []
    for dimension in DIMENSIONS:
        # .get: a statement added to the questionnaire later has no figures in older rounds.
        now = results["dimensions"].get(dimension.key, NO_FIGURES)
        then = before["dimensions"].get(dimension.key, NO_FIGURES) if before else None
        # Titles and statements translated once here: the template shows each up to three times.
        questions = [(str(statement.text), figures, charts.mean_text(figures)) for statement in dimension.statements
                     for figures in [results["questions"].get(statement.key, NO_FIGURES)]]
        rows.append({"dimension": dimension, "title": str(dimension.title), "now": now, "then": then,
                     "change": _change(now, then),
                     "now_text": charts.mean_text(now), "then_text": charts.mean_text(then) if then else "",
                     "left_out": len(now.get("left_out", ())), "questions": questions})
    # The chart's description for screen readers: each part's mean, and the previous round's.
    previous_words = _("previous round")
    chart_desc = "".join(
        f"{row['title']}: {row['now_text']}" + (f" ({previous_words}: {row['then_text']})" if previous else "") + ". "
        for row in rows)
    return {
        "round": assessment_round, "previous": previous, "rows": rows, "chart_desc": chart_desc,
        "held_back": _held_back(results) or (before is not None and _held_back(before)),
        "chart": charts.dimension_chart(results, previous=before, current_label=_("This round"),
                                        previous_label=_("Previous round")),
    }


_ANY_ID = 987_654_321


def _points_drawn(points: list[dict], *, organisation) -> SafeString:
    """A list of action points (address, title, status, overdue, owner and due day), written here in one pass
    rather than by the template engine for each point; nothing when there is none. Titles and names are escaped
    as the template escapes them; the sentence around them, a translation, is not (as {% blocktranslate %})."""
    if not points:
        return SafeString("")
    statuses = {value: html_escape(str(label)) for value, label in ActionPoint.Status.choices}
    open_statuses = {str(status) for status in ActionPoint.OPEN}
    today = timezone.localdate()
    sentence = _("Owner: %(owner)s · due by the end of %(date)s")
    nobody = html_escape(_("no owner"))
    overdue = f' <strong class="overdue">{_("Overdue")}</strong>'
    # One address reversed for them all: a point's differs from it only in the id, its last part.
    head, tail = (html_escape(part) for part in reverse(
        "assessments:action_point", args=[organisation.slug, _ANY_ID]).rsplit(str(_ANY_ID), 1))
    items = "\n".join(
        f'<li>\n<a href="{head}{point["pk"]}{tail}">{html_escape(point["title"])}</a>\n'
        f'<span class="tag">{statuses.get(point["status"]) or html_escape(point["status"])}</span>'
        f'{overdue if point["status"] in open_statuses and point["due_on"] < today else ""}\n'
        f'<br><span class="meta">{sentence % _owner_and_day(point["owner_name"], day, nobody=nobody)}</span>\n</li>'
        for point, day in zip(points, dates.days([point["due_on"] for point in points])))
    return SafeString(f'<ul class="point-list">\n{items}\n</ul>')


def _owner_and_day(owner: str | None, day: str, *, nobody: str) -> dict[str, str]:
    return {"owner": html_escape(owner) if owner else nobody, "date": html_escape(day)}


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


def threshold_message(answers: int, *, needed: int) -> str:
    """Why results are not shown, with the figures."""
    return ngettext(
        "Not enough answers to show results without risk of identifying anyone: %(answers)s person answered, "
        "%(needed)s are needed.",
        "Not enough answers to show results without risk of identifying anyone: %(answers)s people answered, "
        "%(needed)s are needed.",
        answers,
    ) % {"answers": answers, "needed": needed}


@require_POST
@organisation_view(Role.ORG_ADMIN)
def comment_withhold(request: HttpRequest, round_id: int, access: OrganisationAccess) -> HttpResponse:
    """An administrator withholds a comment that names or points at someone; its words are deleted."""
    assessment_round = get_object_or_404(AssessmentRound, pk=round_id, organisation=access.organisation)
    comment = services.comment_of(assessment_round, comment_id=request.POST.get("comment", ""))
    if comment is None:
        raise Http404
    url = reverse("assessments:round", args=[access.organisation.slug, assessment_round.pk])
    page = posted_id(request, name="page")
    return post_action(
        request, refusals=REFUSALS,
        act=lambda _data: services.comment_withhold(comment=comment, actor=request.user),
        done=_("The comment is withheld. Its words are deleted, and everyone now reads only that a comment was "
               "withheld."),
        to=f"{url}?page={page}#comments-heading" if page and page > 1 else f"{url}#comments-heading")


@require_POST
@organisation_view(Role.ORG_ADMIN)
def round_close(request: HttpRequest, round_id: int, access: OrganisationAccess) -> HttpResponse:
    assessment_round = get_object_or_404(AssessmentRound, pk=round_id, organisation=access.organisation)
    return post_action(
        request, refusals=REFUSALS,
        act=lambda _data: services.round_close(assessment_round=assessment_round, actor=request.user),
        # Closing twice changes nothing, and says nothing the second time.
        done=_("The round is closed. No more answers are taken.") if assessment_round.is_open else None,
        to=reverse("assessments:round", args=[access.organisation.slug, assessment_round.pk]))


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
    people = services.owner_choices(organisation)

    def page(form: ActionPointForm) -> HttpResponse:
        return render(request, "assessments/action_point_new.html", _context(
            access, "action_points", form=form, from_round=from_round))

    if request.method != "POST":
        return page(ActionPointForm(people=people))
    back = (reverse("assessments:round", args=[organisation.slug, from_round.pk]) if from_round is not None
            else reverse("assessments:action_points", args=[organisation.slug]))
    return post_action(
        request, form=ActionPointForm(request.POST, people=people), refusals=REFUSALS, fields=FIELDS, again=page,
        act=lambda data: services.action_point_create(
            organisation=organisation, actor=request.user, title=data["title"], detail=data["detail"],
            owner=data["owner"], due_on=data["due_on"], assessment_round=from_round),
        done=lambda point: _("The action point is saved. %(name)s can now update its progress.") % {
            "name": point.owner.display_name},
        to=back)


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

        def act(data: dict) -> ActionPoint:
            return services.action_point_edit(point=point, actor=request.user, **data)
    elif is_owner and point.status != ActionPoint.Status.DROPPED:
        form_class, form_kwargs = ProgressForm, {}
        initial = {"status": point.status, "progress_note": point.progress_note}

        def act(data: dict) -> ActionPoint:
            return services.action_point_progress(point=point, actor=request.user, **data)
    else:
        form_class = None
    if form_class is None:
        if request.method == "POST":
            raise PermissionDenied
        return render(request, "assessments/action_point.html", _context(access, "action_points", point=point,
                                                                           is_owner=is_owner))

    def page(form) -> HttpResponse:
        return render(request, "assessments/action_point.html", _context(
            access, "action_points", point=point, form=form, is_owner=is_owner))

    if request.method != "POST":
        return page(form_class(initial=initial, **form_kwargs))
    # An administrator changes any part of it, and its owner how far it has come: each through his own service.
    return post_action(
        request, form=form_class(request.POST, initial=initial, **form_kwargs), refusals=REFUSALS, fields=FIELDS,
        again=page, act=act, done=_("The action point is updated."),
        to=reverse("assessments:action_point", args=[access.organisation.slug, point.pk]))
