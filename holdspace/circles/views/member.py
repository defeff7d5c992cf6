"""A man's side of circles: asking to join, his circles, the circle's space for
its members, the agreements, and anonymous feedback after a session."""
from collections.abc import Callable

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from holdspace.accounts.throttle import throttled
from holdspace.circles import feedback, joining, messaging, reminders, selectors
from holdspace.circles.forms import AcceptAgreementsForm, FeedbackForm, JoinForm, SessionRemindersForm
from holdspace.circles.models import Circle, CircleMember, CircleSession, Referral, SafetyNotice
from holdspace.circles.refusals import REFUSALS
from holdspace.inventory.selectors import commitments_from_circle, commitments_open
from holdspace.keys.selectors import personal_key_exists
from holdspace.keys.session import unlocked_key
from holdspace.keys.views import key_url
from holdspace.web.actions import post_action
from holdspace.web.navigation import safe_next
from holdspace.web.languages import asks_original
from holdspace.web.refusals import Refusal

Status = CircleMember.Status

# Each request mails the circle's facilitators: a cap keeps that from being used against them.
JOIN_RATE = "10/d"


def _circle_or_404(slug: str) -> Circle:
    found = Circle.objects.filter(slug=slug).select_related("organisation").first()
    if found is None:
        raise Http404
    return found


def _noting(refused: set[str], act: Callable[[dict], object]) -> Callable[[dict], object]:
    """`act`, keeping the code of a refusal for the page that comes back after it."""

    def run(data: dict) -> object:
        try:
            return act(data)
        except Refusal as refusal:
            refused.add(refusal.code)
            raise

    return run


def join(request: HttpRequest, slug: str) -> HttpResponse:
    """Ask to join a circle: why he comes, and the group agreements he accepts."""
    circle = _circle_or_404(slug)
    if circle.facilitator_links.filter(user=request.user).exists():
        return redirect("circles:manage", slug=circle.organisation.slug, circle=circle.slug)
    membership = selectors.membership_of(circle, user=request.user)
    if membership is not None and membership.status in joining.STANDING:
        messages.info(request, REFUSALS["duplicate"] if membership.status != Status.MEMBER
                      else _("You are a member of this circle."))
        return redirect("circles:space" if membership.status == Status.MEMBER else "circles:mine",
                        **({"slug": circle.slug} if membership.status == Status.MEMBER else {}))
    if not request.user.email_verified:
        return render(request, "accounts/needs_email.html")
    full = joining.places_left(circle) <= 0
    sealable = bool(circle.public_key)

    def page(form: JoinForm) -> HttpResponse:
        return render(request, "circles/join.html", {
            "circle": circle, "form": form, "full": full, "agreements": (agreements := joining.current_agreements(circle)),
            "shown": joining.agreements_shown(circle, version=agreements, asks_original=asks_original(request)),
            "open": circle.open_to_new,
        })

    if request.method != "POST":
        return page(JoinForm(full=full, sealable=sealable, initial={"agreements_version": circle.agreements_version}))

    def ask(data: dict) -> CircleMember:
        if throttled(scope="circle-join", bucket=str(request.user.pk), rate=JOIN_RATE):
            raise Refusal("throttled")
        return joining.join_ask(circle=circle, user=request.user, intake=joining.Intake(
            reasons=tuple(data["reasons"]), in_his_words=data.get("in_his_words", ""),
            accepts_agreements=data["accepts_agreements"], waiting_list_ok=data.get("waiting_list_ok", False),
            agreements_version=data["agreements_version"],
        ))

    refused: set[str] = set()

    def again(form: JoinForm) -> HttpResponse:
        if "stale_agreements" in refused:  # the page shows the new version: this form carries it
            form.data = form.data.copy()
            form.data["agreements_version"] = str(circle.agreements_version)
        if "full" in refused and "waiting_list_ok" not in form.fields:  # it filled up a moment ago
            form = JoinForm(request.POST, full=True, sealable=sealable)
            form.is_valid()
            form.add_error("waiting_list_ok", REFUSALS["full"])
        return page(form)

    return post_action(
        request, form=JoinForm(request.POST, full=full, sealable=sealable), refusals=REFUSALS, again=again,
        fields={"full": "waiting_list_ok"}, act=_noting(refused, ask),
        done=lambda member: (
            _("You are on the waiting list. The facilitators will be in touch here when a place opens.")
            if member.status == Status.WAITING
            else _("Your request is with the facilitators. You will find their answer under Your circles.")),
        to=reverse("circles:mine"))


