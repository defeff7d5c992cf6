"""How circles follow what happens in an organisation (connected in CirclesConfig.ready)."""
from holdspace.circles.safety_keys import safety_keys_drop_for
from holdspace.circles.services import facilitators_drop_for
from holdspace.organisations.models import Role


def on_roles_removed(sender, *, organisation, user, roles, **kwargs) -> None:
    if Role.FACILITATOR in roles:
        facilitators_drop_for(organisation=organisation, user=user)
    if Role.STEWARD in roles or Role.ORG_ADMIN in roles:
        safety_keys_drop_for(organisation=organisation, user=user, roles=roles)
