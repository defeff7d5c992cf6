"""Participatory drafting: the administrator starts and revises a draft, opens it for members' comments until a
day, and publishes it; members read the draft and comment on each clause while comments are open."""
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from holdspace.conduct import services
from holdspace.conduct.forms import ClauseFormSet, CommentForm, CommentPeriodForm, DraftStartForm, PublishForm
from holdspace.conduct.models import ClauseComment, CodeVersion
from holdspace.organisations.access import OrganisationAccess, organisation_access, organisation_view
from holdspace.organisations.models import Organisation, Role
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
        changes=services.compare(current, draft) if current is not None else None,
    )
    return render(request, "conduct/draft.html", context, status=status)


def _row_clause_id(form) -> int | None:
    """The draft clause a row of the editor revises, as shown or as sent back."""
    return id_from(form["clause_id"].value())


@admin_view
def draft(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    if request.method != "POST":
        return _render_draft(request, access)
    current_draft = services.draft_of(access.organisation)
    if current_draft is None:
        messages.info(request, _("This draft has been published or discarded meanwhile."))
        return redirect("conduct:draft", slug=access.organisation.slug)
    formset = ClauseFormSet(request.POST)
    if not formset.is_valid():
        return _render_draft(request, access, formset=formset, status=400)
    try:
        services.clauses_save(draft=current_draft, actor=request.user, clauses=formset.clauses())
    except services.ConductError as error:
        messages.error(request, str(error))
        return _render_draft(request, access, formset=formset, status=409)
    messages.success(request, _("The draft is saved."))
    return redirect("conduct:draft", slug=access.organisation.slug)


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
        messages.info(request, _("A draft is already open: continue with it, or discard it first."))
        return redirect("conduct:draft", slug=access.organisation.slug)
    current = services.in_force(access.organisation)
    form = DraftStartForm(request.POST, has_version_in_force=current is not None)
    if not form.is_valid():
        return _render_draft(request, access, start_form=form, status=400)
    try:
        services.draft_start(organisation=access.organisation, actor=request.user,
                             language=form.cleaned_data["language"],
                             from_starter=form.cleaned_data.get("start_from") == DraftStartForm.FROM_STARTER)
        messages.success(request, _("A draft is open. Revise its clauses, then ask the members for comments."))
    except services.ConductError as error:
        messages.info(request, str(error))
    return redirect("conduct:draft", slug=access.organisation.slug)


def _open_draft_or_redirect(request: HttpRequest, access: OrganisationAccess):
    found = services.draft_of(access.organisation)
    if found is None:
        messages.info(request, _("This draft has been published or discarded meanwhile."))
    return found


@require_POST
@admin_view
def draft_comments(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    found = _open_draft_or_redirect(request, access)
    if found is None:
        return redirect("conduct:draft", slug=access.organisation.slug)
    form = CommentPeriodForm(request.POST)
    if not form.is_valid():
        return _render_draft(request, access, period_form=form, status=400)
    try:
        services.comments_open_until(draft=found, actor=request.user, day=form.cleaned_data["until"])
        messages.success(request, _("Members can comment on the draft until %(day)s.") % {
            "day": date_format(form.cleaned_data["until"], "DATE_FORMAT")})
    except services.ConductError as error:
        messages.error(request, str(error))
    return redirect("conduct:draft", slug=access.organisation.slug)


@require_POST
@admin_view
def draft_publish(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    found = _open_draft_or_redirect(request, access)
    if found is None:
        return redirect("conduct:draft", slug=access.organisation.slug)
    form = PublishForm(request.POST)
    if not form.is_valid():
        return _render_draft(request, access, publish_form=form, status=400)
    try:
        published = services.publish(draft=found, actor=request.user, change_note=form.cleaned_data["change_note"])
    except services.ConductError as error:
        messages.error(request, str(error))
        return _render_draft(request, access, publish_form=form, status=409)
    messages.success(request, _("Version %(number)s is in force. Everyone is asked to sign it.") % {
        "number": published.number})
    return redirect("conduct:code", slug=access.organisation.slug)


@require_POST
@admin_view
def draft_discard(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    found = _open_draft_or_redirect(request, access)
    if found is not None:
        try:
            services.draft_discard(draft=found, actor=request.user)
            messages.success(request, _("The draft and its comments are discarded. The version in force is "
                                        "unchanged."))
        except services.ConductError as error:
            messages.info(request, str(error))
    return redirect("conduct:draft", slug=access.organisation.slug)


def _commenter_access(request: HttpRequest, slug: str) -> OrganisationAccess:
    """The organisation's people; on a network's draft also its member organisations' administrators, who hold
    no role in the network itself (404 to everyone else)."""
    try:
        return organisation_access(request, slug=slug)
    except Http404:
        network = Organisation.objects.filter(slug=slug, kind=Organisation.Kind.NETWORK).first()
        if network is None or not services.may_comment(request.user, network.pk):
            raise
        return OrganisationAccess(network, frozenset())


def comments(request: HttpRequest, slug: str) -> HttpResponse:
    """The draft read and commented on, clause by clause, while comments are open."""
    access = _commenter_access(request, slug)
    found = services.draft_of(access.organisation)
    if found is None or found.comments_close_at is None:
        raise Http404  # a draft not yet opened for comments is the administrator's work in progress
    failed_form, failed_position = None, None
    if request.method == "POST":
        position = posted_id(request, name="clause")
        clause = found.clauses.filter(position=position).first() if position else None
        if clause is None:
            raise Http404
        form = CommentForm(request.POST, prefix=f"c{clause.position}")
        if form.is_valid():
            try:
                services.comment_add(clause=clause, author=request.user, text=form.cleaned_data["text"])
                messages.success(request, _("Thank you. Your comment is with the draft."))
                return redirect(f"{request.path}#clause-{clause.position}")
            except services.ConductError as error:
                form.add_error(None, str(error))
        failed_form, failed_position = form, clause.position
    return _render_comments(request, access, found, status=400 if failed_form is not None else 200,
                            typed=(failed_position, failed_form) if failed_form is not None else None)


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
