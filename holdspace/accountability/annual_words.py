"""The annual accountability report in words, once for both its page and its PDF: a title, the period, and
sections of plain sentences (the page escapes them, the PDF too)."""
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from holdspace.accountability.annual import AnnualReport
from holdspace.reports.statistics import MIN_CASES
from holdspace.web import dates


@dataclass(frozen=True)
class Section:
    heading: str
    lines: list[str]


def report_title(report: AnnualReport) -> str:
    return _("%(name)s: accountability report %(year)s") % {"name": report.organisation.name, "year": report.year}


def report_period(report: AnnualReport) -> str:
    if report.under_way:
        return _("From %(start)s to %(end)s: the year is under way, so these figures are so far.") % {
            "start": dates.day(report.start), "end": dates.day(report.end)}
    return _("From %(start)s to %(end)s.") % {"start": dates.day(report.start),
                                              "end": dates.day(date(report.year, 12, 31))}


def report_sections(report: AnnualReport) -> list[Section]:
    sections = [_code(report), _assessments(report), _concerns(report), _cases(report)]
    if report.members is not None:
        sections.append(_members(report))
    return sections


def _code(report: AnnualReport) -> Section:
    lines = [_("Version %(number)s was published on %(date)s.") % {"number": number, "date": dates.day(published)}
             for number, published in report.versions_published]
    if not report.versions_published:
        lines.append(_("No new version of the code was published this year."))
    if report.code_in_force is not None and report.signing is not None:
        signing = report.signing
        lines.append(ngettext(
            "Version %(number)s is in force: %(signed)s of %(count)s person bound by it has signed it.",
            "Version %(number)s is in force: %(signed)s of %(count)s people bound by it have signed it.",
            signing.people) % {"number": report.code_in_force.number, "signed": signing.people_signed,
                               "count": signing.people})
        if report.organisation.is_network:
            lines.append(ngettext(
                "%(signed)s of %(count)s member organisation has signed it.",
                "%(signed)s of %(count)s member organisations have signed it.",
                signing.organisations) % {"signed": signing.organisations_signed, "count": signing.organisations})
    else:
        lines.append(_("No code of conduct is in force."))
    return Section(_("Code of conduct"), lines)


def _assessments(report: AnnualReport) -> Section:
    lines = []
    for title, closed_at, answers, shown in report.rounds:
        answered = ngettext("%(count)s person answered", "%(count)s people answered", answers or 0) % {
            "count": answers or 0}
        sentence = (_("%(title)s closed on %(date)s: %(answered)s.") if shown
                    else _("%(title)s closed on %(date)s: %(answered)s, too few to show its results."))
        lines.append(sentence % {"title": title, "date": dates.day(closed_at), "answered": answered})
    if not report.rounds:
        lines.append(_("No self-assessment closed this year."))
    lines.append(_("Action points agreed this year: %(agreed)s. Completed this year: %(done)s.") % {
        "agreed": report.points_agreed, "done": report.points_done})
    now = report.points_now
    lines.append(_("Today: %(planned)s planned, %(progress)s in progress, %(overdue)s past their due date.") % {
        "planned": now.planned, "progress": now.in_progress, "overdue": now.overdue})
    return Section(_("Self-assessments and action points"), lines)


def _concerns(report: AnnualReport) -> Section:
    concerns = report.concerns
    if not concerns.raised:
        return Section(_("Partners' concerns"), [_("No partner raised a concern this year.")])
    return Section(_("Partners' concerns"), [
        ngettext("%(count)s concern was raised.", "%(count)s concerns were raised.", concerns.raised) % {
            "count": concerns.raised},
        _("Answered on time: %(on_time)s. Answered late: %(late)s. Still waiting past their day: %(waiting)s. "
          "Still within their days: %(pending)s.") % {"on_time": concerns.answered_on_time,
                                                      "late": concerns.answered_late,
                                                      "waiting": concerns.late_unanswered,
                                                      "pending": concerns.pending},
    ])


def _cases(report: AnnualReport) -> Section:
    lines = []
    if report.time_to_close is not None:
        closing = report.time_to_close
        lines.append(ngettext(
            "%(count)s case was closed; half took %(median)s days or less, nine in ten %(p90)s days or less.",
            "%(count)s cases were closed; half took %(median)s days or less, nine in ten %(p90)s days or less.",
            closing.cases) % {"count": closing.cases, "median": closing.median_days, "p90": closing.p90_days})
    if report.stages_on_time is not None:
        lines.append(_("%(percent)s%% of the case stages completed this year were completed by their deadline.") % {
            "percent": report.stages_on_time.percent_on_time})
    if not lines:
        lines.append(ngettext(
            "Case figures are shown only over at least %(count)s case, so that no one's case can be read from them.",
            "Case figures are shown only over at least %(count)s cases, so that no one's case can be read from "
            "them.", MIN_CASES) % {"count": MIN_CASES})
    return Section(_("Handling of reports"), lines)


def _members(report: AnnualReport) -> Section:
    members = report.members
    return Section(_("Member organisations"), [
        ngettext("%(count)s member organisation today.", "%(count)s member organisations today.",
                 members.members) % {"count": members.members},
        _("Signed the network's code in force: %(signed)s. Closed an own assessment this year: %(assessed)s. "
          "With action points overdue: %(points)s. With partners' concerns overdue: %(concerns)s.") % {
            "signed": members.signed_code_in_force, "assessed": members.assessed_in_year,
            "points": members.points_overdue, "concerns": members.concerns_overdue},
    ])
