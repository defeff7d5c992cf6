"""Case handlers' pages. Each needs the handler role, two-step sign-in and the
handler's key unlocked in this session; a case outside his reach is a 404."""
from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from holdspace.crypto.boxes import unlock_text
from holdspace.keys.session import unlocked_key, unlocked_key_forget
from holdspace.keys.views import KeyPurpose, key_page
from holdspace.organisations.access import OrganisationAccess, organisation_view
from holdspace.organisations.models import Role
from holdspace.reports import classification, handling, selectors, workbench
from holdspace.reports.views.case_list import case_rows_drawn
from holdspace.reports.access import cases_visible_to, handlers_of, respondent_of
from holdspace.reports.forms import (
    AgreementActionForm,
    AppealForm,
    CaseChangeForm,
    CaseFilterForm,
    CaseLinkForm,
    ClassifyForm,
    CloseForm,
    ConflictForm,
    HandlerMessageForm,
    HoldForm,
    IdentityDecideForm,
    IdentityRequestForm,
    NotifyForm,
    PersonChoiceForm,
    SafetyForm,
    StageCompleteForm,
)
from holdspace.reports.models import Case, CaseAttachment, CaseMessage, IdentityPart
from holdspace.reports.pathways import Pathway, Stage
from holdspace.reports.policy import support_directory
from holdspace.reports.record import casework_summary
from holdspace.reports.refusals import REFUSALS
from holdspace.reports.statistics import MIN_CASES, stages_on_time, time_to_close, time_to_close_shown
from holdspace.reports.stepping_in import cases_handed_on
from holdspace.reports.views.reporter import attachment_response
from holdspace.web.empty_forms import empty_form_drawn
from holdspace.web.actions import post_action
from holdspace.web.inputs import posted_id
from holdspace.web.navigation import safe_next
from holdspace.web.refusals import Refusal, refusal_message
from holdspace.web.uploads import accepts_files


# What data_key_open says when the key unlocked in this session does not open the case.
KEY_DOES_NOT_OPEN = {"no_access", "wrong_key"}


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
        except Refusal as refused:
            if refused.code not in KEY_DOES_NOT_OPEN:
                raise
            # The key unlocked in this session is an older one than the case was sealed to.
            response = redirect(
                f"{reverse('reports:key', args=[access.organisation.slug])}?{urlencode({'next': request.get_full_path()})}"
            )
            unlocked_key_forget(request, response=response)
            messages.error(request, refusal_message(Refusal("wrong_key"), messages=REFUSALS))
            return response

    return wrapper


# What the key page says to a case handler (and to a respondent, whose key opens his channel).
CASES = KeyPurpose(
    title=gettext_lazy("Your case key"),
    unlock_intro=gettext_lazy("Cases are encrypted. Unlock your key to open them in this browser; it stays unlocked "
                              "until you sign out or lock it."),
    lost=gettext_lazy("Reset your password by email, then make a new key here. Cases sealed to your old key cannot "
                      "be opened with the new one: a colleague gives you access to them again, or, where nobody "
                      "else holds them, two people of your organisation do it through its recovery ring. The "
                      "record of changes keeps it."),
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


# The quick views above the list; each is a set of filters.
QUICK = {"open": {}, "overdue": {"overdue": True}, "mine": {"mine": True}, "closed": {"show": "closed"}}


def _filters(form: CaseFilterForm, show: str) -> workbench.CaseFilters:
    filters = workbench.CaseFilters(**QUICK.get(show, {}))
    if form.is_valid():
        data = form.cleaned_data
        for name in ("stage", "pathway", "kind", "case_type", "severity", "handler", "received_from", "received_to"):
            setattr(filters, name, data[name])
        filters.overdue = filters.overdue or data["overdue"]
        filters.mine = filters.mine or data["mine"]
        if data["show"] and show not in ("closed",):
            filters.show = data["show"]
    return filters


@handler_view
def cases(request: HttpRequest, access: OrganisationAccess, private_key) -> HttpResponse:
    """Her home: the counts that say what waits, quick views, then search and filters over the cases."""
    organisation = access.organisation
    show = request.GET.get("show", "open")
    if show not in selectors.FILTERS:
        show = "open"
    try:
        page_number = min(max(1, int(request.GET.get("page", "1"))), 100_000)
    except ValueError:
        page_number = 1
    types = classification.case_type_choices(organisation, with_retired=True)
    severities = list(classification.SEVERITIES.items())
    handlers = list(handlers_of(organisation).order_by("display_name", "pk"))
    filtering = any(name in request.GET for name in CaseFilterForm.base_fields)
    form = CaseFilterForm(request.GET if filtering else None, types=types, severities=severities, handlers=handlers)
    filters = _filters(form, show)
    # handler_view read her roles here: the selectors need not read them again.
    result = workbench.case_search(request.user, organisation=organisation, filters=filters, page=page_number,
                                   private_key=private_key, handler_checked=True)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "organisation": organisation,
        "access": access,
        "page": result.page,
        "rows": case_rows_drawn(result.page.object_list, organisation=organisation, closed=show == "closed",
                                now=result.now),
        "search": result,
        "show": show,
        "now": result.now,
        "filters": [("open", _("Open")), ("overdue", _("Overdue")), ("mine", _("Assigned to me")), ("closed", _("Closed"))],
        "filter_form": form,
        "filter_form_drawn": None if form.is_bound else empty_form_drawn(form),
        "filtering": filtering,
        "query": query.urlencode(),
        "counts": workbench.handler_counts(request.user, organisation=organisation, now=result.now,
                                           handler_checked=True),
        "waiting": selectors.cases_waiting_for_grant(request.user, organisation=organisation),
        "timeliness": time_to_close_shown(organisation),
        "handed_on": cases_handed_on(request.user, organisation=organisation),
    }
    return render(request, "reports/cases.html", context)


