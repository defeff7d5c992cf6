from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import check_for_language
from django.views.decorators.http import require_POST

from holdspace.accountability.policy import pages_published
from holdspace.accounts.services import user_language_set
from holdspace.assessments.selectors import rounds_waiting_for
from holdspace.conduct.services import awaiting_signature, codes_in_force, organisations_awaiting_signature
from holdspace.inventory.selectors import personal_work_waiting
from holdspace.organisations import selectors as organisation_selectors
from holdspace.organisations.models import Role
from holdspace.reports.finding import alternatives_of, destinations_of
from holdspace.reports.kept import kept_count
from holdspace.reports.respondent import cases_about
from holdspace.site.forms import ReportFinderForm
from holdspace.reports.workbench import handler_counts
from holdspace.web.i18n import remember_language
from holdspace.web.inputs import query_page
from holdspace.web.navigation import safe_next


@login_not_required
def landing(request: HttpRequest) -> HttpResponse:
    return render(request, "site/landing.html")


@login_not_required
def report_harm(request: HttpRequest) -> HttpResponse:
    """Find where to report: organisations and networks by name and city, with what each one promises."""
    form = ReportFinderForm(request.GET or None)
    name = city = ""
    if form.is_bound and form.is_valid():
        name, city = form.cleaned_data["name"], form.cleaned_data["city"]
    page = query_page(request, last=10_000)
    found, has_next = organisation_selectors.organisations_find(name=name, city=city, page=page)
    destinations = destinations_of(found)
    alternatives, codes, accountable = alternatives_of(destinations), codes_in_force(o.pk for o in found), \
        pages_published(found)
    results = [{"where": where, "alternative": alternatives.get(where.organisation.pk),
                "code": where.organisation.pk in codes, "accountable": where.organisation.pk in accountable}
               for where in destinations]
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "site/report_harm.html", {
        "form": form, "searched": form.is_bound, "results": results, "page": page, "has_next": has_next,
        "query": query.urlencode(),
    }, status=400 if form.is_bound and not form.is_valid() else 200)


def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    organisations = organisation_selectors.organisations_of_user(user=user)
    return render(
        request,
        "site/dashboard.html",
        {
            "organisations": organisations,
            "invitations": organisation_selectors.invitations_for_user(user=user),
            "responding": cases_about(user).exists(),
            "kept_reports": kept_count(user),
            "codes_to_sign": awaiting_signature(user),
            "codes_to_sign_for": organisations_awaiting_signature(user),
            "rounds_to_answer": rounds_waiting_for(user),
            "personal_work": personal_work_waiting(user),
            # A handler's home: what waits in each organisation whose cases she handles (two queries each).
            "case_work": [(entry.organisation, handler_counts(user, organisation=entry.organisation))
                          for entry in organisations if Role.CASE_HANDLER in entry.roles],
            "moderates_stories": any(entry.organisation.slug == settings.HOLDSPACE_STORIES_MODERATED_BY
                                     and Role.MODERATOR in entry.roles for entry in organisations),

        },
    )


@login_not_required
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the language; it sticks in a cookie and, for a signed-in person, on their account."""
    language = request.POST.get("language", "")
    response = HttpResponseRedirect(safe_next(request, fallback="/"))
    if language in dict(settings.LANGUAGES) and check_for_language(language):
        remember_language(response, language=language)
        if request.user.is_authenticated:
            user_language_set(user=request.user, language=language)
    return response
