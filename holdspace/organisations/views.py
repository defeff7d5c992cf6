from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from holdspace.accounts.sudo import sudo_required
from holdspace.accounts.throttle import throttled
from holdspace.accounts.two_factor import two_factor_detour
from holdspace.audit.selectors import audit_entries_for_organisation
from holdspace.organisations import selectors, services
from holdspace.organisations.access import OrganisationAccess, organisation_view
from holdspace.organisations.forms import InvitationForm, ManagerForm, OrganisationForm, RolesForm
from holdspace.organisations.models import Invitation, Organisation, ReportingLine, Role, ordered_roles
from holdspace.organisations.pages import home_extras, public_extras


# Invitations carry text chosen by the organisation to any address: a cap keeps
# Holdspace from being used to flood inboxes.
INVITATION_RATE = "100/d"


@login_not_required
def public_page(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    context = {
        "organisation": organisation,
        "networks": selectors.networks_of_organisation(organisation=organisation),
        "members": selectors.network_member_organisations(network=organisation) if organisation.is_network else [],
        **public_extras(organisation),
    }
    return render(request, "organisations/public.html", context)


def organisation_new(request: HttpRequest) -> HttpResponse:
    if not request.user.email_verified:
        return render(request, "accounts/needs_email.html")
    detour = two_factor_detour(request)
    if detour is not None:
        return detour
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(
                name=form.cleaned_data["name"],
                slug=form.cleaned_data["slug"],
                kind=form.cleaned_data["kind"],
                description=form.cleaned_data["description"],
                created_by=request.user,
            )
        except IntegrityError:  # someone took the same short name a moment ago
            form.add_error("slug", _("This short name is taken. Please choose another."))
        else:
            messages.success(
                request, _("%(name)s is created. You are its first administrator.") % {"name": organisation.name}
            )
            return redirect("organisations:home", slug=organisation.slug)
    return render(request, "organisations/new.html", {"form": form})


@organisation_view()
def home(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    return render(
        request,
        "organisations/home.html",
        {
            "access": access,
            "organisation": access.organisation,
            "my_roles": ordered_roles(access.roles),
            "networks": selectors.networks_of_organisation(organisation=access.organisation),
            **home_extras(access),
        },
    )


@organisation_view(Role.ORG_ADMIN)
@sudo_required
def people(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    organisation = access.organisation
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if throttled(scope="invite", bucket=str(organisation.pk), rate=INVITATION_RATE):
            form.add_error(None, _("This organisation sent many invitations today. Please continue tomorrow."))
            return render(request, "organisations/people.html", _people_context(access, form), status=429)
        services.invitation_create(
            organisation=organisation,
            email=form.cleaned_data["email"],
            roles=set(form.cleaned_data["roles"]),
            actor=request.user,
        )
        messages.success(request, _("We sent an invitation to %(email)s.") % {"email": form.cleaned_data["email"]})
        return redirect("organisations:people", slug=organisation.slug)
    return render(request, "organisations/people.html", _people_context(access, form))


def _people_context(access: OrganisationAccess, form: InvitationForm) -> dict:
    organisation = access.organisation
    return {
        "access": access,
        "organisation": organisation,
        "people": selectors.people_of_organisation(organisation=organisation),
        "invitations": selectors.open_invitations(organisation=organisation),
        "form": form,
    }


@organisation_view(Role.ORG_ADMIN)
@sudo_required
def person(request: HttpRequest, user_id: int, access: OrganisationAccess) -> HttpResponse:
    organisation = access.organisation
    found = selectors.person_roles(organisation=organisation, user_id=user_id)
    if found is None:
        raise Http404
    member, roles = found
    colleagues = list(selectors.organisation_people(organisation=organisation).exclude(pk=member.pk))
    current = ReportingLine.objects.filter(organisation=organisation, person=member).first()
    is_manager_form = request.method == "POST" and request.POST.get("form") == "manager"
    manager_form = ManagerForm(
        request.POST if is_manager_form else None, prefix="line", people=colleagues,
        initial={"manager": current.manager_id if current else None},
    )
    # Unchecking every box posts no field at all, so bind on the method, not on the data.
    form = RolesForm(request.POST if request.method == "POST" and not is_manager_form else None,
                     initial={"roles": sorted(roles)})
    if is_manager_form and manager_form.is_valid():
        manager_id = manager_form.cleaned_data["manager"]
        manager = next((p for p in colleagues if p.pk == manager_id), None)
        try:
            services.reporting_line_set(organisation=organisation, person=member, manager=manager, actor=request.user)
        except services.ReportingLineError:
            manager_form.add_error("manager", _("This would make a loop: someone cannot report, even indirectly, to themself."))
        else:
            messages.success(request, _("Saved: who %(name)s reports to.") % {"name": member.display_name})
            return redirect("organisations:person", slug=organisation.slug, user_id=member.pk)
    elif request.method == "POST" and not is_manager_form and form.is_valid():
        try:
            services.roles_set(
                organisation=organisation, user=member, roles=set(form.cleaned_data["roles"]), actor=request.user
            )
        except services.LastAdministratorError:
            form.add_error("roles", _("An organisation needs at least one administrator. Give the role to someone else first."))
        else:
            messages.success(request, _("The roles of %(name)s are saved.") % {"name": member.display_name})
            return redirect("organisations:people", slug=organisation.slug)
    return render(
        request,
        "organisations/person.html",
        {"access": access, "organisation": organisation, "person": member, "form": form, "manager_form": manager_form},
    )


@require_POST
@organisation_view(Role.ORG_ADMIN)
def invitation_revoke(request: HttpRequest, invitation_id: int, access: OrganisationAccess) -> HttpResponse:
    invitation = get_object_or_404(Invitation, pk=invitation_id, organisation=access.organisation)
    services.invitation_revoke(invitation=invitation, actor=request.user)
    messages.success(request, _("The invitation to %(email)s is withdrawn.") % {"email": invitation.email})
    return redirect("organisations:people", slug=access.organisation.slug)


@organisation_view(Role.ORG_ADMIN)
def network_members(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    if not access.organisation.is_network:
        raise Http404
    return render(
        request,
        "organisations/network_members.html",
        {
            "access": access,
            "organisation": access.organisation,
            "links": selectors.network_member_organisations(network=access.organisation),
        },
    )


@organisation_view(Role.ORG_ADMIN)
def audit_log(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    return render(
        request,
        "organisations/audit_log.html",
        {
            "access": access,
            "organisation": access.organisation,
            "entries": audit_entries_for_organisation(organisation_id=access.organisation.pk),
        },
    )


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_for_token(token)
    if invitation is None:
        raise Http404
    error = None
    if request.method == "POST":
        try:
            services.invitation_accept(invitation=invitation, user=request.user)
        except services.InvitationError as problem:
            error = problem.code
        else:
            messages.success(request, _("Welcome to %(name)s.") % {"name": invitation.organisation.name})
            return redirect("organisations:home", slug=invitation.organisation.slug)
    return render(request, "organisations/invitation.html", {"invitation": invitation, "error": error})
