"""What a person reads when a change to his account is refused.

A password change also locks again what the password locks (a person's key, registered by the
apps above): their refusals arrive here by code, so accounts names them without importing them.
"""
from django.utils.translation import gettext_lazy as _

REFUSALS: dict[str, str] = {
    "wrong_secret": _("That is not your current password."),
    "not_current_key": _("Your key was replaced meanwhile. Nothing was changed: please try again."),
}
