"""Participatory drafting: the administrator starts and revises a draft, opens it for members' comments until a
day, and publishes it; members read the draft and comment on each clause while comments are open."""
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from holdspace.conduct import services
from holdspace.conduct.forms import ClauseFormSet, CommentForm, CommentPeriodForm, DraftStartForm, PublishForm
from holdspace.conduct.models import ClauseComment, CodeVersion
from holdspace.conduct.refusals import REFUSALS
from holdspace.organisations.access import OrganisationAccess, organisation_access, organisation_view
from holdspace.organisations.models import Organisation, Role
from holdspace.web import dates
from holdspace.web.actions import post_action
from holdspace.web.inputs import id_from, posted_id

admin_view = organisation_view(Role.ORG_ADMIN)


def _comments_by_clause(draft: CodeVersion) -> dict[int, list[ClauseComment]]:
    grouped: dict[int, list[ClauseComment]] = {}
    for comment in ClauseComment.objects.filter(clause__version=draft).select_related("author"):
        grouped.setdefault(comment.clause_id, []).append(comment)
    return grouped


def _render_draft(request: HttpRequest, access: OrganisationAccess, *, status: int = 200, **forms) -> HttpResponse:
    organisation = access.organisation
    draft = services.draft_of(organisation)
    current = services.in_force(organisation)
    context = {"organisation": organisation, "access": access, "section": "code", "draft": draft,
               "in_force": current}
    # Another administrator may have started or published a draft meanwhile: a refusal on a form this
    # page no longer shows is said above it instead.
    for name in ("period_form", "publish_form") if draft is None else ("start_form",):
        if forms.get(name) is not None:
            for error in forms[name].non_field_errors():
                messages.error(request, error)
    if draft is None:
        context["start_form"] = forms.get("start_form") or DraftStartForm(
            has_version_in_force=current is not None,
            initial={"language": request.LANGUAGE_CODE, "start_from": DraftStartForm.FROM_IN_FORCE})
        return render(request, "conduct/draft.html", context, status=status)
    clauses = list(draft.clauses.all())
    formset = forms.get("formset") or ClauseFormSet(
        initial=[{"clause_id": clause.pk, "title": clause.title, "text": clause.text} for clause in clauses])
    comments = _comments_by_clause(draft)
    context.update(
        formset=formset,
        rows=[(form, comments.get(_row_clause_id(form), [])) for form in formset.forms],
        comment_count=sum(len(found) for found in comments.values()),
        comments_open=services.comments_are_open(draft),
        period_form=forms.get("period_form") or CommentPeriodForm(
            initial={"until": timezone.localtime(draft.comments_close_at).date()} if draft.comments_close_at
            else None),
        publish_form=forms.get("publish_form") or PublishForm(),
        changes=services.compare(current, newer=draft) if current is not None else None,
    )
    return render(request, "conduct/draft.html", context, status=status)


def _row_clause_id(form) -> int | None:
    """The draft clause a row of the editor revises, as shown or as sent back."""
    return id_from(form["clause_id"].value())


def _draft_url(access: OrganisationAccess) -> str:
    return reverse("conduct:draft", args=[access.organisation.slug])


