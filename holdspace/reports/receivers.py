"""How cases follow what happens in an organisation (connected in ReportsConfig.ready)."""
from holdspace.organisations.models import Membership, Role
from holdspace.reports.handling import exclude_from_cases_about, handler_keys_drop
from holdspace.reports.recovery import HOLDER_ROLES, cases_at_stake, cases_left_unreadable, shares_forget
from holdspace.web.refusals import Refusal


def on_roles_removed(sender, *, organisation, user, roles, **kwargs) -> None:
    """A handler who stops handling keeps no case key; someone who holds neither role keeps no share of the
    recovery ring. Refused (the whole change undone) while that would leave an open case nobody could read."""
    stops_handling = Role.CASE_HANDLER in roles
    stops_holding = not Membership.objects.filter(
        organisation=organisation, user=user, role__in=HOLDER_ROLES).exists()
    if not (stops_handling or stops_holding):
        return
    unreadable = cases_left_unreadable(
        cases_at_stake(organisation, user=user, keys=stops_handling, share=stops_holding),
        leaving_keys={user.pk} if stops_handling else set(), leaving_shares={user.pk} if stops_holding else set())
    if unreadable:
        raise Refusal("cases_left_unreadable", count=len(unreadable))
    if stops_handling:
        handler_keys_drop(organisation=organisation, user=user)
    if stops_holding:
        shares_forget(user, organisation=organisation)


def on_reporting_line_set(sender, *, organisation, manager, person, **kwargs) -> None:
    exclude_from_cases_about(organisation, manager=manager, person=person)
