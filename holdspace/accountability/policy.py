"""Reading and changing an organisation's accountability settings, with the defaults filled in."""
from django.db import transaction

from holdspace.accountability.models import AccountabilitySettings
from holdspace.audit.services import audit_record
from holdspace.concerns.policy import response_days_of, response_days_set
from holdspace.organisations.models import Organisation, Role
from holdspace.organisations.selectors import holds_role


def settings_of(organisation: Organisation) -> AccountabilitySettings:
    """The stored settings, or the defaults (unsaved) when the administrator never changed them."""
    found = AccountabilitySettings.objects.filter(organisation=organisation).first()
    return found or AccountabilitySettings(organisation=organisation)


def publishes_page(organisation: Organisation, *, chosen: AccountabilitySettings | None = None) -> bool:
    """Networks publish their page unless they turn it off; other organisations publish when they opt in."""
    chosen = chosen or settings_of(organisation)
    return organisation.is_network if chosen.public_page is None else chosen.public_page


def pages_published(organisations) -> set[int]:
    """Which of these organisations publish their accountability page, in one query."""
    chosen = {found.organisation_id: found for found in
              AccountabilitySettings.objects.filter(organisation_id__in=[o.pk for o in organisations])}
    return {organisation.pk for organisation in organisations
            if publishes_page(organisation, chosen=chosen.get(organisation.pk)
                              or AccountabilitySettings(organisation=organisation))}


def settings_change(*, organisation: Organisation, actor, public_page: bool, concern_response_days: int) -> None:
    """Publish the page or not, and set the days for partners' concerns (concerns' policy refuses days out of its
    range), together."""
    with transaction.atomic():
        stored, _ = AccountabilitySettings.objects.select_for_update().get_or_create(organisation=organisation)
        before = {"public_page": publishes_page(organisation, chosen=stored), "days": response_days_of(organisation)}
        stored.public_page = public_page
        stored.save()
        response_days_set(organisation, days=concern_response_days, actor=actor)
        audit_record(action="accountability.settings_changed", actor_id=actor.pk, organisation_id=organisation.pk,
                     target=stored, details={"before": before,
                                             "after": {"public_page": public_page, "days": concern_response_days}})


def shows_page_to(organisation: Organisation, *, person) -> tuple[bool, bool]:
    """(shown, as a preview): a published page is shown to everyone; an unpublished one only to the
    organisation's administrators, who preview it before publishing."""
    if publishes_page(organisation):
        return True, False
    preview = holds_role(person, organisation_id=organisation.pk, role=Role.ORG_ADMIN)
    return preview, preview
