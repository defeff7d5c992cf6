"""Case handlers' pages. Each needs the handler role, two-step sign-in and the
handler's key unlocked in this session; a case outside his reach is a 404."""
from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from holdspace.crypto.boxes import unlock_text
from holdspace.keys.session import unlocked_key, unlocked_key_forget
from holdspace.keys.views import KeyPurpose, key_page
from holdspace.organisations.access import OrganisationAccess, organisation_view
from holdspace.organisations.models import Role
from holdspace.reports import handling, selectors
from holdspace.reports.access import cases_visible_to
from holdspace.reports.forms import (
    AgreementActionForm,
    AppealForm,
    CloseForm,
    HandlerMessageForm,
    HoldForm,
    IdentityDecideForm,
    IdentityRequestForm,
    NotifyForm,
    PersonChoiceForm,
    SafetyForm,
    StageCompleteForm,
)
from holdspace.reports.models import Case, CaseAttachment, CaseMessage, IdentityRelease
from holdspace.reports.pathways import Pathway, Stage
from holdspace.reports.policy import support_directory
from holdspace.reports.respondent import channel_key_for_handler, channel_share
from holdspace.reports.statistics import time_to_close_shown
from holdspace.reports.views.reporter import attachment_response
from holdspace.web.inputs import posted_id
from holdspace.web.navigation import safe_next


def handler_view(view):
    """Handler role, two-step sign-in, and an unlocked key; otherwise to the key page."""

    @organisation_view(Role.CASE_HANDLER)
    @wraps(view)
    def wrapper(request, *args, access: OrganisationAccess, **kwargs):
        private_key = unlocked_key(request)
        if private_key is None:
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('reports:key', args=[access.organisation.slug])}?{query}")
        try:
            return view(request, *args, access=access, private_key=private_key, **kwargs)
        except KeyDoesNotOpen:
            # The key unlocked in this session is an older one than the case was sealed to.
            response = redirect(
                f"{reverse('reports:key', args=[access.organisation.slug])}?{urlencode({'next': request.get_full_path()})}"
            )
            unlocked_key_forget(request, response=response)
            messages.error(request, _("Your key does not open this case. Unlock your current key again."))
            return response

    return wrapper


# What the key page says to a case handler (and to a respondent, whose key opens his channel).
CASES = KeyPurpose(
    title=gettext_lazy("Your case key"),
    unlock_intro=gettext_lazy("Cases are encrypted. Unlock your key to open them in this browser; it stays unlocked "
                              "until you sign out or lock it."),
    lost=gettext_lazy("Reset your password by email, then make a new key here. Cases sealed to your old key cannot "
                      "be opened with the new one: a colleague gives you access to them again, and the audit log "
                      "records it."),
    first_time=gettext_lazy("Before you can read reports you need a key of your own. Reports are sealed to it, so "
                            "only you and your fellow handlers can open them, never the server alone."),
    replaced=gettext_lazy("Your new key replaces the old one. Ask a colleague to give you access to the open cases "
                          "again."),
)