def _case(request, access, reference: str) -> Case:
    case = cases_visible_to(request.user, organisation=access.organisation).select_related(
        "organisation", "handling_organisation"
    ).filter(reference=reference).first()
    if case is None:
        raise Http404
    return case


def _data_key(request, case: Case, private_key) -> bytes:
    """The case's data key; a key that does not open it sends the handler to unlock his current one."""
    return handling.data_key_open(case, user=request.user, private_key=private_key)


def _channels(case: Case):
    channels = [(CaseMessage.Channel.REPORTER, _("The reporter"))]
    if case.respondent_notified_at is not None:
        channels.append((CaseMessage.Channel.RESPONDENT, _("The respondent")))
    channels.append((CaseMessage.Channel.INTERNAL, _("Handlers only (note)")))
    return channels


def _moved_words(forms) -> str:
    """The refusal's words again at the top of the page when a form came back because the case moved."""
    words = str(REFUSALS["case_moved"])
    return words if any(words in [str(e) for e in form.non_field_errors()] for form in forms) else ""


# The case's sections: the summary first, each section a page of its own, so that the first screen is short and
# rare or lasting actions sit apart from routine ones. A section added later (an evidence log, outcomes) adds a
# line here, a URL, and a template extending reports/case_base.html.
SECTIONS = [
    ("summary", gettext_lazy("Summary"), "reports:case"),
    ("report", gettext_lazy("The report"), "reports:case_report"),
    ("messages", gettext_lazy("Messages"), "reports:case_messages"),
    ("stages", gettext_lazy("Stages"), "reports:case_stages"),
    ("assessment", gettext_lazy("Safety and type"), "reports:case_assessment"),
    ("people", gettext_lazy("People"), "reports:case_people"),
    ("record", gettext_lazy("Dates and closing"), "reports:case_closing"),
]

# Which section each action's form lives on: a refused form comes back there, a done one goes back there.
SECTION_OF = {
    "stage": "stages", "agreement": "stages", "notify": "stages", "appeal": "stages",
    "message": "messages", "respondent_channel": "messages",
    "safety": "assessment", "classify": "assessment", "link": "assessment",
    "assign": "people", "grant": "people", "respondent": "people", "conflict": "people",
    "identity": "report", "decide": "report",
    "close": "record", "hold": "record",
}


def _section_url(access: OrganisationAccess, case: Case, section: str) -> str:
    name = dict((code, url) for code, _label, url in SECTIONS)[section]
    return reverse(name, args=[access.organisation.slug, case.reference])


