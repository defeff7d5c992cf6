"""Forms of a handler's tools of the field: the evidence and interview log, outcomes and measures, and intake on
someone's behalf."""
from django import forms
from django.utils.translation import gettext_lazy as _

from holdspace.reports.forms import FILES_HELP, LONG_TEXT, SHORT_TEXT, FilesField, ReportForm
from holdspace.reports.models import CaseFinding, CaseMeasure, EvidenceEntry, IntakeChannel

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
