"""How cases follow what happens in an organisation (connected in ReportsConfig.ready)."""
from holdspace.organisations.models import Role
from holdspace.reports.handling import exclude_from_cases_about, handler_keys_drop


def on_roles_removed(sender, *, organisation, user, roles, **kwargs) -> None:
    if Role.CASE_HANDLER in roles:
        handler_keys_drop(organisation=organisation, user=user)


def on_reporting_line_set(sender, *, organisation, manager, person, **kwargs) -> None:
    exclude_from_cases_about(organisation, manager=manager, person=person)