def _workspace(request, access, case, data_key, *, forms=None, status=200, section="summary"):
    forms = forms or {}
    if forms:
        section = SECTION_OF.get(next(iter(forms)), section)
    people = selectors.case_people(case)
    unread = case.unread_for_handlers  # as it was before this page: the messages section marks them read
    opened = handling.case_read(case, user=request.user, data_key=data_key, mark_read=section == "messages")
    channels = _channels(case)
    for typed in forms.values():
        if isinstance(typed, CaseChangeForm):
            # Shown again with the case as it is now: sent again, it acts on what the handler sees.
            typed.case_seen(case)
    judged = classification.classification_read(case, data_key=data_key)
    type_names = classification.case_type_names(case.handling_organisation)
    context = {
        "organisation": access.organisation,
        "case": case,
        "opened": opened,
        "section": section,
        "sections": [(code, label, reverse(url, args=[access.organisation.slug, case.reference]))
                     for code, label, url in SECTIONS],
        "people": people,
        "respondent": respondent_of(case),
        "unread": unread,
        "classification": judged,
        "case_type_label": type_names.get(judged.case_type, ""),
        "severity_label": classification.SEVERITIES.get(judged.severity, ""),
        "related": workbench.related_cases(case, user=request.user),
        "overdue": case.is_open and case.stage_due_at is not None and case.stage_due_at < timezone.now(),
        # Forms sent and refused, shown again even where the case's state no longer offers them,
        # so that nothing typed is lost.
        "kept": set(forms),
        "moved": _moved_words(forms.values()),
    }
    if section == "summary":
        context["casework"] = casework_summary(case, data_key=data_key)  # the evidence log, outcome, measures
    elif section == "report":
        on_ring = handling.identity_on_ring(case)
        asked = set(IdentityPart.objects.filter(release__case=case, user=request.user)
                    .values_list("release_id", flat=True))
        context.update({
            "report_files": selectors.report_files(case, data_key=data_key),
            "identity": handling.identity_read(case, user=request.user, private_key=unlocked_key(request)),
            "identity_form": forms.get("identity") or IdentityRequestForm(prefix="identity"),
            "support_services": support_directory(case.handling_organisation),
            "pending_releases": [
                {"pk": r.pk, "by": r.requested_by.display_name, "reason": handling.release_reason(r, data_key=data_key),
                 "may_approve": not on_ring or r.pk in asked}
                for r in people["releases"]
                if r.decided_at is None and r.requested_by_id != request.user.pk
            ],
            "identity_on_ring": on_ring,
        })
    elif section == "messages":
        context.update({
            "threads": selectors.case_threads(case, data_key=data_key, channels=channels),
            "respondent_waiting": selectors.respondent_waiting(case),
            "message_form": forms.get("message") or HandlerMessageForm(prefix="message", channels=channels),
        })
    elif section == "stages":
        deciders = handling.outcome_deciders(case)
        appeal_handlers = [person for person in people["holders"] if person.pk not in deciders]
        context.update({
            "stages": selectors.case_stages(case, data_key=data_key),
            "may_notify": case.pathway == Pathway.FORMAL and case.has_respondent
            and case.respondent_notified_at is None and handling.respondent_may_be_told(case),
            "at_notify": case.stage == Stage.NOTIFY,
            "at_appeal_window": case.stage == Stage.APPEAL_WINDOW,
            "stage_form": forms.get("stage") or StageCompleteForm(prefix="stage", case=case,
                                                                  findings=case.stage == Stage.FINDINGS,
                                                                  acknowledge=case.stage == Stage.ACKNOWLEDGE),
            "agreement": handling.agreement_actions(case, data_key=data_key)
            if case.pathway == Pathway.RESTORATIVE else [],
            "agreement_form": forms.get("agreement") or AgreementActionForm(prefix="agreement"),
            "notify_form": forms.get("notify") or NotifyForm(prefix="notify", case=case),
            "appeal_form": forms.get("appeal") or AppealForm(prefix="appeal", case=case, handlers=appeal_handlers),
        })
    elif section == "assessment":
        context.update({
            "safety_form": forms.get("safety") or SafetyForm(
                prefix="safety", case=case, initial={"risk": case.risk, "measures": opened.interim_measures}),
            "classify_form": forms.get("classify") or _classify_form(
                case, initial={"case_type": judged.case_type, "severity": judged.severity}),
            "link_form": forms.get("link") or CaseLinkForm(prefix="link"),
        })
    elif section == "people":
        context.update({
            "assign_form": forms.get("assign") or PersonChoiceForm(
                prefix="assign", case=case, people=people["holders"], label=_("Assign to"), confirm=ASSIGN_CONFIRM),
            "grant_form": forms.get("grant") or PersonChoiceForm(
                prefix="grant", people=people["grantable"], label=_("Give access to"), versioned=False,
                confirm=GRANT_CONFIRM),
            "respondent_form": forms.get("respondent") or PersonChoiceForm(
                prefix="respondent", case=case, people=people["respondent_candidates"],
                label=_("The respondent's account"), blank=_("Choose his account"), confirm=RESPONDENT_CONFIRM),
            "conflict_form": forms.get("conflict") or ConflictForm(prefix="conflict"),
        })
    elif section == "record":
        hold_reason = unlock_text(data_key, box=bytes(case.hold_reason)) if case.hold_reason else ""
        context.update({
            "pathway_done": case.is_open and case.stage_due_at is None,
            "close_form": forms.get("close") or CloseForm(prefix="close", case=case),
            "hold_form": forms.get("hold") or HoldForm(prefix="hold", case=case, initial={"reason": hold_reason}),
        })
    template = "reports/case.html" if section == "summary" else f"reports/case_{section}.html"
    return render(request, template, context, status=status)