@admin_view
def draft(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    """The draft and its editor; the clauses saved from it."""
    if request.method != "POST":
        return _render_draft(request, access)
    current_draft = _open_draft_or_say_so(request, access)
    if current_draft is None:
        return redirect(_draft_url(access))
    # A formset is checked here: post_action checks one form.
    formset = ClauseFormSet(request.POST)
    if not formset.is_valid():
        return _render_draft(request, access, formset=formset, status=400)
    return post_action(
        request, refusals=REFUSALS, done=_("The draft is saved."), to=_draft_url(access),
        act=lambda _data: services.clauses_save(draft=current_draft, actor=request.user, clauses=formset.clauses()),
        again=lambda _form: _render_draft(request, access, formset=formset))


def draft_after_expired_form(request: HttpRequest, slug: str) -> HttpResponse:
    """Clauses sent after the page's security token expired: give them back as typed, unsaved."""
    return admin_view(_draft_refill)(request, slug)


def _draft_refill(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    formset = ClauseFormSet(request.POST)
    formset.is_valid()
    messages.info(request, _("This page was open for a long time, so the draft was not saved. Everything you "
                             "wrote is below: please save it again."))
    return _render_draft(request, access, formset=formset, status=403)


draft.after_expired_form = draft_after_expired_form


@require_POST
@admin_view
def draft_start(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    if services.draft_of(access.organisation) is not None:
        messages.info(request, REFUSALS["draft_open"])
        return redirect(_draft_url(access))
    form = DraftStartForm(request.POST, has_version_in_force=services.in_force(access.organisation) is not None)
    return post_action(
        request, form=form, refusals=REFUSALS, to=_draft_url(access),
        act=lambda data: services.draft_start(organisation=access.organisation, actor=request.user,
                                              language=data["language"],
                                              from_starter=data.get("start_from") == DraftStartForm.FROM_STARTER),
        done=_("A draft is open. Revise its clauses, then ask the members for comments."),
        again=lambda typed: _render_draft(request, access, start_form=typed))


def _open_draft_or_say_so(request: HttpRequest, access: OrganisationAccess) -> CodeVersion | None:
    found = services.draft_of(access.organisation)
    if found is None:
        messages.info(request, REFUSALS["draft_gone"])
    return found


@require_POST
@admin_view
def draft_comments(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    found = _open_draft_or_say_so(request, access)
    if found is None:
        return redirect(_draft_url(access))
    form = CommentPeriodForm(request.POST)
    return post_action(
        request, form=form, refusals=REFUSALS, to=_draft_url(access), fields={"period_past": "until"},
        act=lambda data: services.comments_open_until(draft=found, actor=request.user, day=data["until"]),
        done=lambda _until: _("Members can comment on the draft until the end of %(day)s.") % {
            "day": dates.day(form.cleaned_data["until"])},
        again=lambda typed: _render_draft(request, access, period_form=typed))


@require_POST
@admin_view
def draft_publish(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    found = _open_draft_or_say_so(request, access)
    if found is None:
        return redirect(_draft_url(access))
    return post_action(
        request, form=PublishForm(request.POST), refusals=REFUSALS,
        act=lambda data: services.publish(draft=found, actor=request.user, change_note=data["change_note"]),
        done=lambda published: _("Version %(number)s is in force. Everyone is asked to sign it.") % {
            "number": published.number},
        to=reverse("conduct:code", args=[access.organisation.slug]),
        again=lambda typed: _render_draft(request, access, publish_form=typed))


@require_POST
@admin_view
def draft_discard(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    found = _open_draft_or_say_so(request, access)
    if found is None:
        return redirect(_draft_url(access))
    return post_action(
        request, refusals=REFUSALS, to=_draft_url(access),
        act=lambda _data: services.draft_discard(draft=found, actor=request.user),
        done=_("The draft and its comments are discarded. The version in force is unchanged."))


def _commenter_access(request: HttpRequest, slug: str) -> OrganisationAccess:
    """The organisation's people; on a network's draft also its member organisations' administrators, who hold
    no role in the network itself (404 to everyone else)."""
    try:
        return organisation_access(request, slug=slug)
    except Http404:
        network = Organisation.objects.filter(slug=slug, kind=Organisation.Kind.NETWORK).first()
        if network is None or not services.may_comment(request.user, organisation_id=network.pk):
            raise
        return OrganisationAccess(network, frozenset())


def comments(request: HttpRequest, slug: str) -> HttpResponse:
    """The draft read and commented on, clause by clause, while comments are open."""
    access = _commenter_access(request, slug)
    found = services.draft_of(access.organisation)
    if found is None or found.comments_close_at is None:
        raise Http404  # a draft not yet opened for comments is the administrator's work in progress
    if request.method != "POST":
        return _render_comments(request, access, found)
    position = posted_id(request, name="clause")
    clause = found.clauses.filter(position=position).first() if position else None
    if clause is None:
        raise Http404
    return post_action(
        request, form=CommentForm(request.POST, prefix=f"c{clause.position}"), refusals=REFUSALS,
        act=lambda data: services.comment_add(clause=clause, author=request.user, text=data["text"]),
        done=_("Thank you. Your comment is with the draft."), to=f"{request.path}#clause-{clause.position}",
        again=lambda typed: _render_comments(request, access, found, typed=(clause.position, typed)))


def _render_comments(request, access, found, *, status=200, typed=None) -> HttpResponse:
    """The draft clause by clause, with its comments; `typed` is (position, form) for words to give back."""
    grouped = _comments_by_clause(found)
    rows = [(clause, grouped.get(clause.pk, []),
             typed[1] if typed and clause.position == typed[0] else CommentForm(prefix=f"c{clause.position}"))
            for clause in found.clauses.all()]
    return render(request, "conduct/comments.html", {
        "organisation": access.organisation, "access": access, "section": "code", "draft": found,
        "is_open": services.comments_are_open(found), "rows": rows, "typed_position": typed[0] if typed else None,
    }, status=status)


def comments_after_expired_form(request: HttpRequest, slug: str) -> HttpResponse:
    """A comment sent after the page's security token expired comes back under its clause, unsent."""
    access = _commenter_access(request, slug)
    found = services.draft_of(access.organisation)
    position = posted_id(request, name="clause")
    if found is None or found.comments_close_at is None or not position:
        raise Http404
    messages.info(request, _("This page was open for a long time, so it was not sent. Everything you wrote is "
                             "below: please send it again."))
    return _render_comments(request, access, found, typed=(position, CommentForm(
        initial={"text": request.POST.get(f"c{position}-text", "")}, prefix=f"c{position}")), status=403)


comments.after_expired_form = comments_after_expired_form
