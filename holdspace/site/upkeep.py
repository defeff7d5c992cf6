"""The daily upkeep, across the apps that have daily work: case deadlines and retention, the
circle finder's next sessions and the places offered from its waiting lists, self-assessment rounds past their
day, commitments' changes that waited their week, mails that say a check-in is due, and reminders of circles'
sessions."""
from dataclasses import asdict
from datetime import datetime

from holdspace.accounts.throttle import throttle_secrets_forget, throttle_sweep
from holdspace.assessments.services import rounds_close_due
from holdspace.circles.joining import waiting_offers_expire
from holdspace.circles.reminders import session_reminders_send
from holdspace.circles.services import next_session_refresh
from holdspace.inventory.commitments import commitment_changes_apply
from holdspace.inventory.partners import partner_invitations_expire
from holdspace.inventory.reminders import check_in_reminders_send
from holdspace.reports.measures import measure_reminders_send
from holdspace.reports.upkeep import upkeep_run


def daily_upkeep_run(*, now: datetime | None = None) -> dict:
    """Run each app's daily work once; return what was done, for the task's result and the command."""
    report = upkeep_run(now=now)
    follow_ups = measure_reminders_send(now=now)  # measures of a finding whose follow-up date comes or passed
    next_session_refresh()  # sessions that passed yesterday are no longer "next" in the circle finder
    offers_lapsed = waiting_offers_expire(now=now)  # places offered from a waiting list and not taken in time
    rounds_closed = rounds_close_due()  # self-assessments past their day, even if nobody opened them since
    changes = commitment_changes_apply(now=now)  # before the reminders: a commitment set down is not due
    reminded = check_in_reminders_send(now=now)
    sessions_reminded = session_reminders_send(now=now)  # sessions of the next 36 hours
    expired = partner_invitations_expire(now=now)
    # Throttle windows normally end their own secrets and counts when the next one starts; a server
    # nobody visited since would keep the last ones until this.
    throttles = throttle_sweep() + throttle_secrets_forget()
    return {**asdict(report), "measure_follow_ups_reminded": follow_ups, "rounds_closed": rounds_closed,
            "commitment_changes": changes, "check_in_reminders": reminded,
            "session_reminders": sessions_reminded, "partner_invitations_expired": expired,
            "circle_offers_lapsed": offers_lapsed,
            "throttle_windows_ended": throttles}
