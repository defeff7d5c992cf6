import copy

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from holdspace.circles.feedback import Scale
from holdspace.circles.joining import Decision
from holdspace.circles.messaging import MESSAGE_AT_MOST
from holdspace.circles.models import Circle, Exercise, Reason
from holdspace.inventory.models import Commitment
from holdspace.reports.pathways import Pathway

LONG_TEXT = 4000
NOTE_TEXT = 10_000


class FinderForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=100, required=False,
                        help_text=_("A word from the name, the description or the city."))
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("Any kind"))] + Circle.Kind.choices)
    language = forms.ChoiceField(label=_("Language"), required=False,
                                 choices=[("", _("Any language"))] + list(settings.LANGUAGES))
    where = forms.CharField(label=_("Where"), max_length=100, required=False,
                            help_text=_('A city, or "online".'))


class CircleForm(forms.ModelForm):
    class Meta:
        model = Circle
        fields = ["name", "kind", "description", "city", "online", "language", "schedule", "capacity", "open_to_new"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), "kind": forms.RadioSelect}
        help_texts = {
            "description": _("What men can expect: the themes, the style, who it is for. Shown in the public finder."),
            "city": _("Leave empty for a circle that only meets online. Give the exact address to members, not here."),
            "capacity": _("How many men, not counting facilitators. Requests beyond this go on a waiting list."),
        }

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if not 2 <= capacity <= 200:
            raise ValidationError(_("A circle has between 2 and 200 places."))
        return capacity

    def clean(self):
        data = super().clean()
        if not data.get("city", "").strip() and not data.get("online"):
            raise ValidationError(_("Give a city, or tick that the circle meets online."))
        return data


class FacilitatorAddForm(forms.Form):
    person = forms.TypedChoiceField(label=_("Add a co-facilitator"), coerce=int)

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [(p.pk, p.display_name) for p in people]


class JoinForm(forms.Form):
    reasons = forms.MultipleChoiceField(
        label=_("What brings you here?"), choices=Reason.choices, widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose any that fit. Only the circle's facilitators see your answers."),
        required=False,
    )
    in_his_words = forms.CharField(
        label=_("Anything you would like the facilitators to know?"), max_length=LONG_TEXT, required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Optional. Encrypted, so that only the circle's facilitators can read it. Other members never see it."),
    )
    accepts_agreements = forms.BooleanField(
        label=_("I have read the group agreements above and will keep them."),
        error_messages={"required": _("Please read the group agreements and tick the box to accept them.")},
    )
    waiting_list_ok = forms.BooleanField(
        label=_("The circle is full: put me on the waiting list."), required=False,
    )
    # The version of the agreements on the page he read.
    agreements_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, full: bool = False, sealable: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not full:
            del self.fields["waiting_list_ok"]
        if not sealable:  # the circle has no key yet: words could not be locked, so none are asked for
            del self.fields["in_his_words"]

    def clean(self):
        data = super().clean()
        if not data.get("reasons") and not (data.get("in_his_words") or "").strip():
            if "in_his_words" in self.fields:
                raise ValidationError(_("Choose at least one reason, or say in a few words why you come."))
            raise ValidationError(_("Choose at least one reason."))
        return data


