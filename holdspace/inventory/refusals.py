"""What a man reads when a step in his personal work is refused: his inventory and his commitments."""
from django.utils.translation import gettext_lazy as _

REFUSALS: dict[str, str] = {
    "empty": _("Write what you commit to do."),
    "unknown_every": _("Choose how often to check in from the list."),
    "not_yours": _("Only the man who made a commitment checks in on it or ends it."),
    "unknown_outcome": _("Choose how it went."),
    "ended": _("This commitment has ended: start a new one to keep going."),
    "too_many": _("That is enough check-ins for today."),
    "unknown_status": _("Choose whether it is done or set down."),
    # His inventory.
    "entry_empty": _("Write something first: a line is enough."),
    "entry_too_long": _("This entry is longer than one entry can hold. Split it in two."),
    "unknown_prompt": _("That prompt is not in the list any more: choose another, or write freely."),
    "too_many_tags": _("An entry can carry up to %(most)d tags."),
    "tag_too_long": _("Keep each tag to %(longest)d characters."),
    "not_your_entry": _("Only the man who wrote an entry can change or delete it."),
    "key_changed": _("The key unlocked in this browser is an older one: unlock your current key."),
    "entry_gone": _("This entry was deleted meanwhile."),
    "vault_locked": _("Your current key does not open your inventory: it was locked with an earlier key."),
}
