"""The respondent's own pages: what he is told, his rights and deadlines, how to
respond accountably, and the conversation with the handlers. Nothing here
reveals a case to anyone but the man who was told about it."""
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from holdspace.keys.session import unlocked_key
from holdspace.keys.views import key_page
from holdspace.reports import respondent
from holdspace.reports.forms import RespondentWriteForm
from holdspace.reports.models import CaseStage
from holdspace.reports.pathways import Stage
from holdspace.reports.refusals import REFUSALS
from holdspace.reports.views.handler import CASES
from holdspace.web.actions import post_action
from holdspace.web.navigation import safe_next
from holdspace.web.refusals import Refusal


def responding(request: HttpRequest) -> HttpResponse:
    cases = respondent.cases_about(request.user).order_by("-respondent_notified_at")
    return render(request, "reports/responding.html", {"cases": cases})


def responding_key(request: HttpRequest) -> HttpResponse:
    if not respondent.cases_about(request.user).exists():
        raise Http404
    return key_page(request, next_url=safe_next(request, fallback=reverse("reports:responding")), purpose=CASES)


def _his_case(request, reference: str):
    case = respondent.cases_about(request.user).filter(reference=reference).first()
    if case is None:
        raise Http404
    return case


def _page(request, case, form=None, status=200):
    private_key = unlocked_key(request)
    channel_key = respondent.channel_key_for_respondent(case, private_key=private_key) if private_key else None
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
    }
    return render(request, "reports/responding_case.html", context, status=status)


def responding_case(request: HttpRequest, reference: str) -> HttpResponse:
    return _page(request, _his_case(request, reference))


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