ASSIGN_CONFIRM = gettext_lazy("I mean to assign the case to this person.")
GRANT_CONFIRM = gettext_lazy("I mean to give this person access to the whole case. It is recorded.")
RESPONDENT_CONFIRM = gettext_lazy("I mean to name this account: he and everyone who reports to him lose access to "
                                  "the case at once.")


def _classify_form(case: Case, *args, **kwargs) -> ClassifyForm:
    return ClassifyForm(*args, prefix="classify", case=case,
                        types=classification.case_type_choices(case.handling_organisation),
                        severities=list(classification.SEVERITIES.items()), **kwargs)


@handler_view
def case(request: HttpRequest, reference: str, access: OrganisationAccess, private_key) -> HttpResponse:
    case = _case(request, access, reference)
    data_key = _data_key(request, case, private_key)
    return _workspace(request, access, case, data_key)


def case_section(section: str):
    """The page of one section of the case."""

    @handler_view
    def view(request: HttpRequest, reference: str, access: OrganisationAccess, private_key) -> HttpResponse:
        case = _case(request, access, reference)
        return _workspace(request, access, case, _data_key(request, case, private_key), section=section)

    view.__name__ = f"case_{section}"
    return view


case_report = case_section("report")
case_messages = case_section("messages")
case_stages = case_section("stages")
case_assessment = case_section("assessment")
case_people = case_section("people")
case_closing = case_section("record")


# One small view per action on a case. A refused or invalid action brings the case back with
# everything typed and the reason beside it; an action without a form of its own says why and goes back.


def case_action(view):
    """A POST on one case: the handler's role, key and reach checked, the case and its data key opened."""

    @require_POST
    @handler_view
    @wraps(view)
    def wrapper(request, reference: str, access: OrganisationAccess, private_key) -> HttpResponse:
        case = _case(request, access, reference)
        return view(request, access, case, _data_key(request, case, private_key))

    return wrapper


# A form sent from a page that no longer shows the case as it is: 409, the case as it is now, and
# what was typed kept.
MOVED = {"case_moved": 409}


def _act(request, access, case, data_key, *, name: str, form, act, done: str, fields=None) -> HttpResponse:
    return post_action(
        request, form=form, act=act, done=done, refusals=REFUSALS, to=_section_url(access, case, SECTION_OF[name]),
        statuses=MOVED,
        fields=fields, again=lambda typed: _workspace(request, access, case, data_key, forms={name: typed}))


def _chosen(pool, person_id: int):
    person = next((p for p in pool if p.pk == person_id), None)
    if person is None:
        raise Refusal("unknown_person")
    return person


@case_action
def case_stage(request, access, case, data_key):
    return _act(
        request, access, case, data_key, name="stage",
        form=StageCompleteForm(request.POST, prefix="stage", findings=case.stage == Stage.FINDINGS,
                               acknowledge=case.stage == Stage.ACKNOWLEDGE),
        act=lambda data: handling.stage_complete(case, actor=request.user, data_key=data_key, note=data["note"],
                                                 standard=data.get("standard", ""), version=data["version"],
                                                 reporter_message=data.get("reporter_message", "")),
        done=_("The stage is complete."), fields={"standard_needed": "standard"})


