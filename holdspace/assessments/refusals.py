"""What a person reads when a step on an assessment (a round, answers, an action point, a comment) is refused,
and which form field each refusal is about, to show the words beside it."""
from django.utils.translation import gettext_lazy as _

REFUSALS: dict[str, str] = {
    # Rounds
    "title_missing": _("Please give the round a title."),
    "closes_too_soon": _("Please choose a closing date after today."),
    "closes_too_late": _("A round stays open at most %(days)s days. Please choose an earlier date."),
    "too_few_needed": _("Results need at least %(floor)s answers, so that no one can be recognised."),
    "round_open_already": _("A round is already open. Close it before opening the next one."),
    # Answers
    "answers_incomplete": _("Please answer every statement; “I don't know” is an answer too."),
    "answer_off_scale": _("An answer was not on the scale."),
    "comment_unknown_part": _("A comment was given for a part the questionnaire does not have."),
    "comment_too_long": _("A comment is too long: at most %(max)s characters."),
    "not_taking_part": _("Only the organisation's people and partners take part in its assessments."),
    "round_closed": _("This round has closed, so answers are no longer taken."),
    "answered_already": _("You have already answered in this round. Answers cannot be changed once sent."),
    # Action points
    "point_title_missing": _("Please say what will be done."),
    "text_too_long": _("The text is too long: at most %(max)s characters."),
    "owner_not_here": _("The owner must hold a role in %(name)s."),
    "due_passed": _("The due date has already passed. Please choose today or a later date."),
    "round_elsewhere": _("This round belongs to another organisation."),
    "not_owner": _("Only the owner of this action point or an administrator updates it."),
    "dropped_by_admin": _("An administrator dropped this action point, so only an administrator can take it up "
                          "again."),
    "owner_may_not_drop": _("Only an administrator drops an action point. You can mark it planned, in progress or "
                            "done."),
    "drop_reason_missing": _("Please say in the progress note why this action point is dropped."),
    "status_unknown": _("Please choose a status from the list."),
    # Comments
    "round_still_open": _("Comments are read, and withheld, after the round has closed."),
}

# The form field a refusal is about; the others are said above the form.
FIELDS: dict[str, str] = {
    "title_missing": "title",
    "closes_too_soon": "closes_on",
    "closes_too_late": "closes_on",
    "too_few_needed": "min_answers",
    "point_title_missing": "title",
    "owner_not_here": "owner",
    "due_passed": "due_on",
    "owner_may_not_drop": "status",
    "drop_reason_missing": "progress_note",
    "status_unknown": "status",
}
