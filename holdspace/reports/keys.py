"""How reports use personal keys: case keys, identity seals, the respondent's channel and the shares of the
recovery ring are sealed to them. Registered with holdspace.keys in ReportsConfig.ready."""
from django.db import transaction
from django.db.models import Q

from holdspace.accounts.models import User
from holdspace.keys.registry import KeyUse
from holdspace.organisations.models import Organisation
from holdspace.reports.kept import kept_count, kept_forget
from holdspace.reports.models import Case, CaseKey, IdentitySeal
from holdspace.reports.people import person_tag
from holdspace.reports.recovery import (
    HOLDER_ROLES, cases_at_stake, cases_left_unreadable, ring_ensure, ring_of, shares_forget,
)


def cases_only_openable_by(user: User) -> int:
    """Open cases that nobody could read without this person's key and share: no other handler holds their
    key, and the recovery ring would not cover them without him."""
    places = Organisation.objects.filter(
        Q(memberships__user=user, memberships__role__in=HOLDER_ROLES) | Q(cases_handled__keys__user=user)).distinct()
    places = list(places)
    if transaction.get_connection().in_atomic_block:
        # Inside a replacement or a deletion, locked as a change of roles locks them: two colleagues replacing their
        # keys at once are decided in turn. (A page that only shows the consequences locks nothing.)
        list(Organisation.objects.select_for_update().filter(pk__in=[place.pk for place in places])
             .values_list("pk", flat=True))
    return sum(len(cases_left_unreadable(cases_at_stake(organisation, user=user, keys=True, share=True),
                                         leaving_keys={user.pk}, leaving_shares={user.pk}))
               for organisation in places)


def case_keys_forget(user: User) -> dict[str, int]:
    """Keys sealed to a person's earlier key pair open nothing any more: remove them, so those cases
    show as waiting for a colleague to grant access again (or for the recovery ring)."""
    stale = CaseKey.objects.filter(user=user).delete()[0]
    IdentitySeal.objects.filter(user=user).delete()
    Case.objects.filter(respondent_tag=person_tag(user), respondent_sealed__isnull=False).update(respondent_sealed=None)
    shares = shares_forget(user)
    return {"stale_case_keys": stale, "recovery_shares": shares, **kept_forget(user)}


def _blocks_replacement(user: User) -> str | None:
    return "last_key_holder" if cases_only_openable_by(user) else None


def _welcome(user: User, *, public_key: bytes) -> dict[str, int]:
    """A holder's first key may be the second one an organisation needed for its recovery ring."""
    made = 0
    for organisation in Organisation.objects.filter(memberships__user=user,
                                                    memberships__role__in=HOLDER_ROLES).distinct():
        had = ring_of(organisation)
        made += ring_ensure(organisation=organisation) is not None and had is None
    return {"recovery_rings_made": made} if made else {}


def kept_at_stake(user: User) -> int:
    """Reports she keeps with her account are sealed to her current key: a new one unties them."""
    return kept_count(user)


def key_use(*, refusals: dict[str, str], at_stake=lambda user: [], at_stake_warning: str = "") -> KeyUse:
    return KeyUse(name="reports", forget=case_keys_forget, blocks_replacement=_blocks_replacement,
                  refusals=refusals, welcome=_welcome, at_stake=at_stake, at_stake_warning=at_stake_warning)