DECISION_CHOICES = [
    (Decision.ACCEPT, _("Welcome him into the circle")),
    (Decision.WAITLIST, _("Put him on the waiting list")),
    (Decision.DECLINE, _("Not this circle, this time")),
]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Your answer"), choices=DECISION_CHOICES, widget=forms.RadioSelect)
    message = forms.CharField(
        label=_("A few words to him"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("He reads this with your answer. When it is not this circle, a kind word and another place "
                    "to try help more than a reason."),
    )


class AgreementForm(forms.Form):
    title = forms.CharField(label=_("Agreement"), max_length=120, required=False)
    text = forms.CharField(label=_("What it means"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        if (data.get("text") or "").strip() and not (data.get("title") or "").strip():
            self.add_error("title", _("Give this agreement a short name, or empty both boxes to remove it."))
        return data


AgreementFormSet = forms.formset_factory(AgreementForm, extra=2, max_num=30, validate_max=True)


class AgreementChangeForm(forms.Form):
    """The note on a change, sent with the agreements' boxes above it: the page is checked as one."""

    change_note = forms.CharField(
        label=_("What changed, and why"), max_length=300,
        help_text=_("Members read this when they are asked to accept the agreements again. Agreements are best "
                    "changed by consent, after the circle has talked it through."),
    )

    def __init__(self, *args, formset=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.formset = formset

    def is_valid(self) -> bool:
        note_valid = super().is_valid()
        return (self.formset is None or self.formset.is_valid()) and note_valid

    def agreements(self) -> list[dict]:
        """The agreements as typed, without the emptied boxes."""
        if self.formset is None:
            return []
        return [form.cleaned_data for form in self.formset.forms if form.cleaned_data.get("title", "").strip()]


class AcceptAgreementsForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    accept = forms.BooleanField(
        label=_("I have read these agreements and will keep them."),
        error_messages={"required": _("Tick the box to accept the agreements.")},
    )


class SessionForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Starts at"), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    duration_minutes = forms.IntegerField(label=_("Length in minutes"), min_value=15, max_value=12 * 60, initial=180)
    place = forms.CharField(label=_("Where"), max_length=200, required=False,
                            help_text=_("An address or a call link. Shown to members and in their calendars."))
    theme = forms.CharField(label=_("Theme"), max_length=160, required=False,
                            help_text=_('Optional, e.g. "Consent, and what we were taught about it".'))


class AgendaAddForm(forms.Form):
    exercise = forms.TypedChoiceField(label=_("Exercise"), coerce=int)
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=12 * 60, required=False,
                                 help_text=_("Leave empty for the exercise's usual length."))

    def __init__(self, *args, exercises=(), **kwargs):
        super().__init__(*args, **kwargs)
        groups: dict[str, list] = {}
        for exercise, label, kind in exercises:
            groups.setdefault(kind, []).append((exercise.pk, label))
        self.fields["exercise"].choices = list(groups.items())


MINUTES_ASKED = _("Give the minutes as a number between 1 and 720.")


class AgendaMinutesForm(forms.Form):
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=12 * 60, error_messages={
        "required": MINUTES_ASKED, "invalid": MINUTES_ASKED, "min_value": MINUTES_ASKED, "max_value": MINUTES_ASKED})


class AttendanceForm(forms.Form):
    present = forms.TypedMultipleChoiceField(
        label=_("Who came"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Only the circle's members can be marked present."),
                        "invalid_list": _("Only the circle's members can be marked present.")})

    def __init__(self, *args, roster=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(line.member.user_id, line.member.display_name) for line in roster]


# Each man's box and choice in the round, made once and copied for each: forty of each built afresh (with their
# widgets, choices and validators, none of which differs between men) cost more than the rest of the round.
_ROUND_TEXT = forms.CharField(max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
_ROUND_EVERY = forms.ChoiceField(label=_("He checks in"), choices=Commitment.Every.choices, required=False)


def _round_field(field: forms.Field, *, label, initial) -> forms.Field:
    made = copy.copy(field)  # shares the widget and validators, which nothing changes per field
    made.label, made.initial = label, initial
    return made


class CommitmentsRoundForm(forms.Form):
    """One commitment box and one check-in choice for each man present."""

    every_choices = Commitment.Every.choices

    def __init__(self, *args, present=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.people = []
        commits_to = _("%(name)s commits to")  # translated once, not for each man
        for line in present:
            user_id = line.member.user_id
            self.fields[f"text_{user_id}"] = _round_field(
                _ROUND_TEXT, label=commits_to % {"name": line.member.display_name},
                initial=(getattr(line.commitment, "text", None) or "") if line.commitment else "")
            self.fields[f"every_{user_id}"] = _round_field(
                _ROUND_EVERY, label=_ROUND_EVERY.label,
                initial=line.commitment.check_in_every if line.commitment else Commitment.Every.SESSION)
            self.people.append(user_id)

    def rows(self) -> list[dict]:
        """What the page writes out by hand for each man (circles/session.html): each box's name, id, label and
        value, as its bound field gives them, without making forty bound fields and widgets."""
        errors = self.errors if self.is_bound else {}
        rows = []
        for user_id in self.people:
            text, every = f"text_{user_id}", f"every_{user_id}"
            text_name, every_name = self.add_prefix(text), self.add_prefix(every)
            text_value, every_value = self._shown(text, text_name), self._shown(every, every_name)
            rows.append({"label": self.fields[text].label, "text_name": text_name, "text_id": self._id(text_name),
                         "text": "" if text_value is None else text_value, "errors": errors.get(text),
                         "every_name": every_name, "every_id": self._id(every_name), "every": every_value})
        return rows

    def _shown(self, name: str, html_name: str):
        """A field's value as BoundField.value() gives it: what was sent, else its initial value."""
        return self.data.get(html_name) if self.is_bound else self.get_initial_for_field(self.fields[name], name)

    def _id(self, html_name: str) -> str:
        """A field's id as BoundField.auto_id makes it."""
        if self.auto_id and "%s" in str(self.auto_id):
            return self.auto_id % html_name
        return html_name if self.auto_id else ""

    def commitments(self) -> dict[int, tuple[str, str]]:
        return {
            user_id: (self.cleaned_data[f"text_{user_id}"],
                      self.cleaned_data[f"every_{user_id}"] or Commitment.Every.SESSION)
            for user_id in self.people
        }


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("A private note"), max_length=NOTE_TEXT, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Encrypted: only this circle's facilitators can read it. Write what helps you hold the group, "
                    "not what men confided."),
    )


class FeedbackForm(forms.Form):
    felt_safe = forms.ChoiceField(label=_("Did you feel safe in the circle?"), choices=Scale.choices,
                                  widget=forms.RadioSelect)
    honest = forms.ChoiceField(label=_("Was it honest?"), choices=Scale.choices, widget=forms.RadioSelect)
    change = forms.CharField(
        label=_("What would you change?"), max_length=LONG_TEXT, required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional. Facilitators read answers only together with at least two other men's, never "
                    "with your name."),
    )

    def __init__(self, *args, sealable: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not sealable:
            del self.fields["change"]


class ExerciseForm(forms.ModelForm):
    class Meta:
        model = Exercise
        fields = ["title", "kind", "duration_minutes", "language", "purpose", "materials", "steps", "notes",
                  "shared"]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 2}),
            "materials": forms.Textarea(attrs={"rows": 2}),
            "steps": forms.Textarea(attrs={"rows": 8}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "steps": _("One step a line, in the order you lead them."),
            "notes": _("What to watch for, and how to keep the room safe."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("title", "purpose", "steps"):
            self.fields[name].required = True
        self.fields["duration_minutes"].min_value = 1
        self.fields["duration_minutes"].max_value = 12 * 60
        for name, limit in (("purpose", 2000), ("materials", 2000), ("steps", 10_000), ("notes", 5000)):
            self.fields[name].max_length = limit
            self.fields[name].validators.append(MaxLengthValidator(limit))

    def clean_duration_minutes(self):
        minutes = self.cleaned_data["duration_minutes"]
        if not 1 <= minutes <= 12 * 60:
            raise ValidationError(MINUTES_ASKED)
        return minutes


class SafetyConcernForm(forms.Form):
    """A safety concern raised from a session: what happened, whom it concerns, whether someone is in danger."""

    what = forms.CharField(
        label=_("What happened?"), max_length=4000, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("In your own words: what you saw or heard, when, and who was there. Only the organisation's "
                    "stewards read it."))
    about = forms.TypedChoiceField(
        label=_("Who does it concern?"), required=False, coerce=int, empty_value=None,
        help_text=_("Optional. He is not told who raised it; a steward decides whether he is told anything."))
    urgent = forms.BooleanField(
        label=_("Someone may be in danger now"), required=False,
        help_text=_("The steward is asked to respond within hours. If someone is in danger right now, call your "
                    "local emergency number first."))

    def __init__(self, *args, men=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["about"].choices = [("", _("Nobody in particular, or I would rather not say"))] + [
            (man.pk, man.display_name) for man in men]


class SafetyFormalForm(forms.Form):
    action = forms.CharField(
        label=_("What will be done"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Sealed with the concern: only its stewards read it."))
    act_by = forms.DateField(label=_("Act by"), widget=forms.DateInput(attrs={"type": "date"}),
                             help_text=_("Within the next 90 days."))


class SafetyTellForm(forms.Form):
    message = forms.CharField(
        label=_("What he needs to know"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("That there is a concern, and what is expected of him. Do not name or describe who raised it. "
                    "Sealed to his own key: only he reads it."))
    respond_by = forms.DateField(label=_("Respond by"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}), help_text=_("Optional."))


class SafetyReportForm(forms.Form):
    consent = forms.BooleanField(
        label=_("The person affected has agreed to this report"), required=False)
    pathway = forms.ChoiceField(label=_("What they want to happen"), widget=forms.RadioSelect)
    what = forms.CharField(
        label=_("The report"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What the organisation's case handlers will read. Check it with the person affected."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pathway"].choices = Pathway.choices


class CircleMessageForm(forms.Form):
    """The words a facilitator sends to the circle's members; empty or too long is refused by the service, in its
    own words beside the field."""

    text = forms.CharField(
        label=_("Your message to the circle"), required=False, strip=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MESSAGE_AT_MOST}),
        help_text=_("Practical words for every member, such as a change of room or time. Sealed to each member's own "
                    "key; their mail says only that you wrote. Up to 2,000 characters."),
    )


class SessionRemindersForm(forms.Form):
    reminders = forms.ChoiceField(choices=[("on", _("On")), ("off", _("Off"))], widget=forms.HiddenInput)


class ReferralForm(forms.Form):
    """A facilitator refers one of the circle's members to a service of the organisation's support directory."""

    member = forms.TypedChoiceField(label=_("Who"), coerce=int)
    service = forms.TypedChoiceField(label=_("To which service"), coerce=int, widget=forms.RadioSelect)
    words = forms.CharField(
        label=_("A few words to him"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why you think it could help him. He reads them with the service's contact details, sealed to "
                    "his own key: nobody else, the other facilitators included, can read where you referred him."))

    def __init__(self, *args, members=(), services=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [(m.user_id, m.user.display_name) for m in members]
        self.fields["service"].choices = [(s.pk, s.name) for s in services]


class AgreementTranslationForm(forms.Form):
    """The agreements in force in another language: a title and a text for each, in their order, and the version
    the page showed (a new one may come into force meanwhile)."""

    number = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.originals = list(items)
        for number, _item in enumerate(self.originals, start=1):
            self.fields[f"title_{number}"] = forms.CharField(label=_("Agreement"), max_length=120)
            self.fields[f"text_{number}"] = forms.CharField(
                label=_("What it means"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def rows(self):
        return [(item, self[f"title_{number}"], self[f"text_{number}"])
                for number, item in enumerate(self.originals, start=1)]

    def items(self) -> list[dict]:
        return [{"title": self.cleaned_data[f"title_{number}"], "text": self.cleaned_data[f"text_{number}"]}
                for number in range(1, len(self.originals) + 1)]
