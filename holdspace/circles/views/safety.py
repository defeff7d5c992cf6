"""Safety concerns: raising one from a session (members and facilitators of the circle), the stewards' pages
(their concerns, and the steps on one), and the page where the man a concern is about reads what a steward
chose to tell him. Who raised a concern is shown to its stewards only; nothing on his page leads to it."""
from functools import wraps
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from holdspace.accounts.throttle import throttled
from holdspace.circles import safety
from holdspace.circles.forms import SafetyConcernForm, SafetyFormalForm, SafetyReportForm, SafetyTellForm
from holdspace.circles.models import Circle, CircleSession, SafetyConcern
from holdspace.circles.refusals import REFUSALS
from holdspace.keys.session import unlocked_key
from holdspace.organisations.access import OrganisationAccess, organisation_view
from holdspace.organisations.models import Role
from holdspace.web.actions import post_action
from holdspace.web.refusals import Refusal, refusal_message

# Each concern is sealed to every steward: a cap keeps the path from being used to flood them.
RAISE_RATE = "20/d"
NO_STORE = "no-store, private"


def _key_url(next_path: str) -> str:
    return f"{reverse('keys:key')}?{urlencode({'next': next_path})}"


def raise_concern(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    """The moment: a member or a facilitator of the circle raises a concern from one of its sessions."""
    circle = Circle.objects.filter(slug=slug).select_related("organisation").first()
    if circle is None or not safety.in_circle(circle, user=request.user):
        raise Http404
    session = CircleSession.objects.filter(circle=circle, pk=session_id).first()
    if session is None:
        raise Http404
    men = [man for man in safety.circle_men(circle) if man.pk != request.user.pk]

    def page(form: SafetyConcernForm) -> HttpResponse:
        return render(request, "circles/safety_raise.html", {"circle": circle, "session": session, "form": form})

    if request.method != "POST":
        return page(SafetyConcernForm(men=men))

    def act(data: dict) -> SafetyConcern:
        if throttled(scope="circle-safety", bucket=str(request.user.pk), rate=RAISE_RATE):
            raise Refusal("safety_throttled")
        return safety.safety_concern_raise(circle=circle, session=session, raiser=request.user, what=data["what"],
                                           about_id=data.get("about"), urgent=data.get("urgent", False))

    return post_action(
        request, form=SafetyConcernForm(request.POST, men=men), refusals=REFUSALS,
        again=page, act=act, statuses={"no_steward": 503, "safety_throttled": 429},
        done=_("Thank you. Your concern is with the organisation's stewards. Nobody else is told who raised it."),
        to=reverse("circles:mine"))


def steward_view(view):
    """The steward role here, or an administrator (who receives a concern about the only steward); 404 otherwise
    (with two-step sign-in, as for case handlers). Each page shows only the concerns sealed to the reader."""

    @organisation_view(Role.STEWARD, Role.ORG_ADMIN)
    @wraps(view)
    def wrapper(request, *args, access: OrganisationAccess, **kwargs):
        return view(request, *args, access=access, **kwargs)

    return wrapper


def concern_view(view):
    """A concern of this organisation's circles sealed to this steward; 404 otherwise."""

    @steward_view
    @wraps(view)
    def wrapper(request, *args, safety_id: int, access: OrganisationAccess, **kwargs):
        concern = safety.safety_concern_for(organisation=access.organisation, user=request.user,
                                            concern_id=safety_id)
        if concern is None:
            raise Http404
        return view(request, *args, access=access, concern=concern, **kwargs)

    return wrapper


@steward_view
def concerns(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    """The stewards' list: each concern's circle, stage and deadline (its words are on its own page)."""
    now = timezone.now()
    found = safety.safety_concerns_for(organisation=access.organisation, user=request.user)
    for concern in found:
        concern.overdue = safety.is_overdue(concern, now=now)
    return render(request, "circles/safety_list.html", {
        "organisation": access.organisation, "access": access, "concerns": found,
        "open_count": sum(1 for concern in found if concern.stage in safety.OPEN_STAGES),
    })


def _concern_url(access: OrganisationAccess, concern: SafetyConcern) -> str:
    return reverse("circles:safety_concern", args=[access.organisation.slug, concern.pk])


def _concern_page(request: HttpRequest, access: OrganisationAccess, concern: SafetyConcern, *,
                  bound: dict | None = None) -> HttpResponse:
    bound = bound or {}
    data_key = safety.safety_data_key(concern, user=request.user, private_key=unlocked_key(request))
    words = safety.safety_words(concern, data_key=data_key) if data_key else None
    response = render(request, "circles/safety_concern.html", {
        "organisation": access.organisation, "access": access, "concern": concern, "words": words,
        "action": safety.safety_action_words(concern, data_key=data_key) if data_key else "",
        "overdue": safety.is_overdue(concern, now=timezone.now()),
        "key_url": _key_url(request.get_full_path()) if data_key is None else None,
        "deciding": concern.stage in safety.DECIDING, "open": concern.stage in safety.OPEN_STAGES,
        "formal_form": bound.get("formal") or SafetyFormalForm(prefix="formal"),
        "tell_form": bound.get("tell") or SafetyTellForm(prefix="tell"),
        "report_form": bound.get("report") or SafetyReportForm(
            prefix="report", initial={"what": words.what if words else "", "pathway": "support"}),
    })
    response["Cache-Control"] = NO_STORE
    return response


@concern_view
def concern(request: HttpRequest, access: OrganisationAccess, concern: SafetyConcern) -> HttpResponse:
    return _concern_page(request, access, concern)


def _step(request, access, concern, *, act, done, form=None, part=None, fields=None):
    def again(typed):
        response = _concern_page(request, access, concern, bound={part: typed} if part and typed else None)
        return response

    return post_action(request, form=form, act=act, refusals=REFUSALS, done=done, fields=fields,
                       again=again if form is not None else None, to=_concern_url(access, concern))


def _data_key(request: HttpRequest, concern: SafetyConcern) -> bytes | None:
    return safety.safety_data_key(concern, user=request.user, private_key=unlocked_key(request))


@require_POST
@concern_view
def acknowledge(request: HttpRequest, access: OrganisationAccess, concern: SafetyConcern) -> HttpResponse:
    return _step(request, access, concern, done=_("Acknowledged. Decide within a week what happens next."),
                 act=lambda data: safety.safety_concern_acknowledge(concern=concern, actor=request.user))


@require_POST
@concern_view
def formalise(request: HttpRequest, access: OrganisationAccess, concern: SafetyConcern) -> HttpResponse:
    return _step(request, access, concern, form=SafetyFormalForm(request.POST, prefix="formal"), part="formal",
                 fields={"act_by": "act_by", "safety_empty": "action"},
                 done=_("It is now a formal concern, with the day you act by."),
                 act=lambda data: safety.safety_concern_formalise(
                     concern=concern, actor=request.user, data_key=_data_key(request, concern),
                     action=data["action"], act_by=data["act_by"]))


@require_POST
@concern_view
def tell(request: HttpRequest, access: OrganisationAccess, concern: SafetyConcern) -> HttpResponse:
    return _step(request, access, concern, form=SafetyTellForm(request.POST, prefix="tell"), part="tell",
                 fields={"act_by": "respond_by", "safety_empty": "message"},
                 done=_("He can read your words on his page. He is not told who raised the concern."),
                 act=lambda data: safety.safety_concern_tell(
                     concern=concern, actor=request.user, data_key=_data_key(request, concern),
                     message=data["message"], respond_by=data.get("respond_by")))


@require_POST
@concern_view
def report(request: HttpRequest, access: OrganisationAccess, concern: SafetyConcern) -> HttpResponse:
    """With the consent of the person affected, a report to the organisation. Not through post_action: her
    receipt code is shown once, in this response, never after a redirect (as the reports app's intake does)."""
    form = SafetyReportForm(request.POST, prefix="report")
    if form.is_valid():
        data = form.cleaned_data
        try:
            case, receipt = safety.safety_concern_report(
                concern=concern, actor=request.user, data_key=_data_key(request, concern), consent=data["consent"],
                what=data["what"], pathway=data["pathway"])
        except Refusal as refused:
            form.add_error("consent" if refused.code == "safety_consent" else None,
                           refusal_message(refused, messages=REFUSALS))
        else:
            response = render(request, "circles/safety_receipt.html", {
                "organisation": access.organisation, "access": access, "concern": concern, "receipt": receipt,
                "reference": case.reference, "return_url": request.build_absolute_uri(reverse("reports:receipt")),
            })
            response["Cache-Control"] = NO_STORE
            return response
    response = _concern_page(request, access, concern, bound={"report": form})
    response.status_code = 400
    return response


@require_POST
@concern_view
def close(request: HttpRequest, access: OrganisationAccess, concern: SafetyConcern) -> HttpResponse:
    return _step(request, access, concern, done=_("The concern is closed."),
                 act=lambda data: safety.safety_concern_close(concern=concern, actor=request.user))


def notices(request: HttpRequest) -> HttpResponse:
    """What stewards told him about concerns that concern him: their words, opened with his own key."""
    private_key = unlocked_key(request)
    found = safety.safety_notices_for(request.user, private_key=private_key)
    response = render(request, "circles/safety_notices.html", {
        "notices": found, "key_url": _key_url(request.get_full_path()) if private_key is None and found else None,
    })
    response["Cache-Control"] = NO_STORE
    return response
