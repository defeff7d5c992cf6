from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import check_for_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from holdspace.accountability.policy import pages_published
from holdspace.accounts.models import User
from holdspace.accounts.services import user_language_set
from holdspace.assessments.selectors import rounds_open_for_admin, rounds_waiting_for
from holdspace.circles.selectors import (
    circle_requests_asked,
    circles_waiting_for_facilitator,
    circles_waiting_for_member,
)
from holdspace.concerns.selectors import concerns_waiting
from holdspace.conduct.selectors import codes_waiting_for_admin
from holdspace.conduct.services import awaiting_signature, codes_in_force, organisations_awaiting_signature
from holdspace.inventory.selectors import partner_invitations_asked, personal_work_waiting
from holdspace.organisations import selectors as organisation_selectors
from holdspace.organisations.models import Role
from holdspace.reports.finding import alternatives_of, destinations_of
from holdspace.reports.kept import kept_reports_asked
from holdspace.reports.respondent import respondent_cases_asked
from holdspace.reports.workbench import handler_counts
from holdspace.site.forms import ReportFinderForm
from holdspace.stories.selectors import moderation_waiting, stories_returned_asked
from holdspace.vetting.selectors import applications_asked, applications_waiting_for_admin
from holdspace.web.i18n import remember_language
from holdspace.web.inputs import query_page
from holdspace.web.navigation import safe_next, sent_from_this_site
from holdspace.web.public_pages import public_page
from holdspace.web.scalars import scalars_read
from holdspace.web.views import csrf_failure


@login_not_required
@public_page()
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
    """The home: first what needs the person now, for each role they hold, with counts and the next dates; then
    their work and their organisations. His organisations and roles are read once; each part is asked of its own
    app only when the person holds a role it could find something for, given the organisations already read, in
    a fixed number of queries however many items wait."""
    user = request.user
    organisations = organisation_selectors.organisations_of_user(user=user)
    holding: dict[str, list] = {}  # role -> the organisations where he holds it, in the list's order
    for entry in organisations:
        for role in entry.roles:
            holding.setdefault(role, []).append(entry.organisation)
    moderates = any(organisation.slug == settings.HOLDSPACE_STORIES_MODERATED_BY
                    for organisation in holding.get(Role.MODERATOR, ()))
    administered = holding.get(Role.ORG_ADMIN, [])
    # A partner representative speaks for another organisation: its code does not bind her.
    bound_by_code = [entry.organisation for entry in organisations if set(entry.roles) - {Role.PARTNER_REP}]
    now = timezone.now()
    todo = todo_of_user(user=user, now=now)
    context = {
        "organisations": organisations,
        "invitations": organisation_selectors.invitations_for_user(user=user),
        "responding": todo.responding,
        "kept_reports": todo.kept_reports,
        "codes_to_sign": awaiting_signature(person=user, organisations=bound_by_code),
        "codes_to_sign_for": organisations_awaiting_signature(organisations=administered),
        "rounds_to_answer": rounds_waiting_for(person=user, organisations=[entry.organisation
                                                                           for entry in organisations]),
        "personal_work": personal_work_waiting(user=user, now=now, invitations=todo.partner_invitations),
        # A handler's home: what waits in each organisation whose cases she handles (one or two queries each; her
        # roles there were read above).
        "case_work": [(organisation, handler_counts(user, organisation=organisation, handler_checked=True))
                      for organisation in holding.get(Role.CASE_HANDLER, [])],
        "moderates_stories": moderates,
        "circles": circles_waiting_for_member(user=user, now=now, requests=todo.circle_requests),
        "stories_returned": todo.stories_returned,
        "applied": todo.applied,
        "facilitating": circles_waiting_for_facilitator(user=user) if Role.FACILITATOR in holding else None,
        "moderation": moderation_waiting(moderator=user) if moderates else None,
        "codes_waiting": codes_waiting_for_admin(organisations=administered),
        "rounds_open": rounds_open_for_admin(organisations=administered),
        "concerns_due": concerns_waiting(organisations=administered),
        "applications_waiting": applications_waiting_for_admin(organisations=administered),
        "partner_concerns": concerns_waiting(organisations=holding.get(Role.PARTNER_REP, [])),
    }
    context["nothing_waiting"] = not _anything_waiting(context)
    return render(request, "site/dashboard.html", context)


@dataclass(frozen=True)
class Todo:
    responding: bool  # he was told of a case about him
    kept_reports: int
    stories_returned: int
    partner_invitations: int
    circle_requests: int
    applied: bool  # he applied to join a network


def todo_of_user(*, user: User, now: datetime) -> Todo:
    """The home's counts of his own, each prepared by its app, asked in one statement (web.scalars)."""
    responding, kept, returned, invitations, requests, applied = scalars_read(
        respondent_cases_asked(user=user), kept_reports_asked(user=user), stories_returned_asked(user=user),
        partner_invitations_asked(user=user, now=now), circle_requests_asked(user=user),
        applications_asked(person=user))
    return Todo(responding=bool(responding), kept_reports=kept, stories_returned=returned,
                partner_invitations=invitations, circle_requests=requests, applied=bool(applied))


def _anything_waiting(context: dict) -> bool:
    """Whether the "needs you now" part has anything to say; when not, the home says so in one line."""
    facilitating, moderation, work = context["facilitating"], context["moderation"], context["personal_work"]
    return any((
        context["invitations"], context["responding"], context["codes_to_sign"], context["codes_to_sign_for"],
        context["rounds_to_answer"], context["case_work"], work.check_ins_due, work.invitations,
        context["circles"].next_session, context["circles"].requests, context["stories_returned"],
        facilitating and (facilitating.asking or facilitating.next_session or facilitating.felt_unsafe),
        moderation and (moderation.stories or moderation.takedowns),
        context["codes_waiting"], context["rounds_open"], context["concerns_due"], context["applications_waiting"],
        context["partner_concerns"],
    ))


@login_not_required
@csrf_exempt  # its form has no token, so pages kept for every visitor need none (web.public_pages)
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the language; it sticks in a cookie and, for a signed-in person, on their account.

    Instead of a token, the browser's own word that the form was sent from this site: another site cannot switch
    anyone's language.
    """
    if not sent_from_this_site(request):
        return csrf_failure(request)
    language = request.POST.get("language", "")
    response = HttpResponseRedirect(safe_next(request, fallback="/"))
    if language in dict(settings.LANGUAGES) and check_for_language(language):
        remember_language(response, language=language)
        if request.user.is_authenticated:
            user_language_set(user=request.user, language=language)
    return response
