"""The respondent's own pages: what he is told, his rights and deadlines, how to
respond accountably, and the conversation with the handlers. Nothing here
reveals a case to anyone but the man who was told about it."""
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from holdspace.keys.session import unlocked_key
from holdspace.keys.views import key_page
from holdspace.reports import respondent
from holdspace.reports.forms import RespondentWriteForm
from holdspace.reports.models import CaseStage
from holdspace.reports.pathways import Stage
from holdspace.reports.views.handler import CASES
from holdspace.web.navigation import safe_next


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
    form = RespondentWriteForm(request.POST)
    if channel_key is None:
        messages.error(request, _("Unlock your key first to write."))
        return redirect("reports:responding_case", reference=case.reference)
    if not form.is_valid():
        return _page(request, case, form, status=400)
    appeal = form.cleaned_data["appeal"]
    if appeal and not respondent.may_appeal(case):
        form.add_error("appeal", _("An appeal can be made only during the time to appeal."))
        return _page(request, case, form, status=400)
    if not case.is_open:
        form.add_error(None, _("This case is closed."))
        return _page(request, case, form, status=400)
    respondent.respondent_write(case, user=request.user, channel_key=channel_key, body=form.cleaned_data["body"], appeal=appeal)
    messages.success(request, _("Sent to the handlers."))
    return redirect("reports:responding_case", reference=case.reference)
