from django import forms
from django.core.exceptions import ValidationError
from django.utils.crypto import salted_hmac
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from holdspace.crypto.receipts import NotAReceipt, receipt_normalise
from holdspace.reports.attachments import ACCEPT, MAX_FILES, attachment_clean, upload_name
from holdspace.reports.content import ReportContent, ReporterIdentity
from holdspace.reports.models import (
    STEP_IN_DAYS_MAX, STEP_IN_DAYS_MESSAGE, STEP_IN_DAYS_MIN, Case, CaseFinding, CaseMeasure, EvidenceEntry,
    IntakeChannel, ReportingPolicy, StandardOfProof,
)
from holdspace.reports.needs import Need
from holdspace.reports.pathways import DEFAULT_DAYS, PATHWAY_EXPLANATIONS, Pathway, Stage
from holdspace.reports.records import MAX_CHARS as RECORD_MAX_CHARS
from holdspace.reports.refusals import REFUSALS
from holdspace.web.field_messages import NamedFileField
from holdspace.web.refusals import Refusal, refusal_message
from holdspace.web.uploads import TOO_BIG, UploadNotKept

LONG_TEXT = 20_000
SHORT_TEXT = 300


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Several files at once, each checked and stripped of metadata as it is cleaned."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        uploads = [item for item in (data if isinstance(data, (list, tuple)) else [data]) if item]
        if len(uploads) > MAX_FILES:
            raise ValidationError(_("You can add up to %(count)d files at a time.") % {"count": MAX_FILES})
        cleaned = []
        for upload in uploads:
            if isinstance(upload, UploadNotKept):  # past a bound, it arrived as its name only (web.uploads)
                if upload.reason == TOO_BIG:
                    raise ValidationError(refusal_message(Refusal("file_too_big", name=upload_name(upload)),
                                                          messages=REFUSALS))
                raise ValidationError(f"{upload_name(upload)}: {upload.message}")
            if not upload.size:  # said here, with its name, before Django's check says it without one
                raise ValidationError(refusal_message(Refusal("file_empty", name=upload_name(upload)),
                                                      messages=REFUSALS))
            super().clean(upload, initial)
            try:
                cleaned.append(attachment_clean(upload))
            except Refusal as refused:
                raise ValidationError(refusal_message(refused, messages=REFUSALS)) from None
        return cleaned


LEADER_CHOICE_SALT = "holdspace.reports.forms.leader_choice"


def leader_choice(organisation, leader) -> str:
    """The value the report form sends for a leader: a keyed hash of organisation and person, so the page
    shows no account id, and one that no longer matches (he left the role, the secret changed) is refused."""
    return salted_hmac(LEADER_CHOICE_SALT, f"{organisation.pk}:{leader.pk}", algorithm="sha256").hexdigest()[:32]


FILES_HELP = _("Images (JPEG, PNG) or PDF, up to 10 MB each. Camera, place and author details are removed before the file is stored.")


class PathwayRadio(forms.RadioSelect):
    option_template_name = "reports/_pathway_option.html"

    def create_option(self, *args, **kwargs):
        option = super().create_option(*args, **kwargs)
        option["explanation"] = PATHWAY_EXPLANATIONS.get(option["value"], "")
        return option


def pathway_field(**kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("What would you like to happen?"),
        choices=Pathway.choices,
        widget=PathwayRadio,
        help_text=_("You can change this later, or stop at any time."),
        **kwargs,
    )


def needs_field() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=_("What do you need now?"), choices=Need.choices, widget=forms.CheckboxSelectMultiple, required=False,
        help_text=_("Optional. Choose any that fit; you can change them later on your report's page. Only the "
                    "handlers read them."),
    )


def needs_check(form: forms.Form, data: dict, field: str = "needs") -> None:
    chosen = data.get(field) or []
    if Need.NOTHING_YET in chosen and len(chosen) > 1:
        form.add_error(field, _("\"Nothing yet\" cannot go with other needs: please choose one or the other."))


NEWS_EMAIL_HELP = _(
    "Optional. If you give an email address, we write to it only to say there is news. Its subject is \"A new "
    "update is waiting for you\", and it names no organisation, no details, no case number. It is locked with your "
    "report, and you can remove it at any time. Use an address nobody else reads.")

KEEP_HELP = _(
    "If you lose your receipt, your account opens the report. Anyone who gets into your account can open it too. "
    "Your receipt code keeps working either way.")


