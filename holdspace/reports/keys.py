"""How reports use personal keys: case keys, identity seals and the respondent's channel are sealed
to them. Registered with holdspace.keys in ReportsConfig.ready."""
from django.db.models import Exists, OuterRef

from holdspace.accounts.models import User
from holdspace.keys.registry import KeyUse
from holdspace.reports.models import Case, CaseKey, IdentitySeal


def cases_only_openable_by(user: User) -> int:
    """Open cases to which this person holds the only sealed key."""
    others = CaseKey.objects.filter(case=OuterRef("pk")).exclude(user=user)
    return Case.objects.filter(status=Case.Status.OPEN, keys__user=user).exclude(Exists(others)).count()


def case_keys_forget(user: User) -> dict[str, int]:
    """Keys sealed to a person's earlier key pair open nothing any more: remove them, so those cases
    show as waiting for a colleague to grant access again."""
    stale = CaseKey.objects.filter(user=user).delete()[0]
    IdentitySeal.objects.filter(user=user).delete()
    Case.objects.filter(respondent=user, respondent_sealed__isnull=False).update(respondent_sealed=None)
    return {"stale_case_keys": stale}


def _blocks_replacement(user: User) -> str | None:
    return "last_key_holder" if cases_only_openable_by(user) else None


def key_use(*, refusals: dict[str, str]) -> KeyUse:
    return KeyUse(name="reports", forget=case_keys_forget, blocks_replacement=_blocks_replacement,
                  refusals=refusals)
