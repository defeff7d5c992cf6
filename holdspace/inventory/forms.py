from django import forms
from django.utils.translation import gettext_lazy as _

from holdspace.inventory import amends, entries
from holdspace.inventory.commitments import MAX_NOTE, MAX_TEXT
from holdspace.inventory.models import Commitment, CommitmentCheckIn
from holdspace.inventory.partners import MAX_WORDS


class CheckInForm(forms.Form):
    outcome = forms.ChoiceField(label=_("How did it go?"), choices=CommitmentCheckIn.Outcome.choices,
                                widget=forms.RadioSelect,
                                error_messages={"required": _("Choose how it went.")})
    note = forms.CharField(
        label=_("A word on it"), max_length=MAX_NOTE, required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional. Seen by you, by your accountability partner if you have one and, for a commitment "
                    "made in a circle, by that circle's facilitators."),
    )


class CommitmentForm(forms.Form):
    text = forms.CharField(
        label=_("What I commit to do"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One concrete change someone else could notice, e.g. \"In team meetings this month I let women "
                    "finish before I speak\"."),
        error_messages={"required": _("Write what you commit to do.")},
    )
    check_in_every = forms.ChoiceField(
        label=_("How often I check in"), initial=Commitment.Every.WEEK,
        choices=[(value, label) for value, label in Commitment.Every.choices if value != Commitment.Every.SESSION])


class CommitmentEndForm(forms.Form):
    status = forms.ChoiceField(choices=[
        (Commitment.Status.COMPLETED, Commitment.Status.COMPLETED.label),
        (Commitment.Status.RELEASED, Commitment.Status.RELEASED.label),
    ], error_messages={"required": _("Choose whether it is done or set down."),
                       "invalid_choice": _("Choose whether it is done or set down.")})


class CommitmentChangeForm(forms.Form):
    every = forms.ChoiceField(label=_("From now on, check in"), choices=Commitment.Every.choices,
                              error_messages={"required": _("Choose how often to check in from the list."),
                                              "invalid_choice": _("Choose how often to check in from the list.")})

    def __init__(self, *args, from_circle: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not from_circle:
            self.fields["every"].choices = [choice for choice in Commitment.Every.choices
                                            if choice[0] != Commitment.Every.SESSION]


class PartnerInviteForm(forms.Form):
    email = forms.EmailField(label=_("Their email address"), required=False, max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "off"}),
                             error_messages={"invalid": _("Enter an email address like name@example.org.")})
    fellow = forms.TypedChoiceField(label=_("Or someone from your circles"), required=False, coerce=int,
                                    empty_value=None,
                                    error_messages={"invalid_choice": _("Choose someone from the list.")})

    def __init__(self, *args, fellows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fellow"].choices = [("", _("Nobody from a circle"))] + [
            (fellow.user_id, f"{fellow.name} ({fellow.where})") for fellow in fellows]
        if not fellows:
            del self.fields["fellow"]

    def clean(self):
        data = super().clean()
        if not self.errors and bool(data.get("email")) == bool(data.get("fellow")):
            raise forms.ValidationError(_("Write one email address, or choose one person from your circles."))
        return data


class EncouragementForm(forms.Form):
    text = forms.CharField(label=_("A word for him"), max_length=MAX_WORDS, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Only he reads it, beside his check-ins."),
                           error_messages={"required": _("Write a word first.")})


class RemindersForm(forms.Form):
    on = forms.TypedChoiceField(choices=[("1", "on"), ("0", "off")], coerce=lambda value: value == "1")


