"""What the assessment entries of the audit log mean, in words (registered in AssessmentsConfig.ready)."""
from django.utils.translation import gettext_lazy as _

from holdspace.assessments.models import ActionPoint

ACTIONS = {
    "assessments.round_opened": _("An assessment round was opened"),
    "assessments.round_closed": _("An assessment round was closed"),
    "assessments.comment_withheld": _("An answer's comment was withheld"),
    "assessments.action_point_created": _("An action point was added"),
    "assessments.action_point_updated": _("An action point was changed"),
}
DETAILS = {
    "closes_on": _("closes on"),
    "min_answers": _("fewest answers before results show"),
    "answers": _("answers"),
    "results_shown": _("results shown"),
    "early": _("closed early"),
    "round": _("round (number)"),
    "owner": _("owner (person number)"),
    "due_on": _("due on"),
}
VALUES = {
    ("assessments.action_point_updated", "status"): dict(ActionPoint.Status.choices),
    ("assessments.action_point_updated", "fields"): {field.name: field.verbose_name
                                                     for field in ActionPoint._meta.fields},
}
