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