class EntryForm(forms.Form):
    """An inventory entry: free, or answering the prompt named in `prompt`."""

    prompt = forms.CharField(required=False, max_length=60, widget=forms.HiddenInput)
    title = forms.CharField(label=_("A title for yourself"), max_length=entries.MAX_TITLE, required=False,
                            help_text=_("Optional: a few words to find it again."))
    text = forms.CharField(label=_("What you want to write"), max_length=entries.MAX_TEXT,
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


class EntryToStoryForm(forms.Form):
    understood = forms.BooleanField(
        label=_("I will take out anything that could identify someone else before I send it."),
        error_messages={"required": _("Tick the box first: a story is read by other men once it is published.")})


class EntryDeleteForm(forms.Form):
    confirm = forms.BooleanField(label=_("Yes, delete this entry for good"),
                                 error_messages={"required": _("Tick the box to delete it for good.")})


# His amends plans. The contact questions start unanswered (no answer is chosen for him) and may stay so
# while he considers and prepares.
AMENDS_STATUS_LABELS = {
    amends.CONSIDERING: _("Considering"),
    amends.PREPARING: _("Preparing"),
    amends.LIVING: _("Living amends"),
    amends.MADE: _("Amends made"),
    amends.NOT_CONTACTING: _("Decided not to contact"),
}
WANTED_LABELS = {amends.NO_CONTACT: _("They asked for no contact"), amends.NOT_SAID: _("They have not said"),
                 amends.SAID_YES: _("Yes, they said so")}
HARM_LABELS = {amends.HARM_YES: _("Yes"), amends.HARM_NOT_SURE: _("I am not sure"), amends.HARM_NO: _("No")}


class AmendsPlanForm(forms.Form):
    who = forms.CharField(
        label=_("Who was harmed"), max_length=amends.MAX_WHO,
        help_text=_("Initials or a few words that describe them are enough; a name only if you want. Only you "
                    "read it."),
        error_messages={"required": _("Say who was harmed: initials or a few words about them are enough.")})
    what = forms.CharField(label=_("What happened"), max_length=amends.MAX_PART,
                           widget=forms.Textarea(attrs={"rows": 8}),
                           error_messages={"required": _("Write what happened: a line is enough.")})
    impact = forms.CharField(
        label=_("Its impact on them"), max_length=amends.MAX_PART, required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What it did to them, as far as you know it or can imagine it. Write the impact, not what "
                    "you meant: intention matters less than impact."))
    repair = forms.CharField(
        label=_("What repair could look like"), max_length=amends.MAX_PART, required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What could set right some of it, as they might see it: a change in how you act, giving "
                    "something back, an apology if they want one."))
    wanted = forms.ChoiceField(
        label=_("Have they said they want to hear from you?"), required=False, widget=forms.RadioSelect,
        choices=list(WANTED_LABELS.items()),
        error_messages={"invalid_choice": _("Choose one of the answers offered.")})
    harm = forms.ChoiceField(
        label=_("Could reaching out harm them or bring the harm back?"), required=False, widget=forms.RadioSelect,
        choices=list(HARM_LABELS.items()),
        help_text=_("If you are not sure, their safety comes first: do not reach out."),
        error_messages={"invalid_choice": _("Choose one of the answers offered.")})


class AmendsStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Where this plan stands now"), widget=forms.RadioSelect,
        choices=[
            (amends.CONSIDERING, _("Considering: thinking about what happened and what I owe")),
            (amends.PREPARING, _("Preparing: getting ready, with support where I can find it")),
            (amends.LIVING, _("Living amends: changing how I act, without contacting them")),
            (amends.MADE, _("Amends made: I reached out to them")),
            (amends.NOT_CONTACTING, _("I decided not to contact them")),
        ],
        error_messages={"required": _("Choose where the plan stands from the list."),
                        "invalid_choice": _("Choose where the plan stands from the list.")})
    reason = forms.CharField(
        label=_("Why you decided not to contact them"), max_length=amends.MAX_NOTE, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed only when you decide not to contact them: in your own words."))
    note = forms.CharField(label=_("A note for its history"), max_length=amends.MAX_NOTE, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}), help_text=_("Optional."))


class AmendsPlanDeleteForm(forms.Form):
    confirm = forms.BooleanField(label=_("Yes, delete this plan for good"),
                                 error_messages={"required": _("Tick the box to delete the plan for good.")})
