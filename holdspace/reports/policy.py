"""An organisation's reporting policy and its directory of expert support."""
from django.db import transaction

from holdspace.accounts.models import User
from holdspace.audit.services import audit_record
from holdspace.organisations.models import Organisation
from holdspace.reports.access import policy_for
from holdspace.reports.models import ReportingPolicy, SupportService
from holdspace.web.refusals import Refusal


def policy_update(
    *, organisation: Organisation, actor: User, stage_days: dict, retention_days: int, reminder_days_before: int,
    respondent_notice_required: bool, route_leaders_to_network: bool, step_in_after_days: int | None = None,
) -> ReportingPolicy:
    """Change the policy for reports received from now on: a case keeps the policy it was received under, so
    nobody (a respondent who administers the organisation included) changes the rules of an open case."""
    policy = policy_for(organisation)
    with transaction.atomic():
        policy.stage_days = stage_days
        policy.retention_days = retention_days
        policy.reminder_days_before = reminder_days_before
        policy.respondent_notice_required = respondent_notice_required
        policy.route_leaders_to_network = route_leaders_to_network
        if step_in_after_days is not None:  # left empty: as it was
            policy.step_in_after_days = step_in_after_days
        policy.save()
        audit_record(
            action="reporting_policy.changed",
            actor_id=actor.pk,
            organisation_id=organisation.pk,
            target=policy,
            details={"stage_days": stage_days, "retention_days": retention_days,
                     "respondent_notice_required": respondent_notice_required,
                     "route_leaders_to_network": route_leaders_to_network,
                     "step_in_after_days": policy.step_in_after_days},
        )
    return policy


def support_service_add(*, organisation: Organisation, actor: User, name: str, description: str, contact: str):
    with transaction.atomic():
        service = SupportService.objects.create(
            organisation=organisation, name=name, description=description, contact=contact
        )
        audit_record(action="support_service.added", actor_id=actor.pk, organisation_id=organisation.pk, target=service)
    return service


def support_service_remove(*, organisation: Organisation, actor: User, service_id: int) -> None:
    with transaction.atomic():
        service = SupportService.objects.filter(organisation=organisation, pk=service_id).first()
        if service is None:
            raise Refusal("support_service_gone")
        audit_record(action="support_service.removed", actor_id=actor.pk, organisation_id=organisation.pk,
                     target=service)
        service.delete()


def support_directory(organisation: Organisation) -> list[SupportService]:
    return list(SupportService.objects.filter(organisation=organisation))
