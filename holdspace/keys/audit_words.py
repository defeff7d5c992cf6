"""What the personal key entries of the audit log mean, in words (registered in KeysConfig.ready)."""
from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "personal_key.created": _("A personal key was made"),
    "personal_key.password_rewrapped": _("A personal key was locked again with a new password"),
}
DETAILS = {
    "replaced": _("replaced an earlier key"),
}