@case_action
def case_agreement(request, access, case, data_key):
    return _act(
        request, access, case, data_key, name="agreement", form=AgreementActionForm(request.POST, prefix="agreement"),
        act=lambda data: handling.agreement_action_add(case, actor=request.user, data_key=data_key,
                                                       description=data["description"], owner=data["owner"],
                                                       due_on=data["due_on"]),
        done=_("The action is added to the agreement."))


@case_action
def case_agreement_done(request, access, case, data_key):
    action_id = posted_id(request, name="action_id") or 0
    return post_action(
        request, refusals=REFUSALS, to=_section_url(access, case, "stages"), done=_("The action is marked done."),
        act=lambda data: handling.agreement_action_done(case, actor=request.user, action_id=action_id))


@accepts_files
@case_action
def case_message(request, access, case, data_key):
    return _act(
        request, access, case, data_key, name="message",
        form=HandlerMessageForm(request.POST, request.FILES, prefix="message", channels=_channels(case)),
        act=lambda data: handling.message_send(case, actor=request.user, data_key=data_key, channel=data["channel"],
                                               body=data["body"], files=data["files"]),
        done=_("Message sent."))


@case_action
def case_safety(request, access, case, data_key):
    return _act(
        request, access, case, data_key, name="safety", form=SafetyForm(request.POST, prefix="safety"),
        act=lambda data: handling.safety_record(case, actor=request.user, data_key=data_key, risk=data["risk"],
                                                measures=data["measures"], version=data["version"]),
        done=_("The safety assessment is saved."))


@case_action
def case_assign(request, access, case, data_key):
    holders = selectors.case_people(case)["holders"]
    return _act(
        request, access, case, data_key, name="assign",
        form=PersonChoiceForm(request.POST, prefix="assign", people=holders, label=_("Assign to"),
                              confirm=ASSIGN_CONFIRM),
        act=lambda data: handling.case_assign(case, actor=request.user, to=_chosen(holders, data["person"]),
                                              version=data["version"]),
        done=_("The case is assigned."))


@case_action
def case_grant(request, access, case, data_key):
    grantable = selectors.case_people(case)["grantable"]
    return _act(
        request, access, case, data_key, name="grant",
        form=PersonChoiceForm(request.POST, prefix="grant", people=grantable, versioned=False, confirm=GRANT_CONFIRM),
        act=lambda data: handling.case_grant(case, actor=request.user, data_key=data_key,
                                             to=_chosen(grantable, data["person"]), private_key=unlocked_key(request)),
        done=_("Access is given. It is recorded in the audit log."))


@case_action
def case_respondent(request, access, case, data_key):
    candidates = selectors.case_people(case)["respondent_candidates"]
    return _act(
        request, access, case, data_key, name="respondent",
        form=PersonChoiceForm(request.POST, prefix="respondent", people=candidates, label=_("The respondent's account"),
                              blank=_("Choose his account"), confirm=RESPONDENT_CONFIRM),
        act=lambda data: handling.respondent_link(case, actor=request.user,
                                                  respondent=_chosen(candidates, data["person"]),
                                                  version=data["version"]),
        done=_("The respondent is named. He, and anyone who reports to him, cannot see this case."))


@case_action
def case_notify(request, access, case, data_key):
    return _act(
        request, access, case, data_key, name="notify", form=NotifyForm(request.POST, prefix="notify"),
        act=lambda data: handling.respondent_notify(case, actor=request.user, data_key=data_key, notice=data["notice"],
                                                    version=data["version"]),
        done=_("The respondent is told and can now see his page."))


@case_action
def case_respondent_channel(request, access, case, data_key):
    return post_action(
        request, refusals=REFUSALS, to=_section_url(access, case, "messages"),
        act=lambda data: handling.respondent_channel_open(case, actor=request.user, data_key=data_key),
        done=_("The conversation is open to the respondent. He can read what you write him and answer."))


@case_action
def case_appeal(request, access, case, data_key):
    holders = selectors.case_people(case)["holders"]
    return _act(
        request, access, case, data_key, name="appeal", form=AppealForm(request.POST, prefix="appeal", handlers=holders),
        act=lambda data: handling.appeal_open(case, actor=request.user, by=data["by"],
                                              handler=_chosen(holders, data["handler"]), version=data["version"]),
        done=_("The appeal is open."))