def mine(request: HttpRequest) -> HttpResponse:
    """His circles and requests, the answers to them, and circles he facilitates."""
    memberships = selectors.memberships_of(request.user)
    return render(request, "circles/mine.html", {
        "memberships": memberships,
        "facilitating": Circle.objects.filter(facilitator_links__user=request.user).select_related("organisation"),
        "safety_notices": SafetyNotice.objects.filter(user=request.user).exists(),
        "referrals": Referral.objects.filter(user=request.user).exists(),
    })


def _member_or_facilitator(circle: Circle, user) -> tuple[CircleMember | None, bool]:
    """His membership (members only) and whether he facilitates; 404 for everyone else."""
    facilitating = circle.facilitator_links.filter(user=user).exists()
    membership = CircleMember.objects.filter(circle=circle, user=user, status=Status.MEMBER).first()
    if membership is None and not facilitating:
        raise Http404
    return membership, facilitating


def space(request: HttpRequest, slug: str) -> HttpResponse:
    """The circle as its members see it: first names only, the agreements, the sessions and places."""
    return _space_page(request, _circle_or_404(slug))


def _space_page(request, circle: Circle, *, accept_form=None) -> HttpResponse:
    membership, facilitating = _member_or_facilitator(circle, request.user)
    private_key = unlocked_key(request) if membership else None
    circle_messages = messaging.circle_messages_for(circle, user=request.user, private_key=private_key) \
        if membership else []
    has_key = personal_key_exists(request.user) if membership else False
    response = render(request, "circles/space.html", {
        "circle": circle,
        "membership": membership,
        "facilitating": facilitating,
        "members": [selectors.first_name(m.user) for m in selectors.people_of_circle(circle, statuses=[Status.MEMBER])],
        "facilitators": [selectors.first_name(u) for u in circle.facilitators.all()],
        "agreements": (agreements := joining.current_agreements(circle)),
        "shown": joining.agreements_shown(circle, version=agreements, asks_original=asks_original(request)),
        "accept_form": accept_form or AcceptAgreementsForm(initial={"version": circle.agreements_version}),
        "upcoming": selectors.sessions_of(circle, upcoming=True, limit=10),
        "past": selectors.sessions_of(circle, upcoming=False, limit=5),
        "my_commitments": _his_commitments(request, circle) if membership else [],
        "circle_messages": circle_messages,
        "has_key": has_key,
        # His key opens the words: where to unlock it (or set one up) when it is not unlocked here.
        "key_url": key_url(next_path=request.get_full_path()) if membership and private_key is None else None,
    })
    if circle_messages:
        response["Cache-Control"] = "no-store, private"
    return response


def _his_commitments(request: HttpRequest, circle: Circle) -> list:
    """His commitments from this circle's rounds, their words opened with his key when it is unlocked here."""
    found = commitments_from_circle(request.user, circle_id=circle.pk)
    commitments_open(found, private_key=unlocked_key(request))
    return found


@require_POST
def agreements_accept(request: HttpRequest, slug: str) -> HttpResponse:
    """He accepts the version he read. A page older than the version in force is refused and he goes back to
    the space, which shows the new one: an unticked box comes back as it was, on the page."""
    circle = _circle_or_404(slug)
    membership = CircleMember.objects.filter(circle=circle, user=request.user, status=Status.MEMBER).first()
    if membership is None:
        raise Http404
    form = AcceptAgreementsForm(request.POST)
    if not form.is_valid():
        response = _space_page(request, circle, accept_form=form)
        response.status_code = 400
        return response
    return post_action(
        request, refusals=REFUSALS,
        act=lambda data: joining.agreements_accept(member=membership, version=form.cleaned_data["version"]),
        done=_("Thank you. You have accepted the group agreements."),
        to=reverse("circles:space", args=[circle.slug]))


