from django import forms
from django.utils.translation import gettext_lazy as _

from holdspace.vetting.models import EVERY_MONTHS_MAX, LONG_TEXT_MAX, NAME_MAX, Reference
from holdspace.vetting.services import REFERENCES_MAX, Declarations, Referee

MYSELF = "myself"
YES, NO = "yes", "no"
YES_NO = [(NO, _("No")), (YES, _("Yes"))]


def _text(label, *, required=True, help_text="", rows=4, missing=_("Please fill this in.")):
    return forms.CharField(label=label, required=required, max_length=LONG_TEXT_MAX, help_text=help_text,
                           widget=forms.Textarea(attrs={"rows": rows}), error_messages={"required": missing})


def _yes_no(label, required_message):
    # No answer is chosen for the applicant: he picks one himself.
    return forms.ChoiceField(label=label, choices=YES_NO, widget=forms.RadioSelect,
                             error_messages={"required": required_message})


class ApplicationForm(forms.Form):
    joining_as = forms.ChoiceField(label=_("Joining as"), widget=forms.RadioSelect,
                                   error_messages={"required": _("Please say whether you join as yourself or for "
                                                                 "one of your organisations.")})
    motivation = _text(_("Why do you want to join this network?"), rows=6,
                       help_text=_("What you hope to bring and to learn, and how your work relates to the network's."),
                       missing=_("Please say why you want to join."))
    adheres = forms.BooleanField(
        label=_("I have read the network's code of conduct and will keep it."),
        error_messages={"required": _("Please read the code of conduct and tick the box to adhere to it.")},
    )
    code_number = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=10**9)
    leadership_allegation = _yes_no(
        _("Does anyone in your organisation's leadership (or, for a person, do you) face an open allegation of "
          "abuse, harassment or misconduct?"),
        _("Please answer the question about open allegations."),
    )
    leadership_allegation_explanation = _text(
        _("If yes, please explain"), required=False,
        help_text=_("What is alleged, where it stands, and what your organisation is doing about it. Saying so "
                    "openly helps the reviewers understand where things stand."),
    )
    asked_to_leave = _yes_no(
        _("Have you or your organisation ever been asked to leave another network or coalition?"),
        _("Please answer the question about other networks."),
    )
    asked_to_leave_explanation = _text(_("If yes, please explain"), required=False,
                                       help_text=_("Which network, when, and why."))

    def __init__(self, *args, name: str = "", organisations=(), code=None, renewal: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # A renewal: the member organisation answers what changed since it was last vetted; references optional.
        self.renewal = renewal
        if renewal:
            del self.fields["joining_as"]
            self.fields["motivation"].label = _("What has changed since your organisation was last vetted?")
            self.fields["motivation"].help_text = _("Your work, your leadership, your policies and how they are "
                                                    "used, your partnerships with women's rights organisations.")
            self.fields["motivation"].error_messages["required"] = _("Please say what has changed since your "
                                                                     "organisation was last vetted.")
        choices = [(MYSELF, _("Myself (%(name)s)") % {"name": name})] if name else []
        choices += [(str(organisation.pk), organisation.name) for organisation in organisations]
        if not renewal:
            self.fields["joining_as"].choices = choices
            if len(choices) == 1 and not self.is_bound:
                self.initial.setdefault("joining_as", choices[0][0])
        self.organisations = {str(organisation.pk): organisation for organisation in organisations}
        if code is None:
            del self.fields["adheres"]
        for n in range(1, REFERENCES_MAX + 1):
            required = n == 1
            self.fields[f"reference_{n}_organisation"] = forms.CharField(
                label=_("Women's rights organisation"), max_length=NAME_MAX, required=False,
                help_text=_("Choose one from the network's list as you type, or write its name."),
                widget=forms.TextInput(attrs={"list": "referee-organisations", "autocomplete": "off"}))
            self.fields[f"reference_{n}_name"] = forms.CharField(
                label=_("Contact person's name"), max_length=NAME_MAX, required=False)
            self.fields[f"reference_{n}_email"] = forms.EmailField(
                label=_("Contact person's email"), max_length=254, required=False)
            if required and not renewal:
                for part in ("organisation", "name", "email"):
                    self.fields[f"reference_{n}_{part}"].widget.attrs["aria-required"] = "true"

    def reference_groups(self):
        """The references' fields, three by three, for the template."""
        return [[self[f"reference_{n}_{part}"] for part in ("organisation", "name", "email")]
                for n in range(1, REFERENCES_MAX + 1)]

    def clean(self):
        data = super().clean()
        if data.get("leadership_allegation") == YES and not data.get("leadership_allegation_explanation"):
            self.add_error("leadership_allegation_explanation",
                           _("You answered yes: please explain in a few words."))
        if data.get("asked_to_leave") == YES and not data.get("asked_to_leave_explanation"):
            self.add_error("asked_to_leave_explanation", _("You answered yes: please explain in a few words."))
        complete, emails = 0, set()
        for n in range(1, REFERENCES_MAX + 1):
            parts = {part: (data.get(f"reference_{n}_{part}") or "").strip()
                     for part in ("organisation", "name", "email")}
            if not any(parts.values()) and f"reference_{n}_email" not in self.errors:
                continue
            for part, value in parts.items():
                if not value and f"reference_{n}_{part}" not in self.errors:
                    self.add_error(f"reference_{n}_{part}", _("Please fill this in too, or empty this reference."))
            if all(parts.values()):
                if parts["email"].lower() in emails:
                    self.add_error(f"reference_{n}_email", _("This address is already given for another reference."))
                emails.add(parts["email"].lower())
                complete += 1
        if not complete and not self.renewal and not any(key.startswith("reference_") for key in self.errors):
            self.add_error("reference_1_organisation", _("Please name at least one women's rights organisation "
                                                         "that can give a reference."))
        return data

    def refuse_referee(self, email: str, message: str) -> None:
        """Mark the reference whose address may not be sent another request just now."""
        for n in range(1, REFERENCES_MAX + 1):
            if (self.cleaned_data.get(f"reference_{n}_email") or "").strip().lower() == email.strip().lower():
                self.add_error(f"reference_{n}_email", message)
                return

    def organisation(self):
        """The organisation chosen, or None for himself."""
        return self.organisations.get(self.cleaned_data["joining_as"])

    def declarations(self) -> Declarations:
        data = self.cleaned_data
        return Declarations(
            leadership_allegation=data["leadership_allegation"] == YES,
            leadership_allegation_explanation=data["leadership_allegation_explanation"],
            asked_to_leave=data["asked_to_leave"] == YES,
            asked_to_leave_explanation=data["asked_to_leave_explanation"],
        )

    def referees(self) -> list[Referee]:
        data = self.cleaned_data
        found = []
        for n in range(1, REFERENCES_MAX + 1):
            parts = [(data.get(f"reference_{n}_{part}") or "").strip() for part in ("organisation", "name", "email")]
            if all(parts):
                found.append(Referee(*parts))
        return found


class ReferenceForm(forms.Form):
    how_known = _text(_("How do you know the applicant?"),
                      help_text=_("For example: you worked together on a project, or they are a partner of yours."),
                      missing=_("Please say how you know the applicant."))
    recommendation = forms.ChoiceField(
        label=_("Would you recommend them as a member of this network?"),
        choices=Reference.Recommendation.choices, widget=forms.RadioSelect,
        error_messages={"required": _("Please choose one answer.")},
    )
    comments = _text(_("Comments"), required=False, rows=6,
                     help_text=_("Optional. Anything the network should know, including any reservations."))
    answered_by = forms.CharField(label=_("Your name"), max_length=NAME_MAX,
                                  help_text=_("The person answering for your organisation."),
                                  error_messages={"required": _("Please give your name.")})


class ReferenceDeclineForm(forms.Form):
    words = _text(_("A few words, if you wish"), required=False, rows=3,
                  help_text=_("Optional. The network's reviewers read them."))


class NoteForm(forms.Form):
    text = _text(_("Your note"), help_text=_("Read by the network's other reviewers, never by the applicant."),
                 missing=_("Please write the note."))


class ConflictForm(forms.Form):
    reason = _text(_("Why you have a conflict of interest"), rows=3,
                   help_text=_("For example: you work with the applicant, or are related to someone in its "
                               "leadership. Afterwards you will no longer see this application."),
                   missing=_("Please give the reason for the conflict of interest."))


ACCEPT, DECLINE = "accept", "decline"


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Your decision"), widget=forms.RadioSelect,
                                choices=[(ACCEPT, _("Accept: welcome them into the network")),
                                         (DECLINE, _("Decline the application"))],
                                error_messages={"required": _("Please choose to accept or to decline.")})
    reason = _text(_("The reason for the decision"),
                   help_text=_("The applicant reads this with the decision. Write it so they understand it."),
                   missing=_("Please write the reason for the decision."))
    no_reference_reason = _text(
        _("Why you decide without a reference"), required=False, rows=3,
        help_text=_("Needed only when no reference has been given. Read by the network's reviewers only."))

    def __init__(self, *args, renewal: bool = False, needs_reason: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if renewal:
            self.fields["outcome"].choices = [(ACCEPT, _("Renew: they stay a member in good standing")),
                                              (DECLINE, _("Do not renew"))]
            self.fields["outcome"].error_messages["required"] = _("Please choose to renew or not.")
        if not needs_reason:
            del self.fields["no_reference_reason"]

    def clean(self):
        data = super().clean()
        data.setdefault("no_reference_reason", "")
        return data


GRANT, REFUSE = "grant", "refuse"


class AppealForm(forms.Form):
    reasons = _text(_("Why you appeal the decision"), rows=6,
                    help_text=_("What you think the reviewers missed or got wrong, and anything that has changed. "
                                "Reviewers who took no part in the first decision read it."),
                    missing=_("Please say why you appeal the decision."))


class AppealDecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Your decision on the appeal"), widget=forms.RadioSelect,
                                choices=[(GRANT, _("Grant the appeal")), (REFUSE, _("Do not grant the appeal"))],
                                error_messages={"required": _("Please choose to grant the appeal or not.")})
    reason = _text(_("The reason for your decision on the appeal"),
                   help_text=_("The applicant reads this. Write it so they understand it."),
                   missing=_("Please write the reason for your decision on the appeal."))


class ScheduleForm(forms.Form):
    every_months = forms.IntegerField(
        label=_("Vet each member again every so many months"), required=False, min_value=1,
        max_value=EVERY_MONTHS_MAX,
        help_text=_("Counted from the last decision on the member, or from when it joined. Leave it empty to "
                    "never vet members again."),
        error_messages={"invalid": _("Please give a whole number of months.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Worded here, in the language of the request, with the one limit the schedule has.
        out_of_range = _("Please give a number of months between 1 and %(most)s, or leave it empty.") % {
            "most": EVERY_MONTHS_MAX}
        self.fields["every_months"].error_messages.update(min_value=out_of_range, max_value=out_of_range)


class RefereeOrganisationForm(forms.Form):
    name = forms.CharField(label=_("Name of the organisation"), max_length=NAME_MAX,
                           error_messages={"required": _("Please give the organisation's name.")})
    country = forms.CharField(label=_("Country"), max_length=NAME_MAX,
                              error_messages={"required": _("Please give the country.")})
    city = forms.CharField(label=_("City"), max_length=NAME_MAX, required=False)
    contact = forms.CharField(label=_("Contact"), max_length=NAME_MAX, required=False,
                              help_text=_("Optional: a person, an address or a website the reviewers can use."))
