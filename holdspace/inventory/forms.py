from django import forms
from django.utils.translation import gettext_lazy as _

from holdspace.inventory.entries import MAX_TEXT, MAX_TITLE
from holdspace.inventory.models import Commitment, CommitmentCheckIn


class CheckInForm(forms.Form):
    outcome = forms.ChoiceField(label=_("How did it go?"), choices=CommitmentCheckIn.Outcome.choices,
                                widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("A word on it"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional. Seen by you and, for a commitment made in a circle, by that circle's facilitators."),
    )


class CommitmentForm(forms.Form):
    text = forms.CharField(
        label=_("What I commit to do"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One concrete change someone else could notice, e.g. \"In team meetings this month I let women "
                    "finish before I speak\"."),
    )
    check_in_every = forms.ChoiceField(label=_("How often I check in"), choices=Commitment.Every.choices,
                                       initial=Commitment.Every.WEEK)


class CommitmentEndForm(forms.Form):
    status = forms.ChoiceField(choices=[
        (Commitment.Status.COMPLETED, Commitment.Status.COMPLETED.label),
        (Commitment.Status.RELEASED, Commitment.Status.RELEASED.label),
    ], error_messages={"required": _("Choose whether it is done or set down."),
                       "invalid_choice": _("Choose whether it is done or set down.")})


class EntryForm(forms.Form):
    """An inventory entry: free, or answering the prompt named in `prompt`."""

    prompt = forms.CharField(required=False, max_length=60, widget=forms.HiddenInput)
    title = forms.CharField(label=_("A title for yourself"), max_length=MAX_TITLE, required=False,
                            help_text=_("Optional: a few words to find it again."))
    text = forms.CharField(label=_("What you want to write"), max_length=MAX_TEXT,
                           widget=forms.Textarea(attrs={"rows": 14}),
                           error_messages={"required": _("Write something first: a line is enough.")})
    tags = forms.CharField(label=_("Tags"), max_length=600, required=False,
                           help_text=_("Optional, with commas between them, e.g. work, my father, anger."))


class EntrySearchForm(forms.Form):
    q = forms.CharField(label=_("Words"), max_length=200, required=False,
                        widget=forms.TextInput(attrs={"autocomplete": "off"}))
    tag = forms.CharField(label=_("Tag"), max_length=40, required=False,
                          widget=forms.TextInput(attrs={"autocomplete": "off"}))
    page = forms.IntegerField(min_value=1, max_value=100_000, required=False, widget=forms.HiddenInput)


class EntryDeleteForm(forms.Form):
    confirm = forms.BooleanField(label=_("Yes, delete this entry for good"),
                                 error_messages={"required": _("Tick the box to delete it for good.")})
