from dataclasses import dataclass
from datetime import timedelta

from django import forms
from django.forms import BoundField
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from holdspace.assessments.models import (
    DETAIL_MAX, MIN_ANSWERS_CEILING, MIN_ANSWERS_FLOOR, TITLE_MAX, ActionPoint,
)
from holdspace.assessments.questionnaire import COMMENT_MAX, DIMENSIONS, DONT_KNOW, QUESTION_KEYS, SCALE, Dimension
from holdspace.assessments.services import LONGEST_ROUND_DAYS

DATE_HELP = _("For example 2026-12-31.")


class RoundForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX,
                            help_text=_("For example: “Assessment, spring 2026”."))
    closes_on = forms.DateField(
        label=_("Answers are taken until the end of"), widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Please write a date, for example 2026-12-31.")},
    )
    min_answers = forms.IntegerField(
        label=_("Answers needed before results are shown"), min_value=MIN_ANSWERS_FLOOR,
        max_value=MIN_ANSWERS_CEILING, initial=MIN_ANSWERS_FLOOR,
        error_messages={"min_value": _("At least %(limit_value)s answers are needed, so that no one can be "
                                       "recognised.")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"closes_on": timezone.localdate() + timedelta(days=21)})
        super().__init__(*args, **kwargs)
        # Set here, in the language of the request: a lazy text with figures put in is fixed when first read.
        self.fields["closes_on"].help_text = gettext(
            "From tomorrow to %(days)s days ahead. Results can be read after this day.") % {"days": LONGEST_ROUND_DAYS}
        self.fields["min_answers"].help_text = gettext(
            "At least %(floor)s. In a small group, raise it: the fewer the answers, the easier it is to guess who "
            "said what.") % {"floor": MIN_ANSWERS_FLOOR}


def _answer_choices():
    return [*((str(value), label) for value, label in SCALE), (DONT_KNOW, _("I don't know"))]


@dataclass
class DimensionFields:
    dimension: Dimension
    statements: list[BoundField]
    comment: BoundField


class AnswerForm(forms.Form):
    """Every statement of the questionnaire, each required ("I don't know" is an answer), and an optional comment
    per dimension. Nothing is chosen in advance."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for dimension in DIMENSIONS:
            for statement in dimension.statements:
                self.fields[statement.key] = forms.ChoiceField(
                    label=statement.text, choices=_answer_choices(), widget=forms.RadioSelect,
                    error_messages={"required": _("Please choose an answer; “I don't know” is an answer too."),
                                    "invalid_choice": _("Please choose one of the answers.")},
                )
            self.fields[f"comment_{dimension.key}"] = forms.CharField(
                label=_("Anything to add about this part? (optional)"), required=False, max_length=COMMENT_MAX,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("Shown to everyone with the results, without your name. Please name no one: "
                            "write about what happens, not about who."),
            )

    def groups(self) -> list[DimensionFields]:
        return [DimensionFields(dimension, [self[s.key] for s in dimension.statements],
                                self[f"comment_{dimension.key}"]) for dimension in DIMENSIONS]

    def missing(self) -> int:
        """How many statements have no answer, for the summary at the top."""
        return sum(1 for key in QUESTION_KEYS if key in self.errors)

    def scores(self) -> dict[str, int | None]:
        return {key: None if self.cleaned_data[key] == DONT_KNOW else int(self.cleaned_data[key])
                for key in QUESTION_KEYS}

    def comments(self) -> dict[str, str]:
        return {dimension.key: self.cleaned_data[f"comment_{dimension.key}"] for dimension in DIMENSIONS}


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name or obj.email


class ActionPointForm(forms.Form):
    title = forms.CharField(label=_("What will be done"), max_length=TITLE_MAX)
    detail = forms.CharField(label=_("Details"), required=False, max_length=DETAIL_MAX,
                             widget=forms.Textarea(attrs={"rows": 4}),
                             help_text=_("What finished looks like, and which results this answers."))
    owner = OwnerChoiceField(label=_("Owner"), queryset=None, empty_label=_("Choose a person"),
                             help_text=_("Someone of the organisation who sees it through. Partners hold the "
                                         "organisation to account; its action points are its own work."),
                             error_messages={"invalid_choice": _("Please choose someone from the list.")})
    due_on = forms.DateField(label=_("Due on"), widget=forms.DateInput(attrs={"type": "date"}), help_text=DATE_HELP,
                             error_messages={"invalid": _("Please write a date, for example 2026-12-31.")})

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people


class ActionPointEditForm(ActionPointForm):
    status = forms.ChoiceField(label=_("Status"), choices=ActionPoint.Status.choices)
    progress_note = forms.CharField(label=_("Progress"), required=False, max_length=DETAIL_MAX,
                                    widget=forms.Textarea(attrs={"rows": 4}),
                                    help_text=_("What has been done so far, and what is in the way. When you drop "
                                                "the point, say here why."))


class ProgressForm(forms.Form):
    """The owner's update: dropping a point is an administrator's decision, so it is not offered."""

    status = forms.ChoiceField(label=_("Status"), choices=[
        (value, label) for value, label in ActionPoint.Status.choices if value != ActionPoint.Status.DROPPED])
    progress_note = forms.CharField(label=_("Progress"), required=False, max_length=DETAIL_MAX,
                                    widget=forms.Textarea(attrs={"rows": 4}),
                                    help_text=_("What has been done so far, and what is in the way."))
