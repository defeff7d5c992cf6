from django.core.management.base import BaseCommand, CommandError

from holdspace.audit.selectors import audit_chain_verify


class Command(BaseCommand):
    help = "Check the audit log's hash chain and report the first broken link."

    def handle(self, *args, **options):
        report = audit_chain_verify()
        if not report.intact:
            raise CommandError(
                f"Audit chain broken at entry {report.broken_at}: {report.reason} "
                f"({report.entries} entries before it are intact)."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {report.entries} entries."))
