"""What a person reads when a step on an organisation, its roles, invitations or reporting lines is refused."""
from django.utils.translation import gettext_lazy as _

REFUSALS: dict[str, str] = {
    "slug_taken": _("This short name is taken. Please choose another."),
    "not_a_network": _("Only a network has member organisations."),
    "no_role": _("Please choose at least one role."),
    "unknown_role": _("Please choose roles from the list."),
    "last_administrator": _("An organisation needs at least one administrator. Give the role to someone else "
                            "first."),
    "invitation_used": _("This invitation was already used or withdrawn."),
    "invitation_expired": _("This invitation has expired. Ask the organisation to send a new one."),
    "invitation_other_address": _("This invitation was sent to another address. You are signed in as %(email)s; "
                                  "sign in with the invited address to accept it."),
    "manager_not_here": _("Please choose someone from the list."),
    # Cases (holdspace.reports refuses a change that would leave an open case nobody could read).
    "cases_left_unreadable": _("Open cases that nobody could read any more after this change: %(count)s. First a "
                               "handler who holds their key gives it to another handler here, on the case's page; "
                               "or the organisation's recovery ring covers them. Then try again."),
    # A network acting on a member organisation.
    "not_network_admin": _("Only the network's administrators act on its member organisations."),
    "not_a_member": _("This organisation is not a member of the network (any more)."),
    "already_suspended": _("This member is already suspended. Lift the suspension first to suspend it again."),
    "not_suspended": _("This member is not suspended."),
    "reason_missing": _("Please write the reason: the member organisation's administrators will read it."),
    "reason_too_long": _("Please keep the reason under %(longest)d characters."),
    "language_has_version": _("The description already has a version in that language. Remove that version "
                              "first (save it empty), then change the language the description is written in."),
    "translation_language": _("Choose another of the offered languages than the one the description is written "
                              "in."),
    "reporting_line_loop": _("This would make a loop: someone cannot report, even indirectly, to themself."),
}
