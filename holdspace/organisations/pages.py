"""What other apps add to an organisation's own pages, registered in their AppConfig.ready.

The organisation's home page and its public page are drawn here, but some of what they show
belongs to apps above this one (a partner's overdue concerns, the public accountability page).
Each such app registers a function giving a few template values; this app never imports them.
"""
from collections.abc import Callable

from holdspace.organisations.access import OrganisationAccess
from holdspace.organisations.models import Organisation

HomeExtra = Callable[[OrganisationAccess], dict]
PublicExtra = Callable[[Organisation], dict]

_home: dict[str, HomeExtra] = {}
_public: dict[str, PublicExtra] = {}


def home_extra_register(name: str, *, extra: HomeExtra) -> None:
    """Add values to the organisation's home page (seen by its members, through `access`)."""
    _home[name] = extra


def public_extra_register(name: str, *, extra: PublicExtra) -> None:
    """Add values to the organisation's public page (seen by anyone)."""
    _public[name] = extra


def home_extras(access: OrganisationAccess) -> dict:
    values: dict = {}
    for name in sorted(_home):
        values.update(_home[name](access))
    return values


# The part of the site that organisations' public and accountability pages show, for the shared cache of public
# pages (web.public_pages): any change to an organisation, its networks, its code or its settings renews them all.
ORGANISATION_PAGES = "organisations"


def public_extras(organisation: Organisation) -> dict:
    values: dict = {}
    for name in sorted(_public):
        values.update(_public[name](organisation))
    return values
