"""Who a case is about, and who may never see it, kept so that a copy of the database alone does not say.

A person is stored on a case as a tag: his account's id hashed with BLAKE2b keyed by a sub-key of the server's key
secret, which is kept apart from the database. Access checks compute the tag of the person asking at request time;
pages that show the respondent find his account among the organisation's people by the same tag. The name he was
given by the reporter is in the sealed report.
"""
from collections.abc import Iterable

from django.db.models import Q

from holdspace.accounts.models import User
from holdspace.crypto.derivation import lookup_hash

PURPOSE = b"case-person"


def person_tag(user: User | int) -> str:
    return lookup_hash(str(user if isinstance(user, int) else user.pk), purpose=PURPOSE)


def people_tags(user_ids: Iterable[int]) -> dict[str, int]:
    """Tag to account id, for these people."""
    return {person_tag(user_id): user_id for user_id in user_ids}


def person_of(tag: str, *, organisation_ids: Iterable[int] = ()) -> User | None:
    """The account a tag names: looked for first among these organisations' people, then among everyone."""
    if not tag:
        return None
    nearby = User.objects.filter(memberships__organisation_id__in=list(organisation_ids)).distinct()
    for queryset in (nearby, User.objects.exclude(Q(pk__in=nearby.values("pk")))):
        for user_id in queryset.values_list("pk", flat=True).iterator(chunk_size=2000):
            if person_tag(user_id) == tag:
                return User.objects.get(pk=user_id)
    return None
