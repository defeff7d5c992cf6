"""The administrator's reporting policy page: deadlines, retention, notice, support directory."""
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from holdspace.organisations.access import OrganisationAccess, organisation_view
from holdspace.organisations.models import Role
from holdspace.reports import classification
from holdspace.reports import policy as services
from holdspace.reports.access import policy_for
from holdspace.reports.forms import CaseTypeForm, PolicyForm, SupportServiceForm
from holdspace.reports.models import CaseType
from holdspace.reports.pathways import DEFAULT_DAYS
from holdspace.reports.refusals import REFUSALS
from holdspace.web.actions import post_action


def _initial(policy) -> dict:
    initial = {
        "retention_days": policy.retention_days,
        "reminder_days_before": policy.reminder_days_before,
        "respondent_notice_required": policy.respondent_notice_required,
        "route_leaders_to_network": policy.route_leaders_to_network,
        "step_in_after_days": policy.step_in_after_days,
    }
    for stage, days in DEFAULT_DAYS.items():
        initial[f"days_{stage}"] = policy.stage_days.get(str(stage), days)
    return initial


def _page(request, access, *, form=None, service_form=None, status=200):
    organisation = access.organisation
    return render(
        request,
        "reports/policy.html",
        {
            "organisation": organisation,
            "access": access,
            "form": form or PolicyForm(initial=_initial(policy_for(organisation)), prefix="policy"),
            "service_form": service_form or SupportServiceForm(prefix="service"),
            "services": services.support_directory(organisation),
        },
        status=status,
    )


@organisation_view(Role.ORG_ADMIN)
def policy(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    if request.method != "POST":
        return _page(request, access)
    form = PolicyForm(request.POST, prefix="policy")
    return post_action(
        request, form=form, refusals=REFUSALS, again=lambda typed: _page(request, access, form=typed),
        act=lambda data: services.policy_update(
            organisation=access.organisation, actor=request.user, stage_days=form.stage_days(),
            retention_days=data["retention_days"], reminder_days_before=data["reminder_days_before"],
            respondent_notice_required=data["respondent_notice_required"],
            route_leaders_to_network=data["route_leaders_to_network"],
            step_in_after_days=data.get("step_in_after_days")),
        done=_("The policy is saved. It applies to reports received from now on; each open case keeps the policy "
               "it was received under."),
        to=reverse("reports:policy", args=[access.organisation.slug]))


@require_POST
@organisation_view(Role.ORG_ADMIN)
def support_add(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    return post_action(
        request, form=SupportServiceForm(request.POST, prefix="service"), refusals=REFUSALS,
        again=lambda typed: _page(request, access, service_form=typed),
        act=lambda data: services.support_service_add(organisation=access.organisation, actor=request.user, **data),
        done=_("Added to the support directory."), to=reverse("reports:policy", args=[access.organisation.slug]))


@require_POST
@organisation_view(Role.ORG_ADMIN)
def support_remove(request: HttpRequest, service_id: int, access: OrganisationAccess) -> HttpResponse:
    return post_action(
        request, refusals=REFUSALS, done=_("Removed from the support directory."),
        act=lambda data: services.support_service_remove(organisation=access.organisation, actor=request.user,
                                                         service_id=service_id),
        to=reverse("reports:policy", args=[access.organisation.slug]))


def _types_page(request, access, *, form=None, status=200):
    organisation = access.organisation
    return render(request, "reports/case_types.html", {
        "organisation": organisation,
        "access": access,
        "defaults": list(classification.DEFAULT_TYPES.values()),
        "own": CaseType.objects.filter(organisation=organisation, retired=False),
        "form": form or CaseTypeForm(prefix="type"),
    }, status=status)


@organisation_view(Role.ORG_ADMIN, Role.CASE_HANDLER)
def case_types(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    """The types of harm a handler chooses from: the default list and the organisation's own."""
    if request.method != "POST":
        return _types_page(request, access)
    return post_action(
        request, form=CaseTypeForm(request.POST, prefix="type"), refusals=REFUSALS,
        again=lambda typed: _types_page(request, access, form=typed), fields={"case_type_exists": "name"},
        act=lambda data: classification.case_type_add(organisation=access.organisation, actor=request.user,
                                                      name=data["name"]),
        done=_("The type is added. Handlers can choose it on any case."),
        to=reverse("reports:case_types", args=[access.organisation.slug]))


@require_POST
@organisation_view(Role.ORG_ADMIN, Role.CASE_HANDLER)
def case_type_retire(request: HttpRequest, type_id: int, access: OrganisationAccess) -> HttpResponse:
    return post_action(
        request, refusals=REFUSALS,
        done=_("The type is no longer offered. Cases set to it keep it, and it is still counted."),
        act=lambda data: classification.case_type_retire(organisation=access.organisation, actor=request.user,
                                                         type_id=type_id),
        to=reverse("reports:case_types", args=[access.organisation.slug]))
