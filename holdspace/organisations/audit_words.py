"""What the organisation entries of the audit log mean, in words (registered in OrganisationsConfig.ready)."""
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from holdspace.organisations.models import Organisation, Role

ACTIONS = {
    "organisation.created": _("The organisation was set up"),
    "organisation.details_changed": _("The organisation's details were changed"),
    "organisation.description_translated": _("The organisation's description in another language was written or "
                                             "revised"),
    "organisation.description_translation_removed": _("The organisation's description in another language was "
                                                      "removed"),
    "organisation.reporting_line_set": _("A person's manager was set"),
    "network.member_added": _("An organisation joined the network"),
    "network.member_suspended": _("The network suspended a member organisation"),
    "network.member_suspension_lifted": _("The network lifted a member organisation's suspension"),
    "network.member_expelled": _("The network ended a member organisation's membership"),
    "invitation.created": _("Someone was invited to join"),
    "invitation.accepted": _("An invitation was accepted"),
    "invitation.revoked": _("An invitation was withdrawn"),
    "membership.roles_changed": _("A person's roles were changed"),
}
DETAILS = {
    "roles": _("roles"),
    "manager": _("manager (person number)"),
    "account_deleted": _("because the account was deleted"),
    "sanction": _("record number"),
    "language": _("language"),
}
_ROLES = dict(Role.choices)
VALUES = {
    ("organisation.description_translated", "language"): dict(settings.LANGUAGES),
    ("organisation.description_translation_removed", "language"): dict(settings.LANGUAGES),
    "roles": _ROLES,
    ("membership.roles_changed", "added"): _ROLES,
    ("membership.roles_changed", "removed"): _ROLES,
    ("invitation.accepted", "added"): _ROLES,
    ("organisation.created", "kind"): dict(Organisation.Kind.choices),
    ("organisation.details_changed", "fields"): {field.name: field.verbose_name for field in Organisation._meta.fields},
}