def _offered(request: HttpRequest, slug: str) -> CircleMember:
    """His membership with a place offered to him in this circle; 404 otherwise."""
    circle = _circle_or_404(slug)
    membership = CircleMember.objects.filter(circle=circle, user=request.user, status=Status.OFFERED) \
        .select_related("circle").first()
    if membership is None:
        raise Http404
    return membership


@require_POST
def offer_accept(request: HttpRequest, slug: str) -> HttpResponse:
    """He takes the place offered from the waiting list."""
    membership = _offered(request, slug)
    return post_action(
        request, refusals=REFUSALS, act=lambda data: joining.offer_accept(member=membership),
        done=lambda member: (
            _("Welcome to %(circle)s. You are a member now.") if member.status == Status.MEMBER
            else _("The place is held for you while the facilitators read your request. They answer you here.")
        ) % {"circle": membership.circle.name},
        to=reverse("circles:mine"), refused_to=reverse("circles:mine"))


@require_POST
def offer_decline(request: HttpRequest, slug: str) -> HttpResponse:
    """He turns the place down: he leaves the waiting list and the place goes to the next man waiting."""
    membership = _offered(request, slug)
    return post_action(
        request, refusals=REFUSALS, act=lambda data: joining.offer_decline(member=membership),
        done=_("You have turned down the place and left the waiting list. You can ask to join again whenever you "
               "wish."),
        to=reverse("circles:mine"))


@require_POST
def session_reminders(request: HttpRequest, slug: str) -> HttpResponse:
    """A member turns the mails before his circle's sessions off, or on again."""
    circle = _circle_or_404(slug)
    membership = CircleMember.objects.filter(circle=circle, user=request.user, status=Status.MEMBER) \
        .select_related("circle").first()
    if membership is None:
        raise Http404
    back = safe_next(request, fallback=reverse("circles:space", args=[circle.slug]) + "#reminders")
    return post_action(
        request, form=SessionRemindersForm(request.POST), refusals=REFUSALS, to=back,
        act=lambda data: reminders.session_reminders_set(member=membership, on=data["reminders"] == "on"),
        done=lambda _outcome: (_("You will get a short mail before each session of %(circle)s.")
                               if membership.session_reminders
                               else _("You will get no more mails before the sessions of %(circle)s.")) % {
            "circle": circle.name})


@require_POST
def leave(request: HttpRequest, slug: str) -> HttpResponse:
    """Leave the circle or withdraw a request; what he wrote at intake is deleted."""
    circle = _circle_or_404(slug)
    membership = CircleMember.objects.filter(circle=circle, user=request.user, status__in=joining.STANDING).first()
    if membership is None:
        raise Http404
    return post_action(
        request, refusals=REFUSALS, act=lambda data: joining.membership_leave(member=membership),
        done=_("You have left %(circle)s. What you wrote when you asked to join is deleted.") % {"circle": circle.name},
        to=reverse("circles:mine"))


def feedback_page(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    """Three anonymous questions after a session."""
    circle = _circle_or_404(slug)
    if not CircleMember.objects.filter(circle=circle, user=request.user).exclude(status=Status.DECLINED).exists():
        raise Http404
    session = CircleSession.objects.filter(circle=circle, pk=session_id).first()
    if session is None:
        raise Http404
    sealable = bool(circle.public_key)

    def page(form: FeedbackForm) -> HttpResponse:
        why_not = feedback.feedback_open_to(session, user=request.user)
        return render(request, "circles/feedback.html", {
            "circle": circle, "session": session, "form": form,
            "why_not": REFUSALS.get(why_not) if why_not else None,
        })

    if request.method != "POST":
        return page(FeedbackForm(sealable=sealable))
    return post_action(
        request, form=FeedbackForm(request.POST, sealable=sealable), refusals=REFUSALS, again=page,
        act=lambda data: feedback.feedback_give(session=session, user=request.user, felt_safe=data["felt_safe"],
                                                honest=data["honest"], change=data.get("change", "")),
        done=_("Thank you. Your answers are kept without your name."),
        to=lambda _outcome: (reverse("circles:space", args=[circle.slug])
                             if selectors.belongs_to(circle, user=request.user) else reverse("circles:mine")))
