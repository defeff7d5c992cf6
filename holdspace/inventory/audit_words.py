"""What the personal work entries of the audit log mean, in words (registered in InventoryConfig.ready).

These entries say that something happened, never what was written: that stays locked with the man's key.
"""
from django.utils.translation import gettext_lazy as _

from holdspace.inventory.models import Commitment

ACTIONS = {
    "inventory.vault_made": _("A personal vault was made"),
    "inventory.entry_written": _("An inventory entry was written"),
    "inventory.entry_changed": _("An inventory entry was changed"),
    "inventory.entry_deleted": _("An inventory entry was deleted"),
    "inventory.entry_to_story": _("An inventory entry was turned into a story draft"),
    "inventory.amends_plan_written": _("An amends plan was written"),
    "inventory.amends_plan_changed": _("An amends plan was changed"),
    "inventory.amends_plan_marked": _("An amends plan's progress was marked"),
    "inventory.amends_plan_deleted": _("An amends plan was deleted"),
    "commitment.made": _("A commitment was made"),
    "commitment.round_recorded": _("A session's commitments round was recorded"),
    "commitment.checked_in": _("A man checked in on a commitment"),
    "commitment.changed": _("How often a man checks in on a commitment was changed"),
    "commitment.change_asked": _("A change to a commitment was asked for"),
    "commitment.change_withdrawn": _("A change asked for a commitment was withdrawn"),
    "commitment.change_applied": _("A change to a commitment took effect"),
    "commitment.opened_to_new_key": _("A commitment was opened to a new key"),
    "commitment.reminders_set": _("Check-in reminders were turned on or off"),
    "commitment.partner_invited": _("An accountability partner was invited"),
    "commitment.partner_accepted": _("An accountability partner accepted"),
    "commitment.partner_declined": _("An accountability partner declined"),
    "commitment.partner_invitation_withdrawn": _("An invitation to be an accountability partner was withdrawn"),
    "commitment.partnership_ended": _("An accountability partnership ended"),
    "commitment.check_in_confirmed": _("An accountability partner confirmed a check-in"),
    "commitment.encouraged": _("An accountability partner sent encouragement"),
}
DETAILS = {
    "changed": _("commitments changed"),
    "opened_to_their_men": _("opened to the men who made them"),
    "end": _("ending"),
    "every": _("how often"),
    "waits": _("waits before taking effect"),
    "reader": _("for"),
    "on": _("turned on"),
    "invitation": _("invitation (number)"),
    "chosen_from_circle": _("chosen from a circle"),
}
VALUES = {
    "every": dict(Commitment.Every.choices),
    "end": dict(Commitment.Status.choices),
    "reader": {"owner": _("the man who made it"), "partner": _("his accountability partner")},
    ("commitment.partnership_ended", "by"): {"man": _("the man who made it"),
                                             "partner": _("his accountability partner")},
}
