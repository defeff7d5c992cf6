from django import forms
from django.utils.translation import gettext_lazy as _

from holdspace.concerns.models import LONGEST_RESPONSE_DAYS as LONGEST_CONCERN_RESPONSE_DAYS


class SettingsForm(forms.Form):
    public_page = forms.BooleanField(
        label=_("Publish our accountability page"), required=False,
        help_text=_("Anyone can read it, without an account: the code in force, how to raise a concern or report, "
                    "and counts of how the organisation keeps its commitments. It never shows a name, a case or "
                    "a concern's words."),
    )
    concern_response_days = forms.IntegerField(
        label=_("Days we give ourselves to answer a partner's concern"), min_value=1,
        max_value=LONGEST_CONCERN_RESPONSE_DAYS,
        help_text=_("Counted from the day a concern or a follow-up is raised. Changing it does not move the "
                    "days already given."),
    )


class OverviewForm(forms.Form):
    """What a network's overview of its members shows, and in what order (from the address: a link can be kept)."""

    SORTS = (
        ("name", _("Organisation")),
        ("joined", _("Joined")),
        ("code", _("Code signed")),
        ("assessed", _("Last own assessment")),
        ("points", _("Action points")),
        ("concerns", _("Partners' concerns")),
        ("on_time", _("Case stages on time")),
        ("vetting", _("Vetting")),
    )
    show = forms.ChoiceField(label=_("Show"), required=False, choices=(
        ("", _("Every member")),
        ("attention", _("Members that need attention")),
        ("code_not_signed", _("Not signed the code in force")),
        ("not_assessed", _("No own assessment this past year")),
        ("points_overdue", _("Action points overdue")),
        ("concerns_overdue", _("Partners' concerns overdue")),
    ))
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORTS)
    order = forms.ChoiceField(label=_("Order"), required=False,
                              choices=(("asc", _("Ascending")), ("desc", _("Descending"))))
