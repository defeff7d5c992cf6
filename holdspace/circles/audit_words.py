"""What the circle entries of the audit log mean, in words (registered in CirclesConfig.ready)."""
from django.conf import settings
from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "circle.created": _("A circle was created"),
    "circle.updated": _("A circle's details were changed"),
    "circle.facilitator_added": _("A facilitator was added to a circle"),
    "circle.facilitator_removed": _("A facilitator left a circle"),
    "circle.key_created": _("A circle's key was made"),
    "circle.key_shared": _("A circle's key was shared with a facilitator"),
    "circle.join_asked": _("A man asked to join a circle"),
    "circle.join_accept": _("A man was welcomed into a circle"),
    "circle.join_waitlist": _("A man was put on a circle's waiting list"),
    "circle.join_decline": _("A request to join a circle was declined"),
    "circle.left": _("A man left a circle"),
    "circle.agreements_accepted": _("A man accepted a circle's group agreements"),
    "circle.agreements_amended": _("A circle's group agreements were changed"),
    "circle.agreements_translated": _("A circle's group agreements in another language were written or revised"),
    "circle.session_planned": _("A session was planned"),
    "circle.session_updated": _("A session was changed"),
    "circle.session_cancelled": _("A session was cancelled"),
    "circle.agenda_changed": _("A session's agenda was changed"),
    "circle.attendance_recorded": _("A session's attendance was recorded"),
    "circle.note_added": _("A facilitator added a private note"),
    "circle.note_deleted": _("A facilitator deleted a private note"),
    "circle.safety_raised": _("A safety concern was raised from a session"),
    "circle.safety_acknowledged": _("A steward acknowledged a safety concern"),
    "circle.safety_formal": _("A safety concern became a formal concern"),
    "circle.safety_told": _("A steward told the man a safety concern is about"),
    "circle.safety_reported": _("A safety concern became a report to the organisation"),
    "circle.safety_closed": _("A steward closed a safety concern"),
    "exercise.created": _("An exercise was added to the library"),
    "exercise.updated": _("An exercise in the library was changed"),
}
DETAILS = {
    "language": _("language"),
    "present": _("present"),
    "roster": _("on the roster"),
    "waiting_list": _("on the waiting list"),
    "template": _("from the template"),
    "shared": _("shared with other facilitators"),
    "new_key": _("to a new key"),
    "urgent": _("someone in danger now"),
    "late": _("after its deadline"),
    "respond_by": _("with a day to respond by"),
}
VALUES = {
    ("circle.agreements_translated", "language"): dict(settings.LANGUAGES),
    ("circle.agenda_changed", "template"): {"3h": _("three-hour workshop")},
}
