from django.core.management.base import BaseCommand

from holdspace.reports.tasks import daily_upkeep
from holdspace.reports.upkeep import upkeep_run


class Command(BaseCommand):
    help = "Send deadline reminders and purge closed cases past retention (or schedule the daily job)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule", action="store_true",
            help="Queue the daily job for the worker instead of running now; it then schedules itself each day.",
        )

    def handle(self, *args, schedule=False, **options):
        if schedule:
            daily_upkeep.enqueue()
            self.stdout.write("The daily case upkeep is queued.")
            return
        report = upkeep_run()
        self.stdout.write(
            f"Reminders: {report.reminded_before} before, {report.reminded_after} after a deadline. "
            f"Purged: {report.purged}. Postponed with a warning: {report.warned}."
        )
