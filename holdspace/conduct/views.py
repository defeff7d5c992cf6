"""The code of conduct's pages inside an organisation: reading the version in force and
signing it; administrators also see who has not signed yet."""
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from holdspace.conduct import services
from holdspace.organisations.access import OrganisationAccess, organisation_view


@organisation_view()
def code(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    version = services.in_force(access.organisation)
    context = {"organisation": access.organisation, "access": access, "version": version, "section": "code"}
    if version is not None:
        context.update(
            clauses=version.clauses.all(),
            bound=services.signs_code(request.user, access.organisation.pk),
            signed=version.signatures.filter(person=request.user).first(),
            state=services.signing_state(version) if access.is_admin else None,
        )
    return render(request, "conduct/code.html", context)


@require_POST
@organisation_view()
def sign(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    version = services.in_force(access.organisation)
    if version is None or str(version.number) != request.POST.get("version", ""):
        # The page showed another version than the one in force now: read this one first.
        messages.error(request, _("The code changed while you were reading it. Please read this version, then sign."))
        return redirect("conduct:code", slug=access.organisation.slug)
    try:
        services.sign(version=version, person=request.user)
        messages.success(request, _("Thank you. You signed version %(number)s of the code.") % {"number": version.number})
    except services.ConductError:
        messages.info(request, _("Your signature is not needed, or you have already signed this version."))
    return redirect("conduct:code", slug=access.organisation.slug)
