"""What a man reads when a step in his personal work is refused: his inventory and his commitments."""
from django.utils.translation import gettext_lazy as _

REFUSALS: dict[str, str] = {
    "empty": _("Write what you commit to do."),
    "too_long": _("Keep it to %(longest)d characters."),
    "unknown_every": _("Choose how often to check in from the list."),
    "no_key": _("Set up your key first: your commitments are locked with it."),
    "commitment_locked": _("Your key does not open this commitment yet. If it was made in a circle before you "
                           "set up your key, a facilitator opens it to you when the next round is saved."),
    "not_yours": _("Only the man who made a commitment checks in on it or changes it."),
    "unknown_outcome": _("Choose how it went."),
    "ended": _("This commitment has ended: start a new one to keep going."),
    "too_many": _("That is enough for today."),
    "same_every": _("That is already how often you check in."),
    "no_change_waiting": _("There is no change waiting to take back."),
    # An accountability partner.
    "invite_whom": _("Write one email address, or choose one person from your circles."),
    "bad_address": _("Enter an email address like name@example.org."),
    "not_yourself": _("Your partner is someone else: choose another person."),
    "not_a_fellow": _("Choose someone from your circles in the list."),
    "has_partner": _("This commitment already has an accountability partner."),
    "invitation_waiting": _("An invitation for this commitment is waiting for an answer. Withdraw it first to ask "
                            "someone else."),
    "too_many_invitations": _("You can send up to %(most)d invitations a day. Try again tomorrow."),
    "invitation_closed": _("This invitation is no longer open: it was answered, withdrawn or has expired."),
    "not_for_you": _("This invitation is for someone else."),
    "no_partner": _("This commitment has no accountability partner now."),
    "not_partner": _("Only his accountability partner can do this."),
    "already_confirmed": _("This check-in is already confirmed."),
    "encouragement_empty": _("Write a word first."),
    "address_asked_often": _("That address has been sent several invitations today. Try again tomorrow."),
    "other_address": _("This invitation was sent to another email address than the one you sign in with. Ask him "
                       "to invite the address of your account."),
    "address_not_verified": _("Confirm your email address first, with the link we sent when you signed up: this "
                              "invitation was sent to it."),
    "unknown_status": _("Choose whether it is done or set down."),
    "unknown_reader": _("That is not someone this commitment can be opened to."),
    "nothing_to_open": _("There is no new key to open it to: it opens for him already."),
    # His inventory.
    "entry_empty": _("Write something first: a line is enough."),
    "entry_too_long": _("This entry is longer than one entry can hold. Split it in two."),
    "unknown_prompt": _("That prompt is not in the list any more: choose another, or write freely."),
    "too_many_tags": _("An entry can carry up to %(most)d tags."),
    "tag_too_long": _("Keep each tag to %(longest)d characters."),
    "not_your_entry": _("Only the man who wrote an entry can change or delete it."),
    "key_changed": _("The key unlocked in this browser is an older one: unlock your current key."),
    "too_long_for_story": _("A story's part holds up to %(longest)d characters: shorten the entry, or copy the "
                            "piece you want into a new story yourself."),
    "entry_gone": _("This entry was deleted meanwhile."),
    "vault_locked": _("Your current key does not open your inventory: it was locked with an earlier key."),
    # His amends plans.
    "amends_who_empty": _("Say who was harmed: initials or a few words about them are enough."),
    "amends_what_empty": _("Write what happened: a line is enough."),
    "amends_too_long": _("This is longer than a plan can hold. Keep each part shorter."),
    "unknown_amends_answer": _("Choose one of the answers offered."),
    "unknown_amends_status": _("Choose where the plan stands from the list."),
    "amends_answers_needed": _("First answer both questions about contact (whether they want to hear from you, "
                               "and whether reaching out could harm them). Until then the plan stays at "
                               "considering or preparing."),
    "amends_contact_unwanted": _("They asked for no contact, so this plan is not marked as reached out: their "
                                 "wish comes first. Living amends, changing how you act without contacting "
                                 "them, is a full way to make amends. You can also mark that you decided not "
                                 "to contact them."),
    "amends_contact_unsafe": _("You said reaching out could harm them or bring the harm back, or that you are "
                               "not sure. Their safety comes first, so this plan is not marked as reached out. "
                               "Living amends, changing how you act without contacting them, is a full way to "
                               "make amends. You can also mark that you decided not to contact them."),
    "amends_reason_needed": _("Say in your own words why you decided not to contact them."),
    "amends_note_too_long": _("Keep the note and the reason to %(longest)d characters each."),
    "amends_status_same": _("The plan already stands there."),
    "not_your_plan": _("Only the man who made a plan can change or delete it."),
    "plan_gone": _("This plan was deleted meanwhile."),
    "amends_entry_gone": _("The entry this plan comes from was deleted meanwhile. Press Save again to keep the "
                           "plan on its own."),
}
