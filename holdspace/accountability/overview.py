"""A network's overview of its member organisations: for each, the network's code it signed, its own assessments
and action points, its partners' concerns, how its cases are handled in time, and how it was vetted.

What the network asks its members to do, and whether they did, side by side: a fixed number of queries whatever
the number of members. Case handling shows as a share of stages completed on time, over enough cases that no
one's case can be read out of it (reports.statistics.MIN_CASES), as on the public accountability page.
"""
import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.cache import cache
from django.utils import timezone

from holdspace.assessments.selectors import SelfAssessment, self_assessments_of
from holdspace.concerns.selectors import concerns_waiting
from holdspace.conduct.selectors import network_code_signed_by
from holdspace.conduct.services import in_force
from holdspace.organisations.models import Organisation
from holdspace.organisations.selectors import network_links
from holdspace.reports.statistics import CACHE_SECONDS as STAGES_SECONDS, StagesOnTime, stages_on_time_of
from holdspace.vetting.models import Application
from holdspace.vetting.selectors import vetting_of_members

# A member whose last own assessment closed longer ago than this is asked to assess itself again.
ASSESSMENT_DUE_DAYS = 365

# Why a member needs the network's attention, as codes; the view says each in words.
NOT_SIGNED = "code_not_signed"
NOT_ASSESSED = "not_assessed"
POINTS_OVERDUE = "points_overdue"
CONCERNS_OVERDUE = "concerns_overdue"
ATTENTION = (NOT_SIGNED, NOT_ASSESSED, POINTS_OVERDUE, CONCERNS_OVERDUE)


@dataclass(frozen=True)
class MemberStanding:
    organisation: Organisation
    joined_at: datetime
    code_signed: int | None  # the number of the latest version of the network's code it signed, if any
    code_signed_at: datetime | None
    assessment: SelfAssessment
    concerns_open: int  # partners' concerns not closed
    concerns_overdue: int  # of those, waiting for an answer past their day
    stages: StagesOnTime | None  # None over fewer than MIN_CASES cases
    application: Application | None  # its latest application to the network, if it applied
    attention: tuple[str, ...]  # codes from ATTENTION, in that order
    suspended: bool = False  # the network suspended it: listed and marked (an expelled one is no member, not listed)


@dataclass(frozen=True)
class NetworkOverview:
    code_in_force: int | None  # the number of the network's code in force, if one is
    members: list[MemberStanding]


def _stages_shown(network: Organisation, ids: list[int], *, now: datetime) -> dict:
    """Case handling over a year moves slowly and counts every stage of every member's cases: counted at most
    every quarter of an hour for the same members (as the case list's time to close), counts only."""
    if not ids:
        return {}
    members = hashlib.blake2b(",".join(map(str, sorted(ids))).encode(), digest_size=16).hexdigest()
    return cache.get_or_set(f"hs:network-stages:{network.pk}:{members}",
                            lambda: stages_on_time_of(organisations=ids, now=now), STAGES_SECONDS)


def network_overview(*, network: Organisation, now: datetime | None = None) -> NetworkOverview:
    """Every member organisation's standing, by name: eight queries (seven while case handling is kept),
    whatever the number of members."""
    now = now or timezone.now()
    links = network_links(network=network)
    ids = [link.organisation_id for link in links]
    code = in_force(network)
    signed = network_code_signed_by(network=network, organisations=ids) if ids else {}
    assessments = self_assessments_of(organisations=ids, today=timezone.localdate(now)) if ids else {}
    concerns = {waiting.organisation.pk: waiting for waiting in concerns_waiting(
        organisations=[link.organisation for link in links], now=now)}
    stages = _stages_shown(network, ids, now=now)
    applications = vetting_of_members(network=network, organisations=ids) if ids else {}
    members = []
    for link in links:
        pk = link.organisation_id
        number, signed_at = signed.get(pk, (None, None))
        assessment = assessments[pk]
        waiting = concerns.get(pk)
        concerns_open = waiting.waiting + waiting.answered if waiting else 0
        concerns_overdue = waiting.overdue if waiting else 0
        attention = tuple(reason for reason, applies in (
            # A suspended member cannot sign (and is not counted) until the network lifts the suspension.
            (NOT_SIGNED, code is not None and number != code.number and not link.is_suspended),
            (NOT_ASSESSED, assessment.last_closed_at is None
             or assessment.last_closed_at < now - timedelta(days=ASSESSMENT_DUE_DAYS)),
            (POINTS_OVERDUE, assessment.points_overdue > 0),
            (CONCERNS_OVERDUE, concerns_overdue > 0),
        ) if applies)
        members.append(MemberStanding(
            organisation=link.organisation, joined_at=link.joined_at, code_signed=number, code_signed_at=signed_at,
            assessment=assessment, concerns_open=concerns_open, concerns_overdue=concerns_overdue,
            stages=stages.get(pk), application=applications.get(pk), attention=attention,
            suspended=link.is_suspended))
    return NetworkOverview(code_in_force=code.number if code is not None else None, members=members)
