"""Reading organisations and the people in them, one query per list."""
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from holdspace.accounts.models import User
from holdspace.organisations.models import (
    DescriptionTranslation, Invitation, Membership, NetworkMembership, NetworkSanction, Organisation, Role, ordered_roles,
)
from holdspace.web.folding import fold
from holdspace.web.languages import Shown, reader_language, shown_in_reader_language
from holdspace.web.prepared import Prepared, columns, instance


@dataclass
class PersonInOrganisation:
    user: User
    roles: list[str] = field(default_factory=list)


@dataclass
class MyOrganisation:
    organisation: Organisation
    roles: list[str] = field(default_factory=list)


# His organisations and his roles in each: read on every visit to his home, built once.
_OF_USER = Prepared(
    lambda user: Membership.objects.filter(user_id=user).order_by("organisation__name", "role")
    .values_list("role", *columns(Organisation, through="organisation__")),
    user=int)


def organisations_of_user(*, user: User) -> list[MyOrganisation]:
    grouped: dict[int, MyOrganisation] = {}
    for role, *values in _OF_USER.rows(user=user.pk):
        entry = grouped.get(values[0])
        if entry is None:
            entry = grouped[values[0]] = MyOrganisation(instance(Organisation, values=values))
        entry.roles.append(role)
    for entry in grouped.values():
        entry.roles = ordered_roles(entry.roles)
    return list(grouped.values())


def people_of_organisation(*, organisation: Organisation) -> list[PersonInOrganisation]:
    people: dict[int, PersonInOrganisation] = {}
    for membership in (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user__display_name", "user_id", "role")
    ):
        people.setdefault(membership.user_id, PersonInOrganisation(membership.user)).roles.append(membership.role)
    for person in people.values():
        person.roles = ordered_roles(person.roles)
    return list(people.values())


def person_roles(*, organisation: Organisation, user_id: int) -> tuple[User, set[str]] | None:
    memberships = list(
        Membership.objects.filter(organisation=organisation, user_id=user_id).select_related("user")
    )
    if not memberships:
        return None
    return memberships[0].user, {m.role for m in memberships}


def open_invitations(*, organisation: Organisation) -> list[Invitation]:
    return list(
        Invitation.objects.filter(
            organisation=organisation, accepted_at=None, revoked_at=None, expires_at__gt=timezone.now()
        ).select_related("invited_by")
    )


def invitations_for_user(*, user: User) -> list[Invitation]:
    """Open invitations sent to this person's address (the link itself is in their email).

    Only once the address is confirmed: anyone can sign up with any address.
    """
    if not user.email_verified:
        return []
    invitations, split = [], len(_INVITATION_SHOWN)
    for row in _INVITATIONS.rows(email=user.email, now=timezone.now()):
        invitation = instance(Invitation, values=row[:split], only=_INVITATION_SHOWN)
        invitation.organisation = instance(Organisation, values=row[split:], only=_INVITING_SHOWN)
        invitations.append(invitation)
    return invitations


# Only what the home shows (the organisation's name): read on every visit to his home, built once.
_INVITATION_SHOWN, _INVITING_SHOWN = ("id", "organisation_id"), ("id", "name", "slug")
_INVITATIONS = Prepared(
    lambda email, now: Invitation.objects.filter(email=email, accepted_at=None, revoked_at=None, expires_at__gt=now)
    .order_by("-created_at")
    .values_list(*columns(Invitation, only=_INVITATION_SHOWN),
                 *columns(Organisation, through="organisation__", only=_INVITING_SHOWN)),
    email=str, now=datetime)


def network_member_organisations(*, network: Organisation) -> list[NetworkMembership]:
    """The network's members, each with its suspension if one is in force, counted: one query."""
    return list(
        NetworkMembership.objects.filter(network=network)
        .select_related("organisation", "suspension", "suspension__decided_by")
        .annotate(
            people=Count("organisation__memberships__user", distinct=True),
            admins=Count(
                "organisation__memberships",
                filter=Q(organisation__memberships__role=Role.ORG_ADMIN),
                distinct=True,
            ),
        )
        .order_by("organisation__name")
    )


def network_links(*, network: Organisation) -> list[NetworkMembership]:
    """The network's member organisations, each link with its organisation, by name: one query, nothing counted."""
    return list(NetworkMembership.objects.filter(network=network).select_related("organisation")
                .order_by("organisation__name", "organisation_id"))


