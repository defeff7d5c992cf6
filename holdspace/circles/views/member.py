"""A man's side of circles: asking to join, his circles, the circle's space for
its members, the agreements, and anonymous feedback after a session."""
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from holdspace.accounts.throttle import throttled
from holdspace.circles import feedback, joining, selectors
from holdspace.circles.forms import AcceptAgreementsForm, FeedbackForm, JoinForm
from holdspace.circles.models import Circle, CircleMember, CircleSession
from holdspace.inventory.models import Commitment

Status = CircleMember.Status

JOIN_REFUSALS = {
    "closed": gettext_lazy("This circle is not taking new members at the moment."),
    "agreements": gettext_lazy("Please read the group agreements and tick the box to accept them."),
    "duplicate": gettext_lazy("You have already asked to join this circle. Its facilitators will answer you here."),
    "full": gettext_lazy("This circle is full. Tick the box below to join its waiting list, or look for another circle."),
    "facilitator": gettext_lazy("You facilitate this circle."),
    "stale_agreements": gettext_lazy("The group agreements changed while you were reading. Please read them "
                                     "again; everything you wrote is kept."),
    "no_key": gettext_lazy("This circle cannot take requests until its facilitator has opened it once. "
                           "Please try again later."),
    "throttled": gettext_lazy("You have asked to join circles many times today. Please try again tomorrow."),
}
# Each request mails the circle's facilitators: a cap keeps that from being used against them.
JOIN_RATE = "10/d"
FEEDBACK_REFUSALS = {
    "not_yet": gettext_lazy("Feedback opens when the session starts."),
    "closed": gettext_lazy("Feedback on this session has closed."),
    "not_present": gettext_lazy("Feedback is for the men who were at this session."),
    "given": gettext_lazy("You have given your feedback on this session. Thank you."),
}


def _circle_or_404(slug: str) -> Circle:
    found = Circle.objects.filter(slug=slug).select_related("organisation").first()
    if found is None:
        raise Http404
    return found


def join(request: HttpRequest, slug: str) -> HttpResponse:
    """Ask to join a circle: why he comes, and the group agreements he accepts."""
    circle = _circle_or_404(slug)
    if circle.facilitator_links.filter(user=request.user).exists():
        return redirect("circles:manage", slug=circle.organisation.slug, circle=circle.slug)
    membership = selectors.membership_of(circle, request.user)
    if membership is not None and membership.status in joining.STANDING:
        messages.info(request, JOIN_REFUSALS["duplicate"] if membership.status != Status.MEMBER
                      else _("You are a member of this circle."))
        return redirect("circles:space" if membership.status == Status.MEMBER else "circles:mine",
                        **({"slug": circle.slug} if membership.status == Status.MEMBER else {}))
    if not request.user.email_verified:
        return render(request, "accounts/needs_email.html")
    full = joining.places_left(circle) <= 0
    sealable = bool(circle.public_key)
    form = JoinForm(request.POST or None, full=full, sealable=sealable,
                    initial={"agreements_version": circle.agreements_version})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                if throttled(scope="circle-join", bucket=str(request.user.pk), rate=JOIN_RATE):
                    raise joining.JoinRefused("throttled")
                member = joining.join_ask(circle=circle, user=request.user, intake=joining.Intake(
                    reasons=tuple(data["reasons"]), in_his_words=data.get("in_his_words", ""),
                    accepts_agreements=data["accepts_agreements"], waiting_list_ok=data.get("waiting_list_ok", False),
                    agreements_version=data["agreements_version"],
                ))
            except joining.JoinRefused as refused:
                form.add_error(None, JOIN_REFUSALS.get(refused.code, JOIN_REFUSALS["closed"]))
                if refused.code == "stale_agreements":  # the page shows the new version: this form carries it
                    form.data = form.data.copy()
                    form.data["agreements_version"] = str(circle.agreements_version)
                if refused.code == "full" and "waiting_list_ok" not in form.fields:
                    form = JoinForm(request.POST, full=True, sealable=sealable)
                    form.is_valid()
                    form.add_error("waiting_list_ok", JOIN_REFUSALS["full"])
            else:
                if member.status == Status.WAITING:
                    messages.success(request, _("You are on the waiting list. The facilitators will be in touch "
                                                "here when a place opens."))
                else:
                    messages.success(request, _("Your request is with the facilitators. You will find their answer "
                                                "under Your circles."))
                return redirect("circles:mine")
    return render(request, "circles/join.html", {
        "circle": circle, "form": form, "full": full, "agreements": joining.current_agreements(circle),
        "open": circle.open_to_new,
    }, status=status)


