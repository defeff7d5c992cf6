"""The recovery ring's page: administrators and handlers see who holds a part of the organisation's recovery
key, which open cases no handler's key opens, and the requests waiting for a second person."""
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from holdspace.keys.selectors import personal_key_exists
from holdspace.keys.session import unlocked_key
from holdspace.keys.views import key_url
from holdspace.organisations.access import OrganisationAccess, organisation_view
from holdspace.organisations.models import Role
from holdspace.crypto.boxes import CannotOpen, open_sealed
from holdspace.reports import handling, recovery
from holdspace.reports.access import handlers_of
from holdspace.reports.forms import RecoveryStartForm
from holdspace.reports.models import Case, IdentityPart, RecoveryRequest, RecoveryShare
from holdspace.reports.people import person_tag
from holdspace.reports.refusals import REFUSALS
from holdspace.web.actions import post_action
from holdspace.web.inputs import posted_id
from holdspace.web.refusals import Refusal

HOLDERS = (Role.ORG_ADMIN, Role.CASE_HANDLER)


def _page_url(access: OrganisationAccess) -> str:
    return reverse("reports:recovery", args=[access.organisation.slug])


def _start_form(access: OrganisationAccess, viewer, data=None) -> RecoveryStartForm:
    organisation = access.organisation
    recipients = [person for person in handlers_of(organisation).order_by("display_name", "pk")
                  if personal_key_exists(person)]
    return RecoveryStartForm(data, recipients=recipients,
                             cases=recovery.cases_without_reader(organisation, viewer=viewer), prefix="start")


def _page(request: HttpRequest, access: OrganisationAccess, *, form=None, status=200) -> HttpResponse:
    organisation, viewer = access.organisation, request.user
    ring = recovery.ring_of(organisation)
    shares = list(RecoveryShare.objects.filter(ring=ring).select_related("user").order_by("user__display_name",
                                                                                          "user__pk")) if ring else []
    held_by = {share.user_id for share in shares}
    waiting_for_part = [person for person in recovery.ring_holders(organisation).order_by("display_name", "pk")
                        if person.pk not in held_by]
    without_reader = recovery.cases_without_reader(organisation, viewer=viewer)
    requests = recovery.requests_open(organisation, viewer=viewer)
    names = {person.pk: person.display_name or person.email
             for person in recovery.ring_holders(organisation)} if requests else {}
    for item in requests:
        item.deal_names = [names[user_id] for user_id in item.deal_to if user_id in names]
        item.deal_new = [names[user_id] for user_id in item.deal_to if user_id in names and user_id not in held_by]
    asked = set(RecoveryRequest.objects.filter(ring=ring, parts__user=viewer).values_list("pk", flat=True)) \
        if ring else set()
    return render(request, "reports/recovery.html", {
        "organisation": organisation,
        "access": access,
        "ring": ring,
        "shares": shares,
        "holds_share": viewer.pk in held_by,
        "waiting_for_part": waiting_for_part,
        "without_reader": without_reader,
        "uncovered": [case for case in without_reader if not recovery.is_covered(case, ring=ring)],
        "uncovered_mine": recovery.cases_to_cover(organisation, user=viewer) if ring else 0,
        "requests": [(request_, request_.pk in asked) for request_ in requests],
        "form": form or _start_form(access, viewer),
        "has_key": personal_key_exists(viewer),
        "key_unlocked": unlocked_key(request) is not None,
        "is_handler": access.has(Role.CASE_HANDLER),
        "identity_asks": _identity_asks(request, access),
    }, status=status)


def _identity_asks(request: HttpRequest, access: OrganisationAccess) -> list[dict]:
    """Requests to see who reported that wait for this person's part: the reason, sealed to him, opens with his
    key unlocked."""
    private_key = unlocked_key(request)
    asks = []
    for part in _identity_parts(access, request.user).select_related("release__case", "release__requested_by"):
        try:
            reason = open_sealed(private_key, sealed=bytes(part.reason)).decode("utf-8") if private_key else None
        except CannotOpen:
            reason = None
        asks.append({"release": part.release, "reason": reason})
    return asks


def _identity_parts(access: OrganisationAccess, viewer):
    return IdentityPart.objects.filter(user=viewer, release__decided_at__isnull=True,
                                       release__case__handling_organisation=access.organisation,
                                       release__case__status=Case.Status.OPEN).exclude(
        release__case__exclusions__person_tag=person_tag(viewer)).order_by("release__requested_at", "pk")