@organisation_view(Role.CASE_HANDLER)
def key(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    next_url = safe_next(request, fallback=reverse("reports:cases", args=[access.organisation.slug]))
    return key_page(request, organisation=access.organisation, next_url=next_url, purpose=CASES)


@require_POST
@organisation_view(Role.CASE_HANDLER)
def key_lock(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    response = redirect("organisations:home", slug=access.organisation.slug)
    unlocked_key_forget(request, response=response)
    messages.info(request, _("Your key is locked. Cases stay closed until you unlock it again."))
    return response


@handler_view
def cases(request: HttpRequest, access: OrganisationAccess, private_key) -> HttpResponse:
    show = request.GET.get("show", "open")
    if show not in selectors.FILTERS:
        show = "open"
    try:
        page_number = min(max(1, int(request.GET.get("page", "1"))), 100_000)
    except ValueError:
        page_number = 1
    page, now = selectors.case_list(request.user, organisation=access.organisation, show=show, page=page_number)
    context = {
        "organisation": access.organisation,
        "access": access,
        "page": page,
        "show": show,
        "now": now,
        "filters": [("open", _("Open")), ("overdue", _("Overdue")), ("mine", _("Assigned to me")), ("closed", _("Closed"))],
        "waiting": selectors.cases_waiting_for_grant(request.user, organisation=access.organisation),
        "timeliness": time_to_close_shown(access.organisation),
    }
    return render(request, "reports/cases.html", context)


def _case(request, access, reference: str) -> Case:
    case = cases_visible_to(request.user, organisation=access.organisation).select_related(
        "organisation", "handling_organisation", "respondent"
    ).filter(reference=reference).first()
    if case is None:
        raise Http404
    return case


class KeyDoesNotOpen(Exception):
    pass


def _data_key(request, case: Case, private_key) -> bytes:
    try:
        return handling.data_key_open(case, user=request.user, private_key=private_key)
    except handling.NotAllowed:
        raise KeyDoesNotOpen from None


def _channels(case: Case):
    channels = [(CaseMessage.Channel.REPORTER, _("The reporter"))]
    if case.respondent_notified_at is not None:
        channels.append((CaseMessage.Channel.RESPONDENT, _("The respondent")))
    channels.append((CaseMessage.Channel.INTERNAL, _("Handlers only (note)")))
    return channels


def _workspace(request, access, case, data_key, *, forms=None, status=200):
    if case.respondent_channel and not case.respondent_sealed:
        # He set up his key after he was told: open the conversation to him now.
        channel_share(case, channel_key=channel_key_for_handler(case, data_key=data_key))
    people = selectors.case_people(case)
    opened = handling.case_read(case, user=request.user, data_key=data_key)
    channels = _channels(case)
    hold_reason = unlock_text(data_key, bytes(case.hold_reason)) if case.hold_reason else ""
    deciders = handling.outcome_deciders(case)
    appeal_handlers = [person for person in people["holders"] if person.pk not in deciders]
    forms = forms or {}
    context = {
        "organisation": access.organisation,
        "case": case,
        "opened": opened,
        "stages": selectors.case_stages(case, data_key=data_key),
        "threads": selectors.case_threads(case, data_key=data_key, channels=channels),
        "report_files": selectors.report_files(case, data_key=data_key),
        "people": people,
        "identity": handling.identity_read(case, user=request.user, private_key=unlocked_key(request)),
        "may_notify": case.pathway == Pathway.FORMAL and case.respondent_id and case.respondent_notified_at is None
        and handling.respondent_may_be_told(case),
        "at_notify": case.stage == Stage.NOTIFY,
        "at_appeal_window": case.stage == Stage.APPEAL_WINDOW,
        "pathway_done": case.is_open and case.stage_due_at is None,
        "stage_form": forms.get("stage") or StageCompleteForm(prefix="stage", findings=case.stage == Stage.FINDINGS),
        "agreement": handling.agreement_actions(case, data_key=data_key) if case.pathway == Pathway.RESTORATIVE else [],
        "agreement_form": forms.get("agreement") or AgreementActionForm(prefix="agreement"),
        "message_form": forms.get("message") or HandlerMessageForm(prefix="message", channels=channels),
        "safety_form": forms.get("safety") or SafetyForm(prefix="safety", initial={"risk": case.risk, "measures": opened.interim_measures}),
        "assign_form": forms.get("assign") or PersonChoiceForm(prefix="assign", people=people["holders"], label=_("Assign to")),
        "grant_form": forms.get("grant") or PersonChoiceForm(prefix="grant", people=people["grantable"], label=_("Give access to")),
        "respondent_form": forms.get("respondent") or PersonChoiceForm(
            prefix="respondent", people=people["respondent_candidates"], label=_("The respondent's account")),
        "notify_form": forms.get("notify") or NotifyForm(prefix="notify"),
        "appeal_form": forms.get("appeal") or AppealForm(prefix="appeal", handlers=appeal_handlers),
        "close_form": forms.get("close") or CloseForm(prefix="close"),
        "hold_form": forms.get("hold") or HoldForm(prefix="hold", initial={"reason": hold_reason}),
        "identity_form": forms.get("identity") or IdentityRequestForm(prefix="identity"),
        "support_services": support_directory(case.handling_organisation),
        "pending_releases": [
            {"pk": r.pk, "by": r.requested_by.display_name, "reason": handling.release_reason(r, data_key=data_key)}
            for r in people["releases"]
            if r.decided_at is None and r.requested_by_id != request.user.pk
        ],
    }
    return render(request, "reports/case.html", context, status=status)


@handler_view
def case(request: HttpRequest, reference: str, access: OrganisationAccess, private_key) -> HttpResponse:
    case = _case(request, access, reference)
    data_key = _data_key(request, case, private_key)
    return _workspace(request, access, case, data_key)


# Each action: (form factory, what to do with a valid form). A refused action
# returns its form with an error; the page comes back with everything typed.


def _act_stage(request, case, key, form):
    handling.stage_complete(case, actor=request.user, data_key=key, note=form.cleaned_data["note"],
                            standard=form.cleaned_data.get("standard", ""))
    return _("The stage is complete.")


def _act_agreement(request, case, key, form):
    handling.agreement_action_add(case, actor=request.user, data_key=key, description=form.cleaned_data["description"],
                                  owner=form.cleaned_data["owner"], due_on=form.cleaned_data["due_on"])
    return _("The action is added to the agreement.")


def _act_message(request, case, key, form):
    handling.message_send(case, actor=request.user, data_key=key, channel=form.cleaned_data["channel"], body=form.cleaned_data["body"],
                          files=form.cleaned_data["files"])
    return _("Message sent.")


def _act_safety(request, case, key, form):
    handling.safety_record(case, actor=request.user, data_key=key, risk=form.cleaned_data["risk"], measures=form.cleaned_data["measures"])
    return _("The safety assessment is saved.")


def _person(case, form, pool):
    person = next((p for p in pool if p.pk == form.cleaned_data["person"]), None)
    if person is None:
        raise handling.NotAllowed("unknown person")
    return person


def _act_assign(request, case, key, form):
    handling.case_assign(case, actor=request.user, to=_person(case, form, selectors.case_people(case)["holders"]))
    return _("The case is assigned.")


def _act_grant(request, case, key, form):
    handling.case_grant(case, actor=request.user, data_key=key, to=_person(case, form, selectors.case_people(case)["grantable"]))
    return _("Access is given. It is recorded in the audit log.")


def _act_respondent(request, case, key, form):
    person = _person(case, form, selectors.case_people(case)["respondent_candidates"])
    handling.respondent_link(case, actor=request.user, respondent=person)
    return _("The respondent is named. He, and anyone who reports to him, cannot see this case.")


def _act_notify(request, case, key, form):
    handling.respondent_notify(case, actor=request.user, data_key=key, notice=form.cleaned_data["notice"])
    return _("The respondent is told and can now see his page.")


def _act_close(request, case, key, form):
    handling.case_close(case, actor=request.user, outcome=form.cleaned_data["outcome"])
    return _("The case is closed.")


def _act_hold(request, case, key, form):
    handling.hold_set(case, actor=request.user, data_key=key, reason=form.cleaned_data["reason"])
    return _("Saved.")


def _act_identity(request, case, key, form):
    handling.identity_request(case, actor=request.user, data_key=key, reason=form.cleaned_data["reason"])
    return _("Your request is recorded. Another handler must approve it.")


def _act_conflict(request, case, key, form):
    handling.conflict_declare(case, actor=request.user)
    return _("You have stepped away from this case. Your access to it is removed.")


REFUSALS = {
    "closed": _("This case is closed."),
    "notify first": _("Tell the respondent first. If he has no account here, tell him another way and write in "
                      "the note how and when."),
    "no respondent": _("Name the respondent's account first."),
    "no consent": _("The reporter has not agreed that he may be told, and your policy does not require it."),
    "respondent not notified": _("The respondent has not been told about this case."),
    "last handler": _("Someone else must hold a key to this case first: give a colleague access."),
    "self": _("You cannot name yourself or your manager here: declare a conflict instead."),
    "same handler": _("An appeal must be decided by a handler who did not write the findings or the outcome."),
    "no appeal now": _("An appeal can be opened only during the time to appeal."),
    "anonymous": _("The reporter did not give their identity."),
    "unknown person": _("Please choose someone from the list."),
    "excluded": _("This person may not see this case."),
    "no keyring": _("This person has not set up a key yet."),
    "not a handler": _("This person is not a case handler here."),
    "no key": _("This person has no access to this case yet."),
    "own request": _("Another handler must decide on your own request."),
    "decided": _("This request was already decided."),
    "already told": _("The respondent has already been told."),
    "standard needed": _("Say which standard of proof the findings were made on."),
    "not restorative": _("Agreement actions belong to an open restorative process."),
    "no files to respondent": _("Files cannot be sent to the respondent. Describe them in the message instead."),
}


@require_POST
@handler_view
def case_act(request: HttpRequest, reference: str, action: str, access: OrganisationAccess, private_key) -> HttpResponse:
    case = _case(request, access, reference)
    data_key = _data_key(request, case, private_key)
    if action == "agreement_done":
        try:
            handling.agreement_action_done(case, actor=request.user, action_id=posted_id(request, name="action_id") or 0)
        except handling.NotAllowed:
            messages.error(request, _("This action is not open any more."))
        else:
            messages.success(request, _("The action is marked done."))
        return redirect("reports:case", slug=access.organisation.slug, reference=case.reference)
    if action == "decide":
        form = IdentityDecideForm(request.POST, prefix="decide")
        if form.is_valid():
            release = IdentityRelease.objects.filter(case=case, pk=form.cleaned_data["release"]).first()
            try:
                if release is None:
                    raise handling.NotAllowed("unknown person")
                handling.identity_decide(release, actor=request.user, approve=form.cleaned_data["decision"] == "approve")
            except handling.NotAllowed as refused:
                messages.error(request, REFUSALS.get(str(refused), _("This cannot be done.")))
            else:
                messages.success(request, _("Your decision is recorded."))
        return redirect("reports:case", slug=access.organisation.slug, reference=case.reference)
    builders = {
        "stage": lambda data: StageCompleteForm(data, prefix="stage", findings=case.stage == Stage.FINDINGS),
        "agreement": lambda data: AgreementActionForm(data, prefix="agreement"),
        "message": lambda data: HandlerMessageForm(data, request.FILES, prefix="message", channels=_channels(case)),
        "safety": lambda data: SafetyForm(data, prefix="safety"),
        "assign": lambda data: PersonChoiceForm(data, prefix="assign", people=selectors.case_people(case)["holders"]),
        "grant": lambda data: PersonChoiceForm(data, prefix="grant", people=selectors.case_people(case)["grantable"]),
        "respondent": lambda data: PersonChoiceForm(
            data, prefix="respondent", people=selectors.case_people(case)["respondent_candidates"]),
        "notify": lambda data: NotifyForm(data, prefix="notify"),
        "appeal": lambda data: AppealForm(data, prefix="appeal", handlers=selectors.case_people(case)["holders"]),
        "close": lambda data: CloseForm(data, prefix="close"),
        "hold": lambda data: HoldForm(data, prefix="hold"),
        "identity": lambda data: IdentityRequestForm(data, prefix="identity"),
        "conflict": None,
    }
    if action not in builders:
        raise Http404
    form = builders[action](request.POST) if builders[action] else None
    if form is not None and not form.is_valid():
        return _workspace(request, access, case, data_key, forms={action: form}, status=400)
    try:
        if action == "appeal":
            holders = selectors.case_people(case)["holders"]
            handler = next((p for p in holders if p.pk == form.cleaned_data["handler"]), None)
            if handler is None:
                raise handling.NotAllowed("unknown person")
            handling.appeal_open(case, actor=request.user, by=form.cleaned_data["by"], handler=handler)
            done = _("The appeal is open.")
        else:
            done = ACTIONS[action](request, case, data_key, form)
    except handling.NotAllowed as refused:
        message = REFUSALS.get(str(refused), _("This cannot be done."))
        if form is None:
            messages.error(request, message)
            return redirect("reports:case", slug=access.organisation.slug, reference=case.reference)
        form.add_error(None, message)
        return _workspace(request, access, case, data_key, forms={action: form}, status=400)
    messages.success(request, done)
    if action == "conflict":
        return redirect("reports:cases", slug=access.organisation.slug)
    return redirect("reports:case", slug=access.organisation.slug, reference=case.reference)


ACTIONS = {
    "stage": _act_stage,
    "agreement": _act_agreement,
    "message": _act_message,
    "safety": _act_safety,
    "assign": _act_assign,
    "grant": _act_grant,
    "respondent": _act_respondent,
    "notify": _act_notify,
    "close": _act_close,
    "hold": _act_hold,
    "identity": _act_identity,
    "conflict": _act_conflict,
}


@handler_view
def case_file(request: HttpRequest, reference: str, file_id: int, access: OrganisationAccess, private_key) -> HttpResponse:
    case = _case(request, access, reference)
    attachment = CaseAttachment.objects.filter(case=case, pk=file_id).first()
    if attachment is None:
        raise Http404
    data_key = _data_key(request, case, private_key)
    handling.file_read_audit(case, user=request.user, attachment=attachment)
    return attachment_response(attachment, data_key)
