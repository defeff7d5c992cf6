"""Who may open an organisation's pages. Outsiders get 404, never a hint."""
from dataclasses import dataclass
from functools import wraps

from django.http import Http404, HttpRequest

from holdspace.accounts.two_factor import two_factor_detour
from holdspace.organisations.models import ROLES_NEEDING_TWO_FACTOR, Membership, Organisation, Role
from holdspace.web.prepared import Prepared, columns, instance


@dataclass(frozen=True)
class OrganisationAccess:
    organisation: Organisation
    roles: frozenset[str]

    def has(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def is_admin(self) -> bool:
        return Role.ORG_ADMIN in self.roles


# Every page of an organisation reads this first: built once, run many times.
_HELD = Prepared(
    lambda user, slug: Membership.objects.filter(user_id=user, organisation__slug=slug).order_by()
    .values_list("role", *columns(Organisation, through="organisation__")),
    user=int, slug=str)


def organisation_access(request: HttpRequest, *, slug: str, roles: tuple[str, ...] = ()) -> OrganisationAccess:
    """Return the organisation and this person's roles in it if they hold one of `roles`
    (any role when empty); 404 otherwise."""
    if not request.user.is_authenticated:
        raise Http404
    held = _HELD.rows(user=request.user.pk, slug=slug)
    if not held:
        raise Http404
    access = OrganisationAccess(instance(Organisation, values=held[0][1:]), frozenset(row[0] for row in held))
    if roles and not access.has(*roles):
        raise Http404
    return access


def organisation_view(*roles: str):
    """Resolve `slug` to an OrganisationAccess passed as `access`.

    When the person comes in through a role that opens sensitive information,
    he must have signed in with two-step verification first (a partner
    representative on a page shared with administrators does not).
    """
    roles_needing_two_factor = ROLES_NEEDING_TWO_FACTOR.intersection(roles)

    def decorator(view):
        @wraps(view)
        def wrapper(request, slug, *args, **kwargs):
            access = organisation_access(request, slug=slug, roles=roles)
            if access.has(*roles_needing_two_factor):
                detour = two_factor_detour(request)
                if detour is not None:
                    return detour
            return view(request, *args, access=access, **kwargs)

        return wrapper

    return decorator