def networks_of_organisation(*, organisation: Organisation) -> list[Organisation]:
    """The networks this organisation belongs to, by name, each marked `member_suspended` when the network
    suspended it: one query."""
    networks = []
    for link in (NetworkMembership.objects.filter(organisation=organisation).select_related("network")
                 .order_by("network__name", "network_id")):
        link.network.member_suspended = link.suspension_id is not None
        networks.append(link.network)
    return networks


def network_member(*, network: Organisation, slug: str) -> NetworkMembership | None:
    """One member of the network by its short name, with its suspension in force if any."""
    return (NetworkMembership.objects.filter(network=network, organisation__slug=slug)
            .select_related("organisation", "suspension", "suspension__decided_by").first())


def network_sanctions(*, network: Organisation, organisation: Organisation | None = None) -> list[NetworkSanction]:
    """What the network did about its members (or about one of them), newest first: one query."""
    found = NetworkSanction.objects.filter(network=network)
    if organisation is not None:
        found = found.filter(organisation=organisation)
    return list(found.select_related("organisation", "decided_by", "ended_by"))


def sanctions_of_member(*, organisation: Organisation) -> list[NetworkSanction]:
    """What networks decided about this organisation that still stands, for its administrators: a suspension in
    force, or an expulsion. Newest first, one query."""
    member_again = NetworkMembership.objects.filter(network_id=OuterRef("network_id"), organisation=organisation)
    return list(NetworkSanction.objects.filter(organisation=organisation)
                .filter(Q(kind=NetworkSanction.Kind.EXPULSION, ended_at=None) & ~Exists(member_again)
                        | Q(kind=NetworkSanction.Kind.SUSPENSION, ended_at=None))
                .select_related("network"))


def organisation_people(*, organisation: Organisation):
    """Everyone with a role here, once each, by name."""
    return User.objects.filter(memberships__organisation=organisation).distinct().order_by("display_name", "pk")


def holds_role(person, *, organisation_id: int, role: str) -> bool:
    """Whether this person holds this role in the organisation (one query)."""
    if not getattr(person, "is_authenticated", False):
        return False
    return Membership.objects.filter(user=person, organisation_id=organisation_id, role=role).exists()


def holds_role_in_any(person, *, organisation_ids: list[int], role: str) -> bool:
    """Whether this person holds this role in any of these organisations (one query)."""
    if not getattr(person, "is_authenticated", False):
        return False
    return Membership.objects.filter(user=person, organisation_id__in=organisation_ids, role=role).exists()


FINDER_PAGE_SIZE = 20


def organisations_find(*, name: str = "", city: str = "", page: int = 1) -> tuple[list[Organisation], bool]:
    """One page of organisations and networks whose name and city hold these words (case and accents aside),
    by name, and whether another page follows. With words, every name and city is read and folded in Python
    (`fold`), so SQLite and PostgreSQL find the same rows; then only that page's organisations are fetched: two
    queries whatever their number."""
    name, city = fold(name.strip()), fold(city.strip())
    start = (page - 1) * FINDER_PAGE_SIZE
    ordered = Organisation.objects.order_by("name", "pk")
    if not (name or city):
        rows = list(ordered[start : start + FINDER_PAGE_SIZE + 1])
        return rows[:FINDER_PAGE_SIZE], len(rows) > FINDER_PAGE_SIZE
    matching = [pk for pk, its_name, its_city in ordered.values_list("pk", "name", "city")
                if name in fold(its_name) and city in fold(its_city)]
    ids = matching[start : start + FINDER_PAGE_SIZE]
    by_id = Organisation.objects.in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id], len(matching) > start + FINDER_PAGE_SIZE


def description_shown(*, organisation: Organisation, asks_original: bool = False) -> Shown:
    """The organisation's description in the reader's language when it was written in it, else as first written:
    one query, whatever the number of languages."""
    reader = reader_language()
    versions = {} if reader == organisation.language else dict(
        DescriptionTranslation.objects.filter(organisation=organisation, language=reader)
        .values_list("language", "description"))
    return shown_in_reader_language(original=organisation.description, original_language=organisation.language,
                                    versions=versions, asks_original=asks_original, reader=reader)
