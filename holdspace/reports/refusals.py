"""Words for the reports' refusal codes."""
from django.utils.translation import gettext_lazy as _

REFUSALS: dict[str, str] = {
    "last_key_holder": _("You hold the only key to some open cases. Give a colleague access to them "
                         "first, or unlock your key with your recovery code."),
}
