"""The public accountability page, and the administrator's choices about it."""
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from holdspace.accountability import figures, policy
from holdspace.accountability.forms import SettingsForm
from holdspace.accountability.refusals import REFUSALS
from holdspace.concerns.policy import response_days_of
from holdspace.conduct import services as conduct
from holdspace.organisations.access import OrganisationAccess, organisation_view
from holdspace.organisations.models import Organisation, Role
from holdspace.organisations.pages import ORGANISATION_PAGES
from holdspace.organisations.signing import key_fingerprint, organisation_verify_key, public_key_text
from holdspace.reports.statistics import MIN_CASES
from holdspace.web.actions import post_action
from holdspace.web.public_pages import public_page


# The figures are counted at most once a minute (figures.CACHE_SECONDS); everything else on the page is kept
# until the organisation, its code or its settings change.
@login_not_required
@public_page(scopes=[ORGANISATION_PAGES], seconds=figures.CACHE_SECONDS)
def page(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    shown, preview = policy.shows_page_to(organisation, person=request.user)
    if not shown:
        raise Http404
    version = conduct.in_force(organisation)
    public_key = organisation_verify_key(organisation.pk)
    return render(request, "accountability/page.html", {
        "signing_key": {"text": public_key_text(public_key), "fingerprint": key_fingerprint(public_key)},
        "organisation": organisation, "preview": preview, "version": version,
        "clauses": version.clauses.all() if version is not None else [],
        "figures": figures.figures_shown(organisation), "min_cases": MIN_CASES,
    })


@organisation_view(Role.ORG_ADMIN)
def settings(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    organisation = access.organisation
    chosen = policy.settings_of(organisation)

    def page(form: SettingsForm) -> HttpResponse:
        return render(request, "accountability/settings.html", {
            "organisation": organisation, "access": access, "section": "accountability", "form": form,
            "published": policy.publishes_page(organisation, chosen=chosen),
        })

    if request.method != "POST":
        return page(SettingsForm(initial={"public_page": policy.publishes_page(organisation, chosen=chosen),
                                          "concern_response_days": response_days_of(organisation)}))

    def act(data: dict) -> None:
        policy.settings_change(organisation=organisation, actor=request.user, **data)
        figures.figures_forget(organisation)

    return post_action(
        request, form=SettingsForm(request.POST), refusals=REFUSALS, again=page, act=act, done=_("Saved."),
        fields={"response_days_out_of_range": "concern_response_days"},
        to=reverse("accountability:settings", args=[organisation.slug]))
