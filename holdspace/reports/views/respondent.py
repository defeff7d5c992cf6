"""The respondent's own pages: what he is told, his rights and deadlines, how to
respond accountably, and the conversation with the handlers. Nothing here
reveals a case to anyone but the man who was told about it."""
from django.http import Http404, HttpRequest, HttpResponse
from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from holdspace.accounts.throttle import Guessing, guess_right, guess_start, guess_wrong
from holdspace.keys.selectors import personal_key_exists
from holdspace.keys.session import unlocked_key
from holdspace.keys.views import KeyPurpose, key_page
from holdspace.reports import respondent
from holdspace.reports.forms import NoticeCodeForm, RespondentWriteForm
from holdspace.reports.models import CaseStage
from holdspace.reports.pathways import Stage
from holdspace.reports.refusals import REFUSALS
from holdspace.web.actions import post_action
from holdspace.web.navigation import safe_next
from holdspace.web.refusals import Refusal


# What the key page says to a man who has been told about a process: his words, not the handlers'.
RESPONDING = KeyPurpose(
    title=gettext_lazy("Your key to what you are told"),
    unlock_intro=gettext_lazy("What the people handling the process write to you, and what you answer, is "
                              "encrypted. Unlock your key to read it and to respond in this browser; it stays unlocked "
                              "until you sign out or lock it."),
    lost=gettext_lazy("Reset your password by email, then make a new key here. What was written to you stays sealed "
                      "to your old key until the people handling the process open it to the new one; you will see "
                      "it then. Nothing you wrote is lost."),
    first_time=gettext_lazy("To read what you have been told, and to respond, you need a key of your own. It takes "
                            "your password and keeps what is written to you private: only you and the people handling "
                            "the process can read it, never the server alone. If you were sent a one-time code by "
                            "email, you type it on the next page, and what you were told is there at once."),
    replaced=gettext_lazy("Your new key replaces the old one. The people handling the process open what was written "
                          "to you to the new key the next time they work on it."),
)


def responding(request: HttpRequest) -> HttpResponse:
    cases = respondent.cases_about(request.user).order_by("-respondent_notified_at")
    return render(request, "reports/responding.html", {"cases": cases})


def responding_key(request: HttpRequest) -> HttpResponse:
    if not respondent.cases_about(request.user).exists():
        raise Http404
    return key_page(request, next_url=safe_next(request, fallback=reverse("reports:responding")), purpose=RESPONDING)


def _his_case(request, reference: str):
    case = respondent.cases_about(request.user).filter(reference=reference).first()
    if case is None:
        raise Http404
    return case


def _page(request, case, form=None, status=200, code_form=None):
    private_key = unlocked_key(request)
    channel_key = respondent.channel_key_for_respondent(case, private_key=private_key) if private_key else None
    code_waits = respondent.channel_code_waits(case)
    deadlines = CaseStage.objects.filter(
        case=case, stage__in=[Stage.RESPONSE, Stage.APPEAL_WINDOW, Stage.APPEAL]
    ).order_by("started_at")
    context = {
        "case": case,
        "locked": private_key is None,
        "waiting": private_key is not None and channel_key is None,
        "thread": respondent.respondent_messages(case, channel_key=channel_key) if channel_key else [],
        "deadlines": deadlines,
        "may_appeal": respondent.may_appeal(case),
        "form": form or RespondentWriteForm(),
        # Told before he had a key: his notice code opens the conversation to his key as soon as he has one.
        "code_waits": code_waits,
        "has_key": personal_key_exists(request.user) if code_waits else None,
        "code_form": code_form or NoticeCodeForm(),
    }
    return render(request, "reports/responding_case.html", context, status=status)


def responding_case(request: HttpRequest, reference: str) -> HttpResponse:
    return _page(request, _his_case(request, reference))


@require_POST
def responding_code(request: HttpRequest, reference: str) -> HttpResponse:
    """His notice code opens what he was told to the key he has just made."""
    case = _his_case(request, reference)
    guessing, account = notice_code_guessing(), f"account:{request.user.pk}"

    def use(data: dict) -> None:
        # Each try stretches the code (Argon2): an account gets a few an hour; a refused try is not given back.
        if not guess_start(guessing, client=account):
            raise Refusal("notice_code_tries_spent")
        try:
            respondent.channel_code_use(case, user=request.user, code=data["code"])
        except Refusal as refused:
            if refused.code == "notice_code_does_not_open":
                guess_wrong(guessing)
            else:  # no code was tried (no key yet, or the page is his already)
                guess_right(guessing, client=account)
            raise
        guess_right(guessing, client=account)

    return post_action(
        request, form=NoticeCodeForm(request.POST), refusals=REFUSALS, act=use,
        again=lambda typed: _page(request, case, code_form=typed),
        done=_("What you have been told is open to your key."), fields={"notice_code_does_not_open": "code"},
        statuses={"notice_code_tries_spent": 429},
        to=reverse("reports:responding_case", args=[case.reference]))


def notice_code_guessing() -> Guessing:
    """How notice codes may be tried, per account (docs/security.md, "Limits on guessing")."""
    return Guessing(scope="notice-code", client_rate=settings.HOLDSPACE_NOTICE_CODE_RATE_ACCOUNT,
                    global_rate=settings.HOLDSPACE_NOTICE_CODE_RATE_GLOBAL, floor=1)


@require_POST
def responding_write(request: HttpRequest, reference: str) -> HttpResponse:
    case = _his_case(request, reference)
    private_key = unlocked_key(request)
    channel_key = respondent.channel_key_for_respondent(case, private_key=private_key) if private_key else None

    def write(data: dict) -> None:
        if channel_key is None:  # his key is locked, or it is a new one the handlers have not opened it to yet
            raise Refusal("key_locked" if private_key is None else "channel_not_open")
        respondent.respondent_write(case, user=request.user, channel_key=channel_key, body=data["body"],
                                    appeal=data["appeal"])

    return post_action(
        request, form=RespondentWriteForm(request.POST), refusals=REFUSALS, act=write,
        again=lambda typed: _page(request, case, typed),
        done=_("Sent to the handlers."), to=reverse("reports:responding_case", args=[case.reference]))
