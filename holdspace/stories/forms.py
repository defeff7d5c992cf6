from django import forms
from django.conf import settings
from django.core.validators import MinLengthValidator
from django.utils.translation import gettext_lazy as _

from holdspace.stories.models import (PART_MAX, PART_MIN, PSEUDONYM_MAX, TITLE_MAX, ModerationDecision, Story,
                                      TakedownRequest, Theme)
from holdspace.stories.reading import HELPFUL, NEWEST

MAX_THEMES = 3

PART_HELP = {
    "what_i_did": _("Say plainly what you did. No names, places or dates that could point to anyone."),
    "what_i_understand": _("What it did to her or to them, as far as you can see it now: impact, not intention."),
    "what_i_changed": _("What you do differently now, what you are still working on, what helps."),
}


def _part(label, name):
    return forms.CharField(
        label=label, help_text=PART_HELP[name], max_length=PART_MAX, min_length=PART_MIN,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": _("Please write this part; every story has all three."),
            "min_length": _("Please write a little more here: at least %(limit_value)d characters "
                            "(it has %(show_value)d)."),
            "max_length": _("This part is too long: at most %(limit_value)d characters (it has %(show_value)d). "
                            "Everything you wrote is still here; shorten it before you save."),
        },
    )


class StoryForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=TITLE_MAX,
        help_text=_("A few words a reader might recognise himself in."),
        error_messages={"required": _("Please give your story a title."),
                        "max_length": _("The title is too long: at most %(limit_value)d characters.")},
    )
    what_i_did = _part(_("What I did"), "what_i_did")
    what_i_understand = _part(_("What I understand now about its impact"), "what_i_understand")
    what_i_changed = _part(_("What I have changed or am changing"), "what_i_changed")
    themes = forms.MultipleChoiceField(
        label=_("Themes"), choices=Theme.choices, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Up to three, so readers looking for one theme find the stories that are about it."),
        error_messages={"invalid_choice": _("Please choose themes from the list.")},
    )
    language = forms.ChoiceField(label=_("Language of your story"), choices=settings.LANGUAGES)
    pseudonym = forms.CharField(
        label=_("Pseudonym"), max_length=PSEUDONYM_MAX, required=False,
        help_text=_("Not your real name. Leave it empty to publish anonymously."),
        error_messages={"max_length": _("The pseudonym is too long: at most %(limit_value)d characters.")},
    )

    def __init__(self, *args, with_account: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_account:
            # Without an account a story is anonymous; the link it gets is the way back.
            del self.fields["pseudonym"]

    @classmethod
    def initial_from(cls, story: Story) -> dict:
        return {name: getattr(story, name) for name in
                ("title", "what_i_did", "what_i_understand", "what_i_changed", "themes", "language", "pseudonym")}

    def clean_themes(self):
        themes = self.cleaned_data["themes"]
        if len(themes) > MAX_THEMES:
            raise forms.ValidationError(_("Please choose at most three themes."))
        return themes

    def clean_pseudonym(self):
        return " ".join(self.cleaned_data["pseudonym"].split())


class DraftForm(StoryForm):
    """A draft may be unfinished: only what is there is checked for length."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("what_i_did", "what_i_understand", "what_i_changed"):
            self.fields[name].required = False
            self.fields[name].min_length = None
            self.fields[name].validators = [v for v in self.fields[name].validators
                                            if not isinstance(v, MinLengthValidator)]


class BackForm(forms.Form):
    link = forms.CharField(
        label=_("Your private link"), max_length=300,
        help_text=_("Paste the whole link you kept when you saved your story."),
        error_messages={"required": _("Please paste your private link.")},
    )

    def secret(self) -> str:
        """The secret part of a pasted link, or the pasted text itself if it is only the secret."""
        text = self.cleaned_data["link"].strip()
        if "/private/" in text:
            text = text.split("/private/", 1)[1]
        return text.strip("/ ").split("/", 1)[0].split("?", 1)[0]


class FeedForm(forms.Form):
    order = forms.ChoiceField(label=_("Order"), required=False,
                              choices=[(NEWEST, _("Newest")), (HELPFUL, _("Most helpful"))])
    theme = forms.ChoiceField(label=_("Theme"), required=False, choices=[("", _("All themes")), *Theme.choices])
    language = forms.ChoiceField(label=_("Language"), required=False,
                                 choices=[("", _("All languages")), *settings.LANGUAGES])


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Words to look for"), max_length=200, required=False)
    language = forms.ChoiceField(label=_("Language"), required=False,
                                 choices=[("", _("All languages")), *settings.LANGUAGES])


class TakedownForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why (you do not have to say)"), widget=forms.RadioSelect, required=False,
        choices=[(value, label) for value, label in TakedownRequest.Reason.choices
                 if value != TakedownRequest.Reason.UNSAID],
    )
    words = forms.CharField(
        label=_("Anything the moderator should know (optional)"), max_length=2000, required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example, which part points to you. These words are erased once a moderator has read them."),
        error_messages={"max_length": _("Please keep this under %(limit_value)d characters.")},
    )


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), choices=ModerationDecision.Outcome.choices,
                                widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note to the writer"), max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Needed when you return or reject a story: say what to change, or why it cannot be published."),
    )
    takedown_read = forms.BooleanField(
        label=_("I have read the take-down requests, and the story no longer points to or hurts the person who asked."),
        required=False,
    )
    # The requests this page showed, so a decision covers those and no request that came in since.
    requests_shown = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, requests: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_takedown = bool(requests)
        self.fields["requests_shown"].initial = ",".join(str(r.pk) for r in requests)
        if not self.has_takedown:
            del self.fields["takedown_read"]

    def clean(self):
        data = super().clean()
        outcome = data.get("outcome")
        if outcome in {ModerationDecision.Outcome.RETURNED, ModerationDecision.Outcome.REJECTED} \
                and not data.get("note", "").strip():
            self.add_error("note", _("Please write a note: the writer needs to know what to change or why."))
        if outcome == ModerationDecision.Outcome.APPROVED and self.has_takedown and not data.get("takedown_read"):
            self.add_error("takedown_read", _("Someone asked for this story to come down. Please confirm you have "
                                              "read their request before publishing it again."))
        return data

    def requests_read(self) -> frozenset[int]:
        """The requests the moderator confirmed he read: those the page showed, when he ticked the box."""
        if not self.cleaned_data.get("takedown_read"):
            return frozenset()
        shown = self.cleaned_data.get("requests_shown", "").split(",")
        return frozenset(int(item) for item in shown if item.isascii() and item.isdigit() and len(item) <= 18)
