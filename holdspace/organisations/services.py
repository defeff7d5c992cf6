"""Changes to organisations, networks, roles and invitations; each one audited."""
import hashlib
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from holdspace.accounts.emails import send_templated_mail
from holdspace.accounts.models import User, normalise_email
from holdspace.audit.services import audit_record
from holdspace.organisations.models import (
    SANCTION_REASON_MAX, DescriptionTranslation, Invitation, Membership, NetworkMembership, NetworkSanction, Organisation, ReportingLine, Role,
)
from holdspace.organisations.signals import reporting_line_set as reporting_line_was_set
from holdspace.organisations.signals import roles_removed
from holdspace.web.refusals import Refusal


def organisation_create(
    *, name: str, slug: str, kind: str = Organisation.Kind.ORGANISATION, description: str = "", city: str = "",
    created_by: User,
) -> Organisation:
    """Create an organisation whose first administrator (and member) is its creator."""
    try:
        with transaction.atomic():
            organisation = Organisation.objects.create(name=name.strip(), slug=slug, kind=kind,
                                                       description=description, city=city.strip())
            for role in (Role.ORG_ADMIN, Role.MEMBER):
                Membership.objects.create(user=created_by, organisation=organisation, role=role,
                                          granted_by=created_by)
            audit_record(
                action="organisation.created",
                actor_id=created_by.pk,
                organisation_id=organisation.pk,
                target=organisation,
                details={"kind": kind},
            )
    except IntegrityError:  # someone took the same short name a moment ago
        raise Refusal("slug_taken") from None
    return organisation


def organisation_details_change(
    *, organisation: Organisation, actor: User, name: str, description: str, city: str, language: str = ""
) -> Organisation:
    """Change the organisation's name, description, the language it is written in (left as it is when not given)
    and city (where the reporting finder finds it)."""
    with transaction.atomic():
        # Locked, as a translation's save locks it: the language is checked against versions nobody is adding.
        locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
        wanted = {"name": name.strip(), "description": description, "city": city.strip(),
                  "language": language or locked.language}
        changed = sorted(field for field, value in wanted.items() if getattr(locked, field) != value)
        if not changed:
            return organisation
        # A version in the language it would now be written in would be shown to nobody, and could not be removed.
        if "language" in changed and DescriptionTranslation.objects.filter(
                organisation=locked, language=wanted["language"]).exists():
            raise Refusal("language_has_version")
        for field in changed:
            setattr(locked, field, wanted[field])
            setattr(organisation, field, wanted[field])
        locked.save(update_fields=changed)
        audit_record(action="organisation.details_changed", actor_id=actor.pk, organisation_id=organisation.pk,
                     target=organisation, details={"fields": changed})
    return organisation


def description_translation_save(
    *, organisation: Organisation, actor: User, language: str, description: str
) -> DescriptionTranslation | None:
    """Write or revise the description in another offered language; left empty, that version goes and readers in
    that language read the original again."""
    if language not in dict(settings.LANGUAGES):
        raise Refusal("translation_language")
    description = description.strip()
    with transaction.atomic():
        # The language the description is written in, read under the lock its change takes.
        if language == Organisation.objects.select_for_update().values_list("language", flat=True).get(
                pk=organisation.pk):
            raise Refusal("translation_language")
        found = DescriptionTranslation.objects.select_for_update().filter(organisation=organisation,
                                                                         language=language).first()
        if not description:
            if found is not None:
                found.delete()
                audit_record(action="organisation.description_translation_removed", actor_id=actor.pk,
                             organisation_id=organisation.pk, target=organisation, details={"language": language})
            return None
        if found is not None and found.description == description:
            return found
        found = found or DescriptionTranslation(organisation=organisation, language=language)
        found.description, found.updated_by = description, actor
        found.save()
        audit_record(action="organisation.description_translated", actor_id=actor.pk, organisation_id=organisation.pk,
                     target=organisation, details={"language": language})
    return found


def network_member_add(*, network: Organisation, organisation: Organisation, actor: User | None) -> NetworkMembership:
    if not network.is_network:
        raise Refusal("not_a_network")
    with transaction.atomic():
        link, created = NetworkMembership.objects.get_or_create(network=network, organisation=organisation)
        if created:
            audit_record(
                action="network.member_added",
                actor_id=actor.pk if actor else None,
                organisation_id=network.pk,
                target=organisation,
            )
    return link


def _member_link(*, network: Organisation, organisation: Organisation, actor: User) -> NetworkMembership:
    """The member's link, locked, once the actor is checked to administer the network."""
    if not network.is_network:
        raise Refusal("not_a_network")
    if not Membership.objects.filter(user=actor, organisation=network, role=Role.ORG_ADMIN).exists():
        raise Refusal("not_network_admin")
    # No join to the suspension here: PostgreSQL locks no row on the nullable side of an outer join.
    link = NetworkMembership.objects.select_for_update().filter(network=network, organisation=organisation).first()
    if link is None:
        raise Refusal("not_a_member")
    return link


def _reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise Refusal("reason_missing")
    if len(reason) > SANCTION_REASON_MAX:
        raise Refusal("reason_too_long", longest=SANCTION_REASON_MAX)
    return reason


