from django.conf import settings
from django.core.management.base import BaseCommand

from holdspace.site.demo import DEMO_PASSWORD, demo_seed


class Command(BaseCommand):
    help = "Create fictional demo data and print the demo logins, then where the demo runs."

    def handle(self, *args, **options):
        logins = demo_seed()
        out = self.stdout
        out.write(self.style.SUCCESS("Holdspace demo data is ready (all of it fictional)."))
        out.write(f"Every demo person's password: {DEMO_PASSWORD}")
        out.write("Roles marked * sign in in two steps: at the code step, type one of their ten backup codes.")
        out.write("Each code works once; fresh ones are printed each time this runs.")
        out.write("")
        for login in logins:
            star = "*" if login.backup_codes else " "
            out.write(f" {star} {login.email} — {login.role} ({login.organisation})")
            if login.backup_codes:
                out.write(f"     backup codes: {' '.join(login.backup_codes)}")
        site = settings.SITE_URL
        out.write("")
        if settings.EMAIL_BACKEND.endswith("filebased.EmailBackend"):
            out.write(f"Mails are written to {settings.EMAIL_FILE_PATH} and listed at {site}/dev/mail/")
        out.write(self.style.SUCCESS(f"Holdspace runs at {site}/ — stop it with Ctrl+C."))
