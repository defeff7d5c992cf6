"""The reporter's pages: read first, write, keep the receipt, come back with it.

None of them needs an account or JavaScript. The receipt code never goes into a
URL, a cookie or the session: after it opens the report once, the report's key
is kept in the session, locked by a key in a separate cookie.
"""
import hashlib
import struct

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _, gettext_lazy
from django.views.decorators.http import require_POST

from holdspace.accounts.throttle import (
    Guessing, client_key, guess_right, guess_spent, guess_start, guess_wrong, throttled,
)
from holdspace.crypto.boxes import unlock
from holdspace.organisations.models import Organisation
from holdspace.reports import reporter
from holdspace.keys.selectors import personal_key_exists
from holdspace.keys.session import unlocked_key
from holdspace.keys.views import key_url
from holdspace.reports.access import leaders_of, policy_read
from holdspace.reports.finding import Destination, alternatives_of, destination_of
from holdspace.reports.forms import (
    ConfirmForm, NeedsForm, NewsAddressForm, PathwayChangeForm, ReceiptForm, RecordCheckForm, ReporterWriteForm,
    ReportForm, StepInForm,
)
from holdspace.reports.kept import kept_for_case, report_keep
from holdspace.reports.news import news_address_open, news_address_remove, news_address_set
from holdspace.reports.status import reporter_status
from holdspace.reports.handling import agreement_actions
from holdspace.reports.models import Case, CaseAttachment, CaseMessage
from holdspace.reports.pathways import PATHWAY_EXPLANATIONS, Pathway
from holdspace.reports.policy import support_directory
from holdspace.reports.records import (
    CHANGED, UNKNOWN_KEY, lines_normalised, record_check, record_one_line, record_quote, record_sign,
)
from holdspace.reports.refusals import REFUSALS, REPORTER_REFUSALS
from holdspace.reports.respondent import may_appeal
from holdspace.reports.stepping_in import case_step_in, step_in_chance
from holdspace.reports.submission import Submission, receipt_use, report_submit
from holdspace.web import dates
from holdspace.web.actions import post_action
from holdspace.web.refusals import Refusal, refusal_message
from holdspace.web.session_secrets import secret_forget, secret_get, secret_keep
from holdspace.web.uploads import accepts_files, throttle_first, was_throttled

TOO_MANY = 429
# The report's data key, kept for the reporter who came back with her receipt.
REPORTER = "hs_report_key"
_CASE_ID = struct.Struct(">Q")


def _organisation(slug: str) -> Organisation:
    return get_object_or_404(Organisation, slug=slug)


def _where(organisation: Organisation) -> tuple[Destination, Destination | None]:
    """Where a report sent here goes now, and, when nowhere, the network's own page if it can receive one."""
    where = destination_of(organisation)
    return where, alternatives_of([where]).get(organisation.pk)