def mine(request: HttpRequest) -> HttpResponse:
    """His circles and requests, the answers to them, and circles he facilitates."""
    memberships = selectors.memberships_of(request.user)
    return render(request, "circles/mine.html", {
        "memberships": memberships,
        "facilitating": Circle.objects.filter(facilitator_links__user=request.user).select_related("organisation"),
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


def _space_page(request, circle: Circle, *, accept_form=None, status: int = 200) -> HttpResponse:
    membership, facilitating = _member_or_facilitator(circle, request.user)
    return render(request, "circles/space.html", {
        "circle": circle,
        "membership": membership,
        "facilitating": facilitating,
        "members": [selectors.first_name(m.user) for m in selectors.people_of_circle(circle, Status.MEMBER)],
        "facilitators": [selectors.first_name(u) for u in circle.facilitators.all()],
        "agreements": joining.current_agreements(circle),
        "accept_form": accept_form or AcceptAgreementsForm(initial={"version": circle.agreements_version}),
        "upcoming": selectors.sessions_of(circle, upcoming=True, limit=10),
        "past": selectors.sessions_of(circle, upcoming=False, limit=5),
        "my_commitments": list(
            Commitment.objects.filter(owner=request.user, source_session__circle=circle).select_related("source_session")
        ) if membership else [],
    }, status=status)


@require_POST
def agreements_accept(request: HttpRequest, slug: str) -> HttpResponse:
    circle = _circle_or_404(slug)
    membership = CircleMember.objects.filter(circle=circle, user=request.user, status=Status.MEMBER).first()
    if membership is None:
        raise Http404
    form = AcceptAgreementsForm(request.POST)
    if not form.is_valid():
        return _space_page(request, circle, accept_form=form, status=400)
    try:
        joining.agreements_accept(member=membership, version=form.cleaned_data["version"])
    except joining.JoinRefused:
        messages.error(request, _("The agreements changed while you were reading. Please read them again."))
    else:
        messages.success(request, _("Thank you. You have accepted the group agreements."))
    return redirect("circles:space", slug=circle.slug)


@require_POST
def leave(request: HttpRequest, slug: str) -> HttpResponse:
    """Leave the circle or withdraw a request; what he wrote at intake is deleted."""
    circle = _circle_or_404(slug)
    membership = CircleMember.objects.filter(circle=circle, user=request.user, status__in=joining.STANDING).first()
    if membership is None:
        raise Http404
    joining.membership_leave(member=membership)
    messages.success(request, _("You have left %(circle)s. What you wrote when you asked to join is deleted.")
                     % {"circle": circle.name})
    return redirect("circles:mine")


def feedback_page(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    """Three anonymous questions after a session."""
    circle = _circle_or_404(slug)
    if not CircleMember.objects.filter(circle=circle, user=request.user).exclude(status=Status.DECLINED).exists():
        raise Http404
    session = CircleSession.objects.filter(circle=circle, pk=session_id).first()
    if session is None:
        raise Http404
    why_not = feedback.feedback_open_to(session, request.user)
    form = FeedbackForm(request.POST or None, sealable=bool(circle.public_key))
    status = 200
    if request.method == "POST" and why_not is None:
        if form.is_valid():
            try:
                feedback.feedback_give(session=session, user=request.user, felt_safe=form.cleaned_data["felt_safe"],
                                       honest=form.cleaned_data["honest"], change=form.cleaned_data.get("change", ""))
            except feedback.FeedbackRefused as refused:
                why_not = refused.code
            else:
                messages.success(request, _("Thank you. Your answers are kept without your name."))
                return redirect("circles:space", slug=circle.slug) if selectors.belongs_to(circle, request.user) \
                    else redirect("circles:mine")
        status = 400
    elif request.method == "POST":
        status = 400
    return render(request, "circles/feedback.html", {
        "circle": circle, "session": session, "form": form,
        "why_not": FEEDBACK_REFUSALS.get(why_not) if why_not else None,
    }, status=status)

