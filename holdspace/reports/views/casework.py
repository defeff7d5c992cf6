"""A handler's tools of the field, beside the case page: the evidence and interview log, the outcome of a finding
and its measures, the case record (to print, or as a PDF), and intake on someone's behalf.

Each page needs what the case page needs (handler role, two-step sign-in, the key unlocked); a case outside the
handler's reach is a 404."""
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from holdspace.organisations.access import OrganisationAccess
from holdspace.reports import evidence, measures, record
from holdspace.reports.access import leaders_of
from holdspace.reports.forms import EvidenceForm, FindingForm, IntakeForm, MeasureForm
from holdspace.reports.intake import intake_record
from holdspace.reports.models import CaseKey
from holdspace.reports.refusals import REFUSALS
from holdspace.reports.submission import Submission
from holdspace.reports.views.handler import _case, _data_key, case_action, handler_view
from holdspace.reports.views.record_pdf import record_pdf
from holdspace.web import dates
from holdspace.web.actions import post_action
from holdspace.web.inputs import posted_id
from holdspace.web.refusals import Refusal, refusal_message
from holdspace.web.uploads import accepts_files

NO_STORE = "no-store, private"


def _evidence_url(access: OrganisationAccess, case) -> str:
    return reverse("reports:case_evidence", args=[access.organisation.slug, case.reference])


def _outcome_url(access: OrganisationAccess, case) -> str:
    return reverse("reports:case_outcome", args=[access.organisation.slug, case.reference])


# The evidence and interview log.


def _evidence_page(request, access, case, data_key, *, form=None, status=200) -> HttpResponse:
    context = {
        "organisation": access.organisation,
        "case": case,
        "entries": evidence.evidence_read(case, user=request.user, data_key=data_key),
        "form": form or EvidenceForm(initial={"taken_by": request.user.display_name,
                                              "happened_on": timezone.localdate()}),
        "files_lost": form is not None and bool(request.FILES),
    }
    return render(request, "reports/case/evidence.html", context, status=status)


@handler_view
def case_evidence(request: HttpRequest, reference: str, access: OrganisationAccess, private_key) -> HttpResponse:
    case = _case(request, access, reference)
    return _evidence_page(request, access, case, _data_key(request, case, private_key))


@accepts_files
@case_action
def case_evidence_add(request, access, case, data_key):
    return post_action(
        request, form=EvidenceForm(request.POST, request.FILES), refusals=REFUSALS, to=_evidence_url(access, case),
        act=lambda data: evidence.evidence_add(
            case, actor=request.user, data_key=data_key, kind=data["kind"], happened_on=data["happened_on"],
            text=data["text"], taken_by=data["taken_by"], files=data["files"]),
        again=lambda typed: _evidence_page(request, access, case, data_key, form=typed),
        fields={"evidence_in_future": "happened_on", "evidence_empty": "text"},
        done=_("The entry is added to the log."))


# The outcome of a finding, and its measures.


def _outcome_page(request, access, case, data_key, *, forms=None, status=200) -> HttpResponse:
    forms = forms or {}
    outcome = measures.outcome_of(case, data_key=data_key)
    context = {
        "organisation": access.organisation,
        "case": case,
        "findings_made": measures.findings_made(case),
        "outcome": outcome,
        "measures": measures.measures_of(case, data_key=data_key),
        "finding_form": forms.get("finding") or FindingForm(
            initial={"result": outcome.result, "summary": outcome.summary} if outcome else None),
        "measure_form": forms.get("measure") or MeasureForm(),
        "kept": set(forms),
    }
    return render(request, "reports/case/outcome.html", context, status=status)


@handler_view
def case_outcome(request: HttpRequest, reference: str, access: OrganisationAccess, private_key) -> HttpResponse:
    case = _case(request, access, reference)
    return _outcome_page(request, access, case, _data_key(request, case, private_key))


@case_action
def case_finding(request, access, case, data_key):
    return post_action(
        request, form=FindingForm(request.POST), refusals=REFUSALS, to=_outcome_url(access, case),
        act=lambda data: measures.finding_record(case, actor=request.user, data_key=data_key, result=data["result"],
                                                 summary=data["summary"]),
        again=lambda typed: _outcome_page(request, access, case, data_key, forms={"finding": typed}),
        done=_("The outcome is recorded."))


