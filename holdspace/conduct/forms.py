"""Forms for drafting, commenting on and publishing a code of conduct."""
from datetime import timedelta

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from holdspace.conduct.models import CLAUSE_TEXT_MAX, CLAUSE_TITLE_MAX, COMMENT_MAX
from holdspace.conduct.services import ClauseText
from holdspace.web.inputs import id_from

LONGEST_COMMENT_PERIOD_DAYS = 90


class DraftStartForm(forms.Form):
    FROM_IN_FORCE, FROM_STARTER = "in_force", "starter"

    language = forms.ChoiceField(label=_("Language of the code"), choices=settings.LANGUAGES)
    start_from = forms.ChoiceField(
        label=_("Start from"), widget=forms.RadioSelect,
        choices=[(FROM_IN_FORCE, _("The version in force, to revise it")),
                 (FROM_STARTER, _("Holdspace's starter code, written for organisations like yours"))],
    )

    def __init__(self, *args, has_version_in_force: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not has_version_in_force:
            # Nothing to revise yet: the starter code is the only place to start.
            del self.fields["start_from"]


class ClauseForm(forms.Form):
    # Which draft clause this row revises, so its members' comments follow it when clauses move.
    clause_id = forms.CharField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(label=_("Title"), max_length=CLAUSE_TITLE_MAX)
    text = forms.CharField(label=_("What this clause asks"), max_length=CLAUSE_TEXT_MAX,
                           widget=forms.Textarea(attrs={"rows": 5}))

    def clean_clause_id(self) -> int | None:
        # Anything but a plain id makes the row a new clause: nothing is refused for a hidden field.
        return id_from(self.cleaned_data["clause_id"])


class BaseClauseFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        kept = [form for form in self.forms if form.has_changed() and not self._should_delete_form(form)]
        if not kept:
            raise forms.ValidationError(_("A code needs at least one clause."))

    def clauses(self) -> list[ClauseText]:
        """The clauses in the order the administrator gave, deleted and empty rows left out."""
        kept = [form for form in self.ordered_forms if not self._should_delete_form(form) and form.has_changed()]
        return [ClauseText(form.cleaned_data["title"].strip(), form.cleaned_data["text"].strip(),
                           form.cleaned_data["clause_id"]) for form in kept]


ClauseFormSet = forms.formset_factory(ClauseForm, formset=BaseClauseFormSet, extra=1, can_delete=True,
                                      can_order=True, max_num=60, validate_max=True)


class CommentPeriodForm(forms.Form):
    until = forms.DateField(
        label=_("Members may comment until"),
        help_text=_("Comments close at the end of this day."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean_until(self):
        until = self.cleaned_data["until"]
        today = timezone.localdate()
        if until <= today:
            raise forms.ValidationError(_("Choose a day after today."))
        if until > today + timedelta(days=LONGEST_COMMENT_PERIOD_DAYS):
            raise forms.ValidationError(_("A comment period lasts at most %(days)s days.")
                                        % {"days": LONGEST_COMMENT_PERIOD_DAYS})
        return until


class PublishForm(forms.Form):
    change_note = forms.CharField(
        label=_("What changed, and why"),
        help_text=_("Everyone asked to sign this version reads this first."),
        max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
    )


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Your comment"), max_length=COMMENT_MAX, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("What is missing, unclear, or would not work in practice. "
                                       "Everyone in the organisation reads comments with your name."))


class TranslationForm(forms.Form):
    """The version in force in another language: a title and a text for each of its clauses, in their order, and
    the version the page showed (a new one may come into force meanwhile)."""

    number = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    change_note = forms.CharField(
        label=_("What changed, and why (in this language)"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Left empty, readers in this language see the note as it was first written."))

    def __init__(self, *args, clauses, **kwargs):
        super().__init__(*args, **kwargs)
        self.originals = list(clauses)
        for clause in self.originals:
            self.fields[f"title_{clause.position}"] = forms.CharField(label=_("Title"), max_length=CLAUSE_TITLE_MAX)
            self.fields[f"text_{clause.position}"] = forms.CharField(
                label=_("What this clause asks"), max_length=CLAUSE_TEXT_MAX, widget=forms.Textarea(attrs={"rows": 5}))

    def rows(self):
        """Each clause as first written, with its two fields in this language."""
        return [(clause, self[f"title_{clause.position}"], self[f"text_{clause.position}"])
                for clause in self.originals]

    def clauses(self) -> list[tuple[str, str]]:
        return [(self.cleaned_data[f"title_{clause.position}"], self.cleaned_data[f"text_{clause.position}"])
                for clause in self.originals]
