"""What the vetting entries of the audit log mean, in words (registered in VettingConfig.ready)."""
from django.utils.translation import gettext_lazy as _

from holdspace.vetting.models import Appeal, Application, Reference

ACTIONS = {
    "vetting.applied": _("An application to join the network was sent"),
    "vetting.reference_renewed": _("A reference was asked for again"),
    "vetting.reference_answered": _("A reference was given"),
    "vetting.reference_declined": _("A referee could not give a reference"),
    "vetting.note_added": _("A reviewer added a note to an application"),
    "vetting.conflict_declared": _("A reviewer declared a conflict of interest"),
    "vetting.decided": _("An application was decided"),
    "vetting.withdrawn": _("An application was withdrawn"),
    "vetting.schedule_set": _("How often members are vetted again was set"),
    "vetting.renewal_opened": _("A member was asked to be vetted again"),
    "vetting.renewal_answered": _("A member answered being vetted again"),
    "vetting.appealed": _("A decision was appealed"),
    "vetting.appeal_decided": _("An appeal was decided"),
    "vetting.referee_listed": _("A women's rights organisation was added to the referees' list"),
    "vetting.referee_unlisted": _("A women's rights organisation was taken off the referees' list"),
}
DETAILS = {
    "organisation": _("organisation (number)"),
    "code_number": _("code of conduct version"),
    "references": _("references"),
    "conflict": _("conflict (number)"),
    "every_months": _("every how many months"),
    "without_reference": _("decided without a reference"),
    "appeal": _("appeal (number)"),
    "listed_name": _("organisation listed"),
}
_REFERENCE = dict(Reference.Status.choices)
_APPLICATION = dict(Application.Status.choices)
VALUES = {
    ("vetting.reference_answered", "status"): _REFERENCE,
    ("vetting.reference_declined", "status"): _REFERENCE,
    ("vetting.decided", "status"): _APPLICATION,
    ("vetting.withdrawn", "status"): _APPLICATION,
    ("vetting.decided", "kind"): dict(Application.Kind.choices),
    ("vetting.appeal_decided", "status"): dict(Appeal.Status.choices),
}
