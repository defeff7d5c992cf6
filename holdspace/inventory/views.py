"""A man's own commitments: those he made in a circle and those he made alone."""
from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from holdspace.inventory import services
from holdspace.inventory.forms import CheckInForm, CommitmentEndForm, CommitmentForm
from holdspace.inventory.models import Commitment, CommitmentCheckIn

RECENT_CHECK_INS = 3


def commitments(request: HttpRequest) -> HttpResponse:
    form = CommitmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.commitment_make(owner=request.user, text=form.cleaned_data["text"],
                                 check_in_every=form.cleaned_data["check_in_every"])
        messages.success(request, _("Your commitment is written down. Check in on it as you go."))
        return redirect("inventory:commitments")
    mine = list(
        Commitment.objects.filter(owner=request.user)
        .select_related("source_session__circle")
        .prefetch_related(Prefetch("check_ins", queryset=CommitmentCheckIn.objects.order_by("-at", "-pk"),
                                   to_attr="all_check_ins"))
    )
    for commitment in mine:
        commitment.recent = commitment.all_check_ins[:RECENT_CHECK_INS]
    return render(request, "inventory/commitments.html", {
        "active": [c for c in mine if c.status == Commitment.Status.ACTIVE],
        "ended": [c for c in mine if c.status != Commitment.Status.ACTIVE],
        "form": form,
    }, status=400 if form.is_bound else 200)


def _his(request: HttpRequest, commitment_id: int) -> Commitment:
    found = Commitment.objects.filter(owner=request.user, pk=commitment_id).select_related(
        "source_session__circle").first()
    if found is None:
        raise Http404
    return found


def commitment(request: HttpRequest, commitment_id: int) -> HttpResponse:
    """One commitment: check in on it, read how it has gone, or end it."""
    found = _his(request, commitment_id)
    if request.method != "POST":
        return _page(request, found)
    form = CheckInForm(request.POST)
    if form.is_valid():
        try:
            services.commitment_check_in(commitment=found, user=request.user,
                                         outcome=form.cleaned_data["outcome"], note=form.cleaned_data["note"])
        except services.CheckInRefused as refused:
            form.add_error(None, _("This commitment has ended: start a new one to keep going.")
                           if refused.code == "ended" else _("That is enough check-ins for today."))
        else:
            messages.success(request, _("Your check-in is saved."))
            return redirect("inventory:commitment", commitment_id=found.pk)
    return _page(request, found, form=form, status=400)


def _page(request, found: Commitment, *, form=None, status: int = 200) -> HttpResponse:
    return render(request, "inventory/commitment.html", {
        "commitment": found, "form": form or CheckInForm(), "check_ins": list(found.check_ins.all()[:50]),
        "end_form": CommitmentEndForm(),
    }, status=status)


@require_POST
def commitment_end(request: HttpRequest, commitment_id: int) -> HttpResponse:
    found = _his(request, commitment_id)
    form = CommitmentEndForm(request.POST)
    if not form.is_valid() or found.status != Commitment.Status.ACTIVE:
        messages.error(request, _("Choose whether it is done or set down."))
        return _page(request, found, status=400)
    services.commitment_end(commitment=found, user=request.user, status=form.cleaned_data["status"])
    messages.success(request, _("Noted. It stays in your list with its check-ins."))
    return redirect("inventory:commitments")
