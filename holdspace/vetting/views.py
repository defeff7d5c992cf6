"""Applying to join a network, a referee's private page, the reviewers' pages and the applicant's own list."""
from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from holdspace.accounts.sudo import sudo_active, sudo_required
from holdspace.accounts.throttle import client_key, throttled
from holdspace.organisations.access import OrganisationAccess, organisation_view
from holdspace.organisations.models import Organisation, Role
from holdspace.vetting import selectors, services
from holdspace.vetting.forms import (
    ACCEPT,
    ApplicationForm,
    ConflictForm,
    DecisionForm,
    NoteForm,
    ReferenceDeclineForm,
    ReferenceForm,
)
from holdspace.vetting.models import LONG_TEXT_MAX, Application, Reference
from holdspace.vetting.refusals import REFUSALS
from holdspace.web import dates
from holdspace.web.actions import post_action
from holdspace.web.inputs import posted_id
from holdspace.web.refusals import Refusal, refusal_message

TOO_MANY = 429
GONE = 410
# Wrong reference links tried from one client; a referee with the right link is never counted.
REFERENCE_MISS_RATE = "20/h"
DECLINE = "decline"


# A limit reached answers 429, so a client that counts its tries can tell it from a mistake.
LIMITED = {code: TOO_MANY for code in services.LIMITS}


class _Noted:
    """An action that remembers the refusal it met, for the page to answer it: a code of conduct changed
    meanwhile is shown as it is now, and an address that may not be asked again is marked."""

    def __init__(self, act):
        self.act, self.refusal = act, None

    def __call__(self, data: dict):
        try:
            return self.act(data)
        except Refusal as refusal:
            self.refusal = refusal
            raise


def _network(slug: str) -> Organisation:
    return get_object_or_404(Organisation, slug=slug, kind=Organisation.Kind.NETWORK)


def _application_form(request: HttpRequest, options: services.ApplyOptions, data=None, initial=None) -> ApplicationForm:
    return ApplicationForm(
        data, initial={"code_number": options.code.number if options.code else None, **(initial or {})},
        name=request.user.display_name if options.as_person else "", organisations=options.organisations,
        code=options.code,
    )


def _apply_page(request, network, options, form, *, status=200, expired=False) -> HttpResponse:
    return render(request, "vetting/apply.html",
                  {"network": network, "options": options, "form": form, "expired": expired}, status=status)


def apply(request: HttpRequest, slug: str) -> HttpResponse:
    network = _network(slug)
    if not request.user.email_verified:
        return render(request, "accounts/needs_email.html")
    options = services.apply_options(network=network, person=request.user)
    if not options.any:
        return _apply_page(request, network, options, None)
    if request.method != "POST":
        return _apply_page(request, network, options, _application_form(request, options))
    form = _application_form(request, options, request.POST)
    act = _Noted(lambda data: services.application_submit(
        network=network, applicant=request.user, organisation=form.organisation(), motivation=data["motivation"],
        code_number=data["code_number"], declarations=form.declarations(), referees=form.referees()))

    def again(typed: ApplicationForm) -> HttpResponse:
        refusal = act.refusal
        if refusal is not None and refusal.code == services.CODE_CHANGED:
            # Show the version in force now, and ask for the box to be ticked again for it.
            now = services.apply_options(network=network, person=request.user)
            data = request.POST.copy()
            data["code_number"] = str(now.code.number) if now.code else ""
            data.pop("adheres", None)
            fresh = _application_form(request, now, data)
            fresh.is_valid()
            fresh.add_error(None, refusal_message(refusal, messages=REFUSALS))
            return _apply_page(request, network, now, fresh)
        if refusal is not None and refusal.code == "referee_mail_limit":
            typed.refuse_referee(refusal.details["email"], _("This address cannot be sent another request just now."))
        # Nothing was recorded or sent; the form comes back as typed, saying why.
        return _apply_page(request, network, options, typed)

    return post_action(
        request, form=form, refusals=REFUSALS, act=act, again=again, statuses=LIMITED,
        done=_("Your application is sent. We asked your references by email; the network's reviewers will decide, "
               "and you will read the decision here."),
        to=reverse("vetting:mine"))


def apply_after_expired_form(request: HttpRequest, slug: str) -> HttpResponse:
    """An application sent after its security token expired: give it back as typed."""
    if not request.user.is_authenticated:
        return render(request, "web/csrf_failure.html", status=403)
    network = _network(slug)
    options = services.apply_options(network=network, person=request.user)
    if not options.any:
        return redirect("vetting:apply", slug=network.slug)
    typed = request.POST.dict()
    if not options.code or typed.pop("code_number", None) != str(options.code.number):
        typed.pop("adheres", None)  # the code changed since: it is read and ticked again
    typed.pop("code_number", None)
    return _apply_page(request, network, options, _application_form(request, options, initial=typed), status=403,
                       expired=True)


