"""What a person reads when a step on a concern is refused."""
from django.utils.translation import gettext_lazy as _

REFUSALS: dict[str, str] = {
    "not_partner_rep": _("Only the organisation's partner representatives raise concerns here."),
    "not_admin": _("Only the organisation's administrators answer for it."),
    "concern_closed": _("This concern is closed. The partner can reopen it with a follow-up."),
    "not_raiser": _("Only the partner representative who raised this concern follows it up."),
    "may_not_close": _("Only the partner who raised the concern, or an administrator, closes it."),
    "already_closed": _("This concern is already closed."),
    "answer_first": _("Answer the concern before closing it."),
    # Complaints to a network about one of its member organisations.
    "not_a_network": _("Only a network takes complaints about its member organisations."),
    "email_unconfirmed": _("Please confirm your email address first: the network answers you through Holdspace "
                           "and tells you by mail."),
    "complaint_not_member": _("Please choose one of the network's member organisations from the list."),
    "complaint_empty": _("Please give your complaint a title and say what it is about."),
    "complaint_about_own": _("This complaint is about an organisation you administer, so the network's other "
                             "administrators answer it."),
    "complaint_limit": _("You lodged several complaints today. Please continue tomorrow; what you wrote is below."),
    "response_days_out_of_range": _("Choose between 1 and %(longest)d days."),
}