@case_action
def case_measure(request, access, case, data_key):
    return post_action(
        request, form=MeasureForm(request.POST), refusals=REFUSALS, to=_outcome_url(access, case),
        act=lambda data: measures.measure_add(case, actor=request.user, data_key=data_key, kind=data["kind"],
                                              description=data["description"], follow_up_on=data["follow_up_on"]),
        again=lambda typed: _outcome_page(request, access, case, data_key, forms={"measure": typed}),
        fields={"follow_up_past": "follow_up_on", "measure_empty": "description"},
        done=_("The measure is added."))


@case_action
def case_measure_done(request, access, case, data_key):
    measure_id = posted_id(request, name="measure_id") or 0
    return post_action(
        request, refusals=REFUSALS, to=_outcome_url(access, case), done=_("The measure is marked done."),
        act=lambda data: measures.measure_done(case, actor=request.user, measure_id=measure_id))


# The case record.


@handler_view
def case_record(request: HttpRequest, reference: str, access: OrganisationAccess, private_key) -> HttpResponse:
    """The record as a page made to be printed (the browser's print, or save as PDF)."""
    case = _case(request, access, reference)
    made = record.case_record(case, user=request.user, data_key=_data_key(request, case, private_key),
                              private_key=private_key, format="html")
    response = render(request, "reports/case/record.html", {"organisation": access.organisation, "case": case,
                                                            "record": made})
    response["Cache-Control"] = NO_STORE
    return response


@handler_view
def case_record_pdf(request: HttpRequest, reference: str, access: OrganisationAccess, private_key) -> HttpResponse:
    """The record as a PDF, made in memory and sent as a download."""
    case = _case(request, access, reference)
    made = record.case_record(case, user=request.user, data_key=_data_key(request, case, private_key),
                              private_key=private_key, format="pdf")
    response = HttpResponse(record_pdf(made), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="case-{case.reference}-{dates.file_day(made.made_at)}.pdf"'
    response["Cache-Control"] = NO_STORE
    return response


# Intake on someone's behalf.


def _intake_page(request, access, form, *, status=200) -> HttpResponse:
    return render(request, "reports/case/intake.html",
                  {"organisation": access.organisation, "form": form, "files_lost": bool(request.FILES)},
                  status=status)


@accepts_files
@handler_view
def intake(request: HttpRequest, access: OrganisationAccess, private_key) -> HttpResponse:
    """Record the report of a person who phoned or came in; her receipt is shown once, on a slip to give her."""
    organisation = access.organisation
    leaders = list(leaders_of(organisation))
    if request.method != "POST":
        return _intake_page(request, access, IntakeForm(organisation=organisation, leaders=leaders))
    form = IntakeForm(request.POST, request.FILES, organisation=organisation, leaders=leaders)
    if not form.is_valid():
        return _intake_page(request, access, form, status=400)
    data = form.cleaned_data
    submission = Submission(
        kind=data["kind"], pathway=data["pathway"], content=form.content(),
        respondent_consent=data["respondent_consent"], respondent_id=data["respondent_leader"],
        identity=form.identity(), files=data["files"],
    )
    try:
        case, receipt = intake_record(organisation=organisation, actor=request.user, submission=submission,
                                      channel=data["channel"], consent=data["consent"])
    except Refusal as refused:
        form.add_error(None, refusal_message(refused, messages=REFUSALS))
        return _intake_page(request, access, form, status=503 if refused.code == "nobody_can_receive" else 400)
    # Shown in this response only: the code is in no URL, cookie, session or log, and cannot be shown again.
    response = render(request, "reports/case/intake_receipt.html", {
        "organisation": organisation, "case": case, "receipt": receipt,
        "return_url": request.build_absolute_uri(reverse("reports:receipt")),
        # She may have named one of the people who read reports here: then this handler may not open it.
        "case_visible": CaseKey.objects.filter(case=case, user=request.user).exists(),
    })
    response["Cache-Control"] = NO_STORE
    return response
