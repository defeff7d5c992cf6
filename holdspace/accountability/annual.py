"""An organisation's annual accountability report: what it committed to and how far it kept it over one calendar
year, in counts that name no one; for a network, also how its members stand.

The same figures as the public accountability page, counted over the year asked for (up to now for the year under
way) instead of the last twelve months; case handling only over enough cases (reports.statistics.MIN_CASES).
"""
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from holdspace.accountability import overview
from holdspace.assessments.selectors import (
    ActionPointProgress,
    action_point_progress,
    action_points_agreed_and_done,
    rounds_closed_between,
)
from holdspace.concerns.selectors import ConcernFigures, concern_figures
from holdspace.conduct import services as conduct
from holdspace.conduct.selectors import versions_published_between
from holdspace.organisations.models import Organisation
from holdspace.reports.statistics import StagesOnTime, TimeToClose, stages_on_time, time_to_close


@dataclass(frozen=True)
class MembersSummary:
    """For a network: how many members there are now and how many of them stand where."""
    members: int
    signed_code_in_force: int
    assessed_in_year: int
    points_overdue: int
    concerns_overdue: int


@dataclass(frozen=True)
class AnnualReport:
    organisation: Organisation
    year: int
    start: datetime
    end: datetime  # the end of the year, or now for the year under way
    under_way: bool
    code_in_force: conduct.CodeVersion | None
    signing: conduct.SigningFigures | None
    versions_published: list  # (number, published_at) of the code's versions published in the year
    rounds: list  # (title, closed_at, answers, results_shown) of the own assessments closed in the year
    points_agreed: int  # action points agreed in the year
    points_done: int  # action points completed in the year
    points_now: ActionPointProgress
    concerns: ConcernFigures
    time_to_close: TimeToClose | None
    stages_on_time: StagesOnTime | None
    members: MembersSummary | None


def years_of(organisation: Organisation, *, now: datetime | None = None) -> list[int]:
    """The years a report can be made for: from the year the organisation joined Holdspace to this one, newest
    first."""
    this_year = timezone.localtime(now or timezone.now()).year
    first = timezone.localtime(organisation.created_at).year if organisation.created_at else this_year
    return list(range(this_year, min(first, this_year) - 1, -1))


def annual_report(*, organisation: Organisation, year: int, now: datetime | None = None) -> AnnualReport:
    now = now or timezone.now()
    zone = timezone.get_current_timezone()
    start = datetime(year, 1, 1, tzinfo=zone)
    year_end = datetime(year + 1, 1, 1, tzinfo=zone)
    under_way = now < year_end
    end = now if under_way else year_end
    days = max(1, (end - start).days)
    code = conduct.in_force(organisation)
    rounds = rounds_closed_between(organisation=organisation, start=start, end=end)
    points = action_point_progress(organisation)
    agreed, done = action_points_agreed_and_done(organisation=organisation, start=start, end=end)
    members = None
    if organisation.is_network:
        standing = overview.network_overview(network=organisation, now=now)
        members = MembersSummary(
            members=len(standing.members),
            signed_code_in_force=sum(1 for m in standing.members if standing.code_in_force is not None
                                     and m.code_signed == standing.code_in_force),
            assessed_in_year=sum(1 for m in standing.members if m.assessment.last_closed_at is not None
                                 and start <= m.assessment.last_closed_at < end),
            points_overdue=sum(1 for m in standing.members if m.assessment.points_overdue),
            concerns_overdue=sum(1 for m in standing.members if m.concerns_overdue),
        )
    return AnnualReport(
        organisation=organisation, year=year, start=start, end=end, under_way=under_way, code_in_force=code,
        signing=conduct.signing_figures(code) if code is not None else None,
        versions_published=versions_published_between(organisation=organisation, start=start, end=end),
        rounds=rounds, points_agreed=agreed, points_done=done, points_now=points,
        concerns=concern_figures(organisation, now=end, days=days),
        time_to_close=time_to_close(organisation, now=end, days=days),
        stages_on_time=stages_on_time(organisation, now=end, days=days),
        members=members,
    )

