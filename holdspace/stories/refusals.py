"""What a writer or a moderator reads when a step on a story is refused.

(The pre-checks' reasons are not refusals: they are what the page says about a story, in prechecks/.)"""
from django.utils.translation import gettext_lazy as _

REFUSALS: dict[str, str] = {
    # The writer
    "not_editable": _("This story is not open for changes now."),
    "in_review": _("This story is being reviewed and cannot be taken back now."),
    # The moderator
    "not_waiting": _("This story is no longer waiting: someone decided, or its writer took it back."),
    "takedown_unread": _("Another take-down request came in while you were reading. Please read it before you "
                         "decide."),
    "own_story": _("Nobody decides on his own story: another moderator reads it."),
}
