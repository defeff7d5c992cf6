"""What the vetting entries of the audit log mean, in words (registered in VettingConfig.ready)."""
from django.utils.translation import gettext_lazy as _

from holdspace.vetting.models import Application, Reference

ACTIONS = {
    "vetting.applied": _("An application to join the network was sent"),
    "vetting.reference_renewed": _("A reference was asked for again"),
    "vetting.reference_answered": _("A reference was given"),
    "vetting.reference_declined": _("A referee could not give a reference"),
    "vetting.note_added": _("A reviewer added a note to an application"),
    "vetting.conflict_declared": _("A reviewer declared a conflict of interest"),
    "vetting.decided": _("An application was decided"),
    "vetting.withdrawn": _("An application was withdrawn"),
}
DETAILS = {
    "organisation": _("organisation (number)"),
    "code_number": _("code of conduct version"),
    "references": _("references"),
    "conflict": _("conflict (number)"),
}
_REFERENCE = dict(Reference.Status.choices)
_APPLICATION = dict(Application.Status.choices)
VALUES = {
    ("vetting.reference_answered", "status"): _REFERENCE,
    ("vetting.reference_declined", "status"): _REFERENCE,
    ("vetting.decided", "status"): _APPLICATION,
    ("vetting.withdrawn", "status"): _APPLICATION,
}
