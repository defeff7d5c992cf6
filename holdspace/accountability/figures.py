"""What an organisation's public accountability page shows: its code and how far signing has come, how to raise
a concern or report, action-point progress, partners' concerns answered on time, and case-handling timeliness
over enough cases that no one can be picked out. Counts only: no name, no case, no concern's words."""
from dataclasses import dataclass

from django.core.cache import cache

from holdspace.assessments.selectors import ActionPointProgress, action_point_progress, latest_results
from holdspace.concerns.selectors import ConcernFigures, concern_figures
from holdspace.conduct import services as conduct
from holdspace.organisations.models import Organisation
from holdspace.reports.classification import Tally, tally_public
from holdspace.reports.statistics import StagesOnTime, TimeToClose, stages_on_time, time_to_close

# The figures move slowly; a page read often by the public is counted at most once a minute per server process.
CACHE_SECONDS = 60


@dataclass(frozen=True)
class AccountabilityFigures:
    signing: conduct.SigningFigures | None
    action_points: ActionPointProgress
    last_assessment_closed_at: object  # a datetime, or None before the first round with results
    concerns: ConcernFigures
    time_to_close: TimeToClose | None
    stages_on_time: StagesOnTime | None
    case_tally: Tally | None = None


def figures(organisation: Organisation) -> AccountabilityFigures:
    version = conduct.in_force(organisation)
    latest = latest_results(organisation)
    return AccountabilityFigures(
        signing=conduct.signing_figures(version) if version is not None else None,
        action_points=action_point_progress(organisation),
        last_assessment_closed_at=latest.closed_at if latest is not None else None,
        concerns=concern_figures(organisation),
        time_to_close=time_to_close(organisation),
        stages_on_time=stages_on_time(organisation),
        case_tally=tally_public(organisation),
    )


def figures_shown(organisation: Organisation) -> AccountabilityFigures:
    return cache.get_or_set(f"hs:accountability:{organisation.pk}", lambda: figures(organisation), CACHE_SECONDS)


def figures_forget(organisation: Organisation) -> None:
    """After the administrator changes what is published, the next reader sees it at once."""
    cache.delete(f"hs:accountability:{organisation.pk}")
