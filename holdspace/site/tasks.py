"""Background tasks, run by `manage.py db_worker` from the database queue."""
from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from holdspace.site.upkeep import daily_upkeep_run


@task()
def daily_upkeep() -> dict:
    """Do the day's upkeep, then come back tomorrow."""
    done = daily_upkeep_run()
    daily_upkeep.using(run_after=timezone.now() + timedelta(days=1)).enqueue()
    return done
