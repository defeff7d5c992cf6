"""The women's rights organisations a network keeps a list of, from which referees are chosen; each change
audited. A reference naming one not on the list is flagged to the reviewers (services.references_create)."""
from django.db import IntegrityError, transaction

from holdspace.audit.services import audit_record
from holdspace.organisations.models import Organisation
from holdspace.vetting.models import NAME_MAX, RefereeOrganisation
from holdspace.vetting.services import is_reviewer
from holdspace.web.refusals import Refusal


def referee_organisations_of(*, network: Organisation) -> list[RefereeOrganisation]:
    """The network's list, by name: one query however long it is."""
    return list(RefereeOrganisation.objects.filter(network=network).order_by("name", "pk"))


def referee_organisation_add(*, network: Organisation, actor, name: str, country: str, city: str = "",
                             contact: str = "") -> RefereeOrganisation:
    if not network.is_network:
        raise Refusal("not_a_network")
    if not is_reviewer(network, person=actor):
        raise Refusal("not_reviewer")
    name, country, city, contact = (" ".join(value.split()) for value in (name, country, city, contact))
    if not name or not country:
        raise Refusal("referee_organisation_incomplete")
    if max(len(name), len(country), len(city), len(contact)) > NAME_MAX:
        raise Refusal("referee_organisation_too_long")
    if any(listed.name.casefold() == name.casefold() for listed in referee_organisations_of(network=network)):
        raise Refusal("referee_organisation_listed")
    try:
        with transaction.atomic():
            listed = RefereeOrganisation.objects.create(network=network, name=name, country=country, city=city,
                                                        contact=contact, added_by=actor)
            audit_record(action="vetting.referee_listed", actor_id=actor.pk, organisation_id=network.pk,
                         target=listed)
    except IntegrityError:  # the same name, added a moment ago
        raise Refusal("referee_organisation_listed") from None
    return listed


def referee_organisation_remove(*, network: Organisation, actor, referee_organisation_id: int) -> None:
    """Off the list from now on; references already asked keep the name they were given."""
    if not is_reviewer(network, person=actor):
        raise Refusal("not_reviewer")
    with transaction.atomic():
        listed = RefereeOrganisation.objects.filter(network=network, pk=referee_organisation_id).first()
        if listed is None:
            raise Refusal("referee_organisation_unknown")
        audit_record(action="vetting.referee_unlisted", actor_id=actor.pk, organisation_id=network.pk,
                     target=listed, details={"listed_name": listed.name})
        listed.delete()
