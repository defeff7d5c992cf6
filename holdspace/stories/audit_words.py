"""What the story entries of the audit log mean, in words (registered in StoriesConfig.ready)."""
from django.utils.translation import gettext_lazy as _

from holdspace.stories.models import TakedownRequest

ACTIONS = {
    "story.approved": _("A story was approved and published"),
    "story.returned": _("A story was returned to its writer with a note"),
    "story.rejected": _("A story was turned down"),
    "story.withdrawn": _("A writer withdrew a story"),
    "story.taken_down": _("A story was taken down at a reader's request, pending review"),
}
DETAILS = {
    "reason": _("reason"),
    "was_published": _("was published"),
    "takedown_requests_settled": _("take-down requests settled"),
}
VALUES = {
    ("story.taken_down", "reason"): dict(TakedownRequest.Reason.choices),
}
