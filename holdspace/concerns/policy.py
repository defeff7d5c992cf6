"""The days an organisation gives itself to answer a partner's concern."""
from django.db import transaction

from holdspace.accounts.models import User
from holdspace.audit.services import audit_record
from holdspace.concerns.models import DEFAULT_RESPONSE_DAYS, LONGEST_RESPONSE_DAYS, ConcernPolicy
from holdspace.organisations.models import Organisation
from holdspace.web.refusals import Refusal


def response_days_of(organisation: Organisation) -> int:
    found = ConcernPolicy.objects.filter(organisation=organisation).values_list("response_days", flat=True).first()
    return found if found is not None else DEFAULT_RESPONSE_DAYS


def response_days_set(organisation: Organisation, *, days: int, actor: User) -> None:
    """Change the days for concerns raised from now on; days already given do not move."""
    if not 1 <= days <= LONGEST_RESPONSE_DAYS:
        raise Refusal("response_days_out_of_range", longest=LONGEST_RESPONSE_DAYS)
    with transaction.atomic():
        before = response_days_of(organisation)
        if before == days:
            return
        ConcernPolicy.objects.update_or_create(organisation=organisation, defaults={"response_days": days})
        audit_record(action="concern_policy.changed", actor_id=actor.pk, organisation_id=organisation.pk,
                     target=organisation, details={"before": before, "after": days})
