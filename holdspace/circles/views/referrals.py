"""Referrals to the organisation's support directory: a facilitator of a circle refers one of its members, and the
man reads what was sent to him (sealed to his own key) and deletes it when he wishes."""
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from holdspace.circles import referrals, selectors
from holdspace.circles.forms import ReferralForm
from holdspace.circles.models import Circle, CircleMember
from holdspace.circles.refusals import REFUSALS
from holdspace.circles.views.facilitator import facilitator_view
from holdspace.keys.session import unlocked_key
from holdspace.organisations.access import OrganisationAccess
from holdspace.web.actions import post_action
from holdspace.web.inputs import posted_id
from holdspace.web.refusals import Refusal

NO_STORE = "no-store, private"


@facilitator_view
def refer(request: HttpRequest, access: OrganisationAccess, circle: Circle) -> HttpResponse:
    """Refer one of the circle's members to a service of the organisation's support directory."""
    members = selectors.people_of_circle(circle, statuses=[CircleMember.Status.MEMBER])
    services = referrals.support_services_for(circle)

    def form_for(data=None) -> ReferralForm:
        return ReferralForm(data, members=members, services=services, prefix="referral")

    def page(form: ReferralForm) -> HttpResponse:
        return render(request, "circles/refer.html", {
            "access": access, "organisation": access.organisation, "circle": circle, "form": form,
            "services": services, "members": members,
            "policy_url": reverse("reports:policy", args=[access.organisation.slug]) if access.is_admin else None,
        })

    if request.method != "POST":
        return page(form_for())

    def act(data: dict):
        return referrals.referral_make(circle=circle, member_id=data["member"], service_id=data["service"],
                                       words=data["words"], actor=request.user)

    return post_action(
        request, form=form_for(request.POST), refusals=REFUSALS, again=page,
        fields={"referral_no_key": "member", "referral_not_member": "member", "referral_no_service": "service",
                "referral_words": "words", "referral_too_long": "words"},
        act=act, statuses={"referral_throttled": 429},
        done=_("Your referral is sealed to him. He has been told by mail that something waits for him; only he "
               "can read it."),
        to=reverse("circles:manage", args=[access.organisation.slug, circle.slug]))


def mine(request: HttpRequest) -> HttpResponse:
    """What facilitators referred him to, opened with his own key."""
    private_key = unlocked_key(request)
    found = referrals.referrals_for(request.user, private_key=private_key)
    key_url = None
    if private_key is None and found:
        key_url = f"{reverse('keys:key')}?{urlencode({'next': request.get_full_path()})}"
    response = render(request, "circles/referrals.html", {"referrals": found, "key_url": key_url})
    response["Cache-Control"] = NO_STORE
    return response


@require_POST
def delete(request: HttpRequest) -> HttpResponse:
    """He deletes a referral sent to him."""
    found = referrals.referral_of(request.user, referral_id=posted_id(request, name="referral"))

    def act(data: dict) -> None:
        if found is None:
            raise Refusal("gone")
        referrals.referral_delete(referral=found, user=request.user)

    return post_action(request, refusals=REFUSALS, act=act, done=_("Deleted."),
                       to=reverse("circles:referrals"))
