"""What a person reads when a step in vetting (applying, a reference, reviewing, deciding) is refused."""
from django.utils.translation import gettext_lazy as _

REFUSALS: dict[str, str] = {
    # Applying
    "not_a_network": _("Only a network takes applications."),
    "email_unconfirmed": _("Please confirm your email address first."),
    "already_member": _("You are already a member of this network."),
    "network_itself": _("A network cannot apply to join itself."),
    "not_organisation_admin": _("An organisation applies through one of its administrators."),
    "organisation_already_member": _("This organisation is already a member of the network."),
    "code_changed": _("The network's code of conduct changed while you were writing. Please read version "
                      "%(number)s, then confirm again."),
    "motivation_missing": _("Please say why you want to join."),
    "allegation_unexplained": _("Please explain the open allegation."),
    "asked_to_leave_unexplained": _("Please explain when and why you were asked to leave."),
    "references_count": _("Please name between one and three references."),
    "own_reference": _("A reference comes from someone else: please give the contact person's own address."),
    "already_waiting": _("There is already an application waiting for a decision."),
    "too_many_applications": _("You have sent many applications in a short time, so this one was not sent. Please "
                               "try again later."),
    "referee_mail_limit": _("%(email)s was already sent several requests for a reference in a short time, so "
                            "nothing was sent. Please try again later, or name another contact."),
    "not_applicant": _("Only the person who applied can withdraw the application."),
    "not_waiting": _("This application is no longer waiting for a decision."),
    # A reference
    "reference_closed": _("This request for a reference is closed."),
    "recommendation_missing": _("Please say whether you would recommend them."),
    "reference_incomplete": _("Please say how you know the applicant, and your name."),
    "reference_not_asked": _("This reference has been given or declined already; there is nothing to ask again."),
    "reference_not_needed": _("This application is no longer waiting for a decision, so no reference is needed."),
    # Reviewing
    "not_reviewer": _("Only the network's administrators review applications."),
    "excluded": _("You are excluded from reviewing this application."),
    "note_empty": _("Please write the note."),
    "conflict_reason_missing": _("Please give the reason for the conflict of interest."),
    "conflict_declared_already": _("You already declared a conflict of interest here."),
    "reason_missing": _("Please write the reason for the decision."),
    "already_decided": _("This application was already decided or withdrawn; a decision is not changed."),
}
