from django.core.management.base import BaseCommand

from holdspace.site.tasks import daily_upkeep
from holdspace.site.upkeep import daily_upkeep_run


class Command(BaseCommand):
    help = ("Send case deadline reminders, purge closed cases past retention, refresh circles' next sessions "
            "and close self-assessments past their day (or schedule the daily job).")

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule", action="store_true",
            help="Queue the daily job for the worker instead of running now; it then schedules itself each day.",
        )

    def handle(self, *args, schedule=False, **options):
        if schedule:
            daily_upkeep.enqueue()
            self.stdout.write("The daily upkeep is queued.")
            return
        done = daily_upkeep_run()
        self.stdout.write(
            f"Reminders: {done['reminded_before']} before, {done['reminded_after']} after a deadline. "
            f"Purged: {done['purged']}. Postponed with a warning: {done['warned']}. "
            f"Self-assessments closed: {done['rounds_closed']}."
        )