def network_member_suspend(*, network: Organisation, organisation: Organisation, reason: str, actor: User,
                           now: datetime | None = None) -> NetworkSanction:
    """Suspend a member organisation, with a reason its administrators read. It stays a member, marked suspended:
    its signature of the network's code is not counted and it cannot sign it until the network lifts the
    suspension. Its people keep their data and can still report, here and to the network."""
    reason, now = _reason(reason), now or timezone.now()
    with transaction.atomic():
        link = _member_link(network=network, organisation=organisation, actor=actor)
        if link.suspension_id is not None:
            raise Refusal("already_suspended")
        sanction = NetworkSanction.objects.create(
            network=network, organisation=organisation, kind=NetworkSanction.Kind.SUSPENSION, reason=reason,
            decided_at=now, decided_by=actor, member_since=link.joined_at)
        link.suspension = sanction
        link.save(update_fields=["suspension"])
        audit_record(action="network.member_suspended", actor_id=actor.pk, organisation_id=network.pk,
                     target=organisation, details={"sanction": sanction.pk}, at=now)
        transaction.on_commit(lambda: _tell_member(sanction, template="organisations/email/member_suspended"))
    return sanction


def network_member_suspension_lift(*, network: Organisation, organisation: Organisation, actor: User,
                                   now: datetime | None = None) -> NetworkSanction:
    """The network lifts a member's suspension: it counts and signs again. The record stays, with when it ended."""
    now = now or timezone.now()
    with transaction.atomic():
        link = _member_link(network=network, organisation=organisation, actor=actor)
        if link.suspension_id is None:
            raise Refusal("not_suspended")
        sanction = NetworkSanction.objects.select_for_update().get(pk=link.suspension_id)
        sanction.ended_at, sanction.ended_by = now, actor
        sanction.save(update_fields=["ended_at", "ended_by"])
        link.suspension = None
        link.save(update_fields=["suspension"])
        audit_record(action="network.member_suspension_lifted", actor_id=actor.pk, organisation_id=network.pk,
                     target=organisation, details={"sanction": sanction.pk}, at=now)
        transaction.on_commit(lambda: _tell_member(sanction, template="organisations/email/member_lifted"))
    return sanction


def network_member_expel(*, network: Organisation, organisation: Organisation, reason: str, actor: User,
                         now: datetime | None = None) -> NetworkSanction:
    """End a member organisation's membership, with a reason. The link goes (so nothing anywhere counts it as a
    member any more); the record of the expulsion stays: when it had joined, when it left, by whose decision, why.
    A suspension in force ends with it. Its people keep their data and can still report."""
    reason, now = _reason(reason), now or timezone.now()
    with transaction.atomic():
        link = _member_link(network=network, organisation=organisation, actor=actor)
        if link.suspension_id is not None:
            NetworkSanction.objects.filter(pk=link.suspension_id).update(ended_at=now, ended_by=actor)
        sanction = NetworkSanction.objects.create(
            network=network, organisation=organisation, kind=NetworkSanction.Kind.EXPULSION, reason=reason,
            decided_at=now, decided_by=actor, member_since=link.joined_at)
        link.delete()
        audit_record(action="network.member_expelled", actor_id=actor.pk, organisation_id=network.pk,
                     target=organisation, details={"sanction": sanction.pk}, at=now)
        transaction.on_commit(lambda: _tell_member(sanction, template="organisations/email/member_expelled"))
    return sanction


def _tell_member(sanction: NetworkSanction, *, template: str) -> None:
    """A short mail to the member organisation's administrators: the reason stays on Holdspace, on their
    organisation's page."""
    link = reverse("organisations:home", args=[sanction.organisation.slug])
    for membership in (Membership.objects.filter(organisation_id=sanction.organisation_id, role=Role.ORG_ADMIN)
                       .select_related("user")):
        send_templated_mail(to=membership.user.email, template=template, language=membership.user.language or None,
                            context={"network": sanction.network, "organisation": sanction.organisation,
                                     "link": link})


def roles_set(*, organisation: Organisation, user: User, roles: set[str], actor: User) -> tuple[set[str], set[str]]:
    """Give `user` exactly `roles` in `organisation`; return (added, removed)."""
    if set(roles) - set(Role.values):
        raise Refusal("unknown_role")
    with transaction.atomic():
        # Lock the organisation so two administrators removing each other at
        # once cannot both pass the last-administrator check.
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        current = set(
            Membership.objects.filter(organisation=organisation, user=user).values_list("role", flat=True)
        )
        added, removed = set(roles) - current, current - set(roles)
        if Role.ORG_ADMIN in removed:
            admins = Membership.objects.filter(organisation=organisation, role=Role.ORG_ADMIN).count()
            if admins <= 1:
                raise Refusal("last_administrator")
        Membership.objects.filter(organisation=organisation, user=user, role__in=removed).delete()
        if removed:  # e.g. a handler no longer keeps case keys, a facilitator leaves his circles
            roles_removed.send(sender=Organisation, organisation=organisation, user=user, roles=frozenset(removed))
        Membership.objects.bulk_create(
            Membership(organisation=organisation, user=user, role=role, granted_by=actor) for role in sorted(added)
        )
        if added or removed:
            audit_record(
                action="membership.roles_changed",
                actor_id=actor.pk,
                organisation_id=organisation.pk,
                target=user,
                details={"added": sorted(added), "removed": sorted(removed)},
            )
    return added, removed


