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
    "reference_missing": _("No reference has been given yet. To decide without one, please write why."),
    "renewal_not_answered": _("The member has not answered yet. You can decide once it answers, or once the day "
                              "it was asked to answer by has passed."),
    # Vetting members again
    "schedule_out_of_range": _("Please give a number of months between 1 and %(most)s, or choose never."),
    "not_a_member": _("This organisation is not a member of the network."),
    "renewal_not_due": _("This member is not due to be vetted again yet."),
    "renewal_open_already": _("This member is already being vetted again."),
    "not_member_admin": _("Only an administrator of the member organisation answers this."),
    "renewal_not_asked": _("This has already been answered, or decided."),
    "renewal_motivation_missing": _("Please say what has changed since your organisation was last vetted."),
    "renewal_not_withdrawn": _("Vetting a member again cannot be withdrawn."),
    # Appeals
    "not_appellant": _("Only the person who applied can appeal the decision."),
    "appeal_not_declined": _("Only a declined application, or a membership not renewed, can be appealed."),
    "appeal_late": _("A decision can be appealed within %(days)s days, and that time has passed."),
    "appeal_reasons_missing": _("Please say why you appeal the decision."),
    "appeal_made_already": _("This decision has already been appealed; it can be appealed once."),
    "appeal_reason_missing": _("Please write the reason for your decision on the appeal."),
    "appeal_took_part": _("You took part in the first decision, so another reviewer hears the appeal."),
    "appeal_decided_already": _("This appeal was already decided; a decision is not changed."),
    # The list of women's rights organisations
    "referee_organisation_incomplete": _("Please give the organisation's name and country."),
    "referee_organisation_too_long": _("Please keep each part under 160 characters."),
    "referee_organisation_listed": _("This organisation is already on the list."),
    "referee_organisation_unknown": _("This organisation is no longer on the list."),
}