# An application is written slowly: one sent after its form expired comes back as typed (web.views.csrf_failure).
apply.after_expired_form = apply_after_expired_form


def mine(request: HttpRequest) -> HttpResponse:
    return render(request, "vetting/mine.html", {"applications": selectors.applications_of(person=request.user)})


@require_POST
def withdraw(request: HttpRequest, application_id: int) -> HttpResponse:
    application = get_object_or_404(Application, pk=application_id, applicant=request.user)
    return post_action(
        request, refusals=REFUSALS, act=lambda _data: services.withdraw(application=application, person=request.user),
        done=_("Your application is withdrawn."), to=reverse("vetting:mine"))


def _reference_page(request, token: str, reference, form=None, decline_form=None, *, status=200,
                    expired=False) -> HttpResponse:
    # Each form posts to its own address under the link, whichever of the two came back with an error.
    return render(request, "vetting/reference.html", {
        "reference": reference, "application": reference.application,
        "form": form or ReferenceForm(), "decline_form": decline_form or ReferenceDeclineForm(prefix=DECLINE),
        "expired": expired, "answer_path": reverse("vetting:reference", args=[token]),
        "decline_path": reverse("vetting:reference_decline", args=[token]),
    }, status=status)


def _closed(request, reference) -> HttpResponse:
    return render(request, "vetting/reference_closed.html", {"reference": reference}, status=GONE)


def _open_reference(request: HttpRequest, token: str) -> tuple[Reference | None, HttpResponse | None]:
    """The reference behind the link, or the page to show instead: unknown, too many tries, or closed."""
    reference = services.reference_for_token(token)
    if reference is None:
        # Logged without the secret part of the path (web/logs.py).
        if throttled(scope="vetting-reference", bucket=client_key(request), rate=REFERENCE_MISS_RATE):
            return None, render(request, "vetting/reference_closed.html", {"too_many": True}, status=TOO_MANY)
        return None, render(request, "vetting/reference_closed.html", {}, status=404)
    if not services.reference_is_open(reference):
        return None, _closed(request, reference)
    return reference, None


def _reference_again(request: HttpRequest, token: str, found: Reference, **forms) -> HttpResponse:
    """The form back as typed; or, when the request closed meanwhile (answered, or its application decided),
    the page saying so."""
    now = services.reference_for_token(token)
    if now is None or not services.reference_is_open(now):
        return _closed(request, now)
    return _reference_page(request, token, found, **forms)


@login_not_required
@never_cache
def reference(request: HttpRequest, reference_token: str) -> HttpResponse:
    """The referee's page, and her reference sent from it."""
    found, instead = _open_reference(request, reference_token)
    if instead is not None:
        return instead
    if request.method != "POST":
        return _reference_page(request, reference_token, found)
    return post_action(
        request, form=ReferenceForm(request.POST), refusals=REFUSALS,
        fields={"recommendation_missing": "recommendation"},
        act=lambda data: services.reference_answer(reference=found, **data),
        again=lambda typed: _reference_again(request, reference_token, found, form=typed),
        to=reverse("vetting:reference_thanks"))


@login_not_required
@never_cache
@require_POST
def reference_decline(request: HttpRequest, reference_token: str) -> HttpResponse:
    """The referee says she cannot give a reference, with a few words if she wishes."""
    found, instead = _open_reference(request, reference_token)
    if instead is not None:
        return instead
    return post_action(
        request, form=ReferenceDeclineForm(request.POST, prefix=DECLINE), refusals=REFUSALS,
        act=lambda data: services.reference_decline(reference=found, words=data["words"]),
        again=lambda typed: _reference_again(request, reference_token, found, decline_form=typed),
        to=reverse("vetting:reference_thanks"))


@never_cache
def reference_after_expired_form(request: HttpRequest, reference_token: str) -> HttpResponse:
    """A reference sent after its security token expired: give it back as typed."""
    found, instead = _open_reference(request, reference_token)
    if instead is not None:
        return instead
    return _reference_page(request, reference_token, found, ReferenceForm(initial=request.POST.dict()), status=403,
                           expired=True)


