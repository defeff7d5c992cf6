"""The register of partners' concerns: partners raise and follow up; administrators answer within the
policy's days; both read the same register. A network's register also holds complaints about its member
organisations, which anyone with an account lodges and follows up on its own page."""
from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from holdspace.accounts.two_factor import two_factor_detour
from holdspace.concerns import selectors, services
from holdspace.concerns.forms import CloseForm, ComplaintForm, ConcernForm, EntryForm
from holdspace.concerns.models import Concern
from holdspace.concerns.policy import response_days_of
from holdspace.concerns.refusals import REFUSALS
from holdspace.organisations.access import OrganisationAccess, organisation_access, organisation_view
from holdspace.organisations.models import Organisation, Role
from holdspace.organisations.selectors import network_links
from holdspace.web import dates
from holdspace.web.actions import post_action

register_view = organisation_view(Role.ORG_ADMIN, Role.PARTNER_REP)
partner_view = organisation_view(Role.PARTNER_REP)


def _base(access: OrganisationAccess, **more) -> dict:
    return {"organisation": access.organisation, "access": access, "section": "concerns",
            "is_partner": access.has(Role.PARTNER_REP), **more}


@register_view
def register(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    # A network's administrators read the complaints about its members here too; its partners do not.
    complaints = access.is_admin and access.organisation.is_network
    return render(request, "concerns/register.html", _base(
        access, concerns=selectors.register(access.organisation, complaints=complaints, reader=request.user),
        complaints=complaints,
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


# Complaints about a network's member organisations. Lodging one is open to anyone with a confirmed account, a
# few a day (services.COMPLAINT_RATE).
LIMITED = {code: 429 for code in services.LIMITS}


def _network(slug: str) -> Organisation:
    return get_object_or_404(Organisation, slug=slug, kind=Organisation.Kind.NETWORK)


def _complaint_new_page(request: HttpRequest, network: Organisation, form: ComplaintForm, *,
                        status: int = 200) -> HttpResponse:
    return render(request, "concerns/complaint_new.html", {
        "organisation": network, "form": form, "days": response_days_of(network),
        "mine": selectors.complaints_lodged_by(person=request.user, network=network)}, status=status)


def complaint_new(request: HttpRequest, slug: str) -> HttpResponse:
    """Lodge a complaint with a network about one of its member organisations, as an organisation."""
    network = _network(slug)
    if not request.user.email_verified:
        return render(request, "accounts/needs_email.html")
    members = network_links(network=network)
    by_id = {link.organisation_id: link.organisation for link in members}

    def page(form: ComplaintForm, *, status: int = 200) -> HttpResponse:
        return _complaint_new_page(request, network, form, status=status)

    if request.method != "POST":
        return page(ComplaintForm(members=members))
    return post_action(
        request, form=ComplaintForm(request.POST, members=members), refusals=REFUSALS, again=page,
        fields={"complaint_not_member": "about"}, statuses=LIMITED,
        act=lambda data: services.complaint_lodge(network=network, about=by_id[data["about"]],
                                                  person=request.user, title=data["title"], text=data["text"]),
        done=lambda complaint: _("Your complaint is with %(network)s. It answers by %(day)s; we will tell you "
                                 "by mail.") % {"network": network.name, "day": dates.day(complaint.respond_by)},
        to=lambda complaint: reverse("concerns:complaint", args=[network.slug, complaint.pk]))


def _complaint_new_after_expired_form(request: HttpRequest, slug: str) -> HttpResponse:
    network = _network(slug)
    messages.info(request, _("This page was open for a long time, so it was not sent. Everything you wrote is "
                             "below: please send it again."))
    form = ComplaintForm(initial={name: request.POST.get(name, "") for name in ComplaintForm.base_fields},
                         members=network_links(network=network))
    return _complaint_new_page(request, network, form, status=403)


complaint_new.after_expired_form = _complaint_new_after_expired_form


def complaint_view(view):
    """Resolve the network and the complaint, for the network's administrators (after two-step sign-in) and the
    person who lodged it; 404 for anyone else."""

    @wraps(view)
    def wrapper(request: HttpRequest, slug: str, concern_id: int, **kwargs):
        try:
            access = organisation_access(request, slug=slug, roles=(Role.ORG_ADMIN,))
        except Http404:
            access = None
        network = access.organisation if access is not None else _network(slug)
        complaint = selectors.complaint_of(network, pk=concern_id, reader=request.user)
        if complaint is None or (access is None and complaint.raised_by_id != request.user.pk):
            raise Http404
        if access is not None:
            detour = two_factor_detour(request)
            if detour is not None:
                return detour
        return view(request, network=network, access=access, complaint=complaint, **kwargs)

    return wrapper


def _render_complaint(request: HttpRequest, network: Organisation, access: OrganisationAccess | None,
                      complaint: Concern, *, status: int = 200, **forms) -> HttpResponse:
    return render(request, "concerns/complaint.html", {
        "organisation": network, "access": access, "section": "concerns", "concern": complaint,
        "entries": complaint.entries.select_related("author"),
        "is_admin": access is not None, "speaks_for": services.speaks_for(complaint, person=request.user),
        "entry_form": forms.get("entry_form") or EntryForm(), "close_form": forms.get("close_form") or CloseForm(),
    }, status=status)


@complaint_view
def complaint(request: HttpRequest, network: Organisation, access: OrganisationAccess | None,
              complaint: Concern) -> HttpResponse:
    return _render_complaint(request, network, access, complaint)


def _act_on_complaint(request: HttpRequest, network: Organisation, access: OrganisationAccess | None,
                      complaint: Concern, *, form: EntryForm | CloseForm, form_name: str,
                      act: Callable[[str], object], done: str) -> HttpResponse:
    return post_action(
        request, form=form, refusals=REFUSALS, done=done, act=lambda data: act(data["text"]),
        to=reverse("concerns:complaint", args=[network.slug, complaint.pk]),
        again=lambda typed: _render_complaint(request, network, access, complaint, **{form_name: typed}))


@require_POST
@complaint_view
def complaint_answer(request: HttpRequest, network: Organisation, access: OrganisationAccess | None,
                     complaint: Concern) -> HttpResponse:
    if access is None:
        raise Http404
    return _act_on_complaint(
        request, network, access, complaint, form=EntryForm(request.POST), form_name="entry_form",
        act=lambda text: services.concern_answer(concern=complaint, actor=request.user, text=text),
        done=_("Your answer is with the complaint. The person who lodged it has been told."))


@require_POST
@complaint_view
def complaint_follow_up(request: HttpRequest, network: Organisation, access: OrganisationAccess | None,
                        complaint: Concern) -> HttpResponse:
    if not services.speaks_for(complaint, person=request.user):
        raise Http404
    return _act_on_complaint(
        request, network, access, complaint, form=EntryForm(request.POST), form_name="entry_form",
        act=lambda text: services.concern_follow_up(concern=complaint, partner=request.user, text=text),
        done=_("Your follow-up is with the complaint. The network owes an answer again."))


@require_POST
@complaint_view
def complaint_close(request: HttpRequest, network: Organisation, access: OrganisationAccess | None,
                    complaint: Concern) -> HttpResponse:
    return _act_on_complaint(
        request, network, access, complaint, form=CloseForm(request.POST), form_name="close_form",
        act=lambda text: services.concern_close(concern=complaint, actor=request.user, text=text),
        done=_("The complaint is closed. A follow-up opens it again."))


def _complaint_expired(view, form_class, form_name):
    """Words sent after the page's security token expired come back on the complaint's page, unsent."""

    def refill(request: HttpRequest, slug: str, concern_id: int) -> HttpResponse:
        def again(request, network, access, complaint):
            messages.info(request, _("This page was open for a long time, so it was not sent. Everything you "
                                     "wrote is below: please send it again."))
            return _render_complaint(request, network, access, complaint, status=403,
                                     **{form_name: form_class(request.POST)})

        return complaint_view(again)(request, slug, concern_id=concern_id)

    view.after_expired_form = refill


_complaint_expired(complaint_answer, EntryForm, "entry_form")
_complaint_expired(complaint_follow_up, EntryForm, "entry_form")
_complaint_expired(complaint_close, CloseForm, "close_form")
