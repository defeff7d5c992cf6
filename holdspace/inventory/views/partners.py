"""Being someone's accountability partner: answering an invitation, reading the one commitment he
shared and its check-ins, confirming a check-in, leaving a word, and leaving. The words open with
the partner's own key, unlocked in this session."""
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from holdspace.inventory import commitments, partners, selectors
from holdspace.inventory.forms import EncouragementForm
from holdspace.inventory.models import Commitment, CommitmentCheckIn
from holdspace.inventory.refusals import REFUSALS
from holdspace.inventory.sealing import commitment_key_open, waiting_for_new_key
from holdspace.inventory.views.commitments import keyed_view
from holdspace.keys.session import unlocked_key
from holdspace.web.actions import post_action
from holdspace.web.session_secrets import secret_forget, secret_get, secret_keep

# The secret of an invitation's link, kept once opened so it leaves the address bar at once: in the session,
# locked by a key in a cookie of its own, so that neither the session table nor the cookie alone gives it.
LINK = "hs_partner_link"


@keyed_view
def partnering(request: HttpRequest, *, private_key) -> HttpResponse:
    """The commitments he supports, and invitations waiting for his answer."""
    supported = selectors.partnered_by(request.user)
    selectors.commitments_open(supported, private_key=private_key)
    for commitment in supported:
        commitment.recent = commitment.all_check_ins[:3]
    return render(request, "inventory/partnering.html", {
        "supported": supported, "invitations": selectors.invitations_for(request.user),
    })


def _supported(request: HttpRequest, *, commitment_id: int, **_kwargs) -> Commitment:
    """A commitment he supports as a partner; 404 otherwise."""
    found = selectors.commitment_partnered(request.user, commitment_id=commitment_id)
    if found is None:
        raise Http404
    return found


def _partner_page(request: HttpRequest, found: Commitment, *, private_key, form=None) -> HttpResponse:
    key = commitment_key_open(found, private_key=private_key)
    return render(request, "inventory/partnered.html", {
        "commitment": found,
        "his_new_key": key is not None and "owner" in waiting_for_new_key(found),
        # None until the man (or his next step) seals it to a new key of the partner's.
        "opened": selectors.commitment_opened(found, key=key) if key is not None else None,
        "form": form or EncouragementForm(),
    })


@keyed_view(find=_supported)
def partnered(request: HttpRequest, commitment_id: int, *, found: Commitment, private_key) -> HttpResponse:
    return _partner_page(request, found, private_key=private_key)


@require_POST
@keyed_view(find=_supported, page=lambda found, **_: reverse("inventory:partnered", args=[found.pk]))
def partnered_encourage(request: HttpRequest, commitment_id: int, *, found: Commitment, private_key) -> HttpResponse:
    return post_action(
        request, form=EncouragementForm(request.POST), refusals=REFUSALS,
        fields={"encouragement_empty": "text", "too_long": "text"},
        act=lambda data: partners.encouragement_leave(commitment=found, user=request.user, private_key=private_key,
                                                      text=data["text"]),
        done=_("Your word is left for him."), to=reverse("inventory:partnered", args=[found.pk]),
        again=lambda typed: _partner_page(request, found, private_key=private_key, form=typed))


@require_POST
@keyed_view(find=_supported, page=lambda found, **_: reverse("inventory:partnered", args=[found.pk]))
def partnered_reopen(request: HttpRequest, commitment_id: int, *, found: Commitment, private_key) -> HttpResponse:
    """The partner opens the commitment to the man's new key, having checked with him that he made it."""
    return post_action(
        request, refusals=REFUSALS,
        act=lambda _data: commitments.seal_renew(commitment=found, user=request.user, private_key=private_key,
                                                 reader="owner"),
        done=_("He can read his commitment again."), to=reverse("inventory:partnered", args=[found.pk]))


@require_POST
def partnered_confirm(request: HttpRequest, commitment_id: int, check_in_id: int) -> HttpResponse:
    found = _supported(request, commitment_id=commitment_id)
    check_in = CommitmentCheckIn.objects.filter(pk=check_in_id, commitment=found).select_related("commitment").first()
    if check_in is None:
        raise Http404
    return post_action(
        request, refusals=REFUSALS,
        act=lambda _data: partners.check_in_confirm(check_in=check_in, user=request.user),
        done=_("Confirmed. He sees that you did."), to=reverse("inventory:partnered", args=[found.pk]))