RESPONDENT_CONSENT_LABEL = _(
    "If there is a formal investigation, the person may be told about the report so that he can respond."
)


class ReportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Is this feedback or a complaint?"),
        choices=[
            (Case.Kind.COMPLAINT, _("A complaint: something happened that should not have")),
            (Case.Kind.FEEDBACK, _("Feedback: something the organisation should know or do better")),
        ],
        widget=forms.RadioSelect,
    )
    on_behalf = forms.TypedChoiceField(
        label=_("Who is this about?"),
        choices=[("no", _("Something that happened to me")), ("yes", _("Something that happened to someone else"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        initial="no",
    )
    consent_confirmed = forms.BooleanField(
        label=_("The person it happened to knows about this report and agrees to it."),
        required=False,
        help_text=_("Only needed when you write for someone else."),
    )
    what = forms.CharField(
        label=_("What happened?"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("In your own words, as much or as little as you want to share."),
    )
    when = forms.CharField(
        label=_("When did it happen?"), max_length=SHORT_TEXT, required=False,
        help_text=_("Optional. Roughly is fine, e.g. \"last spring\"."),
    )
    where = forms.CharField(label=_("Where did it happen?"), max_length=SHORT_TEXT, required=False,
                            help_text=_("Optional."))
    respondent_name = forms.CharField(
        label=_("Who is it about?"), max_length=SHORT_TEXT, required=False,
        help_text=_("Optional. You can leave the person unnamed."),
    )
    # Its values are opaque (see leader_choice); clean_respondent_leader turns the one chosen into an account id.
    respondent_leader = forms.ChoiceField(
        label=_("Is it about one of the people who run this organisation or read its reports?"),
        required=False,
        help_text=_("If so, choose him here: he will not be able to see your report, and it may go to the network instead."),
        error_messages={"invalid_choice": _(
            "The list of people changed since this page was opened. Please choose again: everything else you "
            "wrote is kept.")},
    )
    people = forms.CharField(label=_("Was anyone else involved?"), max_length=LONG_TEXT, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}), help_text=_("Optional."))
    witnesses = forms.CharField(label=_("Did anyone see or hear it?"), max_length=LONG_TEXT, required=False,
                                widget=forms.Textarea(attrs={"rows": 3}), help_text=_("Optional."))
    impact = forms.CharField(label=_("How has it affected you or the person it happened to?"), max_length=LONG_TEXT,
                             required=False, widget=forms.Textarea(attrs={"rows": 4}), help_text=_("Optional."))
    files = FilesField(label=_("Files"), help_text=FILES_HELP)
    pathway = pathway_field()
    respondent_consent = forms.BooleanField(label=RESPONDENT_CONSENT_LABEL, required=False)
    needs = needs_field()
    news_email = forms.EmailField(label=_("Email to tell you there is news"), max_length=254, required=False,
                                  help_text=NEWS_EMAIL_HELP)
    keep = forms.BooleanField(label=_("Keep this report with my account"), required=False, help_text=KEEP_HELP)
    identity_name = forms.CharField(
        label=_("Your name"), max_length=SHORT_TEXT, required=False,
        help_text=_("Optional. Leave empty to stay anonymous."),
    )
    identity_contact = forms.CharField(
        label=_("How to reach you"), max_length=SHORT_TEXT, required=False,
        help_text=_("Optional. Your name and contact are locked separately: handlers work on your report without "
                    "seeing them, and release them only with a second handler's approval."),
    )

    STEPS = (
        (_("1. About this report"), ("kind", "on_behalf", "consent_confirmed")),
        (_("2. What happened"), ("what", "when", "where", "respondent_name", "respondent_leader", "people",
                                 "witnesses", "impact")),
        (_("3. Anything to add (optional)"), ("files",)),
        (_("4. What you would like to happen"), ("pathway", "respondent_consent", "needs")),
        (_("5. Who you are (optional)"), ("identity_name", "identity_contact")),
        (_("6. Hearing back (optional)"), ("news_email", "keep")),
    )

    def steps(self):
        """The form in the order a person fills it, one fieldset per step."""
        return [(legend, [self[name] for name in names if name in self.fields]) for legend, names in self.STEPS]

    def __init__(self, *args, organisation, leaders=(), may_keep=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_keep:  # only a signed-in person with a key can keep a report with her account
            del self.fields["keep"]
        # The leaders (a list, or a query read only when needed: the form drawn, or one of them chosen; most reports
        # sent choose none).
        self._organisation, self._leaders = organisation, leaders
        self.fields["respondent_leader"].choices = self._leader_choices

    @cached_property
    def _offered(self) -> list[tuple[str, str, int]]:
        # Anyone can open this page: it offers the names to choose from and nothing else about the people.
        return sorted(((leader.display_name, leader_choice(self._organisation, leader), leader.pk)
                       for leader in self._leaders), key=lambda offer: (offer[0].casefold(), offer[1]))

    def _leader_choices(self) -> list[tuple[str, str]]:
        return [("", _("No, or I prefer not to say"))] + [
            (choice, name or _("A leader")) for name, choice, _pk in self._offered
        ]

    def clean_respondent_leader(self) -> int | None:
        choice = self.cleaned_data["respondent_leader"]
        return {offered: pk for _name, offered, pk in self._offered}[choice] if choice else None

    def clean(self):
        data = super().clean()
        if data.get("on_behalf") and not data.get("consent_confirmed"):
            self.add_error(
                "consent_confirmed",
                _("Please report for someone else only with their agreement, and tick this box to confirm it."),
            )
        if not (data.get("what") or "").strip() and "what" not in self.errors:
            self.add_error("what", _("Please write at least a few words about what happened."))
        needs_check(self, data)
        return data

    def content(self) -> ReportContent:
        data = self.cleaned_data
        return ReportContent(
            what=data["what"], when=data["when"], where=data["where"], respondent_name=data["respondent_name"],
            people=data["people"], witnesses=data["witnesses"], impact=data["impact"], needs=data["needs"],
        )

    def identity(self) -> ReporterIdentity:
        return ReporterIdentity(name=self.cleaned_data["identity_name"], contact=self.cleaned_data["identity_contact"])


RECEIPT_SLIPS = {
    "length": _("A receipt code has 21 letters and numbers (six groups, the last with one). "
                "Please check you copied all of it; this did not count as a try."),
    "symbol": _("This code has a character that receipt codes never use. "
                "Please check it against your receipt; this did not count as a try."),
    "check": _("A letter or number in this code looks mistyped or swapped with its neighbour. "
               "Please check each group against your receipt; this did not count as a try."),
}


class ReceiptForm(forms.Form):
    receipt = forms.CharField(
        label=_("Your receipt code"),
        max_length=64,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
        help_text=_("Groups of letters and numbers, e.g. 7KQ2-M9XD-… Spaces, dashes and lower case are fine."),
    )

    def clean_receipt(self) -> str:
        # A slip the code's own check catches is told here, before a try is counted: it costs nothing.
        typed = self.cleaned_data["receipt"]
        try:
            receipt_normalise(typed)
        except NotAReceipt as slip:
            raise ValidationError(RECEIPT_SLIPS[str(slip)], code=f"receipt_{slip}") from None
        return typed


class ReporterWriteForm(forms.Form):
    body = forms.CharField(label=_("Your message"), max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 5}))
    files = FilesField(label=_("Files"), help_text=FILES_HELP)
    information = forms.BooleanField(
        label=_("This is new information about what happened"), required=False
    )
    appeal = forms.BooleanField(label=_("I appeal the outcome (say why in your message)"), required=False)

    def __init__(self, *args, may_appeal=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_appeal:
            del self.fields["appeal"]


class CaseChangeForm(forms.Form):
    """A form that changes a case's state carries the case's version its page showed (reports.moves):
    the change is refused, with what was typed kept, once the case has moved on since."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, case: Case | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            self.case_seen(case)

    def case_seen(self, case: Case) -> None:
        """The page now shows `case` as it is: a form sent from it again acts on this version."""
        if self.is_bound:
            self.data = self.data.copy()
            self.data[self.add_prefix("version")] = case.version
        else:
            self.initial = {**self.initial, "version": case.version}

    def clean(self):
        data = super().clean()
        if data.get("version") is None:  # the hidden field's own error would not be shown
            self.add_error(None, _("This page is out of date. Open the case again, then send the form."))
        return data


class PathwayChangeForm(CaseChangeForm):
    pathway = pathway_field()
    respondent_consent = forms.BooleanField(label=RESPONDENT_CONSENT_LABEL, required=False)


class NeedsForm(forms.Form):
    needs = needs_field()

    def clean(self):
        data = super().clean()
        needs_check(self, data)
        return data


class NewsAddressForm(forms.Form):
    news_email = forms.EmailField(label=_("Email to tell you there is news"), max_length=254,
                                  help_text=NEWS_EMAIL_HELP)


class KeptForm(forms.Form):
    kept = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
def confirm_field(label, refused) -> forms.BooleanField:
    """A box a rare or lasting action asks to be ticked: no JavaScript dialog, and without it the action is
    refused with these words, everything else kept as typed."""
    return forms.BooleanField(label=label, error_messages={"required": refused})


CONFIRM_REFUSED = _("Please tick the box to confirm. Nothing was changed, and what you chose is kept.")


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(label=_("Yes, I am sure"),
                                 error_messages={"required": _("Please tick the box to confirm.")})


# Handlers' forms


class StageCompleteForm(CaseChangeForm):
    note = forms.CharField(
        label=_("Note on this stage"), max_length=LONG_TEXT, required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Encrypted like the report. E.g. what was said, agreed or found."),
    )
    # Not required here: whether it is needed depends on the stage the case is at when the form arrives,
    # which the service checks after the case's version, so a stale tab's form is refused as stale and
    # never taken for findings (the service's "standard_needed" comes back beside this field).
    standard = forms.ChoiceField(
        label=_("Standard of proof the findings were made on"), choices=StandardOfProof.choices,
        widget=forms.RadioSelect, required=False,
    )

    # Shown with the acknowledgment: what a person writes her as the stage completes (her first answer).
    reporter_message = forms.CharField(
        label=_("Your first message to the person who reported"), max_length=LONG_TEXT, required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("She reads it on her page. Say that a person has read her report, what happens next and when "
                    "she will hear from you. Leave it empty only if you have written to her already."),
    )

    def __init__(self, *args, findings: bool = False, acknowledge: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not findings:
            del self.fields["standard"]
        if not acknowledge:
            del self.fields["reporter_message"]


class AgreementActionForm(forms.Form):
    description = forms.CharField(label=_("Action"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
                                  help_text=_("E.g. an apology, repair, a course, stepping back from a role."))
    owner = forms.CharField(label=_("Who does it"), max_length=SHORT_TEXT)
    due_on = forms.DateField(label=_("By when"), widget=forms.DateInput(attrs={"type": "date"}),
                             help_text=_("For example 2026-12-31."))


class HandlerMessageForm(forms.Form):
    channel = forms.ChoiceField(label=_("To"), choices=(),
                                error_messages={"required": _("Please choose who reads this message.")})
    body = forms.CharField(label=_("Message"), max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 4}))
    files = FilesField(label=_("Files"), help_text=FILES_HELP)

    def __init__(self, *args, channels=(), **kwargs):
        super().__init__(*args, **kwargs)
        # No reader is chosen at first: a note meant for handlers must not reach the reporter or the
        # respondent because the first choice was left in place.
        self.fields["channel"].choices = [("", _("Choose who reads it"))] + list(channels)


class SafetyForm(CaseChangeForm):
    risk = forms.ChoiceField(label=_("Risk"), choices=Case.Risk.choices, widget=forms.RadioSelect)
    measures = forms.CharField(
        label=_("Interim measures"), max_length=LONG_TEXT, required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. the respondent steps back from a role during the process. Encrypted."),
    )


CHOOSE_SOMEONE = _("Please choose someone from the list.")


def people_choices(people, *, blank) -> list:
    """Nobody is chosen at first: a person is named on purpose, never by leaving the first name in place."""
    return [("", blank)] + [(p.pk, p.display_name or p.email) for p in people]


class PersonChoiceForm(CaseChangeForm):
    person = forms.TypedChoiceField(label=_("Person"), coerce=int, error_messages={"required": CHOOSE_SOMEONE})

    def __init__(self, *args, people=(), label=None, blank=None, versioned=True, confirm=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = people_choices(people, blank=blank or _("Choose someone"))
        if label:
            self.fields["person"].label = label
        if confirm:
            self.fields["confirm"] = confirm_field(confirm, CONFIRM_REFUSED)
        if not versioned:  # giving a colleague access changes who may read the case, not its state
            del self.fields["version"]

    def clean(self):
        if "version" not in self.fields:
            return forms.Form.clean(self)
        return super().clean()


class NotifyForm(CaseChangeForm):
    notice = forms.CharField(
        label=_("What the respondent is told"), max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("He sees this on his own page, with his right to respond, the deadlines and his right to appeal."),
    )
    confirm = confirm_field(_("I understand that he is told now, and that this cannot be undone."), CONFIRM_REFUSED)


class AppealForm(CaseChangeForm):
    by = forms.ChoiceField(
        label=_("Who appeals"),
        choices=[("reporter", _("The reporter")), ("respondent", _("The respondent"))],
        widget=forms.RadioSelect,
    )
    handler = forms.TypedChoiceField(label=_("Handler who decides the appeal"), coerce=int,
                                     help_text=_("Someone who did not write the findings or the outcome."),
                                     error_messages={"required": CHOOSE_SOMEONE})

    confirm = confirm_field(_("I understand that this opens an appeal with its own deadline."), CONFIRM_REFUSED)

    def __init__(self, *args, handlers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].choices = people_choices(handlers, blank=_("Choose someone"))


class CloseForm(CaseChangeForm):
    """Closing is its own decision, apart from completing a stage: an outcome chosen on purpose and a
    confirmation ticked, which needs no JavaScript."""

    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("", _("Choose the outcome"))] + Case.Outcome.choices,
                                error_messages={"required": _("Please choose the outcome the case closes with.")})
    confirm = forms.BooleanField(
        label=_("I understand that this closes the case: its open stages end and no stage can be completed after."),
        error_messages={"required": _("Please tick the box to confirm that you mean to close the case.")},
    )


class HoldForm(CaseChangeForm):
    reason = forms.CharField(
        label=_("Reason to keep this case past its retention period"), max_length=200, required=False,
        help_text=_("Leave empty to lift the hold. Do not write details of the report here."),
    )
    confirm = confirm_field(_("I mean to change how long this case is kept."), CONFIRM_REFUSED)


class ConflictForm(forms.Form):
    confirm = confirm_field(_("I step away from this case. My access is removed and cannot be given back."),
                            CONFIRM_REFUSED)


class ClassifyForm(CaseChangeForm):
    """What happened and how serious it is: sealed with the case, counted for the organisation's figures."""

    case_type = forms.ChoiceField(label=_("Type"), error_messages={"required": _("Please choose a type.")})
    severity = forms.ChoiceField(label=_("Severity"), widget=forms.RadioSelect,
                                 error_messages={"required": _("Please choose a severity.")})

    def __init__(self, *args, types=(), severities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_type"].choices = [("", _("Choose a type"))] + list(types)
        self.fields["severity"].choices = list(severities)


class CaseLinkForm(forms.Form):
    reference = forms.CharField(label=_("Reference of the related case"), max_length=12,
                                help_text=_("For example ABCD-EFGH. Only cases you can see can be linked."))


class CaseTypeForm(forms.Form):
    name = forms.CharField(label=_("New type"), max_length=80)


class CaseFilterForm(forms.Form):
    """Search and filters over the cases list: a plain GET form."""

    show = forms.ChoiceField(label=_("Cases"), required=False, choices=[
        ("open", _("Open")), ("closed", _("Closed")), ("all", _("All"))])
    stage = forms.ChoiceField(label=_("Stage"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    mine = forms.BooleanField(label=_("Assigned to me only"), required=False)
    pathway = forms.ChoiceField(label=_("Asked for"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    case_type = forms.ChoiceField(label=_("Type"), required=False)
    severity = forms.ChoiceField(label=_("Severity"), required=False)
    handler = forms.TypedChoiceField(label=_("Assigned to"), required=False, coerce=int, empty_value=None)
    received_from = forms.DateField(label=_("Received from"), required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}))
    received_to = forms.DateField(label=_("Received until"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, types=(), severities=(), handlers=(), **kwargs):
        super().__init__(*args, **kwargs)
        anything = ("", _("Any"))
        self.fields["stage"].choices = [anything, *Stage.choices]
        self.fields["pathway"].choices = [anything, *Pathway.choices]
        self.fields["kind"].choices = [anything, *Case.Kind.choices]
        self.fields["case_type"].choices = [anything, *types]
        self.fields["severity"].choices = [anything, *severities]
        self.fields["handler"].choices = [anything, *[(p.pk, p.display_name or p.email) for p in handlers]]

    def clean(self):
        data = super().clean()
        start, end = data.get("received_from"), data.get("received_to")
        if start and end and start > end:
            self.add_error("received_to", _("This date comes before the first one."))
        return data


class IdentityRequestForm(forms.Form):
    reason = forms.CharField(label=_("Why you need to know who reported"), max_length=300,
                             help_text=_("Encrypted like the report; shown to the handler who decides."))


class IdentityDecideForm(forms.Form):
    release = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("decline", _("Decline"))])


class RespondentWriteForm(forms.Form):
    body = forms.CharField(label=_("Your message"), max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 6}))
    appeal = forms.BooleanField(label=_("I appeal the outcome (say why in your message)"), required=False)


class NoticeCodeForm(forms.Form):
    code = forms.CharField(label=_("The code from the email"), max_length=120,
                           help_text=_("Eight groups of five letters and numbers, e.g. abcde-fghjk-…"),
                           widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))


class PolicyForm(forms.Form):
    """An organisation's reporting policy: a deadline for every stage, retention and notice."""

    retention_days = forms.IntegerField(
        label=_("Days a closed case is kept before it is deleted"), min_value=30, max_value=3650,
    )
    reminder_days_before = forms.IntegerField(
        label=_("Days before a deadline to remind the handlers"), min_value=0, max_value=30,
    )
    respondent_notice_required = forms.BooleanField(
        label=_("A formal investigation always tells the respondent, even without the reporter's agreement"),
        required=False,
    )
    route_leaders_to_network = forms.BooleanField(
        label=_("Reports about our administrators and case handlers go to our network"), required=False,
    )
    step_in_after_days = forms.IntegerField(
        label=_("Days a stage may stay overdue before the person who reported may ask our network to step in"),
        min_value=STEP_IN_DAYS_MIN, max_value=STEP_IN_DAYS_MAX, required=False,
        error_messages={"min_value": STEP_IN_DAYS_MESSAGE, "max_value": STEP_IN_DAYS_MESSAGE},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built for each form, in the language of the request (a class attribute would be English for everyone).
        self.fields["step_in_after_days"].help_text = _("Default: %(days)d days. At most %(most)d.") % {
            "days": ReportingPolicy._meta.get_field("step_in_after_days").default, "most": STEP_IN_DAYS_MAX}
        for stage, days in DEFAULT_DAYS.items():
            self.fields[f"days_{stage}"] = forms.IntegerField(
                label=Stage(stage).label, min_value=1, max_value=365,
                help_text=_("Default: %(days)d days") % {"days": days},
            )

    def stage_fields(self):
        return [self[f"days_{stage}"] for stage in DEFAULT_DAYS]

    def general_fields(self):
        return [self[name] for name in ("retention_days", "reminder_days_before", "respondent_notice_required",
                                        "route_leaders_to_network", "step_in_after_days")]

    def stage_days(self) -> dict:
        """Only the stages that differ from the defaults."""
        return {
            str(stage): self.cleaned_data[f"days_{stage}"]
            for stage, days in DEFAULT_DAYS.items()
            if self.cleaned_data[f"days_{stage}"] != days
        }


class SupportServiceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=160)
    description = forms.CharField(label=_("What they offer"), max_length=2000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    contact = forms.CharField(label=_("How to reach them"), max_length=300)


class RecoveryStartForm(forms.Form):
    """Give a handler the keys to cases no handler's key opens: the first of two people."""

    recipient = forms.TypedChoiceField(label=_("The handler who receives the keys"), coerce=int,
                                       help_text=_("A handler here with a key of their own: for example the one "
                                                   "who lost theirs and has made a new one."))
    cases = forms.TypedMultipleChoiceField(label=_("Cases"), coerce=int, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, recipients=(), cases=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Nobody is chosen for her: an empty first choice that must be changed.
        self.fields["recipient"].choices = [("", _("Choose a handler")),
                                            *[(person.pk, person.display_name or person.email)
                                              for person in recipients]]
        self.fields["cases"].choices = [(case.pk, case.reference) for case in cases]


class RecordCheckForm(forms.Form):
    """A record someone wants checked: the file she downloaded, or its text pasted. Nothing of it is kept."""

    file = NamedFileField(label=_("The record file"), required=False)
    text = forms.CharField(
        label=_("Or paste the whole text of the record"), required=False, strip=False,
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false", "autocomplete": "off"}),
        help_text=_("Everything from its first line to the line that ends the signature."),
    )

    def clean(self):
        data = super().clean()
        upload, text = data.get("file"), data.get("text") or ""
        if isinstance(upload, UploadNotKept):
            self.add_error("file", f"{upload_name(upload)}: {upload.message}")
            return data
        data["where"] = "file" if upload else "text"
        if upload:
            try:
                text = upload.read(RECORD_MAX_CHARS * 4 + 1).decode("utf-8")
            except UnicodeDecodeError:
                text = ""
                self.add_error("file", _("This file is not a Holdspace record: it is not plain text."))
                return data
        if not text.strip():
            raise ValidationError(_("Choose the record file you downloaded, or paste its text."))
        data["record"] = text
        return data


class StepInForm(ConfirmForm):
    confirm = forms.BooleanField(
        label=_("Yes: I ask the network to step in, and I agree that its case handlers read my report"),
        error_messages={"required": _("Please tick the box to confirm.")})
# A handler's tools of the field: the evidence and interview log, outcomes and measures, and intake on someone's
# behalf (holdspace/reports/evidence.py, measures.py, intake.py).

DATE_HELP = _("For example 2026-12-31.")


def _date_field(label, *, required: bool = True, help_text=DATE_HELP) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}),
                           help_text=help_text, error_messages={"invalid": _("Please give a date, e.g. 2026-12-31.")})


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of entry"), choices=EvidenceEntry.Kind.choices, widget=forms.RadioSelect,
                             error_messages={"required": _("Please choose what kind of entry this is.")})
    happened_on = _date_field(_("When it happened"), help_text=_("The day the evidence was found or the interview "
                                                                 "held, e.g. 2026-12-31."))
    text = forms.CharField(label=_("What was found or said"), max_length=LONG_TEXT,
                           widget=forms.Textarea(attrs={"rows": 6}),
                           help_text=_("Encrypted like the report. Write what was found or said, as it was."))
    taken_by = forms.CharField(label=_("Who took it"), max_length=SHORT_TEXT,
                               help_text=_("Who found the evidence or held the interview."))
    files = FilesField(label=_("Files"), help_text=FILES_HELP)


