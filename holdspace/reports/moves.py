"""A case moves on one change at a time: every change to its state claims the version it was made on.

A handler's (or the reporter's) form carries the version of the case its page showed. A service that
changes the case's state opens its transaction with `case_change`, which claims that version with one
conditional UPDATE: when the case moved on since (another tab, a colleague, the reporter), nothing
matches and the change is refused with "case_moved". The UPDATE holds the row until the transaction
ends, so of two posts made on the same version only one can pass, on SQLite and on PostgreSQL alike.
"""
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.db.models import F

from holdspace.reports.models import Case
from holdspace.web.refusals import Refusal


@contextmanager
def case_change(case: Case, *, version: int | None) -> Iterator[None]:
    """One transaction for one change to the case, made on `version` (the page's; without one, the
    case as it was loaded). A refusal inside gives the claim back, in the database and on `case`."""
    expected = case.version if version is None else version
    with transaction.atomic():
        if expected != case.version or not Case.objects.filter(pk=case.pk, version=expected).update(
            version=F("version") + 1
        ):
            raise Refusal("case_moved")
        case.version = expected + 1
        try:
            yield
        except BaseException:
            case.version = expected
            raise
