"""The register of partners' concerns: partners raise and follow up; administrators answer within the
policy's days; both read the same register."""
from collections.abc import Callable

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from holdspace.concerns import selectors, services
from holdspace.concerns.forms import CloseForm, ConcernForm, EntryForm
from holdspace.concerns.models import Concern
from holdspace.concerns.policy import response_days_of
from holdspace.concerns.refusals import REFUSALS
from holdspace.organisations.access import OrganisationAccess, organisation_view
from holdspace.organisations.models import Role
from holdspace.web import dates
from holdspace.web.actions import post_action

register_view = organisation_view(Role.ORG_ADMIN, Role.PARTNER_REP)
partner_view = organisation_view(Role.PARTNER_REP)


def _base(access: OrganisationAccess, **more) -> dict:
    return {"organisation": access.organisation, "access": access, "section": "concerns",
            "is_partner": access.has(Role.PARTNER_REP), **more}


@register_view
def register(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    return render(request, "concerns/register.html", _base(
        access, concerns=selectors.register(access.organisation),
        days=response_days_of(access.organisation)))


@partner_view
def new(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    def page(form: ConcernForm) -> HttpResponse:
        return render(request, "concerns/new.html", _base(
            access, form=form, days=response_days_of(access.organisation)))

    if request.method != "POST":
        return page(ConcernForm())
    return post_action(
        request, form=ConcernForm(request.POST), refusals=REFUSALS, again=page,
        act=lambda data: services.concern_raise(organisation=access.organisation, partner=request.user, **data),
        done=lambda concern: _("Your concern is in the register. The organisation answers by %(day)s.") % {
            "day": dates.day(concern.respond_by)},
        to=lambda concern: reverse("concerns:concern", args=[access.organisation.slug, concern.pk]))


def _new_after_expired_form(request: HttpRequest, slug: str) -> HttpResponse:
    return partner_view(_refill_new)(request, slug)


def _refill_new(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    messages.info(request, _("This page was open for a long time, so it was not sent. Everything you wrote is "
                             "below: please send it again."))
    form = ConcernForm(initial={name: request.POST.get(name, "") for name in ConcernForm.base_fields})
    return render(request, "concerns/new.html", _base(
        access, form=form, days=response_days_of(access.organisation)), status=403)


new.after_expired_form = _new_after_expired_form


def _concern(access: OrganisationAccess, concern_id: int) -> Concern:
    found = (selectors.register(access.organisation).filter(pk=concern_id).first())
    if found is None:
        raise Http404
    return found


def _render_concern(request: HttpRequest, access: OrganisationAccess, concern: Concern, *, status: int = 200,
                    **forms) -> HttpResponse:
    return render(request, "concerns/concern.html", _base(
        access, concern=concern, entries=concern.entries.select_related("author"),
        speaks_for=services.speaks_for(concern, person=request.user),
        entry_form=forms.get("entry_form") or EntryForm(),
        close_form=forms.get("close_form") or CloseForm(),
    ), status=status)


@register_view
def concern(request: HttpRequest, access: OrganisationAccess, concern_id: int) -> HttpResponse:
    return _render_concern(request, access, _concern(access, concern_id))


def _act_on(request: HttpRequest, access: OrganisationAccess, concern_id: int, *, form: EntryForm | CloseForm,
            form_name: str, act: Callable[[Concern, str], object], done: str) -> HttpResponse:
    found = _concern(access, concern_id)
    return post_action(
        request, form=form, refusals=REFUSALS, done=done,
        act=lambda data: act(found, data["text"]),
        to=reverse("concerns:concern", args=[access.organisation.slug, found.pk]),
        again=lambda typed: _render_concern(request, access, found, **{form_name: typed}))


@require_POST
@organisation_view(Role.ORG_ADMIN)
def answer(request: HttpRequest, access: OrganisationAccess, concern_id: int) -> HttpResponse:
    return _act_on(request, access, concern_id, form=EntryForm(request.POST), form_name="entry_form",
                   act=lambda found, text: services.concern_answer(concern=found, actor=request.user, text=text),
                   done=_("Your answer is in the register. The partners have been told."))


@require_POST
@partner_view
def follow_up(request: HttpRequest, access: OrganisationAccess, concern_id: int) -> HttpResponse:
    return _act_on(request, access, concern_id, form=EntryForm(request.POST), form_name="entry_form",
                   act=lambda found, text: services.concern_follow_up(concern=found, partner=request.user,
                                                                      text=text),
                   done=_("Your follow-up is in the register. The organisation owes an answer again."))


@require_POST
@register_view
def close(request: HttpRequest, access: OrganisationAccess, concern_id: int) -> HttpResponse:
    return _act_on(request, access, concern_id, form=CloseForm(request.POST), form_name="close_form",
                   act=lambda found, text: services.concern_close(concern=found, actor=request.user, text=text),
                   done=_("The concern is closed. A follow-up opens it again."))


def _expired(view, form_class, form_name):
    """Words sent after the page's security token expired come back on the concern's page, unsent."""

    def refill(request: HttpRequest, slug: str, concern_id: int) -> HttpResponse:
        def again(request, access, concern_id):
            messages.info(request, _("This page was open for a long time, so it was not sent. Everything you "
                                     "wrote is below: please send it again."))
            return _render_concern(request, access, _concern(access, concern_id), status=403,
                                   **{form_name: form_class(request.POST)})

        return register_view(again)(request, slug, concern_id=concern_id)

    view.after_expired_form = refill


_expired(answer, EntryForm, "entry_form")
_expired(follow_up, EntryForm, "entry_form")
_expired(close, CloseForm, "close_form")
