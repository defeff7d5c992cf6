"""How circles follow what happens in an organisation (connected in CirclesConfig.ready)."""
from holdspace.circles.services import facilitators_drop_for
from holdspace.organisations.models import Role


def on_roles_removed(sender, *, organisation, user, roles, **kwargs) -> None:
    if Role.FACILITATOR in roles:
        facilitators_drop_for(organisation=organisation, user=user)
