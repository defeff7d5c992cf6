"""Who takes part in an organisation's assessments, and reads its action points.

Everyone holding any role in the organisation takes part, partner
representatives included: the organisation assesses itself with its partners.
A network assesses itself with its member organisations, so everyone holding
a role in one of them takes part in the network's rounds too. Everyone else
gets 404, as everywhere in Holdspace.
"""
from functools import wraps

from django.db.models import Q
from django.http import Http404, HttpRequest

from holdspace.organisations.access import OrganisationAccess
from holdspace.organisations.models import Membership, Organisation
from holdspace.web.prepared import Prepared, columns, instance


def _taking_part(organisation_id: int) -> Q:
    return Q(organisation_id=organisation_id) | Q(organisation__network_links__network_id=organisation_id)


def takes_part(person, *, organisation: Organisation) -> bool:
    """Whether this person takes part in the organisation's assessments (one query)."""
    return Membership.objects.filter(_taking_part(organisation.pk), user=person).exists()


def participant_count(organisation: Organisation) -> int:
    """How many people are asked to take part (one query)."""
    return Membership.objects.filter(_taking_part(organisation.pk)).values("user_id").distinct().count()


def assessment_access(request: HttpRequest, *, slug: str) -> OrganisationAccess:
    """The organisation and this person's roles in it, if he takes part in its assessments; 404 otherwise. The
    roles are those held in the organisation itself: none for people who take part through a member
    organisation."""
    if not request.user.is_authenticated:
        raise Http404
    found = _ORGANISATION.first(slug=slug)
    if found is None:
        raise Http404
    organisation = instance(Organisation, values=found)
    held = _HELD.rows(organisation=organisation.pk, user=request.user.pk)
    if not held:
        raise Http404
    return OrganisationAccess(organisation, frozenset(role for org_id, role in held if org_id == organisation.pk))


# Every page of the assessments reads both first: built once, run many times.
_ORGANISATION = Prepared(
    lambda slug: Organisation.objects.filter(slug=slug).order_by("pk").values_list(*columns(Organisation))[:1],
    slug=str)
_HELD = Prepared(
    lambda organisation, user: Membership.objects.filter(_taking_part(organisation), user_id=user).order_by()
    .values_list("organisation_id", "role"),
    organisation=int, user=int)


def assessment_view(view):
    """Resolve `slug` to an OrganisationAccess passed as `access`, for everyone who takes part."""

    @wraps(view)
    def wrapper(request, slug, *args, **kwargs):
        return view(request, *args, access=assessment_access(request, slug=slug), **kwargs)

    return wrapper
