"""What the accountability entries of the audit log mean, in words (registered in AccountabilityConfig.ready)."""
from django.utils.translation import gettext_lazy as _

from holdspace.accountability.models import PartnerMeeting, SteeringSeat

ACTIONS = {
    "accountability.settings_changed": _("The public accountability page's settings were changed"),
    "accountability.seat_added": _("A seat on the steering committee was added"),
    "accountability.seat_ended": _("A seat on the steering committee was given its last day"),
    "accountability.meeting_recorded": _("A meeting with partner organisations was recorded"),
    "accountability.meeting_changed": _("A meeting with partner organisations was changed"),
    "accountability.minutes_written": _("A partner meeting's minutes were written (locked)"),
    "accountability.minutes_key_shared": _("The key to partner meetings' minutes was shared with an administrator"),
    "accountability.meeting_point_added": _("An action point agreed at a partner meeting was added"),
}
DETAILS = {
    "public_page": _("public page"),
    "seat_kind": _("kind of seat"),
    "seat_person": _("held by a person"),
    "seat_since": _("on the committee since"),
    "seat_until": _("on the committee until"),
    "meeting_on": _("meeting date"),
    "meeting_status": _("meeting status"),
    "minutes_empty": _("minutes emptied"),
    "action_point": _("action point"),
}
VALUES = {
    "seat_kind": dict(SteeringSeat.Kind.choices),
    "meeting_status": dict(PartnerMeeting.Status.choices),
}
