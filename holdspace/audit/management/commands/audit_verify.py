from django.core.management.base import BaseCommand, CommandError

from holdspace.audit.checkpoints import NOT_SIGNED_HERE, checkpoint_read
from holdspace.audit.selectors import audit_chain_verify


class Command(BaseCommand):
    help = ("Check the audit log's keyed chain and report the first broken link; with --checkpoint, also that "
            "the chain still holds each checkpoint an organisation kept, with nothing before it removed.")

    def add_arguments(self, parser):
        parser.add_argument("--checkpoint", action="append", default=[], metavar="FILE",
                            help="A checkpoint file downloaded from an organisation's record of changes (repeatable).")

    def handle(self, *args, **options):
        checkpoints = []
        for name in options["checkpoint"]:
            try:
                with open(name, encoding="utf-8") as handle:
                    checkpoints.append(checkpoint_read(handle.read(8192)))
            except OSError as error:
                raise CommandError(f"The checkpoint {name} cannot be read: {error}") from None
            except ValueError as error:  # UnicodeDecodeError too
                why = "its signature is not this server's" if str(error) == NOT_SIGNED_HERE else "it is not a checkpoint"
                raise CommandError(f"The checkpoint {name} cannot be used: {why}.") from None
        report = audit_chain_verify(checkpoints=checkpoints)
        if not report.intact:
            raise CommandError(
                f"Audit chain broken at entry {report.broken_at}: {report.reason} "
                f"({report.entries} entries before it are intact)."
            )
        held = f"; it still holds {report.checkpoints} checkpoint(s) unchanged" if report.checkpoints else ""
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {report.entries} entries{held}."))
