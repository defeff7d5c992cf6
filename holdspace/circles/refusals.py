"""What a person reads when a step in a circle is refused: joining, the agreements, sessions, feedback,
facilitators and the exercise library. One map for the app's views."""
from django.utils.translation import gettext_lazy as _

from holdspace.inventory.refusals import REFUSALS as INVENTORY_REFUSALS
from holdspace.reports.refusals import REFUSALS as REPORTS_REFUSALS

REFUSALS: dict[str, str] = {
    # Facilitators and the circle's key.
    "not_a_facilitator": _("Only the organisation's facilitators facilitate its circles."),
    "no_personal_key": _("First set up your key: it locks what men write to your circle, so that only its "
                         "facilitators can read it."),
    "circle_has_no_key": _("This circle has no key yet: set up your own key, then start one from the circle's "
                           "page."),
    "last_facilitator": _("A circle keeps at least one facilitator."),
    "only_key_holder": _("%(name)s holds the only copy of the circle's key. First it must be shared with a "
                         "co-facilitator who has a key of his own: that happens when %(name)s unlocks his key, or "
                         "from the circle's pages. Then try again."),
    "no_circle_key": _("Only a facilitator who holds the circle's key, with his own key unlocked, can share it."),
    "nobody_waiting": _("Every co-facilitator with a key of his own holds the circle's key already."),
    "key_locked": _("Unlock your own key first: the circle's new key is sealed to it."),
    "key_held": _("A facilitator still holds this circle's key, so it needs no new one. He shares it with you when "
                  "he next unlocks his key."),
    # Asking to join, and the answer.
    "unknown_reason": _("Choose among the reasons listed."),
    "not_open": _("This circle is not taking new members at the moment."),
    "agreements": _("Please read the group agreements and tick the box to accept them."),
    "duplicate": _("You have already asked to join this circle. Its facilitators will answer you here."),
    "full": _("This circle is full. Tick the box below to join its waiting list, or look for another circle."),
    "facilitator": _("You facilitate this circle."),
    "stale_agreements": _("The group agreements changed while you were reading. Please read them "
                          "again; everything you wrote is kept."),
    "no_key": _("This circle cannot take requests until its facilitator has started its key. "
                "Please try again later."),
    "throttled": _("You have asked to join circles many times today. Please try again tomorrow."),
    "unknown_decision": _("Choose one of the answers offered."),
    "decided": _("This request has already been answered."),
    "no_place": _("The circle is full. Put him on the waiting list, or make room first."),
    "place_held": _("A place from the waiting list is held for him. Welcome him, or decline his request and the "
                    "place goes to the next man waiting."),
    "place_free": _("The circle has a free place, so the waiting list would offer it to him at once. Welcome "
                    "him, or first close the circle to new members in its details."),
    "members_full": _("The circle already has as many members as places. To welcome him, first give it more "
                      "places in its details."),
    # A place offered from the waiting list.
    "offer_gone": _("This offer is no longer open: it may have just run out. Look at your circles again."),
    "no_place_now": _("The circle has no free place just now, so this offer cannot be taken. Please ask its "
                      "facilitators."),
    # The group agreements.
    "stale": _("The agreements changed while you were reading. Please read them again."),
    "stale_translation": _("The agreements changed while you were translating them. Your words are below: "
                           "translate the version in force."),
    "language_has_version": _("The agreements in force have a version in that language already. To change the "
                              "circle's language, first write its agreements anew in it (a new version), or keep "
                              "the language as it is."),
    "translation_language": _("Choose another of the offered languages than the circle's own."),
    "translation_agreements": _("Give each agreement its title in this language."),
    "no_agreements": _("Keep at least one agreement."),
    # Sessions: planning, the agenda, attendance, the commitments round and notes.
    "past": _("A session must start in the future. Check the date and the time."),
    "started": _("A session that has started stays on record and cannot be cancelled."),
    "agenda_over": _("That makes the agenda %(planned)d minutes, longer than the session's %(length)d. Shorten an "
                     "exercise, or lengthen the session."),
    "minutes": _("Give the exercise at least one minute."),
    "too_many": _("An agenda holds up to 40 exercises."),
    "not_empty": _("The agenda already has exercises. Remove them first to start from the template."),
    "not_started": _("Attendance can be taken from two hours before the session starts."),
    "not_a_member": _("Only the circle's members can be marked present."),
    "circle_key_locked": _("Unlock your own key first: what the men commit to is locked with the circle's key, "
                           "and the round shows what each said before."),
    "nothing_to_share": _("There is no new key of theirs to share the circle's key with."),
    "left_circle": _("A man marked present has left the circle since: leave his box empty, his commitments are "
                     "his own now."),
    "nothing_to_reopen": _("His commitments from this circle open for him already."),
    "no_attendance": _("Take attendance first: commitments are recorded for the men who were there."),
    "not_marked_present": _("Commitments are recorded only for men marked present."),
    "unknown_every": INVENTORY_REFUSALS["unknown_every"],  # the inventory's service writes the round
    "empty": _("Write the note first."),
    "not_your_note": _("Only the facilitator who wrote a note deletes it."),
    "gone": _("That is no longer on this page: it may have just been changed."),
    # Anonymous feedback (the codes feedback.feedback_open_to gives).
    "unknown_answer": _("Choose one of the answers offered."),
    "not_yet": _("Feedback opens when the session starts."),
    "closed": _("Feedback on this session has closed."),
    "not_present": _("Feedback is for the men who were at this session."),
    "given": _("You have given your feedback on this session. Thank you."),
    # The exercise library.
    "not_your_exercise": _("Only the facilitator who wrote an exercise changes it."),
    # Safety concerns: raising one, and the steward's steps.
    "not_in_circle": _("Only the circle's members and facilitators can raise a concern from its sessions."),
    "safety_empty": _("Write a few words first."),
    "safety_too_long": _("Please keep it under 4,000 characters. What else you know, you can tell the steward."),
    "not_among_men": _("Choose one of the circle's men, or nobody."),
    "no_steward": _("Nobody can receive a safety concern in this organisation yet: it has no steward with a key "
                    "of their own. If someone is in danger now, call your local emergency number. Otherwise tell a "
                    "facilitator or an administrator in person; what you wrote is still here."),
    "safety_throttled": _("You have raised many concerns today. If someone is in danger, call your local "
                          "emergency number; otherwise tell a facilitator or an administrator in person."),
    "safety_stage": _("This concern has moved on since you opened the page. Look at it again."),
    "safety_key_locked": _("Unlock your own key first: the concern's words are sealed to it."),
    "act_by": _("Choose a day after today and within the next 90 days."),
    "nobody_named": _("This concern names none of the circle's men, so there is nobody to tell."),
    "no_key_for_him": _("He has no key of his own yet, so words for him cannot be sealed. Tell him in person, or "
                        "ask him to set up his key first."),
    "safety_consent": _("A report is made only with the consent of the person affected. Tick the box once they "
                        "have agreed."),
    "unknown_pathway": _("Choose one of the ways forward offered."),
    "nobody_can_receive": REPORTS_REFUSALS["nobody_can_receive"],
    # Session reminders, and messages from the facilitators to the circle.
    "no_longer_member": _("You are no longer a member of this circle."),
    "message_empty": _("Write your message first."),
    "message_too_long": _("Please keep a message under 2,000 characters."),
    "no_members": _("The circle has no members yet, so there is nobody to write to."),
    "message_throttled": _("You have written to this circle several times in the last hour. Please wait a little "
                           "before writing again."),
    # Referrals to a service of the support directory.
    "referral_not_member": _("Choose one of the circle's members."),
    "referral_no_service": _("Choose one of the services in your organisation's support directory."),
    "referral_words": _("Write a few words to him first."),
    "referral_too_long": _("Please keep it under 2,000 characters."),
    "referral_throttled": _("You have sent many referrals in the last hour. Please wait a little before sending "
                            "another."),
    "referral_no_key": _("He has not set up his key yet, so a referral cannot be sealed to him. Tell him in person, "
                         "or ask him to set up his key first."),
}
