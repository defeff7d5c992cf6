"""A man's own commitments: those he made in a circle and those he made alone."""
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from holdspace.inventory import selectors, services
from holdspace.inventory.forms import CheckInForm, CommitmentEndForm, CommitmentForm
from holdspace.inventory.models import Commitment
from holdspace.inventory.refusals import REFUSALS
from holdspace.web.actions import post_action

RECENT_CHECK_INS = 3


def commitments(request: HttpRequest) -> HttpResponse:
    def page(form: CommitmentForm) -> HttpResponse:
        mine = selectors.commitments_of(request.user)
        for commitment in mine:
            commitment.recent = commitment.all_check_ins[:RECENT_CHECK_INS]
        return render(request, "inventory/commitments.html", {
            "active": [c for c in mine if c.status == Commitment.Status.ACTIVE],
            "ended": [c for c in mine if c.status != Commitment.Status.ACTIVE],
            "form": form,
        })

    if request.method != "POST":
        return page(CommitmentForm())
    return post_action(
        request, form=CommitmentForm(request.POST), refusals=REFUSALS, again=page,
        act=lambda data: services.commitment_make(owner=request.user, **data),
        done=_("Your commitment is written down. Check in on it as you go."),
        to=reverse("inventory:commitments"))


def _his(request: HttpRequest, commitment_id: int) -> Commitment:
    found = selectors.commitment_of(request.user, commitment_id=commitment_id)
    if found is None:
        raise Http404
    return found


def _page(request, found: Commitment, *, form=None, end_form=None) -> HttpResponse:
    return render(request, "inventory/commitment.html", {
        "commitment": found, "form": form or CheckInForm(), "check_ins": list(found.check_ins.all()[:50]),
        "end_form": end_form or CommitmentEndForm(),
    })


def commitment(request: HttpRequest, commitment_id: int) -> HttpResponse:
    """One commitment: check in on it, read how it has gone, or end it."""
    found = _his(request, commitment_id)
    if request.method != "POST":
        return _page(request, found)
    return post_action(
        request, form=CheckInForm(request.POST), refusals=REFUSALS,
        act=lambda data: services.commitment_check_in(commitment=found, user=request.user, **data),
        done=_("Your check-in is saved."),
        to=reverse("inventory:commitment", args=[found.pk]),
        again=lambda typed: _page(request, found, form=typed))


@require_POST
def commitment_end(request: HttpRequest, commitment_id: int) -> HttpResponse:
    found = _his(request, commitment_id)
    return post_action(
        request, form=CommitmentEndForm(request.POST), refusals=REFUSALS,
        act=lambda data: services.commitment_end(commitment=found, user=request.user, status=data["status"]),
        done=_("Noted. It stays in your list with its check-ins."),
        to=reverse("inventory:commitments"),
        again=lambda typed: _page(request, found, end_form=typed))
