"""Background tasks, run by `manage.py db_worker` from the database queue."""
from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from holdspace.assessments.services import rounds_close_due
from holdspace.circles.services import next_session_refresh
from holdspace.reports.upkeep import upkeep_run


@task()
def daily_upkeep() -> dict:
    """Send deadline reminders and apply retention, then come back tomorrow."""
    report = upkeep_run()
    next_session_refresh()  # sessions that passed yesterday are no longer "next" in the circle finder
    rounds_closed = rounds_close_due()  # self-assessments past their day, even if nobody opened them since
    daily_upkeep.using(run_after=timezone.now() + timedelta(days=1)).enqueue()
    return {**report.__dict__, "rounds_closed": rounds_closed}
