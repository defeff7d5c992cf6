"""The words for the keys' refusals, and for those other apps' uses of keys give."""
from django.utils.translation import gettext_lazy as _

REFUSALS: dict[str, str] = {
    "wrong_secret": _("That does not open your key. Check it and try again."),
    "wrong_password": _("That is not your account password."),
    "not_current_key": _("Your key was replaced meanwhile. Nothing was changed: please try again."),
}