@case_action
def case_close(request, access, case, data_key):
    return _act(
        request, access, case, data_key, name="close", form=CloseForm(request.POST, prefix="close"),
        act=lambda data: handling.case_close(case, actor=request.user, outcome=data["outcome"],
                                             version=data["version"], data_key=data_key),
        done=_("The case is closed."))


@case_action
def case_hold(request, access, case, data_key):
    return _act(
        request, access, case, data_key, name="hold", form=HoldForm(request.POST, prefix="hold"),
        act=lambda data: handling.hold_set(case, actor=request.user, data_key=data_key, reason=data["reason"],
                                           version=data["version"]),
        done=_("Saved."))


@case_action
def case_identity(request, access, case, data_key):
    return _act(
        request, access, case, data_key, name="identity", form=IdentityRequestForm(request.POST, prefix="identity"),
        act=lambda data: handling.identity_request(case, actor=request.user, data_key=data_key, reason=data["reason"],
                                                   private_key=unlocked_key(request)),
        done=_("Your request is recorded. A second person must approve it."))


@case_action
def case_identity_decide(request, access, case, data_key):
    return post_action(
        request, form=IdentityDecideForm(request.POST, prefix="decide"), refusals=REFUSALS,
        to=_section_url(access, case, "report"), done=_("Your decision is recorded."),
        act=lambda data: handling.identity_decide(case, actor=request.user, release_id=data["release"],
                                                  approve=data["decision"] == "approve",
                                                  private_key=unlocked_key(request)))


@case_action
def case_conflict(request, access, case, data_key):
    return post_action(
        request, form=ConflictForm(request.POST, prefix="conflict"), refusals=REFUSALS,
        to=reverse("reports:cases", args=[access.organisation.slug]),
        again=lambda typed: _workspace(request, access, case, data_key, forms={"conflict": typed}),
        act=lambda data: handling.conflict_declare(case, actor=request.user),
        done=_("You have stepped away from this case. Your access to it is removed."))


@case_action
def case_classify(request, access, case, data_key):
    return _act(
        request, access, case, data_key, name="classify", form=_classify_form(case, request.POST),
        act=lambda data: classification.case_classify(case, actor=request.user, data_key=data_key,
                                                      case_type=data["case_type"], severity=data["severity"],
                                                      version=data["version"]),
        done=_("The type and severity are saved, sealed with the case."),
        fields={"unknown_case_type": "case_type", "unknown_severity": "severity"})


@case_action
def case_link(request, access, case, data_key):
    return _act(
        request, access, case, data_key, name="link", form=CaseLinkForm(request.POST, prefix="link"),
        act=lambda data: workbench.case_link(case, actor=request.user, other_reference=data["reference"]),
        done=_("The cases are linked. Both show the link."),
        fields={"unknown_related_case": "reference", "same_case": "reference", "already_linked": "reference"})


@case_action
def case_unlink(request, access, case, data_key):
    return post_action(
        request, refusals=REFUSALS, to=_section_url(access, case, "assessment"), done=_("The link is removed."),
        act=lambda data: workbench.case_unlink(case, actor=request.user,
                                               other_reference=request.POST.get("reference", "")[:12]))


@handler_view
def case_file(request: HttpRequest, reference: str, file_id: int, access: OrganisationAccess, private_key) -> HttpResponse:
    case = _case(request, access, reference)
    attachment = CaseAttachment.objects.filter(case=case, pk=file_id).first()
    if attachment is None:
        raise Http404
    data_key = _data_key(request, case, private_key)
    handling.file_read_audit(case, user=request.user, attachment=attachment)
    return attachment_response(attachment, data_key)


@organisation_view(Role.CASE_HANDLER, Role.ORG_ADMIN)
def figures(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    """The organisation's own figures: counts only, each over enough cases that no case can be read out of it
    (not even by a handler kept out of a case about him)."""
    organisation = access.organisation
    return render(request, "reports/figures.html", {
        "organisation": organisation,
        "access": access,
        "tally": classification.tally_public(organisation),
        "types": classification.case_type_choices(organisation),
        "min_cases": MIN_CASES,
        "timeliness": time_to_close(organisation),
        "on_time": stages_on_time(organisation),
    })