@require_POST
def partnered_leave(request: HttpRequest, commitment_id: int) -> HttpResponse:
    """He may leave at any time, with his key unlocked or not."""
    found = _supported(request, commitment_id=commitment_id)
    return post_action(
        request, refusals=REFUSALS,
        act=lambda _data: partners.partnership_end(commitment=found, user=request.user,
                                                   private_key=unlocked_key(request)),
        done=_("You have left. You no longer see his commitment."), to=reverse("inventory:partnering"))


def _invited(request: HttpRequest, *, invitation_id: int, **_kwargs):
    """An invitation addressed to him; 404 otherwise."""
    found = selectors.invitation_of(request.user, invitation_id=invitation_id)
    if found is None:
        raise Http404
    return found


@require_POST
@keyed_view(find=_invited, page=lambda **_kwargs: reverse("inventory:partnering"))
def invitation_accept(request: HttpRequest, invitation_id: int, *, found, private_key) -> HttpResponse:
    invitation = found
    return post_action(
        request, refusals=REFUSALS,
        act=lambda _data: partners.partner_accept(invitation=invitation, user=request.user, private_key=private_key),
        done=_("You are his accountability partner for this commitment."),
        to=lambda commitment: reverse("inventory:partnered", args=[commitment.pk]),
        refused_to=reverse("inventory:partnering"))


@require_POST
def invitation_decline(request: HttpRequest, invitation_id: int) -> HttpResponse:
    invitation = _invited(request, invitation_id=invitation_id)
    return post_action(
        request, refusals=REFUSALS,
        act=lambda _data: partners.partner_decline(invitation=invitation, user=request.user),
        done=_("You declined. He reads only that the invitation was declined."),
        to=reverse("inventory:partnering"))


@login_not_required
def partner_link(request: HttpRequest, token: str) -> HttpResponse:
    """The link in an invitation mail: its secret is kept for this browser and leaves the address bar at once."""
    if partners.invitation_by_token(token) is None:  # nothing to keep for a link that opens nothing
        return render(request, "inventory/partner_invitation.html", {"invitation": None}, status=404)
    response = redirect("inventory:partner_invitation")
    # Lax: the link is opened from a mail, and its cookie must reach the page the link leads to.
    secret_keep(request, response=response, name=LINK, secret=token[:partners.TOKEN_MAX].encode("utf-8"),
                samesite="Lax")
    return response


def _from_link(request: HttpRequest):
    kept = secret_get(request, name=LINK)
    try:
        token = kept[0].decode("utf-8") if kept else ""
    except UnicodeDecodeError:
        token = ""
    return token, partners.invitation_by_token(token)


def _link_forget(response: HttpResponse, _outcome, *, request: HttpRequest) -> None:
    secret_forget(request, response=response, name=LINK, samesite="Lax")


def partner_invitation(request: HttpRequest) -> HttpResponse:
    """The invitation the mail's link opened: who asks, what it means, accept or decline."""
    token, invitation = _from_link(request)
    if invitation is None or not partners.invitation_is_open(invitation):
        return render(request, "inventory/partner_invitation.html", {"invitation": None}, status=404)
    return render(request, "inventory/partner_invitation.html", {
        "invitation": invitation, "own": invitation.commitment.owner_id == request.user.pk})


def _linked(request: HttpRequest, **_kwargs):
    """The invitation whose link was opened in this session; 404 when there is none."""
    token, invitation = _from_link(request)
    if invitation is None:
        raise Http404
    return token, invitation


@require_POST
@keyed_view(find=_linked, page=lambda **_kwargs: reverse("inventory:partner_invitation"))
def partner_invitation_accept(request: HttpRequest, *, found, private_key) -> HttpResponse:
    token, invitation = found

    return post_action(
        request, refusals=REFUSALS,
        act=lambda _data: partners.partner_accept(invitation=invitation, user=request.user, private_key=private_key,
                                                  token=token),
        then=lambda response, outcome: _link_forget(response, outcome, request=request),
        done=_("You are his accountability partner for this commitment."),
        to=lambda commitment: reverse("inventory:partnered", args=[commitment.pk]),
        refused_to=reverse("inventory:partner_invitation"))


@require_POST
def partner_invitation_decline(request: HttpRequest) -> HttpResponse:
    token, invitation = _linked(request)

    return post_action(
        request, refusals=REFUSALS,
        act=lambda _data: partners.partner_decline(invitation=invitation, user=request.user, token=token),
        then=lambda response, outcome: _link_forget(response, outcome, request=request),
        done=_("You declined. He reads only that the invitation was declined."), to=reverse("site:dashboard"))
