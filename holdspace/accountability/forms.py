from django import forms
from django.utils.translation import gettext_lazy as _

from holdspace.accountability.models import MINUTES_MAX, NAME_MAX, PartnerMeeting, SteeringSeat
from holdspace.accountability.steering import PARTNERS_MAX
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


_DATE = {"invalid": _("Please write a date, for example 2026-12-31.")}


def _date_field(label, **more):
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}), error_messages=_DATE, **more)


class SeatForm(forms.Form):
    holder = forms.CharField(label=_("Who holds the seat"), max_length=NAME_MAX,
                             help_text=_("The organisation's name, or the person's."))
    kind = forms.ChoiceField(label=_("Kind of seat"), choices=SteeringSeat.Kind.choices)
    is_person = forms.BooleanField(label=_("A person holds this seat, not an organisation"), required=False)
    name_public = forms.BooleanField(
        label=_("The person agreed that their name is shown on the public page"), required=False,
        help_text=_("Without this, the public page counts the seat and shows no name. An organisation's name is "
                    "always shown."))
    since = _date_field(_("Since"))
    until = _date_field(_("Until"), required=False, help_text=_("Leave empty while the term has no set end."))


class SeatEndForm(forms.Form):
    until = _date_field(_("Last day on the committee"))


class MeetingForm(forms.Form):
    on = _date_field(_("Date"))
    status = forms.ChoiceField(label=_("Status"), choices=PartnerMeeting.Status.choices)
    partners = forms.CharField(label=_("Partner organisations taking part"), max_length=PARTNERS_MAX,
                               widget=forms.Textarea(attrs={"rows": 3}),
                               help_text=_("One organisation a line. These names are shown to administrators "
                                           "only."))


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"), required=False, max_length=MINUTES_MAX, widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Minutes may name people and harm, so they are locked: only the organisation's administrators "
                    "read them, with their own key unlocked. They are never shown on the public page."))
