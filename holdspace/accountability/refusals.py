"""What an administrator reads when a change on the accountability pages is refused: the days for partners'
concerns are concerns' policy, and an action point agreed at a partner meeting is assessments' own, so their
words are theirs."""
from django.utils.translation import gettext_lazy as _

from holdspace.assessments.refusals import REFUSALS as ASSESSMENTS_REFUSALS
from holdspace.concerns.refusals import REFUSALS as CONCERNS_REFUSALS

REFUSALS: dict[str, str] = {
    "response_days_out_of_range": CONCERNS_REFUSALS["response_days_out_of_range"],
    # Steering committee
    "holder_missing": _("Please say who holds the seat."),
    "holder_too_long": _("The name is too long: at most %(max)s characters."),
    "kind_unknown": _("Please choose a kind of seat from the list."),
    "until_before_since": _("The last day cannot come before the first."),
    # Partner meetings
    "status_unknown": _("Please choose a status from the list."),
    "partners_missing": _("Please name at least one partner organisation."),
    "partners_too_long": _("The list is too long: at most %(max)s characters."),
    "held_in_future": _("A meeting on a day still to come cannot have been held yet. Mark it planned."),
    "minutes_missing": _("Please write the minutes."),
    "minutes_too_long": _("The minutes are too long: at most %(max)s characters."),
    "minutes_locked": _("Unlock your key to change these minutes: they would be replaced without being read."),
    "no_personal_key": _("Set up your own key first: minutes are locked so that only administrators with a key "
                         "read them."),
    "meeting_not_held": _("Action points are agreed at a meeting that was held. Mark the meeting held first."),
    # Action points agreed at a meeting (assessments' service)
    **{code: ASSESSMENTS_REFUSALS[code] for code in ("point_title_missing", "text_too_long", "owner_not_here",
                                                      "due_passed")},
}

# The form field a refusal is about; the others are said above the form.
FIELDS: dict[str, str] = {
    "response_days_out_of_range": "concern_response_days",
    "holder_missing": "holder",
    "holder_too_long": "holder",
    "kind_unknown": "kind",
    "until_before_since": "until",
    "status_unknown": "status",
    "partners_missing": "partners",
    "partners_too_long": "partners",
    "held_in_future": "status",
    "minutes_too_long": "minutes",
    "minutes_missing": "minutes",
    "point_title_missing": "title",
    "owner_not_here": "owner",
    "due_passed": "due_on",
}
