"""Intake on someone's behalf: a handler records the report of a person who phoned or came in.

It is stored as any report is (report_submit: a fresh data key, sealed to the organisation's key holders, her
receipt code made for her), marked as recorded by a handler, with her consent noted. The handler who types it
gets no access beyond what any report gives the handlers who may see it."""
from datetime import datetime

from django.db import transaction

from holdspace.accounts.models import User
from holdspace.audit.services import audit_record
from holdspace.organisations.models import Organisation
from holdspace.reports.models import Case, IntakeChannel
from holdspace.reports.submission import Submission, report_submit
from holdspace.web.refusals import Refusal


def intake_record(
    *, organisation: Organisation, actor: User, submission: Submission, channel: str, consent: bool,
    now: datetime | None = None,
) -> tuple[Case, str]:
    """Store the report she gave, marked as taken by a handler; return the case and her receipt code (shown once).

    Refused without her consent noted. Who recorded it is in the audit log, never what it says."""
    if not consent:
        raise Refusal("intake_consent")
    submission.intake = IntakeChannel(channel)
    submission.consent_confirmed = True
    with transaction.atomic():
        case, receipt = report_submit(organisation=organisation, submission=submission, now=now)
        audit_record(action="case.intake_recorded", actor_id=actor.pk, organisation_id=case.handling_organisation_id,
                     target=case, details={"channel": case.intake, "reported_to": organisation.pk})
    return case, receipt
