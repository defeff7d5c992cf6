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
from holdspace.conduct.services import in_force
from holdspace.organisations.access import OrganisationAccess, organisation_view
from holdspace.organisations.models import Organisation, Role
from holdspace.vetting import appeals, referees, renewals, selectors, services
from holdspace.vetting.forms import (
    ACCEPT,
    GRANT,
    AppealDecisionForm,
    AppealForm,
    ApplicationForm,
    ConflictForm,
    DecisionForm,
    NoteForm,
    RefereeOrganisationForm,
    ReferenceDeclineForm,
    ReferenceForm,
    ScheduleForm,
)
from holdspace.vetting.models import LONG_TEXT_MAX, Appeal, Application, Reference
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
                  {"network": network, "options": options, "form": form, "expired": expired,
                   "listed": referees.referee_organisations_of(network=network) if form is not None else []},
                  status=status)


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


def _mine_page(request: HttpRequest, *, appeal_forms: dict | None = None, status: int = 200) -> HttpResponse:
    now = timezone.now()
    applications = selectors.applications_of(person=request.user)
    for application in applications:
        application.appeal_until = appeals.appeal_until(application)
        typed = (appeal_forms or {}).get(application.pk)
        # A refused appeal (too late, say) comes back with its words and why, even though none can be sent now.
        # Every application listed is one he may appeal (selectors.applications_of): only the time is asked.
        application.may_appeal = typed is not None or appeals.appeal_open(application, now=now)
        application.appeal_form = typed or AppealForm(prefix=f"appeal-{application.pk}")
    return render(request, "vetting/mine.html", {
        "applications": applications, "renewals": renewals.renewals_asked_of(person=request.user),
        "appeal_days": appeals.APPEAL_DAYS, "now": now}, status=status)


def mine(request: HttpRequest) -> HttpResponse:
    return _mine_page(request)


@require_POST
def appeal(request: HttpRequest, application_id: int) -> HttpResponse:
    """The applicant appeals a declined application (or a membership not renewed), once, with reasons."""
    application = selectors.application_to_appeal(person=request.user, application_id=application_id)
    if application is None:
        raise Http404
    return post_action(
        request, form=AppealForm(request.POST, prefix=f"appeal-{application.pk}"), refusals=REFUSALS,
        act=lambda data: appeals.appeal_make(application=application, person=request.user, reasons=data["reasons"],
                                             now=timezone.now()),
        again=lambda typed: _mine_page(request, appeal_forms={application.pk: typed}),
        done=_("Your appeal is sent. Reviewers who took no part in the first decision will hear it, and you will "
               "read their decision here."),
        to=reverse("vetting:mine"))


def _renewal_form(options_code, data=None, initial=None) -> ApplicationForm:
    return ApplicationForm(data, initial={"code_number": options_code.number if options_code else None,
                                          **(initial or {})}, code=options_code, renewal=True)


def renewal(request: HttpRequest, application_id: int) -> HttpResponse:
    """A member organisation's administrator answers its network's renewal: what changed, the declarations, and
    references if they wish."""
    found = renewals.renewal_for_answer(application_id=application_id, person=request.user)
    if found is None:
        raise Http404
    code = in_force(found.network)
    form = _renewal_form(code, request.POST if request.method == "POST" else None)

    def page(typed, status=200):
        return render(request, "vetting/renewal.html", {
            "application": found, "form": typed if found.status == Application.Status.ASKED else None,
            "code": code, "late": renewals.renewal_is_late(found, now=timezone.now()),
            "listed": referees.referee_organisations_of(network=found.network)}, status=status)

    if request.method != "POST":
        return page(form)
    return post_action(
        request, form=form, refusals=REFUSALS, statuses=LIMITED,
        act=lambda data: renewals.renewal_answer(
            application=found, person=request.user, motivation=data["motivation"], code_number=data["code_number"],
            declarations=form.declarations(), referees=form.referees(), now=timezone.now()),
        again=page,
        done=_("Your answer is sent. The network's reviewers will decide, and you will read the decision on "
               "your applications page."),
        to=reverse("vetting:mine"))


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
    now = timezone.now()
    return render(request, "vetting/review_list.html",
                  {"organisation": network, "access": access, "section": "applications", "page": page,
                   "every_months": renewals.schedule_of(network=network),
                   "due": renewals.members_due(network=network, now=now), "now": now})


