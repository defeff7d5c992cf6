from django.utils.translation import gettext as _

from holdspace.organisations.models import Organisation, Role


def role_label(role: str, *, organisation: Organisation) -> str:
    """The name of a role as people say it: an administrator of a network is a network administrator."""
    if role == Role.ORG_ADMIN and organisation.is_network:
        return _("Network administrator")
    return str(Role(role).label)