@login_not_required
def start(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(slug)
    where, alternative = _where(organisation)
    support = support_directory(organisation)
    if where.routed:
        support += support_directory(where.handled_by)
    context = {
        "organisation": organisation,
        "where": where,
        "alternative": alternative,
        "pathways": [(Pathway(code).label, PATHWAY_EXPLANATIONS[code]) for code in Pathway.values],
        # Cases keep the policy of the organisation that handles them.
        "retention_days": policy_read(where.handled_by or organisation).retention_days,
        "support_services": support,
        "platform_contacts": settings.HOLDSPACE_SUPPORT_CONTACTS,
    }
    return render(request, "reports/start.html", context)


@login_not_required
def safe_browsing(request: HttpRequest) -> HttpResponse:
    """Short guidance on reporting safely from a shared or watched device."""
    return render(request, "reports/safe_browsing.html")


def _form_page(request, organisation, form, *, status=200, expired=False):
    return render(
        request,
        "reports/write.html",
        {"organisation": organisation, "form": form, "expired": expired,
         "files_lost": bool(request.FILES) or expired,
         "keep_needs_key": request.user.is_authenticated and "keep" not in form.fields},
        status=status,
    )


def _cannot_receive_page(request, where: Destination, alternative: Destination | None):
    """Said before the form, so that nobody writes a report that could not be sent."""
    return render(request, "reports/write.html",
                  {"organisation": where.organisation, "where": where, "alternative": alternative, "form": None})


def _may_keep(request: HttpRequest) -> bool:
    """A signed-in person with a key can keep her report with her account."""
    return request.user.is_authenticated and personal_key_exists(request.user)


def _reports_throttled(request: HttpRequest, **kwargs) -> bool:
    return throttled(scope="report-client", bucket=client_key(request), rate=settings.HOLDSPACE_REPORT_RATE_CLIENT)


@accepts_files
@login_not_required
@throttle_first(_reports_throttled)
def write(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(slug)
    leaders = leaders_of(organisation)  # read by the form only when it needs them
    if request.method != "POST":
        where, alternative = _where(organisation)
        if not where.ready:
            return _cannot_receive_page(request, where, alternative)
        return _form_page(request, organisation, ReportForm(organisation=organisation, leaders=leaders,
                                                            may_keep=_may_keep(request)))
    if was_throttled(request):
        # Asked before the body was read: its files were dropped unread and are not looked at; the words come
        # back as typed.
        form = ReportForm(request.POST, organisation=organisation, leaders=leaders, may_keep=_may_keep(request))
        form.is_valid()
        form.add_error(None, _("Many reports were sent from here just now. Please wait an hour and send it again; "
                               "what you wrote is still here."))
        return _form_page(request, organisation, form, status=TOO_MANY)
    form = ReportForm(request.POST, request.FILES, organisation=organisation, leaders=leaders,
                      may_keep=_may_keep(request))
    if not form.is_valid():
        return _form_page(request, organisation, form, status=400)
    data = form.cleaned_data
    submission = Submission(
        kind=data["kind"],
        pathway=data["pathway"],
        content=form.content(),
        on_behalf=data["on_behalf"],
        consent_confirmed=data["consent_confirmed"],
        respondent_consent=data["respondent_consent"],
        respondent_id=data["respondent_leader"],
        identity=form.identity(),
        files=data["files"],
        news_address=data["news_email"],
        language=translation.get_language() or "",
        keep_with=request.user if data.get("keep") else None,
    )
    try:
        case, receipt = report_submit(organisation=organisation, submission=submission)
    except Refusal as refused:  # nobody can receive it now: the report stays on the page as written
        form.add_error(None, refusal_message(refused, messages=REFUSALS))
        return _form_page(request, organisation, form, status=503)
    # Shown in this response only: the code is in no URL, cookie or log, and cannot be shown again.
    response = render(request, "reports/receipt.html", {"organisation": organisation, "receipt": receipt, "case": case,
                                                         "kept": bool(data.get("keep"))})
    secret_forget(request, response=response, name=REPORTER)
    return response


def write_after_expired_form(request: HttpRequest, slug: str) -> HttpResponse:
    """A report form sent after its security token expired: give it back filled in."""
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise Http404
    # Unbound, so it comes back as typed without error marks.
    form = ReportForm(initial={**request.POST.dict(), "needs": request.POST.getlist("needs")},
                      organisation=organisation, leaders=list(leaders_of(organisation)), may_keep=_may_keep(request))
    return _form_page(request, organisation, form, status=403, expired=True)


# A report is often written slowly: one sent after its form expired comes back as typed (web.views.csrf_failure).
write.after_expired_form = write_after_expired_form


# Tries each client keeps whatever others do: enough for a reporter's own slips the check symbol misses.
RECEIPT_TRIES_FLOOR = 3


def receipt_guessing() -> Guessing:
    """How receipt codes may be tried (docs/security.md, "Limits on guessing")."""
    return Guessing(scope="receipt", client_rate=settings.HOLDSPACE_RECEIPT_RATE_CLIENT,
                    global_rate=settings.HOLDSPACE_RECEIPT_RATE_GLOBAL, floor=RECEIPT_TRIES_FLOOR)


def _receipts_throttled(request: HttpRequest, **kwargs) -> bool:
    """Asked before the body is read: whether this client has no try left. It counts nothing, so a code the check
    symbol finds mistyped still costs no try (the try is taken below, once the code is well formed)."""
    return guess_spent(receipt_guessing(), client=client_key(request))


@login_not_required
@throttle_first(_receipts_throttled)
def receipt_enter(request: HttpRequest) -> HttpResponse:
    status = 200
    if request.method == "POST" and was_throttled(request):
        # Answered before the body was read or checked.
        form = ReceiptForm(request.POST)
        form.is_valid()
        form.add_error(None, _("Many codes were tried from this connection just now. "
                               "Please wait an hour and try again."))
        status = TOO_MANY
    elif request.method == "POST":
        form = ReceiptForm(request.POST)
        status = 400
        # A code the form finds mistyped (its check symbol) is not a try: only well-formed codes count.
        if form.is_valid():
            guessing, client = receipt_guessing(), client_key(request)
            if not guess_start(guessing, client=client):
                form.add_error(None, _("Many codes were tried from this connection just now. "
                                       "Please wait an hour and try again."))
                status = TOO_MANY
            else:
                try:
                    case, data_key, renewed = receipt_use(form.cleaned_data["receipt"])
                except Refusal as refused:
                    guess_wrong(guessing)
                    form.add_error("receipt", refusal_message(refused, messages=REFUSALS))
                else:
                    guess_right(guessing, client=client)
                    request.session.cycle_key()
                    if renewed:
                        # The code a handler handed over opened it once: her own code, shown in this response only.
                        response = render(request, "reports/receipt_renewed.html", {"receipt": renewed})
                        response["Cache-Control"] = "no-store, private"
                    else:
                        response = redirect("reports:mine")
                    report_remember(request, response=response, case=case, data_key=data_key)
                    return response
    else:
        form = ReceiptForm()
    return render(request, "reports/receipt_enter.html", {"form": form}, status=status)


def report_remember(request: HttpRequest, *, response: HttpResponse, case: Case, data_key: bytes) -> None:
    """Keep the opened report for this browser. Its id goes inside the locked secret with its data key: the
    session row in the database, read next to whose session it is, names no report."""
    secret_keep(request, response=response, name=REPORTER, secret=_CASE_ID.pack(case.pk) + data_key)


def _opened(request: HttpRequest) -> tuple[Case, bytes] | None:
    kept = secret_get(request, name=REPORTER)
    if kept is None:
        return None
    secret, _extra = kept
    if len(secret) <= _CASE_ID.size:
        return None
    case_id, data_key = _CASE_ID.unpack(secret[:_CASE_ID.size])[0], secret[_CASE_ID.size:]
    case = Case.objects.select_related("organisation").filter(pk=case_id).first()
    return (case, data_key) if case is not None else None


def reporter_page(view):
    """The report opened by its receipt in this browser, or back to the receipt form."""

    @login_not_required
    def wrapper(request, *args, **kwargs):
        opened = _opened(request)
        if opened is None:
            messages.info(request, _("For your safety, the report closed. Enter your receipt code to open it again."))
            return redirect("reports:receipt")
        return view(request, *opened, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _mine_page(request, case, data_key, *, write_form=None, pathway_form=None, step_in_form=None, needs_form=None,
               news_form=None, status=200):
    if pathway_form is not None:
        pathway_form.case_seen(case)  # she now sees the report as it is: sent again, it acts on this
    content = reporter.reporter_content(case, data_key=data_key)
    messages_list = reporter.reporter_messages(case, data_key=data_key)
    news = news_address_open(case, data_key=data_key)
    signed_in = request.user.is_authenticated
    private_key = unlocked_key(request) if signed_in else None
    context = {
        "case": case,
        # What she wrote, her files, where it stands in her words.
        "content": content,
        "report_files": reporter.reporter_files(case, data_key=data_key),
        "status": reporter_status(case, last_author=messages_list[-1]["author"] if messages_list else None),
        "needs_form": needs_form or NeedsForm(initial={"needs": content.needs}),
        # Being told there is news.
        "news_address": news[0] if news else "",
        "news_form": news_form or NewsAddressForm(initial={"news_email": news[0] if news else ""}),
        # Keeping it with her account.
        "keep": {"signed_in": signed_in, "has_key": signed_in and personal_key_exists(request.user),
                 "key_open": private_key is not None,
                 "kept": kept_for_case(user=request.user, private_key=private_key, case=case) is not None},
        "messages_list": messages_list,
        "write_form": write_form or ReporterWriteForm(may_appeal=may_appeal(case)),
        "pathway_form": pathway_form
        or PathwayChangeForm(case=case,
                             initial={"pathway": case.pathway, "respondent_consent": case.respondent_consent}),
        "stop_form": ConfirmForm(prefix="stop"),
        "withdraw_form": ConfirmForm(prefix="withdraw"),
        "delete_form": ConfirmForm(prefix="delete"),
        "stage_label": reporter.stage_visible_to_reporter(case) if case.is_open else "",
        "agreement": agreement_actions(case, data_key=data_key) if case.pathway == Pathway.RESTORATIVE else [],
        "support_services": support_directory(case.handling_organisation) if case.pathway == Pathway.SUPPORT else [],
        "step_in": step_in_chance(case, now=timezone.now()),
        "step_in_form": step_in_form or StepInForm(prefix="step_in"),
    }
    reporter.reporter_seen(case)
    return render(request, "reports/mine.html", context, status=status)


@reporter_page
def mine(request, case, data_key):
    return _mine_page(request, case, data_key)


@accepts_files
@require_POST
@reporter_page
def mine_write(request, case, data_key):
    return post_action(
        request, form=ReporterWriteForm(request.POST, request.FILES, may_appeal=may_appeal(case)), refusals=REFUSALS,
        act=lambda data: reporter.reporter_write(
            case, data_key=data_key, body=data["body"], files=data["files"], information=data["information"],
            appeal=data.get("appeal", False)),
        again=lambda typed: _mine_page(request, case, data_key, write_form=typed),
        done=_("Sent. The handlers will see it."), to=reverse("reports:mine"))


@require_POST
@reporter_page
def mine_pathway(request, case, data_key):
    return post_action(
        request, form=PathwayChangeForm(request.POST), refusals=REPORTER_REFUSALS, statuses={"case_moved": 409},
        act=lambda data: reporter.reporter_pathway_change(
            case, pathway=data["pathway"], respondent_consent=data["respondent_consent"], version=data["version"]),
        again=lambda typed: _mine_page(request, case, data_key, pathway_form=typed),
        done=_("Your choice is saved. The handlers are told."), to=reverse("reports:mine"))


@require_POST
@reporter_page
def mine_needs(request, case, data_key):
    return post_action(
        request, form=NeedsForm(request.POST), refusals=REPORTER_REFUSALS,
        act=lambda data: reporter.reporter_needs_change(case, data_key=data_key, needs=data["needs"]),
        again=lambda typed: _mine_page(request, case, data_key, needs_form=typed),
        done=_("Saved. The handlers are told that what you need changed."), to=reverse("reports:mine"))


@require_POST
@reporter_page
def mine_news(request, case, data_key):
    return post_action(
        request, form=NewsAddressForm(request.POST), refusals=REPORTER_REFUSALS,
        fields={"news_address_invalid": "news_email"},
        act=lambda data: news_address_set(case, data_key=data_key, address=data["news_email"],
                                          language=translation.get_language() or ""),
        again=lambda typed: _mine_page(request, case, data_key, news_form=typed),
        done=_("Saved. We will write to this address only to say there is news."), to=reverse("reports:mine"))


@require_POST
@reporter_page
def mine_news_remove(request, case, data_key):
    return post_action(
        request, refusals=REPORTER_REFUSALS, act=lambda data: news_address_remove(case),
        done=_("Your address is removed. Nobody will write to you about this report."), to=reverse("reports:mine"))


@require_POST
@reporter_page
def mine_keep(request, case, data_key):
    if not request.user.is_authenticated:
        raise Http404
    private_key = unlocked_key(request)
    if private_key is None:
        # Her key open is what tells whether she keeps this report already: without it, a second row could be made.
        return redirect(key_url(next_path=reverse("reports:mine")))
    return post_action(
        request, refusals=REPORTER_REFUSALS,
        act=lambda data: report_keep(user=request.user, case=case, data_key=data_key, private_key=private_key),
        done=_("Your report is kept with your account. You find it under \"Your reports\"."),
        to=reverse("reports:mine"))


@require_POST
@reporter_page
def mine_withdraw(request, case, data_key):
    return post_action(
        request, form=ConfirmForm(request.POST, prefix="withdraw"), refusals=REPORTER_REFUSALS,
        act=lambda data: reporter.reporter_withdraw(case),
        done=_("Your report is withdrawn. Nothing more will happen with it."), to=reverse("reports:mine"))


@require_POST
@reporter_page
def mine_stop(request, case, data_key):
    return post_action(
        request, form=ConfirmForm(request.POST, prefix="stop"), refusals=REPORTER_REFUSALS,
        act=lambda data: reporter.reporter_restorative_stop(case),
        done=_("The restorative process is stopped. You do not need to give a reason."), to=reverse("reports:mine"))


@require_POST
@reporter_page
def mine_delete(request, case, data_key):
    form = ConfirmForm(request.POST, prefix="delete")
    if not form.is_valid():
        messages.error(request, form.errors["confirm"][0])
        return redirect("reports:mine")
    organisation = case.organisation
    reporter.reporter_delete(case)
    response = render(request, "reports/deleted.html", {"organisation": organisation})
    secret_forget(request, response=response, name=REPORTER)
    return response


def record_text(case: Case, record: reporter.ReporterRecord, *, now) -> str:
    """The reporter's record as plain text in her language, the way she downloads it. Every line a person wrote
    is quoted ("> "), so that none can pass for a line of the system's own (a date, a status, a handler's
    message)."""
    content = record.content
    lines = [
        _("Holdspace: your report to %(organisation)s") % {"organisation": record_one_line(case.organisation.name)},
        _("Downloaded on %(date)s") % {"date": dates.moment(now)},
        # A record others may be shown says which clock its times are on.
        _("Times are in the %(zone)s time zone.") % {"zone": timezone.get_current_timezone_name()},
        _("Received on %(date)s") % {"date": dates.moment(case.received_at)},
        _("Kind: %(kind)s") % {"kind": case.get_kind_display()},
        _("What you asked for: %(pathway)s") % {"pathway": case.get_pathway_display()},
        _("Status: %(status)s") % {"status": case.get_status_display()},
        _('Lines that start with ">" are what people wrote; the other lines are what Holdspace states.'),
        "",
        _("What happened"),
        *record_quote(content.what),
    ]
    for label, value in (
        (_("When"), content.when),
        (_("Where"), content.where),
        (_("The person it is about"), content.respondent_name),
        (_("Others involved"), content.people),
        (_("Witnesses"), content.witnesses),
        (_("The impact on you"), content.impact),
    ):
        if value:
            lines += ["", label, *record_quote(value)]
    lines += ["", _("Messages")]
    for message in record.messages:
        who = _("You") if message["author"] == CaseMessage.Author.REPORTER else _("Case handler")
        lines += ["", f"{dates.moment(message['created_at'])} · {who}", *record_quote(message["body"])]
        lines += ["  " + _("File: %(name)s") % {"name": record_one_line(file["name"])} for file in message["files"]]
    return lines_normalised("\n".join(lines) + "\n")


@reporter_page
def mine_record(request, case, data_key):
    """Her record, signed with the key of the organisation that handles it, so that others can check it. The text
    is hashed as it is signed and sent (line endings as the signature counts them), so the SHA-256 line and the
    X-Content-SHA256 header match the file."""
    now = timezone.now()
    text = lines_normalised(record_text(case, reporter.reporter_record(case, data_key=data_key), now=now))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    signer = case.handling_organisation
    footer = [
        _("SHA-256 of the text above: %(digest)s") % {"digest": digest},
        "",
        _("Signed with the key of %(organisation)s, shown on its accountability page. Anyone can check that this "
          "record is whole and unchanged, without an account, at %(url)s") % {
            "organisation": record_one_line(signer.name),
            "url": settings.SITE_URL + reverse("reports:record_check")},
    ]
    signed = record_sign(f"{text}\n" + "\n".join(footer) + "\n", organisation=signer, now=now)
    response = HttpResponse(signed, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="holdspace-report-{dates.file_day(case.received_at)}.txt"'
    response["X-Content-SHA256"] = digest
    response["Cache-Control"] = "no-store, private"
    return response


@require_POST
@reporter_page
def mine_step_in(request, case, data_key):
    """She asks the organisation's network to step in: her consent that its handlers read her report."""
    return post_action(
        request, form=StepInForm(request.POST, prefix="step_in"), refusals=REPORTER_REFUSALS,
        act=lambda data: case_step_in(case, data_key=data_key),
        again=lambda typed: _mine_page(request, case, data_key, step_in_form=typed),
        done=_("Your network is asked to step in. Its case handlers have your report now, and they are told."),
        to=reverse("reports:mine"))


# Lazy: translated when a page shows them, in the language of that request.
RECORD_VERDICTS = {
    CHANGED: gettext_lazy("This record is not intact: something in it was changed after it was signed, even if only "
                          "one character. Ask the person who gave it to you for the file as it was downloaded."),
    UNKNOWN_KEY: gettext_lazy("This record names a key that no organisation here signs with: it was not signed by "
                              "Holdspace, or its signature lines were changed."),
}


@accepts_files  # the record file she downloaded
@login_not_required
def record_check_page(request: HttpRequest) -> HttpResponse:
    """Anyone checks a signed record. Read only: the record is not stored, logged, audited or cached, and the
    answer goes to this browser alone."""
    verdict = None
    status = 200
    if request.method == "POST":
        form = RecordCheckForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                verdict = {"intact": True, "checked": record_check(form.cleaned_data["record"])}
            except Refusal as refused:
                words = RECORD_VERDICTS.get(refused.code) or _(
                    "This is not a signed Holdspace record, or its signature lines are cut or changed. Choose the "
                    "file as it was downloaded, or paste all of it.")
                verdict = {"intact": False, "words": words}
        else:
            status = 400
    else:
        form = RecordCheckForm()
    response = render(request, "reports/record_check.html", {"form": form, "verdict": verdict}, status=status)
    response["Cache-Control"] = "no-store, private"
    return response


@reporter_page
def mine_file(request, case, data_key, file_id: int):
    attachment = CaseAttachment.objects.filter(
        pk=file_id, case=case, message__channel=CaseMessage.Channel.REPORTER
    ).first() or CaseAttachment.objects.filter(
        pk=file_id, case=case, message__isnull=True, added_by="reporter"
    ).first()
    if attachment is None:
        raise Http404
    return attachment_response(attachment, data_key)


def attachment_response(attachment: CaseAttachment, data_key: bytes) -> HttpResponse:
    name = unlock(data_key, box=bytes(attachment.name)).decode("utf-8")
    response = HttpResponse(unlock(data_key, box=bytes(attachment.data)), content_type=attachment.content_type)
    safe = "".join(ch for ch in name if ch.isalnum() or ch in "._- ") or "file"
    response["Content-Disposition"] = f'attachment; filename="{safe}"'
    return response


@require_POST
@login_not_required
def mine_leave(request: HttpRequest) -> HttpResponse:
    response = redirect("reports:receipt")
    secret_forget(request, response=response, name=REPORTER)
    messages.info(request, _("Your report is closed in this browser. Your receipt code opens it again."))
    return response


@require_POST
@login_not_required
def quick_exit(request: HttpRequest) -> HttpResponse:
    """Forget the report opened in this browser, and nothing else (an account stays signed in). The quick exit's
    script sends this as a beacon on its way out (answered 204); the button on her report posts it as a form,
    which then leads to the neutral site."""
    if request.POST.get("beacon"):
        response = HttpResponse(status=204)
    else:
        response = redirect(settings.HOLDSPACE_QUICK_EXIT_URL)
    secret_forget(request, response=response, name=REPORTER)
    response["Cache-Control"] = "no-store, private"
    return response
