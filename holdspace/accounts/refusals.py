"""What a person reads when a change to his account is refused.

A password change also locks again what the password locks (a person's key, registered by the
apps above): their refusals arrive here by code, so accounts names them without importing them.
What stops an account's deletion is worded by the app that says so (accounts.personal_data).
"""
from django.utils.translation import gettext_lazy as _

REFUSALS: dict[str, str] = {
    "wrong_secret": _("That is not your current password."),
    "not_current_key": _("Your key was replaced meanwhile. Nothing was changed: please try again."),
    # Deleting his account (what blocks it comes from the apps that hold his data, with their words).
    "wrong_password": _("That is not your password. Nothing was deleted."),
    "throttled": _("Too many attempts. Please wait a minute and try again."),
}
