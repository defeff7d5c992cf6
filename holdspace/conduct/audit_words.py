"""What the code of conduct entries of the audit log mean, in words (registered in ConductConfig.ready)."""
from django.conf import settings
from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "conduct.draft_started": _("A new draft of the code of conduct was started"),
    "conduct.draft_revised": _("The draft code of conduct was revised"),
    "conduct.draft_discarded": _("The draft code of conduct was discarded"),
    "conduct.comments_opened": _("Members were invited to comment on the draft code"),
    "conduct.commented": _("A member commented on the draft code"),
    "conduct.published": _("A new version of the code of conduct was published"),
    "conduct.signed": _("The code of conduct was signed"),
    "conduct.translated": _("A version of the code of conduct in another language was written or revised"),
}
DETAILS = {
    "clauses": _("clauses"),
    "comments_removed": _("comments removed"),
    "until": _("until"),
    "clause": _("clause"),
    "replaces": _("replaces version"),
    "on_behalf_of": _("on behalf of (organisation number)"),
    "language": _("language"),
}
VALUES = {
    ("conduct.translated", "language"): dict(settings.LANGUAGES),
    ("conduct.draft_started", "from"): {"starter": _("the starter code"), "in_force": _("the code in force")},
}
