"""Signing: a person signs his organisation's code; a member organisation's administrator signs the code of
each network it belongs to, on the organisation's behalf."""
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from holdspace.conduct import services
from holdspace.conduct.refusals import REFUSALS
from holdspace.organisations.access import OrganisationAccess, organisation_view
from holdspace.organisations.models import Role
from holdspace.web.actions import post_action


def _shows_version_in_force(request: HttpRequest, version) -> bool:
    """The form carries the number it showed, so a page left open on an older version cannot sign a newer one."""
    return version is not None and str(version.number) == request.POST.get("version", "")


@require_POST
@organisation_view()
def sign(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    version = services.in_force(access.organisation)
    back = reverse("conduct:code", args=[access.organisation.slug])
    if not _shows_version_in_force(request, version):
        messages.error(request, _("The code changed while you were reading it. Please read this version, then sign."))
        return redirect(back)
    return post_action(
        request, refusals=REFUSALS, to=back,
        act=lambda _data: services.sign(version=version, person=request.user,
                                        read_in=request.POST.get("read_in", "")),
        done=_("Thank you. You signed version %(number)s of the code.") % {"number": version.number})


@organisation_view(Role.ORG_ADMIN)
def network_codes(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    return render(request, "conduct/network_codes.html", {
        "organisation": access.organisation, "access": access, "section": "code",
        "codes": services.network_codes(access.organisation),
    })


@require_POST
@organisation_view(Role.ORG_ADMIN)
def sign_for_network(request: HttpRequest, access: OrganisationAccess, network: str) -> HttpResponse:
    chosen = next((entry for entry in services.network_codes(access.organisation)
                   if entry.network.slug == network), None)
    if chosen is None:
        raise Http404
    back = reverse("conduct:network_codes", args=[access.organisation.slug])
    if not _shows_version_in_force(request, chosen.version):
        messages.error(request, _("The network's code changed while you were reading it. Please read this "
                                  "version, then sign."))
        return redirect(back)
    return post_action(
        request, refusals=REFUSALS, to=back,
        act=lambda _data: services.sign_for_organisation(version=chosen.version, organisation=access.organisation,
                                                         actor=request.user),
        done=_("%(organisation)s signed version %(number)s of %(network)s's code.") % {
            "organisation": access.organisation.name, "number": chosen.version.number,
            "network": chosen.network.name})
