"""What a person reads when a step on the code of conduct (drafting, commenting, publishing, signing) is refused."""
from django.utils.translation import gettext_lazy as _

REFUSALS: dict[str, str] = {
    "draft_open": _("A draft is already open: continue with it, or discard it first."),
    "draft_gone": _("This draft has been published or discarded meanwhile."),
    "period_past": _("The comment period must end after today."),
    "comments_closed": _("Comments on this draft are closed."),
    "may_not_comment": _("Only the organisation's people comment on its code."),
    "no_clause": _("A code needs at least one clause."),
    "not_in_force": _("Only the version in force can be signed."),
    "translation_stale": _("A new version of the code came into force while you were translating. Your words are "
                           "below: translate the version now in force."),
    # A partner representative, say, whom the code does not bind.
    "not_bound": _("Your signature is not needed, or you have already signed this version."),
    "not_member_organisation": _("Only the network's member organisations sign on their own behalf."),
    "not_organisation_admin": _("An organisation signs through one of its administrators."),
    "member_suspended": _("The network has suspended this organisation's membership: it signs again once the "
                          "network lifts the suspension."),
    "translation_language": _("Choose another of the offered languages than the one the code is written in."),
    "translation_clauses": _("The code changed while you were translating it: each of its clauses needs its "
                             "title and text in the translation. Your words are below."),
    "already_signed": _("This version has already been signed."),
}
