from django.core.management.base import BaseCommand

from holdspace.site.demo import DEMO_PASSWORD, demo_seed


class Command(BaseCommand):
    help = "Create fictional demo data and print the demo logins."

    def handle(self, *args, **options):
        logins = demo_seed()
        out = self.stdout
        out.write(self.style.SUCCESS("Holdspace demo data is ready (all of it fictional)."))
        out.write(f"Every demo person's password: {DEMO_PASSWORD}")
        out.write("Roles marked * need two-step sign-in: at the code step, use one of the backup codes shown.")
        for login in logins:
            star = "*" if login.backup_codes else " "
            out.write(f" {star} {login.email:<42} {login.role} — {login.organisation}")
            if login.backup_codes:
                out.write(f"     backup codes: {' '.join(login.backup_codes[:4])}")
