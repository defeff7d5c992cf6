"""The public accountability page, the administrator's choices about it, and a network's overview of its members."""
from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from holdspace.accountability import annual, figures, minutes, overview, policy
from holdspace.accountability import steering as steering_services
from holdspace.accountability.annual import AnnualReport
from holdspace.accountability.annual_pdf import annual_pdf
from holdspace.accountability.annual_words import report_period, report_sections, report_title
from holdspace.accountability.forms import (
    MeetingForm, MinutesForm, OverviewForm, SeatEndForm, SeatForm, SettingsForm,
)
from holdspace.accountability.models import PartnerMeeting, SteeringSeat
from holdspace.accountability.overview_export import overview_csv
from holdspace.accountability.refusals import FIELDS, REFUSALS
from holdspace.accounts.two_factor import two_factor_detour
from holdspace.assessments.forms import ActionPointForm
from holdspace.assessments.services import owner_choices
from holdspace.concerns.policy import response_days_of
from holdspace.conduct import services as conduct
from holdspace.keys.session import unlocked_key
from holdspace.keys.views import key_url
from holdspace.organisations.access import OrganisationAccess, organisation_view
from holdspace.organisations.models import Organisation, Role
from holdspace.organisations.pages import ORGANISATION_PAGES
from holdspace.organisations.selectors import holds_role_in_any, networks_of_organisation
from holdspace.organisations.signing import key_fingerprint, organisation_verify_key, public_key_text
from holdspace.reports.statistics import MIN_CASES
from holdspace.web import dates
from holdspace.web.actions import post_action
from holdspace.web.languages import asks_original
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
    # The code in the reader's language when it was translated (two queries, whatever the number of languages).
    shown = conduct.code_shown(version, translations=conduct.translations_of(version),
                               clauses=list(version.clauses.all()),
                               asks_original=asks_original(request)) if version is not None else None
    now = timezone.now()
    public_key = organisation_verify_key(organisation.pk)
    return render(request, "accountability/page.html", {
        "signing_key": {"text": public_key_text(public_key), "fingerprint": key_fingerprint(public_key)},
        "organisation": organisation, "preview": preview, "version": version,
        "shown": shown, "clauses": shown.value[1] if shown is not None else [],
        "figures": figures.figures_shown(organisation), "min_cases": MIN_CASES,
        # Read for each drawing of the page (two queries), so that a change shows at once.
        "steering": steering_services.steering_standing(steering_services.seats_of(organisation), now=now),
        "meetings": steering_services.meetings_held_recently(organisation, now=now),
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
    # The words the vetting pages use (a renewal is renewed or not), as it stands after any appeal.
    status = application.status_words
    if application.last_decided_at is not None:
        return _("%(status)s on %(date)s") % {"status": status, "date": dates.day(application.last_decided_at)}
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
    "vetting": lambda m: m.application.last_decided_at or m.application.created_at if m.application else None,
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


# Steering committee and partner meetings ------------------------------------------------------------------------

def _steering_base(access: OrganisationAccess, section: str, **more) -> dict:
    return {"organisation": access.organisation, "access": access, "section": section, **more}


@organisation_view(Role.ORG_ADMIN)
def steering(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    """Who sits on the steering committee, and whether at least two women's rights organisations do."""
    organisation = access.organisation
    now = timezone.now()

    def page(form: SeatForm | None) -> HttpResponse:
        seats = steering_services.seats_of(organisation)
        return render(request, "accountability/steering.html", _steering_base(
            access, "steering", form=form or SeatForm(initial={"since": timezone.localdate(now)}), seats=seats,
            standing=steering_services.steering_standing(seats, now=now), today=timezone.localdate(now),
            end_form=SeatEndForm(initial={"until": timezone.localdate(now)})))

    if request.method != "POST":
        return page(None)
    return post_action(
        request, form=SeatForm(request.POST), refusals=REFUSALS, again=page, fields=FIELDS,
        act=lambda data: steering_services.seat_add(organisation=organisation, actor=request.user, **data),
        done=_("The seat is on the committee."), to=reverse("accountability:steering", args=[organisation.slug]))


@require_POST
@organisation_view(Role.ORG_ADMIN)
def seat_end(request: HttpRequest, access: OrganisationAccess, seat_id: int) -> HttpResponse:
    seat = get_object_or_404(SteeringSeat, pk=seat_id, organisation=access.organisation)
    to = reverse("accountability:steering", args=[access.organisation.slug])
    return post_action(
        request, form=SeatEndForm(request.POST), refusals=REFUSALS, to=to,
        act=lambda data: steering_services.seat_end(seat=seat, actor=request.user, **data),
        done=_("The seat's last day is saved."))


@organisation_view(Role.ORG_ADMIN)
def meetings(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    """Meetings with partner organisations, planned and held, and whether two were held in the last year."""
    organisation = access.organisation
    now = timezone.now()

    def page(form: MeetingForm | None) -> HttpResponse:
        found = steering_services.meetings_of(organisation)
        return render(request, "accountability/meetings.html", _steering_base(
            access, "meetings", form=form or MeetingForm(), meetings=found,
            standing=steering_services.meetings_standing(found, now=now)))

    if request.method != "POST":
        return page(None)
    return post_action(
        request, form=MeetingForm(request.POST), refusals=REFUSALS, again=page, fields=FIELDS,
        act=lambda data: steering_services.meeting_record(organisation=organisation, actor=request.user, now=now,
                                                          **data),
        done=_("The meeting is saved."),
        to=lambda meeting: reverse("accountability:meeting", args=[organisation.slug, meeting.pk]))


def _meeting_page(request: HttpRequest, access: OrganisationAccess, meeting: PartnerMeeting, *,
                  form: MeetingForm | None = None, minutes_form: MinutesForm | None = None,
                  point_form: ActionPointForm | None = None) -> HttpResponse:
    organisation = access.organisation
    personal_key = unlocked_key(request)
    opened = minutes.minutes_key_open(organisation, user=request.user, personal_key=personal_key)
    words = minutes.minutes_read(meeting, key=opened.key)
    readable = words is not None or not meeting.minutes_sealed
    people = owner_choices(organisation)
    return render(request, "accountability/meeting.html", _steering_base(
        access, "meetings", meeting=meeting,
        form=form or MeetingForm(initial={"on": meeting.on, "status": meeting.status, "partners": meeting.partners}),
        minutes_form=minutes_form or MinutesForm(initial={"minutes": words or ""}),
        point_form=point_form or ActionPointForm(people=people),
        minutes_readable=readable and not opened.locked, key_locked=opened.locked, key_waiting=opened.waiting,
        key_url=key_url(next_path=request.get_full_path()), points=steering_services.meeting_points(meeting)))


def _meeting(access: OrganisationAccess, meeting_id: int) -> PartnerMeeting:
    return get_object_or_404(PartnerMeeting, pk=meeting_id, organisation=access.organisation)


@organisation_view(Role.ORG_ADMIN)
def meeting(request: HttpRequest, access: OrganisationAccess, meeting_id: int) -> HttpResponse:
    found = _meeting(access, meeting_id)
    if request.method != "POST":
        return _meeting_page(request, access, found)
    return post_action(
        request, form=MeetingForm(request.POST), refusals=REFUSALS, fields=FIELDS,
        again=lambda form: _meeting_page(request, access, found, form=form),
        act=lambda data: steering_services.meeting_change(meeting=found, actor=request.user, now=timezone.now(),
                                                          **data),
        done=_("The meeting is saved."),
        to=reverse("accountability:meeting", args=[access.organisation.slug, found.pk]))


@require_POST
@organisation_view(Role.ORG_ADMIN)
def meeting_minutes(request: HttpRequest, access: OrganisationAccess, meeting_id: int) -> HttpResponse:
    found = _meeting(access, meeting_id)
    return post_action(
        request, form=MinutesForm(request.POST), refusals=REFUSALS, fields=FIELDS,
        again=lambda form: _meeting_page(request, access, found, minutes_form=form),
        act=lambda data: steering_services.meeting_minutes_write(
            meeting=found, actor=request.user, text=data["minutes"], personal_key=unlocked_key(request),
            now=timezone.now()),
        done=_("The minutes are saved, locked for the administrators."),
        to=reverse("accountability:meeting", args=[access.organisation.slug, found.pk]))


@require_POST
@organisation_view(Role.ORG_ADMIN)
def meeting_point(request: HttpRequest, access: OrganisationAccess, meeting_id: int) -> HttpResponse:
    found = _meeting(access, meeting_id)
    return post_action(
        request, form=ActionPointForm(request.POST, people=owner_choices(access.organisation)), refusals=REFUSALS,
        fields=FIELDS, again=lambda form: _meeting_page(request, access, found, point_form=form),
        act=lambda data: steering_services.meeting_point_add(meeting=found, actor=request.user, **data),
        done=_("The action point is on the organisation's list of action points."),
        to=reverse("accountability:meeting", args=[access.organisation.slug, found.pk]))


def annual_report_view(view):
    """Resolve `slug` and `year` to the organisation's report for that year, passed as `report`: for its
    administrators and those of a network it belongs to, signed in with two steps as administrators are; anyone
    else, an unknown organisation or a year it cannot have, is told there is no such page."""

    @wraps(view)
    def wrapper(request: HttpRequest, slug: str, year: int) -> HttpResponse:
        organisation = get_object_or_404(Organisation, slug=slug)
        readers = [organisation.pk, *(network.pk for network in networks_of_organisation(organisation=organisation))]
        if not holds_role_in_any(request.user, organisation_ids=readers, role=Role.ORG_ADMIN):
            raise Http404
        if year not in annual.years_of(organisation):
            raise Http404
        detour = two_factor_detour(request)
        if detour is not None:
            return detour
        return view(request, report=annual.annual_report(organisation=organisation, year=year))

    return wrapper


@annual_report_view
def annual_report(request: HttpRequest, *, report: AnnualReport) -> HttpResponse:
    """The year's accountability report, to read, print or download as a PDF."""
    return render(request, "accountability/annual_report.html", {
        "report": report, "title": report_title(report), "period": report_period(report),
        "sections": report_sections(report), "years": annual.years_of(report.organisation),
    })


@annual_report_view
def annual_report_pdf(request: HttpRequest, *, report: AnnualReport) -> HttpResponse:
    response = HttpResponse(annual_pdf(report, made_at=timezone.now()), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{report.organisation.slug}-accountability-{report.year}.pdf"')
    response["Cache-Control"] = "private, no-store"
    return response
