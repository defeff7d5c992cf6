"""What the partner concern entries of the audit log mean, in words (registered in ConcernsConfig.ready)."""
from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "concerns.raised": _("A partner raised a concern"),
    "concerns.answered": _("A concern was answered"),
    "concerns.followed_up": _("A partner followed up on a concern"),
    "concerns.closed": _("A concern was closed"),
    "concerns.complaint_lodged": _("Someone lodged a complaint about a member organisation"),
    "concern_policy.changed": _("The days to answer a partner's concern were changed"),
}
DETAILS = {
    "on_time": _("on time"),
    "by_partner": _("by the partner"),
    "about": _("about (organisation number)"),
}
