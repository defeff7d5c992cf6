"""Changes to circles themselves: creating one, its details, its facilitators. Each one audited."""
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.text import slugify
from nacl.public import PrivateKey

from holdspace.accounts.models import User
from holdspace.audit.services import audit_record
from holdspace.circles import content
from holdspace.circles.joining import places_offer, places_take_back
from holdspace.circles.keys import circle_key_drop, circle_key_pair_new, circle_keys_seal_waiting, personal_public_key
from holdspace.circles.models import (
    AgreementTranslation, AgreementVersion, Circle, CircleFacilitator, CircleKey, CircleSession,
)
from holdspace.circles.selectors import CIRCLE_PAGES
from holdspace.organisations.models import Membership, Organisation, Role
from holdspace.web.public_pages import public_pages_changed
from holdspace.web.refusals import Refusal

# Paths under /circles/ that a circle's short name must not take.
RESERVED_SLUGS = {"start-a-group", "new", "key"}


@dataclass(frozen=True)
class CircleDetails:
    name: str
    kind: str
    description: str = ""
    city: str = ""
    online: bool = False
    language: str = "en"
    schedule: str = ""
    capacity: int = 12
    open_to_new: bool = True


def next_session_refresh(*, circle_ids=None, now: datetime | None = None) -> int:
    """Store each circle's next session; call after sessions change, and daily as sessions pass."""
    now = now or timezone.now()
    upcoming = CircleSession.objects.filter(circle=OuterRef("pk"), starts_at__gte=now).order_by("starts_at")
    circles = Circle.objects.all() if circle_ids is None else Circle.objects.filter(pk__in=circle_ids)
    changed = circles.update(next_session_at=Subquery(upcoming.values("starts_at")[:1]))
    public_pages_changed(CIRCLE_PAGES)  # the finder's order and "next session" (an update sends no signal)
    return changed


def is_facilitator_of(organisation: Organisation, *, user: User) -> bool:
    """Only people with the facilitator role in a circle's organisation facilitate it."""
    return Membership.objects.filter(organisation=organisation, user=user, role=Role.FACILITATOR).exists()


def _free_slug(name: str) -> str:
    base = (slugify(name) or "circle")[:60].strip("-") or "circle"
    if base in RESERVED_SLUGS:
        base = f"{base}-circle"
    slug, number = base, 1
    while Circle.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def circle_create(*, organisation: Organisation, details: CircleDetails, actor: User) -> Circle:
    """A new circle run by `actor`, with its key pair and the default agreements in its language."""
    if not is_facilitator_of(organisation, user=actor):
        raise Refusal("not_a_facilitator")
    if personal_public_key(actor) is None:
        raise Refusal("no_personal_key")
    for attempt in range(3):
        try:
            with transaction.atomic():
                circle = Circle.objects.create(organisation=organisation, slug=_free_slug(details.name),
                                               agreements_version=1, **details.__dict__)
                CircleFacilitator.objects.create(circle=circle, user=actor)
                AgreementVersion.objects.create(
                    circle=circle, number=1, items=content.default_agreements(details.language), created_by=actor
                )
                circle_key_pair_new(circle, holder=actor)
                audit_record(action="circle.created", actor_id=actor.pk, organisation_id=organisation.pk,
                             target=circle)
            return circle
        except IntegrityError:  # another circle took the same short name a moment ago
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def circle_update(*, circle: Circle, details: CircleDetails, actor: User, now: datetime | None = None) -> Circle:
    """Its details. Places it now has free (more of them, or the circle open again) go to the waiting list; fewer
    places, or closing it to new members, take back the offers and held places beyond them (places_take_back)."""
    with transaction.atomic():
        before = Circle.objects.select_for_update().get(pk=circle.pk)
        # The agreements in force would be shown as written in a language they have a version in.
        if details.language != before.language and AgreementTranslation.objects.filter(
                version__circle=before, version__number=before.agreements_version,
                language=details.language).exists():
            raise Refusal("language_has_version")
        for field, value in details.__dict__.items():
            setattr(circle, field, value)
        circle.save(update_fields=list(details.__dict__))
        audit_record(action="circle.updated", actor_id=actor.pk, organisation_id=circle.organisation_id,
                     target=circle)
        if circle.capacity < before.capacity or (before.open_to_new and not circle.open_to_new):
            places_take_back(circle=circle, actor=actor)
        if circle.capacity > before.capacity or (circle.open_to_new and not before.open_to_new):
            places_offer(circle=circle, now=now)
    return circle


def facilitator_add(*, circle: Circle, user: User, actor: User, circle_key: PrivateKey | None = None) -> bool:
    """Add a co-facilitator. With the circle's key (`actor` holds it, unlocked) and a key of his own, he holds
    it at once; otherwise a holder shares it when he next unlocks his key. Returns whether he holds it now."""
    if not is_facilitator_of(circle.organisation, user=user):
        raise Refusal("not_a_facilitator")
    with transaction.atomic():
        list(Circle.objects.select_for_update().filter(pk=circle.pk).values_list("pk", flat=True))
        _, created = CircleFacilitator.objects.get_or_create(circle=circle, user=user)
        if created:
            audit_record(action="circle.facilitator_added", actor_id=actor.pk,
                         organisation_id=circle.organisation_id, target=circle, details={"user": user.pk})
        if circle_key is not None and bytes(circle_key.public_key) == bytes(circle.public_key or b""):
            circle_keys_seal_waiting(circle, circle_key=circle_key, actor=actor)
        return CircleKey.objects.filter(circle=circle, user=user, dropped=False).exists()


def facilitator_remove(*, circle: Circle, user: User, actor: User) -> None:
    """A circle always keeps at least one facilitator, and someone who holds its key."""
    with transaction.atomic():
        Circle.objects.select_for_update().filter(pk=circle.pk).first()
        links = CircleFacilitator.objects.filter(circle=circle)
        if not links.filter(user=user).exists():
            return
        if links.count() <= 1:
            raise Refusal("last_facilitator")
        holders = set(CircleKey.objects.filter(circle=circle, dropped=False).values_list("user_id", flat=True))
        if holders == {user.pk}:
            raise Refusal("only_key_holder", name=user.display_name)
        links.filter(user=user).delete()
        circle_key_drop(circle, user=user)
        audit_record(action="circle.facilitator_removed", actor_id=actor.pk,
                     organisation_id=circle.organisation_id, target=circle, details={"user": user.pk})


def facilitators_drop_for(*, organisation: Organisation, user: User) -> None:
    """Someone who loses the facilitator role stops facilitating the organisation's circles and loses their keys."""
    circles = Circle.objects.filter(organisation=organisation)
    CircleFacilitator.objects.filter(circle__in=circles, user=user).delete()
    CircleKey.objects.filter(circle__in=circles, user=user).delete()
