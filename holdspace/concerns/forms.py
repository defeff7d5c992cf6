from django import forms
from django.utils.translation import gettext_lazy as _

from holdspace.concerns.models import TEXT_MAX, TITLE_MAX


class ConcernForm(forms.Form):
    partner_name = forms.CharField(label=_("The organisation you speak for"), max_length=160)
    title = forms.CharField(label=_("In a few words"), max_length=TITLE_MAX)
    text = forms.CharField(
        label=_("Your concern"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What you saw or heard, why it worries you, and what you would like the organisation to do. "
                    "The organisation's administrators and its partner representatives read it."),
    )


class EntryForm(forms.Form):
    text = forms.CharField(label=_("Your words"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 5}))


class CloseForm(forms.Form):
    prefix = "close"  # shown on the same page as the answer or follow-up form
    text = forms.CharField(label=_("Why it can be closed"), max_length=TEXT_MAX,
                           widget=forms.Textarea(attrs={"rows": 3}))


class ComplaintForm(forms.Form):
    about = forms.TypedChoiceField(label=_("The member organisation it is about"), coerce=int, choices=())
    title = forms.CharField(label=_("In a few words"), max_length=TITLE_MAX)
    text = forms.CharField(
        label=_("Your complaint"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("How the organisation works that worries you (its practices, how it treats women, how it "
                    "handles complaints), and what you would like the network to do. Only the network's "
                    "administrators read it, and you."),
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["about"].choices = [("", _("Choose one")), *((link.organisation_id, link.organisation.name)
                                                                   for link in members)]