class FindingForm(forms.Form):
    result = forms.ChoiceField(label=_("Outcome of the finding"), choices=CaseFinding.Result.choices,
                               widget=forms.RadioSelect,
                               error_messages={"required": _("Please choose the outcome of the finding.")})
    summary = forms.CharField(label=_("Summary"), max_length=LONG_TEXT, required=False,
                              widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=_("Optional. Encrypted like the report."))


class MeasureForm(forms.Form):
    kind = forms.ChoiceField(label=_("Measure"), choices=[("", _("Choose a measure"))] + CaseMeasure.Kind.choices,
                             error_messages={"required": _("Please choose the kind of measure.")})
    description = forms.CharField(label=_("What it is"), max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text=_("Encrypted like the report. E.g. which role, for how long, which "
                                              "training."))
    follow_up_on = _date_field(_("Follow up on"), required=False,
                               help_text=_("Optional. The handlers are reminded by email before this day, and once "
                                           "it has passed while the measure is not marked done. E.g. 2026-12-31."))


class IntakeForm(ReportForm):
    """A report a handler records for someone who phoned or came in: her words, her choices, her consent."""

    channel = forms.ChoiceField(label=_("How did the person reach you?"), choices=IntakeChannel.choices,
                                widget=forms.RadioSelect,
                                error_messages={"required": _("Please say how the person reached you.")})
    consent = forms.BooleanField(
        label=_("The person agrees that I record this report for them, as they told it, and that the handlers "
                "read it."),
        error_messages={"required": _("Record a report for someone only with their agreement. Please tick this box "
                                      "once they have agreed.")},
    )

    STEPS = (
        (_("1. About this report"), ("channel", "consent", "kind")),
        (_("2. What happened, in their words"), ("what", "when", "where", "respondent_name", "respondent_leader",
                                                  "people", "witnesses", "impact")),
        (_("3. Anything to add (optional)"), ("files",)),
        (_("4. What they would like to happen"), ("pathway", "respondent_consent")),
        (_("5. Who they are (optional)"), ("identity_name", "identity_contact")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("on_behalf", "consent_confirmed"):
            del self.fields[name]
        self.fields["identity_name"].label = _("Their name")
        self.fields["identity_name"].help_text = _("Optional. Leave empty if they want to stay anonymous.")
        self.fields["identity_contact"].label = _("How to reach them")
        self.fields["what"].help_text = _("In their own words, as much or as little as they want to share.")
        self.fields["impact"].label = _("How has it affected them?")
