"""Where a report can go now, for the public pages that help a person find where to report.

What each organisation promises (who would read a report, how soon it is answered) is worked out for a
whole page of organisations in a fixed number of queries, whatever their number. It follows the same rule
as `access.handling_organisation_for` for a report that names no one: here when someone here holds a key,
else at its network when someone there does, else nowhere for now.
"""
from collections.abc import Sequence
from dataclasses import dataclass, field

from holdspace.keys.selectors import public_keys_of
from holdspace.organisations.models import Membership, NetworkMembership, Organisation, Role
from holdspace.reports.models import ReportingPolicy
from holdspace.reports.pathways import Stage, stage_days


@dataclass(frozen=True)
class Destination:
    """Where reports sent to `organisation` go today, and what it promises."""

    organisation: Organisation
    network: Organisation | None  # the network it belongs to, if any
    handled_by: Organisation | None  # itself, its network, or None when nobody can receive a report now
    readers: list[str] = field(default_factory=list)  # names of the handlers who would read it
    acknowledge_days: int = 0
    assess_days: int = 0

    @property
    def ready(self) -> bool:
        return self.handled_by is not None

    @property
    def routed(self) -> bool:
        """Reports sent here are read by the network's handlers, since nobody here can open them now."""
        return self.handled_by is not None and self.handled_by.pk != self.organisation.pk


def destinations_of(organisations: Sequence[Organisation]) -> list[Destination]:
    """Each organisation's destination, in the order given: four queries in all."""
    organisations = list(organisations)
    ids = [organisation.pk for organisation in organisations]
    network_of: dict[int, Organisation] = {}
    for link in NetworkMembership.objects.filter(organisation_id__in=ids).select_related("network").order_by("pk"):
        network_of.setdefault(link.organisation_id, link.network)  # the first, as access.network_of takes it
    everyone = set(ids) | {network.pk for network in network_of.values()}
    handlers = list(
        Membership.objects.filter(organisation_id__in=everyone, role=Role.CASE_HANDLER, user__is_active=True)
        .values_list("organisation_id", "user_id", "user__display_name")
    )
    with_key = set(public_keys_of({user_id for _, user_id, _ in handlers}))
    readers: dict[int, set[str]] = {}
    for organisation_id, user_id, name in handlers:
        if user_id in with_key:
            readers.setdefault(organisation_id, set()).add(name)
    handled_by = {}
    for organisation in organisations:
        network = network_of.get(organisation.pk)
        if readers.get(organisation.pk):
            handled_by[organisation.pk] = organisation
        elif network is not None and readers.get(network.pk):
            handled_by[organisation.pk] = network
    policies = {
        policy.organisation_id: policy
        for policy in ReportingPolicy.objects.filter(organisation_id__in={o.pk for o in handled_by.values()})
    }
    found = []
    for organisation in organisations:
        handler = handled_by.get(organisation.pk)
        if handler is None:
            found.append(Destination(organisation, network_of.get(organisation.pk), None))
            continue
        overrides = policies[handler.pk].stage_days if handler.pk in policies else {}
        found.append(Destination(
            organisation, network_of.get(organisation.pk), handler,
            readers=sorted(readers[handler.pk], key=str.casefold),
            acknowledge_days=stage_days(Stage.ACKNOWLEDGE, overrides=overrides),
            assess_days=stage_days(Stage.ASSESS, overrides=overrides),
        ))
    return found


def destination_of(organisation: Organisation) -> Destination:
    return destinations_of([organisation])[0]


def alternatives_of(destinations: Sequence[Destination]) -> dict[int, Destination]:
    """For each organisation that cannot receive a report now, its network's own destination, when the network
    could receive one sent to it (e.g. through a network above it); keyed by the organisation. Four queries."""
    networks = {d.organisation.pk: d.network for d in destinations if not d.ready and d.network is not None}
    if not networks:
        return {}
    by_network = {found.organisation.pk: found for found in destinations_of(list(
        {network.pk: network for network in networks.values()}.values()))}
    return {organisation_id: by_network[network.pk] for organisation_id, network in networks.items()
            if by_network[network.pk].ready}