@require_POST
@organisation_view(Role.ORG_ADMIN)
def renewal_open(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    """Open a renewal for a member that is due; which member is posted by id."""
    network = _reviewing(access)
    organisation_id = posted_id(request, name="organisation")
    if organisation_id is None:
        raise Http404

    def done(renewal: Application) -> str:
        return _("%(name)s is asked to answer by %(date)s. Its administrators were told by email.") % {
            "name": renewal.organisation.name, "date": dates.day(renewal.answer_by)}

    return post_action(
        request, refusals=REFUSALS, done=done,
        act=lambda _data: renewals.renewal_open(network=network, organisation_id=organisation_id,
                                                actor=request.user, now=timezone.now()),
        to=reverse("vetting:review_list", args=[network.slug]))


@organisation_view(Role.ORG_ADMIN)
def schedule(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    """How often the network vets its members again."""
    network = _reviewing(access)
    every_months = renewals.schedule_of(network=network)

    def page(form, status=200):
        return render(request, "vetting/schedule.html", {
            "organisation": network, "access": access, "section": "applications", "form": form,
            "every_months": every_months, "answer_days": renewals.ANSWER_DAYS}, status=status)

    if request.method != "POST":
        return page(ScheduleForm(initial={"every_months": every_months}))
    return post_action(
        request, form=ScheduleForm(request.POST), refusals=REFUSALS,
        act=lambda data: renewals.schedule_set(network=network, actor=request.user,
                                               every_months=data["every_months"], now=timezone.now()),
        again=page, done=_("The schedule is saved."), to=reverse("vetting:review_list", args=[network.slug]))


@organisation_view(Role.ORG_ADMIN)
def referee_list(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    """The women's rights organisations referees are chosen from, and one more added to them."""
    network = _reviewing(access)

    def page(form, status=200):
        return render(request, "vetting/referees.html", {
            "organisation": network, "access": access, "section": "applications", "form": form,
            "listed": referees.referee_organisations_of(network=network)}, status=status)

    if request.method != "POST":
        return page(RefereeOrganisationForm())
    return post_action(
        request, form=RefereeOrganisationForm(request.POST), refusals=REFUSALS,
        fields={"referee_organisation_listed": "name"},
        act=lambda data: referees.referee_organisation_add(network=network, actor=request.user, **data),
        again=page, done=lambda listed: _("%(name)s is on the list.") % {"name": listed.name},
        to=reverse("vetting:referees", args=[network.slug]), refused_to=reverse("vetting:referees",
                                                                                  args=[network.slug]))


@require_POST
@organisation_view(Role.ORG_ADMIN)
def referee_remove(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    network = _reviewing(access)
    listed_id = posted_id(request, name="listed")
    if listed_id is None:
        raise Http404
    return post_action(
        request, refusals=REFUSALS, done=_("The organisation is off the list. References already asked keep its "
                                           "name."),
        act=lambda _data: referees.referee_organisation_remove(network=network, actor=request.user,
                                                               referee_organisation_id=listed_id),
        to=reverse("vetting:referees", args=[network.slug]))


def _application(access: OrganisationAccess, application_id: int) -> Application:
    application = selectors.application_in(network=_reviewing(access), application_id=application_id)
    if application is None:
        raise Http404
    return application


# The reviewer's forms on an application, by prefix: the keyword _review_page takes each one as.
REVIEW_FORMS = {"note": (NoteForm, "note_form"), "conflict": (ConflictForm, "conflict_form"),
                "decide": (DecisionForm, "decision_form"), "appeal": (AppealDecisionForm, "appeal_form")}
# What a reviewer typed when her confirmation ran out waits here until she is back on the application.
KEPT_KEY = "vetting_review_typed"


def _review_page(request, access, application, *, note_form=None, conflict_form=None, decision_form=None,
                 appeal_form=None, status=200) -> HttpResponse:
    excluded = services.exclusion(application=application, reviewer=request.user)
    context = {"organisation": access.organisation, "access": access, "section": "applications",
               "application": application, "excluded": excluded}
    if excluded is None:
        # Only a reviewer who may review reads the application, its references and the notes.
        now = timezone.now()
        references = list(application.references.all())
        for reference in references:
            reference.link_expired = reference.expires_at <= now
        answered = any(reference.status == Reference.Status.ANSWERED for reference in references)
        appeal = Appeal.objects.filter(application=application).select_related("decided_by", "appellant").first()
        context.update(
            references=references,
            reference_days=services.REFERENCE_DAYS,
            notes=list(application.notes.select_related("author")),
            conflicts=list(application.conflicts.select_related("reviewer")),
            note_form=note_form or NoteForm(prefix="note"),
            conflict_form=conflict_form or ConflictForm(prefix="conflict"),
            decision_form=decision_form or DecisionForm(prefix="decide", renewal=application.is_renewal,
                                                        needs_reason=not answered),
            late=renewals.renewal_is_late(application, now=now),
            appeal=appeal,
            hearing=(appeals.hearing_exclusion(application=application, reviewer=request.user)
                     if appeal is not None and appeal.is_waiting else None),
            appeal_form=appeal_form or AppealDecisionForm(prefix="appeal"),
            may_declare=application.is_open or (appeal is not None and appeal.is_waiting),
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
    on_the_page = keyword in ("note_form", "appeal_form") or application.is_open
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
                                                      accept=data["outcome"] == ACCEPT, reason=data["reason"],
                                                      no_reference_reason=data["no_reference_reason"],
                                                      now=timezone.now()),
        done=_("The decision is recorded. The applicant is told by email and reads the reason on Holdspace."))


@require_POST
@organisation_view(Role.ORG_ADMIN)
@_review_sudo("appeal")
def review_appeal(request: HttpRequest, application_id: int, access: OrganisationAccess) -> HttpResponse:
    """A reviewer who took no part in the first decision, and declared no conflict, decides the appeal."""
    application = _application(access, application_id)
    found = Appeal.objects.filter(application=application).first()
    if found is None:
        raise Http404
    found.application = application

    def act(_application, data):
        return appeals.appeal_decide(appeal=found, reviewer=request.user, grant=data["outcome"] == GRANT,
                                     reason=data["reason"], now=timezone.now())

    return _review_action(
        request, access, application_id, form_class=AppealDecisionForm, prefix="appeal", keyword="appeal_form",
        act=act, done=_("Your decision on the appeal is recorded. The applicant is told by email and reads the "
                        "reason on Holdspace."))


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
