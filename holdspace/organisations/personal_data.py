"""His roles in organisations, as he reads them back in his export, and what deleting his account does to them:
his roles end (told to the other apps as roles removed, so handlers' keys and facilitators' circles follow), and an
organisation he alone administers keeps him until he hands the role on. Registered in OrganisationsConfig.ready."""
from django.db.models import Exists, OuterRef
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from holdspace.accounts.models import User
from holdspace.accounts.personal_data import Consequence, Part, PersonalData, Section, consequence_counted
from holdspace.audit.services import audit_record
from holdspace.organisations.labels import role_label
from holdspace.organisations.models import Invitation, Membership, Organisation, Role, ordered_roles
from holdspace.organisations.refusals import REFUSALS
from holdspace.organisations.signals import roles_removed
from holdspace.web.refusals import Refusal


def _roles_by_organisation(user: User) -> dict[Organisation, list[Membership]]:
    held: dict[Organisation, list[Membership]] = {}
    for membership in Membership.objects.filter(user=user).select_related("organisation").order_by(
            "organisation__name", "organisation_id", "granted_at"):
        held.setdefault(membership.organisation, []).append(membership)
    return held


def organisations_export(request: HttpRequest) -> Section:
    records = [{
        "organisation": organisation.name,
        "roles": [role_label(role, organisation=organisation)
                  for role in ordered_roles([membership.role for membership in memberships])],
        "since": min(membership.granted_at for membership in memberships),
    } for organisation, memberships in _roles_by_organisation(request.user).items()]
    return Section(key="organisations", title=_("Your roles in organisations"), parts=(Part(
        key="roles", title=_("Organisations and your roles there"),
        labels={"organisation": _("Organisation"), "roles": _("Roles"), "since": _("Since")}, records=records),))


def organisations_alone_administered(user: User) -> list[Organisation]:
    """Organisations where this person is the only administrator."""
    others = Membership.objects.filter(organisation=OuterRef("pk"), role=Role.ORG_ADMIN).exclude(user=user)
    return list(Organisation.objects.filter(memberships__user=user, memberships__role=Role.ORG_ADMIN)
                .exclude(Exists(others)).order_by("name"))


def organisations_consequences(user: User) -> list[Consequence]:
    held = _roles_by_organisation(user)
    alone = organisations_alone_administered(user) if held else []
    return [
        *consequence_counted(len(held), names=", ".join(organisation.name for organisation in held),
                             words=ngettext_lazy(
            "Your roles in %(count)d organisation end: %(names)s.",
            "Your roles in %(count)d organisations end: %(names)s.", "count")),
        *consequence_counted(len(alone), names=", ".join(organisation.name for organisation in alone), flagged=True,
                             words=_("You are the only administrator of %(names)s.")),
    ]


def organisations_blocks(user: User) -> str | None:
    return "last_administrator" if organisations_alone_administered(user) else None


def organisations_before_delete(user: User) -> dict[str, int]:
    """End his roles in each organisation the way a removal does, so the other apps follow (a handler's keys,
    a facilitator's circles) and each organisation's record of changes shows it; checked again for a last
    administrator with the organisations locked, as an administrator leaving at this moment might be the other.
    Run inside the deletion's transaction."""
    held = _roles_by_organisation(user)
    list(Organisation.objects.select_for_update().filter(pk__in=[o.pk for o in held]).values_list("pk", flat=True))
    if organisations_alone_administered(user):
        raise Refusal("last_administrator")
    for organisation, memberships in held.items():
        roles = {membership.role for membership in memberships}
        Membership.objects.filter(user=user, organisation=organisation).delete()
        roles_removed.send(sender=Organisation, organisation=organisation, user=user, roles=frozenset(roles))
        audit_record(action="membership.roles_changed", actor_id=user.pk, organisation_id=organisation.pk,
                     target=user, details={"added": [], "removed": sorted(roles), "account_deleted": True})
    # An invitation he accepted holds his address and has done its work; the record of changes keeps it.
    Invitation.objects.filter(accepted_by=user).delete()
    return {"organisations_left": len(held)}


PART = PersonalData(name="organisations", order=20, export=organisations_export,
                    consequences=organisations_consequences, blocks=organisations_blocks,
                    refusals={"last_administrator": REFUSALS["last_administrator"]},
                    before_delete=organisations_before_delete)
