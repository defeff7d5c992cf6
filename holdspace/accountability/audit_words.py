"""What the accountability entries of the audit log mean, in words (registered in AccountabilityConfig.ready)."""
from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "accountability.settings_changed": _("The public accountability page's settings were changed"),
}
DETAILS = {
    "public_page": _("public page"),
}
