"""What happened and how serious it is: a handler's judgement, sealed with the case.

The type and the severity are locked with the case's data key (never a clear column). What the organisation
counts is CaseTally: one number per type and severity, moved by the service that sets them, linked to no case.
"""
import json
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from holdspace.accounts.models import User
from holdspace.audit.services import audit_record
from holdspace.crypto.boxes import lock, unlock
from holdspace.organisations.models import Organisation
from holdspace.reports.models import Case, CaseTally, CaseType
from holdspace.reports.moves import case_change
from holdspace.reports.statistics import MIN_CASES
from holdspace.web.refusals import Refusal

# A short default list; each organisation may add its own (CaseType).
DEFAULT_TYPES: dict[str, str] = {
    "sexual_harassment": _("Sexual harassment"),
    "harassment": _("Harassment or bullying"),
    "discrimination": _("Discrimination"),
    "abuse_of_power": _("Abuse of power or position"),
    "sexual_violence": _("Sexual violence"),
    "other": _("Something else"),
}

SEVERITIES: dict[str, str] = {
    "low": _("Minor"),
    "moderate": _("Moderate"),
    "serious": _("Serious"),
    "grave": _("Very serious"),
}

OWN_TYPE = "org:"


@dataclass(frozen=True)
class Classification:
    case_type: str = ""
    severity: str = ""

    def __bool__(self) -> bool:
        return bool(self.case_type or self.severity)


def case_type_choices(organisation: Organisation, *, with_retired: bool = False) -> list[tuple[str, str]]:
    """The types a handler can choose for this organisation's cases: the defaults, then its own."""
    own = CaseType.objects.filter(organisation=organisation)
    if not with_retired:
        own = own.filter(retired=False)
    return [*DEFAULT_TYPES.items(), *[(f"{OWN_TYPE}{t.pk}", t.name) for t in own]]


def case_type_names(organisation: Organisation) -> dict[str, str]:
    """Every type's name, retired ones included, so an older case still reads what it was set to."""
    return dict(case_type_choices(organisation, with_retired=True))


def classification_read(case: Case, *, data_key: bytes) -> Classification:
    if not case.classification:
        return Classification()
    raw = json.loads(unlock(data_key, box=bytes(case.classification)).decode("utf-8"))
    return Classification(raw.get("type", ""), raw.get("severity", ""))


def _tally_move(organisation_id: int, *, case_type: str, severity: str, by: int) -> None:
    if not case_type or not severity:
        return
    tally, _created = CaseTally.objects.get_or_create(organisation_id=organisation_id, case_type=case_type,
                                               severity=severity)
    CaseTally.objects.filter(pk=tally.pk, count__gte=max(0, -by)).update(count=F("count") + by)


def case_classify(case: Case, *, actor: User, data_key: bytes, case_type: str, severity: str,
                  version: int | None = None) -> None:
    """Set or change the case's type and severity, sealed; the organisation's counts follow. The audit log says
    that it was set, never to what."""
    if case_type not in dict(case_type_choices(case.handling_organisation)):
        raise Refusal("unknown_case_type")
    if severity not in SEVERITIES:
        raise Refusal("unknown_severity")
    before = classification_read(case, data_key=data_key)
    sealed = lock(data_key, plaintext=json.dumps({"type": case_type, "severity": severity}).encode("utf-8"))
    with case_change(case, version=version):
        Case.objects.filter(pk=case.pk).update(classification=sealed)
        case.classification = sealed
        if (before.case_type, before.severity) != (case_type, severity):
            _tally_move(case.handling_organisation_id, case_type=before.case_type, severity=before.severity, by=-1)
            _tally_move(case.handling_organisation_id, case_type=case_type, severity=severity, by=1)
        audit_record(action="case.classified", actor_id=actor.pk, organisation_id=case.handling_organisation_id,
                     target=case, details={})


def case_type_add(*, organisation: Organisation, actor: User, name: str) -> CaseType:
    name = name.strip()
    taken = {str(label).casefold() for _code, label in case_type_choices(organisation)}
    if not name:
        raise Refusal("unknown_case_type")
    if name.casefold() in taken:
        raise Refusal("case_type_exists")
    with transaction.atomic():
        case_type = CaseType.objects.create(organisation=organisation, name=name)
        audit_record(action="case_type.added", actor_id=actor.pk, organisation_id=organisation.pk, target=case_type)
    return case_type


def case_type_retire(*, organisation: Organisation, actor: User, type_id: int) -> None:
    """No longer offered; cases set to it keep it, and its count stays."""
    with transaction.atomic():
        if not CaseType.objects.filter(organisation=organisation, pk=type_id, retired=False).update(retired=True):
            raise Refusal("unknown_case_type")
        audit_record(action="case_type.retired", actor_id=actor.pk, organisation_id=organisation.pk,
                     details={"case_type": type_id})


@dataclass(frozen=True)
class Tally:
    """Cases per type and per severity, each figure over enough cases (see tally_of)."""

    cases: int
    by_type: list[tuple[str, int]]
    by_severity: list[tuple[str, int]]
    hidden: bool  # some figures were too small to show


def tally_of(organisation: Organisation, *, at_least: int = 1) -> Tally | None:
    """The organisation's counts, by type and by severity (one query). With `at_least`, a figure smaller than
    that is left out, and nothing is shown below it in all."""
    names = case_type_names(organisation)
    per_type: dict[str, int] = {}
    per_severity: dict[str, int] = {}
    for case_type, severity, count in CaseTally.objects.filter(organisation=organisation, count__gt=0).values_list(
            "case_type", "severity", "count"):
        per_type[case_type] = per_type.get(case_type, 0) + count
        per_severity[severity] = per_severity.get(severity, 0) + count
    total = sum(per_type.values())
    if total < max(at_least, 1):
        return None
    # Names stay lazy: the figures are cached, and each reader sees them in her own language.
    by_type = [(names.get(code, DEFAULT_TYPES["other"]), n) for code, n in
               sorted(per_type.items(), key=lambda item: -item[1]) if n >= at_least]
    by_severity = [(SEVERITIES[code], per_severity[code]) for code in SEVERITIES
                   if per_severity.get(code, 0) >= max(at_least, 1)]
    hidden = len(by_type) < len(per_type) or len(by_severity) < len(per_severity)
    return Tally(total, by_type, by_severity, hidden)


def tally_public(organisation: Organisation) -> Tally | None:
    """What the public accountability page shows: only figures over at least MIN_CASES cases each."""
    return tally_of(organisation, at_least=MIN_CASES)
