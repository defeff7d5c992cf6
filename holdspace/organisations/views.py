from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from holdspace.accounts.models import User
from holdspace.accounts.sudo import sudo_required
from holdspace.accounts.throttle import throttled
from holdspace.accounts.two_factor import two_factor_detour
from holdspace.audit.checkpoints import checkpoint_issue, checkpoint_text, verify_key_text
from holdspace.audit.selectors import ChainReport, audit_chain_verify, audit_entries_for_organisation
from holdspace.organisations import selectors, services
from holdspace.organisations.access import OrganisationAccess, organisation_view
from holdspace.organisations.forms import (
    CheckpointForm, DescriptionTranslationForm, DetailsForm, InvitationForm, ManagerForm, OrganisationForm, RolesForm, SanctionForm,
)
from holdspace.organisations.models import Invitation, Organisation, ReportingLine, Role, ordered_roles
from holdspace.organisations.pages import ORGANISATION_PAGES, home_extras, public_extras
from holdspace.organisations.refusals import REFUSALS
from holdspace.web import dates, public_pages
from holdspace.web.actions import post_action
from holdspace.web.languages import asks_original, language_name, other_languages
from holdspace.web.uploads import accepts_files


# Invitations carry text chosen by the organisation to any address: a cap keeps
# Holdspace from being used to flood inboxes.
INVITATION_RATE = "100/d"
CHECKPOINT_COMPARE_RATE = "20/h"


