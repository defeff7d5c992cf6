"""Reports a reporter keeps with her account, so that a lost receipt does not lose them.

Each is a row of hers holding a box sealed to her personal key, with the case's id and data key inside: the
database says that she keeps some report, never which one, and only her unlocked key opens it. The receipt keeps
working for everyone whatever she does here.
"""
import struct
from dataclasses import dataclass

import nacl.public

from holdspace.accounts.models import User
from holdspace.crypto.boxes import CannotOpen, open_sealed, seal_to
from holdspace.keys.selectors import public_key_of
from holdspace.reports.models import Case, KeptReport
from holdspace.web.refusals import Refusal
from holdspace.web.prepared import Prepared, count_of
from holdspace.web.scalars import Scalar

_CASE_ID = struct.Struct(">Q")


@dataclass(frozen=True)
class Kept:
    """One report she keeps, as her key opens it: `case` is None once the report was deleted, or when the row
    was sealed to a key of hers she has since replaced (`opens` False)."""

    pk: int
    case: Case | None
    data_key: bytes | None
    opens: bool = True


def kept_seal(public_key: bytes, *, case_id: int, data_key: bytes) -> bytes:
    """The case's id and data key, sealed to her public key."""
    return seal_to(public_key, secret=_CASE_ID.pack(case_id) + data_key)


def _opened(row: KeptReport, private_key: nacl.public.PrivateKey) -> tuple[int, bytes] | None:
    if bytes(row.public_key) != bytes(private_key.public_key):
        return None
    try:
        raw = open_sealed(private_key, sealed=bytes(row.sealed))
    except CannotOpen:
        return None
    return _CASE_ID.unpack(raw[:_CASE_ID.size])[0], raw[_CASE_ID.size:]


def kept_reports(*, user: User, private_key: nacl.public.PrivateKey) -> list[Kept]:
    """Her kept reports, each opened with her key, with their cases in one query."""
    rows = list(KeptReport.objects.filter(user=user).order_by("pk"))
    opened = {row.pk: _opened(row, private_key) for row in rows}
    ids = {found[0] for found in opened.values() if found}
    cases = Case.objects.select_related("organisation").in_bulk(ids) if ids else {}
    result = []
    for row in rows:
        found = opened[row.pk]
        if found is None:
            result.append(Kept(row.pk, None, None, opens=False))
        else:
            result.append(Kept(row.pk, cases.get(found[0]), found[1] if found[0] in cases else None))
    return result


def kept_for_case(*, user: User, private_key: nacl.public.PrivateKey | None, case: Case) -> int | None:
    """Her row keeping this case, when her key is open here to tell; None otherwise."""
    if private_key is None or not user.is_authenticated:
        return None
    for row in KeptReport.objects.filter(user=user):
        found = _opened(row, private_key)
        if found and found[0] == case.pk:
            return row.pk
    return None


# Not audited, keeping or untying: the audit log is the record of what happens to cases and to who may open them,
# read by an organisation's auditors. An entry of hers at the exact time, beside the entries of the report she had
# just opened (or sent), would say which report she keeps, which neither her row nor her key says; an entry without
# her and without the case would tell an auditor nothing. Her own list of kept reports is her record of it.


def report_keep(*, user: User, case: Case, data_key: bytes, private_key: nacl.public.PrivateKey) -> None:
    """Tie the report to her account: seal its id and data key to her personal key. Her key must be open (the
    only way to tell she keeps this report already) and be the one her rows are sealed to."""
    public_key = public_key_of(user)
    if public_key is None:
        raise Refusal("keep_needs_key")
    if private_key is None or bytes(private_key.public_key) != bytes(public_key):
        raise Refusal("keep_needs_open_key")
    if kept_for_case(user=user, private_key=private_key, case=case) is not None:
        raise Refusal("already_kept")
    sealed = kept_seal(public_key, case_id=case.pk, data_key=data_key)
    KeptReport.objects.create(user=user, public_key=public_key, sealed=sealed)


def kept_open(*, user: User, private_key: nacl.public.PrivateKey, kept_id: int) -> tuple[Case, bytes]:
    """The case and data key a row of hers keeps, to open her page without the receipt."""
    row = KeptReport.objects.filter(user=user, pk=kept_id).first()
    if row is None:
        raise Refusal("kept_gone")
    found = _opened(row, private_key)
    if found is None:
        raise Refusal("kept_locked")
    case = Case.objects.select_related("organisation").filter(pk=found[0]).first()
    if case is None:
        raise Refusal("kept_report_deleted")
    return case, found[1]


def kept_untie(*, user: User, kept_id: int) -> None:
    """Untie a report from her account (the receipt still opens it, if it still exists)."""
    deleted, _ = KeptReport.objects.filter(user=user, pk=kept_id).delete()
    if not deleted:
        raise Refusal("kept_gone")


def kept_forget(user: User) -> dict[str, int]:
    """Her key pair is being replaced: rows sealed to it would open nothing any more, so they go (her receipts
    still open those reports)."""
    deleted = KeptReport.objects.filter(user=user).delete()[0]
    return {"kept_reports": deleted} if deleted else {}


def kept_count(user: User) -> int:
    return KeptReport.objects.filter(user=user).count()


_KEPT_COUNT = Prepared(lambda user: count_of(KeptReport.objects.filter(user_id=user)), user=int)


def kept_reports_asked(*, user: User) -> Scalar:
    """kept_count, to be asked with the home's other counts (web.scalars)."""
    return Scalar(_KEPT_COUNT, user=user.pk)
