"""What a man reads when a step on his commitments is refused."""
from django.utils.translation import gettext_lazy as _

REFUSALS: dict[str, str] = {
    "empty": _("Write what you commit to do."),
    "unknown_every": _("Choose how often to check in from the list."),
    "not_yours": _("Only the man who made a commitment checks in on it or ends it."),
    "unknown_outcome": _("Choose how it went."),
    "ended": _("This commitment has ended: start a new one to keep going."),
    "too_many": _("That is enough check-ins for today."),
    "unknown_status": _("Choose whether it is done or set down."),
}