@login_not_required
@public_pages.public_page(scopes=[ORGANISATION_PAGES])
def public_page(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    context = {
        "organisation": organisation,
        "description": selectors.description_shown(organisation=organisation, asks_original=asks_original(request)),
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

    def page(form: OrganisationForm) -> HttpResponse:
        return render(request, "organisations/new.html", {"form": form})

    if request.method != "POST":
        return page(OrganisationForm())
    return post_action(
        request, form=OrganisationForm(request.POST), refusals=REFUSALS, again=page, fields={"slug_taken": "slug"},
        act=lambda data: services.organisation_create(**data, created_by=request.user),
        done=lambda organisation: _("%(name)s is created. You are its first administrator.") % {
            "name": organisation.name},
        to=lambda organisation: reverse("organisations:home", args=[organisation.slug]))


@organisation_view()
def home(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    return render(
        request,
        "organisations/home.html",
        {
            "access": access,
            "organisation": access.organisation,
            "my_roles": ordered_roles(access.roles),
            "description": selectors.description_shown(organisation=access.organisation,
                                                       asks_original=asks_original(request)),
            "networks": selectors.networks_of_organisation(organisation=access.organisation),
            # What a network decided about this organisation, and why: for its administrators.
            "sanctions": selectors.sanctions_of_member(organisation=access.organisation) if access.is_admin else [],
            **home_extras(access),
        },
    )


@organisation_view(Role.ORG_ADMIN)
def details(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    """The organisation's name, description and city, as the public pages and the reporting finder show them."""
    organisation = access.organisation

    def page(form: DetailsForm) -> HttpResponse:
        written = set(organisation.description_translations.values_list("language", flat=True))
        return render(request, "organisations/details.html", {
            "access": access, "organisation": organisation, "form": form,
            "languages": [(code, language_name(code), code in written)
                          for code, _name in other_languages(organisation.language)]})

    if request.method != "POST":
        return page(DetailsForm(initial={"name": organisation.name, "description": organisation.description,
                                         "language": organisation.language, "city": organisation.city}))
    return post_action(
        request, form=DetailsForm(request.POST), refusals=REFUSALS, again=page,
        act=lambda data: services.organisation_details_change(organisation=organisation, actor=request.user, **data),
        done=_("Saved."), to=reverse("organisations:details", args=[organisation.slug]))


@organisation_view(Role.ORG_ADMIN)
def description_translation(request: HttpRequest, access: OrganisationAccess, language: str) -> HttpResponse:
    """The description in another offered language, written beside the original."""
    organisation = access.organisation
    if language not in dict(other_languages(organisation.language)):
        raise Http404
    existing = organisation.description_translations.filter(language=language).first()

    def page(form: DescriptionTranslationForm) -> HttpResponse:
        return render(request, "organisations/description_translation.html", {
            "access": access, "organisation": organisation, "form": form, "language": language,
            "language_name": language_name(language), "original_name": language_name(organisation.language),
            "existing": existing})

    if request.method != "POST":
        return page(DescriptionTranslationForm(initial={"description": existing.description if existing else ""}))
    return post_action(
        request, form=DescriptionTranslationForm(request.POST), refusals=REFUSALS, again=page,
        act=lambda data: services.description_translation_save(organisation=organisation, actor=request.user,
                                                                language=language, description=data["description"]),
        done=_("Saved."), to=reverse("organisations:details", args=[organisation.slug]))


@organisation_view(Role.ORG_ADMIN)
@sudo_required
def people(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    organisation = access.organisation

    def page(form: InvitationForm, *, status: int = 200) -> HttpResponse:
        return render(request, "organisations/people.html", _people_context(access, form), status=status)

    if request.method != "POST":
        return page(InvitationForm())
    form = InvitationForm(request.POST)
    if form.is_valid() and throttled(scope="invite", bucket=str(organisation.pk), rate=INVITATION_RATE):
        form.add_error(None, _("This organisation sent many invitations today. Please continue tomorrow."))
        return page(form, status=429)
    return post_action(
        request, form=form, refusals=REFUSALS, again=page, fields={"no_role": "roles", "unknown_role": "roles"},
        act=lambda data: services.invitation_create(organisation=organisation, email=data["email"],
                                                    roles=set(data["roles"]), actor=request.user),
        done=lambda _invited: _("We sent an invitation to %(email)s.") % {"email": form.cleaned_data["email"]},
        to=reverse("organisations:people", args=[organisation.slug]))


def _people_context(access: OrganisationAccess, form: InvitationForm) -> dict:
    organisation = access.organisation
    return {
        "access": access,
        "organisation": organisation,
        "people": selectors.people_of_organisation(organisation=organisation),
        "invitations": selectors.open_invitations(organisation=organisation),
        "form": form,
    }


def _member(access: OrganisationAccess, user_id: int) -> tuple[User, set[str]]:
    """Someone with a role here and his roles; 404 for anyone else."""
    found = selectors.person_roles(organisation=access.organisation, user_id=user_id)
    if found is None:
        raise Http404
    return found


def _colleagues(access: OrganisationAccess, member: User) -> list[User]:
    return list(selectors.organisation_people(organisation=access.organisation).exclude(pk=member.pk))


def _manager_form(member: User, colleagues: list[User], data=None, *, organisation) -> ManagerForm:
    current = ReportingLine.objects.filter(organisation=organisation, person=member).first()
    return ManagerForm(data, prefix="line", people=colleagues,
                       initial={"manager": current.manager_id if current else None})


def _person_page(request: HttpRequest, access: OrganisationAccess, member: User, *, form: RolesForm,
                 manager_form: ManagerForm) -> HttpResponse:
    return render(request, "organisations/person.html", {
        "access": access, "organisation": access.organisation, "person": member, "form": form,
        "manager_form": manager_form})


@organisation_view(Role.ORG_ADMIN)
@sudo_required
def person(request: HttpRequest, user_id: int, access: OrganisationAccess) -> HttpResponse:
    """A person's roles here, and who he reports to (saved by `reporting_line`)."""
    organisation = access.organisation
    member, roles = _member(access, user_id)
    manager_form = _manager_form(member, _colleagues(access, member), organisation=organisation)

    def page(form: RolesForm) -> HttpResponse:
        return _person_page(request, access, member, form=form, manager_form=manager_form)

    if request.method != "POST":
        return page(RolesForm(initial={"roles": sorted(roles)}))
    if request.POST.get("form") == "manager":
        # A page opened before the reporting line had its own address: never read it as roles left empty.
        messages.info(request, _("This page was out of date, so nothing was saved. Choose who he reports to again."))
        return redirect("organisations:person", slug=organisation.slug, user_id=member.pk)
    # Unchecking every box posts no field at all, so the form is bound on the method, not on the data.
    return post_action(
        request, form=RolesForm(request.POST), refusals=REFUSALS, again=page,
        fields={"last_administrator": "roles", "unknown_role": "roles"},
        act=lambda data: services.roles_set(organisation=organisation, user=member, roles=set(data["roles"]),
                                            actor=request.user),
        done=_("The roles of %(name)s are saved.") % {"name": member.display_name},
        to=reverse("organisations:people", args=[organisation.slug]))


@organisation_view(Role.ORG_ADMIN)
@sudo_required
def reporting_line(request: HttpRequest, user_id: int, access: OrganisationAccess) -> HttpResponse:
    """Save who a person reports to; back on his page (also after confirming it is her, which comes back here
    without the form)."""
    organisation = access.organisation
    member, roles = _member(access, user_id)
    back = reverse("organisations:person", args=[organisation.slug, member.pk])
    if request.method != "POST":
        return redirect(back)
    colleagues = _colleagues(access, member)

    def page(manager_form: ManagerForm) -> HttpResponse:
        return _person_page(request, access, member, form=RolesForm(initial={"roles": sorted(roles)}),
                            manager_form=manager_form)

    def act(data: dict) -> None:
        manager = next((p for p in colleagues if p.pk == data["manager"]), None)
        services.reporting_line_set(organisation=organisation, person=member, manager=manager, actor=request.user)

    return post_action(
        request, form=_manager_form(member, colleagues, request.POST, organisation=organisation), refusals=REFUSALS,
        again=page, fields={"reporting_line_loop": "manager", "manager_not_here": "manager"}, act=act,
        done=_("Saved: who %(name)s reports to.") % {"name": member.display_name}, to=back)


@require_POST
@organisation_view(Role.ORG_ADMIN)
def invitation_revoke(request: HttpRequest, invitation_id: int, access: OrganisationAccess) -> HttpResponse:
    invitation = get_object_or_404(Invitation, pk=invitation_id, organisation=access.organisation)
    return post_action(
        request, refusals=REFUSALS,
        act=lambda _data: services.invitation_revoke(invitation=invitation, actor=request.user),
        done=_("The invitation to %(email)s is withdrawn.") % {"email": invitation.email},
        to=reverse("organisations:people", args=[access.organisation.slug]))


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
            "sanctions": selectors.network_sanctions(network=access.organisation),
        },
    )


def _network_member(access: OrganisationAccess, member: str):
    """The network's member organisation with this short name; 404 when this is no network or it is no member."""
    if not access.organisation.is_network:
        raise Http404
    link = selectors.network_member(network=access.organisation, slug=member)
    if link is None:
        raise Http404
    return link


def _member_page(request: HttpRequest, access: OrganisationAccess, link, **forms) -> HttpResponse:
    return render(request, "organisations/network_member.html", {
        "access": access, "organisation": access.organisation, "section": "network", "link": link,
        "member": link.organisation,
        "history": selectors.network_sanctions(network=access.organisation, organisation=link.organisation),
        "suspend_form": forms.get("suspend_form") or SanctionForm(prefix="suspend"),
        "expel_form": forms.get("expel_form") or SanctionForm(prefix="expel"),
    })


@organisation_view(Role.ORG_ADMIN)
def network_member(request: HttpRequest, member: str, access: OrganisationAccess) -> HttpResponse:
    """One member organisation: where it stands, what the network decided about it, and suspending, lifting a
    suspension or ending its membership, each with a reason."""
    return _member_page(request, access, _network_member(access, member))


@require_POST
@organisation_view(Role.ORG_ADMIN)
def network_member_suspend(request: HttpRequest, member: str, access: OrganisationAccess) -> HttpResponse:
    link = _network_member(access, member)
    return post_action(
        request, form=SanctionForm(request.POST, prefix="suspend"), refusals=REFUSALS,
        again=lambda typed: _member_page(request, access, link, suspend_form=typed),
        fields={"reason_missing": "reason", "reason_too_long": "reason"},
        act=lambda data: services.network_member_suspend(network=access.organisation, organisation=link.organisation,
                                                         reason=data["reason"], actor=request.user),
        done=_("%(name)s is suspended. Its administrators have been told, with your reason.") % {
            "name": link.organisation.name},
        to=reverse("organisations:network_member", args=[access.organisation.slug, link.organisation.slug]))


@require_POST
@organisation_view(Role.ORG_ADMIN)
def network_member_lift(request: HttpRequest, member: str, access: OrganisationAccess) -> HttpResponse:
    link = _network_member(access, member)
    return post_action(
        request, refusals=REFUSALS,
        act=lambda _data: services.network_member_suspension_lift(
            network=access.organisation, organisation=link.organisation, actor=request.user),
        done=_("The suspension of %(name)s is lifted. Its administrators have been told.") % {
            "name": link.organisation.name},
        to=reverse("organisations:network_member", args=[access.organisation.slug, link.organisation.slug]))


@require_POST
@organisation_view(Role.ORG_ADMIN)
def network_member_expel(request: HttpRequest, member: str, access: OrganisationAccess) -> HttpResponse:
    link = _network_member(access, member)
    return post_action(
        request, form=SanctionForm(request.POST, prefix="expel"), refusals=REFUSALS,
        again=lambda typed: _member_page(request, access, link, expel_form=typed),
        fields={"reason_missing": "reason", "reason_too_long": "reason"},
        act=lambda data: services.network_member_expel(network=access.organisation, organisation=link.organisation,
                                                       reason=data["reason"], actor=request.user),
        done=_("The membership of %(name)s has ended. Its administrators have been told, with your reason.") % {
            "name": link.organisation.name},
        to=reverse("organisations:network_members", args=[access.organisation.slug]))


@organisation_view(Role.ORG_ADMIN)
def audit_log(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    return render(
        request,
        "organisations/audit_log.html",
        {
            "access": access,
            "organisation": access.organisation,
            "entries": audit_entries_for_organisation(organisation_id=access.organisation.pk),
            "verify_key": verify_key_text(),
        },
    )


@organisation_view(Role.ORG_ADMIN)
def audit_checkpoint(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    """A signed checkpoint of the record's newest entry, as a file to keep away from Holdspace."""
    checkpoint = checkpoint_issue(now=timezone.now())
    response = HttpResponse(checkpoint_text(checkpoint), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="holdspace-audit-checkpoint-{dates.file_day(checkpoint.issued_at)}-{checkpoint.seq}.json"'
    )
    response["Cache-Control"] = "no-store, private"
    return response


def _checkpoint_verdict(report: ChainReport) -> dict:
    if report.intact:
        words = _("The record still holds this checkpoint unchanged, and nothing before it was removed.")
    elif report.code == "checkpoint_differs":
        words = _("The entry this checkpoint names is no longer the same: something at or before it was changed or "
                  "removed outside Holdspace.")
    elif report.code == "checkpoint_beyond":
        words = _("The record no longer reaches the entry this checkpoint names: entries were removed outside "
                  "Holdspace.")
    else:
        words = _("The record is broken at entry %(number)s: it was changed outside Holdspace.") % {
            "number": report.broken_at}
    return {"intact": report.intact, "words": words}


@accepts_files  # the checkpoint file an administrator kept
@organisation_view(Role.ORG_ADMIN)
def audit_checkpoint_compare(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    """Whether the record still holds a checkpoint kept earlier, unchanged, with nothing before it removed.

    Reads only: the form is posted because it carries a file, and nothing is written but its throttle.
    """
    form = CheckpointForm(request.POST or None, request.FILES or None)
    report = checkpoint = None
    status = 200
    if request.method == "POST" and form.is_valid():
        # The whole chain is read for each comparison: a few per hour are plenty for one organisation.
        if throttled(scope="audit-compare", bucket=str(access.organisation.pk), rate=CHECKPOINT_COMPARE_RATE):
            form.add_error(None, _("This organisation compared many checkpoints just now. Please try again later."))
            status = 429
        else:
            checkpoint = form.cleaned_data["checkpoint"]
            report = _checkpoint_verdict(audit_chain_verify(checkpoints=[checkpoint]))
    elif request.method == "POST":
        status = 400
    return render(request, "organisations/audit_checkpoint.html", {
        "access": access, "organisation": access.organisation, "form": form, "report": report,
        "checkpoint": checkpoint, "verify_key": verify_key_text(),
    }, status=status)


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_for_token(token)
    if invitation is None:
        raise Http404

    def page(refused: bool = False) -> HttpResponse:
        return render(request, "organisations/invitation.html", {"invitation": invitation, "refused": refused})

    if request.method != "POST":
        return page()
    return post_action(
        request, refusals=REFUSALS,
        act=lambda _data: services.invitation_accept(invitation=invitation, user=request.user),
        again=lambda _form: page(refused=True),
        done=_("Welcome to %(name)s.") % {"name": invitation.organisation.name},
        to=reverse("organisations:home", args=[invitation.organisation.slug]))