@organisation_view(*HOLDERS)
def page(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    return _page(request, access)


def _with_key(view):
    """These steps open the person's share or case keys: his key must be unlocked in this browser."""

    def wrapper(request, *args, access: OrganisationAccess, **kwargs):
        private_key = unlocked_key(request)
        if private_key is None:
            return redirect(key_url(next_path=_page_url(access)))
        return view(request, *args, access=access, private_key=private_key, **kwargs)

    return wrapper


@require_POST
@organisation_view(Role.ORG_ADMIN)
def ring_make(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    def act(data):
        if recovery.ring_ensure(organisation=access.organisation) is None:
            raise Refusal("too_few_holders")

    return post_action(request, refusals=REFUSALS, act=act, to=_page_url(access),
                       done=_("The recovery ring is made: each administrator and handler with a key holds a part."))


@require_POST
@organisation_view(Role.CASE_HANDLER)
@_with_key
def cover(request: HttpRequest, access: OrganisationAccess, private_key) -> HttpResponse:
    return post_action(
        request, refusals=REFUSALS, to=_page_url(access),
        act=lambda data: recovery.cases_cover(organisation=access.organisation, user=request.user,
                                              private_key=private_key),
        done=lambda count: ngettext("The recovery ring now covers %(count)d more case.",
                                    "The recovery ring now covers %(count)d more cases.", count) % {"count": count}
        if count else _("Every case you hold was already covered."))


@require_POST
@organisation_view(*HOLDERS)
@_with_key
def start(request: HttpRequest, access: OrganisationAccess, private_key) -> HttpResponse:
    form = _start_form(access, request.user, request.POST)
    return post_action(
        request, form=form, refusals=REFUSALS, to=_page_url(access),
        again=lambda typed: _page(request, access, form=typed),
        fields={"not_a_handler": "recipient", "no_personal_key": "recipient", "unknown_case": "cases",
                "excluded_from_recovery": "cases", "not_covered": "cases"},
        act=lambda data: recovery.recovery_start(
            organisation=access.organisation, actor=request.user, private_key=private_key,
            kind=RecoveryRequest.Kind.CASES, recipient_id=data["recipient"], case_ids=data["cases"]),
        done=_("Your part is given. A second person completes the request from this page."))


@require_POST
@organisation_view(*HOLDERS)
@_with_key
def deal(request: HttpRequest, access: OrganisationAccess, private_key) -> HttpResponse:
    return post_action(
        request, refusals=REFUSALS, to=_page_url(access),
        act=lambda data: recovery.recovery_start(organisation=access.organisation, actor=request.user,
                                                 private_key=private_key, kind=RecoveryRequest.Kind.DEAL),
        done=_("Your part is given. A second person completes the request from this page."))


def _request(access: OrganisationAccess, viewer, request_id: int | None) -> RecoveryRequest:
    found = next((item for item in recovery.requests_open(access.organisation, viewer=viewer)
                  if item.pk == request_id), None)
    if found is None:
        raise Http404
    return found


@require_POST
@organisation_view(*HOLDERS)
@_with_key
def complete(request: HttpRequest, access: OrganisationAccess, private_key) -> HttpResponse:
    return post_action(
        request, refusals=REFUSALS, to=_page_url(access),
        act=lambda data: recovery.recovery_complete(
            request=_request(access, request.user, posted_id(request, name="request")), actor=request.user,
            private_key=private_key),
        done=_("Done. The record of changes keeps who took part."))


@require_POST
@organisation_view(*HOLDERS)
@_with_key
def identity(request: HttpRequest, access: OrganisationAccess, private_key) -> HttpResponse:
    part = _identity_parts(access, request.user).filter(release_id=posted_id(request, name="release")).select_related(
        "release__case").first()
    if part is None:
        raise Http404
    decision = request.POST.get("decision")

    def act(data):
        if decision not in ("approve", "decline"):
            raise Refusal("unknown_kind")  # nothing chosen is never taken as a decision
        handling.identity_decide(part.release.case, actor=request.user, release_id=part.release_id,
                                 approve=decision == "approve", private_key=private_key)

    return post_action(
        request, refusals=REFUSALS, to=_page_url(access), act=act,
        done=_("Your decision is recorded."))


@require_POST
@organisation_view(*HOLDERS)
def withdraw(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    return post_action(
        request, refusals=REFUSALS, to=_page_url(access),
        act=lambda data: recovery.recovery_withdraw(
            request=_request(access, request.user, posted_id(request, name="request")), actor=request.user,
            is_admin=access.is_admin),
        done=_("The request is withdrawn."))
