"""The deadline engine: starting and completing a case's stages."""
from datetime import datetime

from django.utils import timezone

from holdspace.reports.access import case_policy
from holdspace.reports.models import Case, CaseStage
from holdspace.reports.pathways import deadline_for, next_stage


def _overrides(case: Case) -> dict:
    return case_policy(case)["stage_days"]


def first_stage_due(stage: str, *, policy: dict, now: datetime) -> datetime:
    """When a new case's first stage is due under the policy it keeps (`access.policy_kept`): with no stage before
    it, the case is written with it at once instead of being started by `stage_start`."""
    return deadline_for(stage, started_at=now, overrides=policy["stage_days"]).due_at


def stage_start(case: Case, *, stage: str, now: datetime | None = None) -> CaseStage:
    """Open a stage with its deadline and make it the case's current one.

    Its deadline is never earlier than the one of the stage before it: a stage finished early, or a
    policy that gives a later stage fewer days, must not make the next step due before the last one.
    """
    now = now or timezone.now()
    due_at = deadline_for(stage, started_at=now, overrides=_overrides(case)).due_at
    previous = (
        CaseStage.objects.filter(case=case).order_by("-started_at", "-pk").values_list("due_at", flat=True).first()
    )
    if previous is not None:
        due_at = max(due_at, previous)
    CaseStage.objects.filter(case=case, completed_at__isnull=True).update(completed_at=now)
    current = CaseStage.objects.create(case=case, stage=stage, started_at=now, due_at=due_at)
    case.stage, case.stage_due_at = stage, due_at
    Case.objects.filter(pk=case.pk).update(stage=stage, stage_due_at=due_at)
    return current


def stage_finish(case: Case, *, actor_id: int | None, note: bytes | None, now: datetime | None = None) -> str | None:
    """Complete the current stage and start the next; return the next stage, or None when
    the pathway is done (the case then waits for closing, with no deadline)."""
    now = now or timezone.now()
    CaseStage.objects.filter(case=case, completed_at__isnull=True).update(
        completed_at=now, completed_by_id=actor_id, note=note
    )
    following = next_stage(case.pathway, current=case.stage)
    if following is None:
        case.stage_due_at = None
        Case.objects.filter(pk=case.pk).update(stage_due_at=None)
        return None
    stage_start(case, stage=following, now=now)
    return following
