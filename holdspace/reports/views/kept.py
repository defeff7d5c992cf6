"""Reports a signed-in reporter keeps with her account: the list, opening one without its receipt, untying it.

Each needs her key unlocked in this session (the reports are sealed to it), like her inventory.
"""
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_POST

from holdspace.keys.session import unlocked_key
from holdspace.keys.views import key_url
from holdspace.reports.forms import KeptForm
from holdspace.reports.kept import kept_open, kept_reports, kept_untie
from holdspace.reports.refusals import REPORTER_REFUSALS
from holdspace.reports.views.reporter import report_remember
from holdspace.web.actions import post_action


@sensitive_variables("private_key")
def kept(request: HttpRequest) -> HttpResponse:
    private_key = unlocked_key(request)
    if private_key is None:
        return redirect(key_url(next_path=reverse("reports:kept")))
    found = kept_reports(user=request.user, private_key=private_key)
    return render(request, "reports/kept.html", {"kept": found})


@require_POST
@sensitive_variables("private_key")
def kept_open_view(request: HttpRequest) -> HttpResponse:
    """Open a kept report as the receipt would: its key kept for this browser, her page next."""
    private_key = unlocked_key(request)
    if private_key is None:
        return redirect(key_url(next_path=reverse("reports:kept")))

    def remember(response, opened):
        case, data_key = opened
        report_remember(request, response=response, case=case, data_key=data_key)

    return post_action(
        request, form=KeptForm(request.POST), refusals=REPORTER_REFUSALS, to=reverse("reports:mine"),
        refused_to=reverse("reports:kept"),
        act=lambda data: kept_open(user=request.user, private_key=private_key, kept_id=data["kept"]),
        then=remember)


@require_POST
def kept_untie_view(request: HttpRequest) -> HttpResponse:
    return post_action(
        request, form=KeptForm(request.POST), refusals=REPORTER_REFUSALS, to=reverse("reports:kept"),
        act=lambda data: kept_untie(user=request.user, kept_id=data["kept"]),
        done=_("The report is untied from your account. Its receipt code still opens it."))