@never_cache
def reference_decline_after_expired_form(request: HttpRequest, reference_token: str) -> HttpResponse:
    """A referee's decline sent after its security token expired: give her words back."""
    found, instead = _open_reference(request, reference_token)
    if instead is not None:
        return instead
    # `initial` takes field names; the posted keys carry the form's prefix ("decline-words").
    typed = request.POST.dict()
    words = {name: typed[f"{DECLINE}-{name}"] for name in ReferenceDeclineForm.base_fields
             if f"{DECLINE}-{name}" in typed}
    return _reference_page(request, reference_token, found,
                           decline_form=ReferenceDeclineForm(initial=words, prefix=DECLINE), status=403, expired=True)


reference.after_expired_form = reference_after_expired_form
reference_decline.after_expired_form = reference_decline_after_expired_form


@login_not_required
def reference_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "vetting/reference_thanks.html")


def _reviewing(access: OrganisationAccess) -> Organisation:
    if not access.organisation.is_network:
        raise Http404
    return access.organisation


@organisation_view(Role.ORG_ADMIN)
def review_list(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    network = _reviewing(access)
    page = selectors.applications_for_review(network=network, reviewer=request.user, page=request.GET.get("page"))
    return render(request, "vetting/review_list.html",
                  {"organisation": network, "access": access, "section": "applications", "page": page})


def _application(access: OrganisationAccess, application_id: int) -> Application:
    application = selectors.application_in(network=_reviewing(access), application_id=application_id)
    if application is None:
        raise Http404
    return application


# The reviewer's forms on an application, by prefix: the keyword _review_page takes each one as.
REVIEW_FORMS = {"note": (NoteForm, "note_form"), "conflict": (ConflictForm, "conflict_form"),
                "decide": (DecisionForm, "decision_form")}
# What a reviewer typed when her confirmation ran out waits here until she is back on the application.
KEPT_KEY = "vetting_review_typed"


def _review_page(request, access, application, *, note_form=None, conflict_form=None, decision_form=None,
                 status=200) -> HttpResponse:
    excluded = services.exclusion(application=application, reviewer=request.user)
    context = {"organisation": access.organisation, "access": access, "section": "applications",
               "application": application, "excluded": excluded}
    if excluded is None:
        # Only a reviewer who may review reads the application, its references and the notes.
        now = timezone.now()
        references = list(application.references.all())
        for reference in references:
            reference.link_expired = reference.expires_at <= now
        context.update(
            references=references,
            reference_days=services.REFERENCE_DAYS,
            notes=list(application.notes.select_related("author")),
            conflicts=list(application.conflicts.select_related("reviewer")),
            note_form=note_form or NoteForm(prefix="note"),
            conflict_form=conflict_form or ConflictForm(prefix="conflict"),
            decision_form=decision_form or DecisionForm(prefix="decide"),
        )
    elif excluded == services.CONFLICT:
        context["conflict"] = application.conflicts.filter(reviewer=request.user).first()
    return render(request, "vetting/review.html", context, status=status)


def _review_sudo(prefix: str | None = None):
    """`sudo_required` for the forms on an application.

    A reviewer whose confirmation ran out while she wrote (a decision's reason can take long) is sent to confirm
    it is her, as anywhere; but a plain redirect would drop her text, and bring her back to an address that only
    takes POST. So what she typed in the form named by `prefix` waits in her session, and once she confirmed she
    is back on the application with it filled in, to check and send again. Nothing is done before she confirms.
    """
    def decorate(view):
        @wraps(view)
        def wrapper(request: HttpRequest, application_id: int, access: OrganisationAccess) -> HttpResponse:
            if sudo_active(request):
                return view(request, application_id=application_id, access=access)
            application = _application(access, application_id)  # a junk id is 404 before anything else
            if prefix is not None:
                form_class = REVIEW_FORMS[prefix][0]
                typed = {name: request.POST.get(f"{prefix}-{name}", "")[:2 * LONG_TEXT_MAX]
                         for name in form_class.base_fields}
                if any(value.strip() for value in typed.values()):
                    request.session[KEPT_KEY] = {"application": application.pk, "form": prefix, "typed": typed}
            back = reverse("vetting:review", kwargs={"slug": access.organisation.slug,
                                                     "application_id": application.pk})
            return redirect(f"{reverse('accounts:sudo')}?{urlencode({'next': back})}")

        return wrapper

    return decorate


def _kept_forms(request: HttpRequest, application: Application) -> dict:
    """The form a reviewer was sending when her confirmation ran out, filled in as she typed it."""
    kept = request.session.get(KEPT_KEY)
    if not isinstance(kept, dict) or kept.get("application") != application.pk or kept.get("form") not in REVIEW_FORMS:
        return {}
    del request.session[KEPT_KEY]
    form_class, keyword = REVIEW_FORMS[kept["form"]]
    messages.warning(request, _("Your confirmation had run out, so nothing was sent. What you wrote is below: "
                                "please check it and send it again."))
    return {keyword: form_class(prefix=kept["form"], initial=kept.get("typed") or {})}


@organisation_view(Role.ORG_ADMIN)
@sudo_required
def review(request: HttpRequest, application_id: int, access: OrganisationAccess) -> HttpResponse:
    application = _application(access, application_id)
    return _review_page(request, access, application, **_kept_forms(request, application))


def _back_to_review(access, application) -> HttpResponse:
    return redirect("vetting:review", slug=access.organisation.slug, application_id=application.pk)


def _excluded_answer(request, access, application) -> HttpResponse:
    messages.info(request, REFUSALS["excluded"])
    return _back_to_review(access, application)


def _review_action(request: HttpRequest, access: OrganisationAccess, application_id: int, *, form_class,
                   prefix: str, keyword: str, act, done, to: str | None = None) -> HttpResponse:
    """One of the reviewer's forms on an application: sent, or back on the application as typed and why. Only the
    note's form stays on the page once the application is decided: a decision or a conflict sent after that is
    answered with a message on the application."""
    application = _application(access, application_id)
    if services.exclusion(application=application, reviewer=request.user):
        return _excluded_answer(request, access, application)
    on_the_page = keyword == "note_form" or application.is_waiting
    return post_action(
        request, form=form_class(request.POST, prefix=prefix), refusals=REFUSALS, done=done,
        act=lambda data: act(application, data),
        again=(lambda typed: _review_page(request, access, application, **{keyword: typed})) if on_the_page else None,
        to=to or reverse("vetting:review", args=[access.organisation.slug, application.pk]),
        refused_to=reverse("vetting:review", args=[access.organisation.slug, application.pk]))


@require_POST
@organisation_view(Role.ORG_ADMIN)
@_review_sudo("note")
def review_note(request: HttpRequest, application_id: int, access: OrganisationAccess) -> HttpResponse:
    return _review_action(
        request, access, application_id, form_class=NoteForm, prefix="note", keyword="note_form",
        act=lambda application, data: services.note_add(application=application, reviewer=request.user,
                                                        text=data["text"]),
        done=_("Your note is added."))


@require_POST
@organisation_view(Role.ORG_ADMIN)
@_review_sudo("conflict")
def review_conflict(request: HttpRequest, application_id: int, access: OrganisationAccess) -> HttpResponse:
    return _review_action(
        request, access, application_id, form_class=ConflictForm, prefix="conflict", keyword="conflict_form",
        act=lambda application, data: services.conflict_declare(application=application, reviewer=request.user,
                                                                reason=data["reason"]),
        done=_("Your conflict of interest is recorded. You no longer see this application."),
        to=reverse("vetting:review_list", args=[access.organisation.slug]))


@require_POST
@organisation_view(Role.ORG_ADMIN)
@_review_sudo("decide")
def review_decide(request: HttpRequest, application_id: int, access: OrganisationAccess) -> HttpResponse:
    return _review_action(
        request, access, application_id, form_class=DecisionForm, prefix="decide", keyword="decision_form",
        act=lambda application, data: services.decide(application=application, reviewer=request.user,
                                                      accept=data["outcome"] == ACCEPT, reason=data["reason"]),
        done=_("The decision is recorded. The applicant is told by email and reads the reason on Holdspace."))


@require_POST
@organisation_view(Role.ORG_ADMIN)
@_review_sudo()
def review_reference_renew(request: HttpRequest, application_id: int, access: OrganisationAccess) -> HttpResponse:
    """Send a referee who has not answered a new link by email; the reference to ask again is posted by id."""
    application = _application(access, application_id)
    if services.exclusion(application=application, reviewer=request.user):
        return _excluded_answer(request, access, application)
    reference_id = posted_id(request, name="reference")
    reference = application.references.filter(pk=reference_id).first() if reference_id is not None else None
    if reference is None:
        raise Http404
    reference.application = application

    def done(renewed: Reference) -> str:
        until = dates.day(renewed.expires_at)
        return _("A new link was sent to %(name)s at %(organisation)s. It works until %(date)s; the earlier link "
                 "no longer opens.") % {"name": renewed.contact_name, "organisation": renewed.organisation_name,
                                        "date": until}

    return post_action(
        request, refusals=REFUSALS, done=done, statuses=LIMITED,
        act=lambda _data: services.reference_renew(reference=reference, reviewer=request.user)[0],
        again=lambda _form: _review_page(request, access, application),
        to=reverse("vetting:review", args=[access.organisation.slug, application.pk]))
