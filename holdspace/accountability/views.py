"""The public accountability page, and the administrator's choices about it."""
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from holdspace.accountability import figures, policy
from holdspace.accountability.forms import SettingsForm
from holdspace.concerns.policy import response_days_of
from holdspace.conduct import services as conduct
from holdspace.organisations.access import OrganisationAccess, organisation_view
from holdspace.organisations.models import Organisation, Role
from holdspace.reports.statistics import MIN_CASES


@login_not_required
def page(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    shown, preview = policy.shows_page_to(organisation, request.user)
    if not shown:
        raise Http404
    version = conduct.in_force(organisation)
    return render(request, "accountability/page.html", {
        "organisation": organisation, "preview": preview, "version": version,
        "clauses": version.clauses.all() if version is not None else [],
        "figures": figures.figures_shown(organisation), "min_cases": MIN_CASES,
    })


@organisation_view(Role.ORG_ADMIN)
def settings(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    organisation = access.organisation
    chosen = policy.settings_of(organisation)
    form = SettingsForm(request.POST or None, initial={
        "public_page": policy.publishes_page(organisation, chosen),
        "concern_response_days": response_days_of(organisation)})
    if request.method == "POST" and form.is_valid():
        policy.settings_change(organisation=organisation, actor=request.user, **form.cleaned_data)
        figures.figures_forget(organisation)
        messages.success(request, _("Saved."))
        return redirect("accountability:settings", slug=organisation.slug)
    return render(request, "accountability/settings.html", {
        "organisation": organisation, "access": access, "section": "accountability", "form": form,
        "published": policy.publishes_page(organisation, chosen),
    }, status=400 if form.is_bound else 200)
