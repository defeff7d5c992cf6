"""The public accountability page, the administrator's choices about it, and a network's overview of its members."""
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from holdspace.accountability import annual, figures, overview, policy
from holdspace.accountability.annual import AnnualReport
from holdspace.accountability.annual_pdf import annual_pdf
from holdspace.accountability.annual_words import report_period, report_sections, report_title
from holdspace.accountability.forms import OverviewForm, SettingsForm
from holdspace.accountability.overview_export import overview_csv
from holdspace.accountability.refusals import REFUSALS
from holdspace.accounts.two_factor import two_factor_detour
from holdspace.concerns.policy import response_days_of
from holdspace.conduct import services as conduct
from holdspace.organisations.access import OrganisationAccess, organisation_view
from holdspace.organisations.models import Organisation, Role
from holdspace.organisations.pages import ORGANISATION_PAGES
from holdspace.organisations.selectors import holds_role, networks_of_organisation
from holdspace.organisations.signing import key_fingerprint, organisation_verify_key, public_key_text
from holdspace.reports.statistics import MIN_CASES
from holdspace.vetting.models import Application
from holdspace.web import dates
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
            "years": annual.years_of(organisation),
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


def _attention_words() -> dict[str, str]:
    return {
        overview.NOT_SIGNED: _("has not signed the network's code in force"),
        overview.NOT_ASSESSED: _("no own assessment closed this past year"),
        overview.POINTS_OVERDUE: _("action points overdue"),
        overview.CONCERNS_OVERDUE: _("partners' concerns overdue"),
    }


def _vetting_words(member: overview.MemberStanding) -> str:
    application = member.application
    if application is None:
        return _("joined without applying")
    status = str(Application.Status(application.status).label)
    if application.decided_at is not None:
        return _("%(status)s on %(date)s") % {"status": status, "date": dates.day(application.decided_at)}
    return status


# Each column's value to sort by; a member without one (nothing signed, never assessed, too few cases to show)
# comes last whichever way the column is sorted.
_SORT_KEYS = {
    "name": lambda m: m.organisation.name.casefold(),
    "joined": lambda m: m.joined_at,
    "code": lambda m: m.code_signed,
    "assessed": lambda m: m.assessment.last_closed_at,
    "points": lambda m: (m.assessment.points_overdue, m.assessment.points_open),
    "concerns": lambda m: (m.concerns_overdue, m.concerns_open),
    "on_time": lambda m: m.stages.share_on_time if m.stages else None,
    "vetting": lambda m: m.application.decided_at or m.application.created_at if m.application else None,
}


def _shown(members: list[overview.MemberStanding], *, show: str, sort: str, descending: bool):
    if show == "attention":
        members = [m for m in members if m.attention]
    elif show:
        members = [m for m in members if show in m.attention]
    by_name = sorted(members, key=_SORT_KEYS["name"])
    key = _SORT_KEYS[sort]
    known = sorted((m for m in by_name if key(m) is not None), key=key, reverse=descending)
    return known + [m for m in by_name if key(m) is None]


def _overview_asked(request: HttpRequest, access: OrganisationAccess):
    """The overview, and what the address asks of it (anything odd in the address is read as the default)."""
    if not access.organisation.is_network:
        raise Http404
    form = OverviewForm(request.GET)
    asked = form.cleaned_data if form.is_valid() else {}
    show, sort = asked.get("show") or "", asked.get("sort") or "name"
    descending = asked.get("order") == "desc"
    found = overview.network_overview(network=access.organisation)
    return form, found, _shown(found.members, show=show, sort=sort, descending=descending), show, sort, descending


@organisation_view(Role.ORG_ADMIN)
def network_overview(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    """For a network's administrators: each member organisation's standing, sortable and filterable."""
    form, found, members, show, sort, descending = _overview_asked(request, access)
    words = _attention_words()
    query = request.GET.copy()
    columns = []
    for value, label in OverviewForm.SORTS:
        query["sort"], query["order"] = value, "desc" if value == sort and not descending else "asc"
        columns.append({"label": label, "url": "?" + query.urlencode(),
                        "sorted": ("descending" if descending else "ascending") if value == sort else ""})
    rows = [{"member": member, "vetting": _vetting_words(member),
             "attention": [words[code] for code in member.attention]} for member in members]
    return render(request, "accountability/network_overview.html", {
        "organisation": access.organisation, "access": access, "section": "network_overview", "form": form,
        "overview": found, "rows": rows, "columns": columns, "shown": len(members), "total": len(found.members),
        "show": show, "min_cases": MIN_CASES, "csv_query": request.GET.urlencode(),
        "this_year": timezone.localdate().year,
    })


@organisation_view(Role.ORG_ADMIN)
def network_overview_csv(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    """The same rows as a spreadsheet, in the order and with the filter the page had."""
    _form, _found, members, _show, _sort, _descending = _overview_asked(request, access)
    words = _attention_words()
    text = overview_csv(members, vetting_words=_vetting_words, attention_words=words.__getitem__)
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{access.organisation.slug}-members-{dates.file_day(timezone.now())}.csv"')
    response["Cache-Control"] = "private, no-store"
    return response


def _report_of(request: HttpRequest, slug: str, year: int) -> AnnualReport | HttpResponse:
    """The organisation's report for `year`, for its administrators and those of a network it belongs to, signed
    in with two steps as administrators are; anyone else, an unknown organisation or a year it cannot have, is told
    there is no such page."""
    organisation = get_object_or_404(Organisation, slug=slug)
    readers = [organisation.pk, *(network.pk for network in networks_of_organisation(organisation=organisation))]
    if not any(holds_role(request.user, organisation_id=pk, role=Role.ORG_ADMIN) for pk in readers):
        raise Http404
    if year not in annual.years_of(organisation):
        raise Http404
    detour = two_factor_detour(request)
    if detour is not None:
        return detour
    return annual.annual_report(organisation=organisation, year=year)


def annual_report(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """The year's accountability report, to read, print or download as a PDF."""
    report = _report_of(request, slug, year)
    if isinstance(report, HttpResponse):
        return report
    return render(request, "accountability/annual_report.html", {
        "report": report, "title": report_title(report), "period": report_period(report),
        "sections": report_sections(report), "years": annual.years_of(report.organisation),
    })


def annual_report_pdf(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    report = _report_of(request, slug, year)
    if isinstance(report, HttpResponse):
        return report
    response = HttpResponse(annual_pdf(report, made_at=timezone.now()), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{report.organisation.slug}-accountability-{year}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
