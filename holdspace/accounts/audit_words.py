"""What the account entries of the audit log mean, in words (registered in AccountsConfig.ready)."""
from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "account.created": _("An account was made"),
    "account.email_verified": _("An email address was confirmed"),
    "account.password_reset": _("A password was reset from an emailed link"),
    "account.profile_changed": _("A person changed their profile"),
    "account.password_changed": _("A password was changed"),
    "account.two_factor_enabled": _("Two-step sign-in was turned on"),
    "account.backup_codes_renewed": _("New backup codes were made"),
    "account.two_factor_disabled": _("Two-step sign-in was turned off"),
    "account.deleted": _("An account was deleted"),
}
