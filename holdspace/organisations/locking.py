"""The lock an organisation's row is held by while its roles, its details or its keyholders change."""
from django.db.models import QuerySet

from holdspace.organisations.models import Organisation


def organisations_locked() -> QuerySet[Organisation]:
    """Organisations to read under a lock held until the transaction ends, taken in the order of their ids.

    FOR NO KEY UPDATE on PostgreSQL: two changes that take it wait for each other, but rows that only point
    to the organisation (a report, a membership, a story) are still written meanwhile, which a plain FOR UPDATE
    would hold back until the change is done. Taken in one order, so two changes to the same organisations
    cannot each wait for the other."""
    return Organisation.objects.select_for_update(no_key=True).order_by("pk")