def role_grant(*, organisation: Organisation, user: User, role: str, actor: User | None) -> bool:
    """Give `user` one more role here, keeping those he holds (e.g. a network's new member after vetting);
    False when he held it already, and then nothing is recorded."""
    if role not in Role.values:
        raise Refusal("unknown_role")
    with transaction.atomic():
        _membership, created = Membership.objects.get_or_create(
            user=user, organisation=organisation, role=role, defaults={"granted_by": actor})
        if created:
            audit_record(
                action="membership.roles_changed",
                actor_id=actor.pk if actor else None,
                organisation_id=organisation.pk,
                target=user,
                details={"added": [role], "removed": []},
            )
    return created


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def invitation_create(*, organisation: Organisation, email: str, roles: set[str], actor: User) -> tuple[Invitation, str]:
    """Invite an address to take roles; email the link and return the invitation and its secret."""
    if not roles:
        raise Refusal("no_role")
    if set(roles) - set(Role.values):
        raise Refusal("unknown_role")
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        invitation = Invitation.objects.create(
            organisation=organisation,
            email=normalise_email(email),
            roles=sorted(roles),
            token_hash=_token_hash(token),
            invited_by=actor,
            expires_at=timezone.now() + timedelta(days=settings.HOLDSPACE_INVITATION_DAYS),
        )
        audit_record(
            action="invitation.created",
            actor_id=actor.pk,
            organisation_id=organisation.pk,
            target=invitation,
            details={"roles": sorted(roles)},
        )
    invitee = User.objects.filter(email=invitation.email).only("language").first()
    send_templated_mail(
        to=invitation.email,
        template="organisations/email/invitation",
        context={
            "organisation": organisation,
            "inviter": actor,
            "invitation": invitation,
            "path": reverse("organisations:invitation", kwargs={"token": token}),
        },
        language=(invitee.language if invitee else None) or actor.language or None,
    )
    return invitation, token


def invitation_for_token(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(token_hash=_token_hash(token))
        .first()
    )


def invitation_accept(*, invitation: Invitation, user: User) -> set[str]:
    """Give the invited roles to the person the invitation was sent to; return the new roles."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.revoked_at or invitation.accepted_at:
            raise Refusal("invitation_used")
        if invitation.expires_at < timezone.now():
            raise Refusal("invitation_expired")
        if normalise_email(user.email) != invitation.email:
            raise Refusal("invitation_other_address", email=user.email)
        current = set(
            Membership.objects.filter(organisation=invitation.organisation, user=user).values_list("role", flat=True)
        )
        added = set(invitation.roles) - current
        Membership.objects.bulk_create(
            Membership(organisation=invitation.organisation, user=user, role=role, granted_by=invitation.invited_by)
            for role in sorted(added)
        )
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        if not user.email_verified:
            # The link reached this address, which proves the person reads it.
            user.email_verified_at = timezone.now()
            user.save(update_fields=["email_verified_at"])
        audit_record(
            action="invitation.accepted",
            actor_id=user.pk,
            organisation_id=invitation.organisation_id,
            target=invitation,
            details={"added": sorted(added)},
        )
    return added


def invitation_revoke(*, invitation: Invitation, actor: User) -> None:
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at or invitation.revoked_at:
            return
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        audit_record(
            action="invitation.revoked",
            actor_id=actor.pk,
            organisation_id=invitation.organisation_id,
            target=invitation,
        )


def reporting_line_set(*, organisation: Organisation, person: User, manager: User | None, actor: User) -> None:
    """Say who `person` reports to here (None: nobody). Someone who reports to a
    respondent is kept out of his cases, including ones already open. Refused when the manager holds no role
    here, or when the line would make a loop (the person himself, or someone below him)."""
    with transaction.atomic():
        if manager is None:
            ReportingLine.objects.filter(organisation=organisation, person=person).delete()
        else:
            if not Membership.objects.filter(organisation=organisation, user=manager).exists():
                raise Refusal("manager_not_here")
            if manager.pk == person.pk:
                raise Refusal("reporting_line_loop")
            lines = dict(ReportingLine.objects.filter(organisation=organisation).values_list("person_id", "manager_id"))
            boss = manager.pk
            while boss is not None:  # walking up from the new manager must never reach the person
                if boss == person.pk:
                    raise Refusal("reporting_line_loop")
                boss = lines.get(boss)
            ReportingLine.objects.update_or_create(organisation=organisation, person=person, defaults={"manager": manager})
            # e.g. he and everyone below him leave the cases about his manager
            reporting_line_was_set.send(sender=Organisation, organisation=organisation, manager=manager,
                                        person=person)
        audit_record(
            action="organisation.reporting_line_set", actor_id=actor.pk, organisation_id=organisation.pk, target=person,
            details={"manager": manager.pk if manager else None},
        )
