"""Facilitators' pages: their circles, requests to join, agreements, sessions and
the room. Each needs the facilitator role here; a circle someone does not
facilitate is a 404. Reading men's own words needs the facilitator's key."""
from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from holdspace.accounts.services import two_factor_enabled
from holdspace.accounts.two_factor import two_factor_detour
from holdspace.circles import feedback, joining, keys, library, room, selectors, services, sessions
from holdspace.circles.forms import (
    AgendaAddForm,
    AgendaMinutesForm,
    AgreementChangeForm,
    AgreementFormSet,
    AttendanceForm,
    CircleForm,
    CommitmentsRoundForm,
    DecisionForm,
    FacilitatorAddForm,
    NoteForm,
    SessionForm,
)
from holdspace.circles.models import AgendaItem, Circle, CircleMember, CircleSession, Exercise, Reason, SessionNote
from holdspace.inventory.models import Commitment
from holdspace.keys.session import unlocked_key
from holdspace.keys.views import KeyPurpose, key_page
from holdspace.organisations.access import OrganisationAccess, organisation_view
from holdspace.organisations.models import Membership, Role
from holdspace.web import charts
from holdspace.web.inputs import MAX_ID_DIGITS, posted_id
from holdspace.web.navigation import safe_next

Status = CircleMember.Status

SESSION_REFUSALS = {
    "past": gettext_lazy("A session must start in the future. Check the date and the time."),
    "minutes": gettext_lazy("Give the exercise at least one minute."),
    "too_many": gettext_lazy("An agenda holds up to 40 exercises."),
    "not_empty": gettext_lazy("The agenda already has exercises. Remove them first to start from the template."),
    "not_started": gettext_lazy("Attendance can be taken from two hours before the session starts."),
    "not_a_member": gettext_lazy("Only the circle's members can be marked present."),
    "no_attendance": gettext_lazy("Take attendance first: commitments are recorded for the men who were there."),
    "not_present": gettext_lazy("Commitments are recorded only for men marked present."),
    "empty": gettext_lazy("Write the note first."),
    "started": gettext_lazy("A session that has started stays on record and cannot be cancelled."),
}


def session_refusal(refused: sessions.SessionRefused) -> str:
    if refused.code == "agenda_over":
        return _("That makes the agenda %(planned)d minutes, longer than the session's %(length)d. Shorten an "
                 "exercise, or lengthen the session.") % refused.details
    return str(SESSION_REFUSALS.get(refused.code, SESSION_REFUSALS["past"]))


def facilitator_view(view):
    """The facilitator role here and this circle among his own; 404 otherwise."""

    @organisation_view(Role.FACILITATOR)
    @wraps(view)
    def wrapper(request, *args, circle: str, access: OrganisationAccess, **kwargs):
        found = selectors.circle_facilitated(organisation=access.organisation, slug=circle, user=request.user)
        if found is None:
            raise Http404
        return view(request, *args, access=access, circle=found, **kwargs)

    return wrapper


def _circle_key(request, access: OrganisationAccess, circle: Circle, *, back: str | None = None) -> dict:
    """The circle's private key when the facilitator's own key is unlocked here (sharing it
    with new colleagues on the way); otherwise where to unlock, or that a colleague must share it."""
    personal_key = unlocked_key(request)
    circle_key = keys.circle_key_open_or_share(circle, request.user, personal_key)
    return {
        "circle_key": circle_key,
        "key_url": _key_url(access, back or request.get_full_path()) if personal_key is None else None,
        "key_waiting": personal_key is not None and circle_key is None,
    }


def _key_url(access: OrganisationAccess, next_path: str) -> str:
    return f"{reverse('circles:key', args=[access.organisation.slug])}?{urlencode({'next': next_path})}"


def _context(access: OrganisationAccess, circle: Circle | None = None, **more) -> dict:
    return {"access": access, "organisation": access.organisation, "circle": circle, **more}


@organisation_view(Role.FACILITATOR)
def circles(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    organisation = access.organisation
    return render(request, "circles/manage_list.html", _context(
        access,
        circles=selectors.circles_facilitated(organisation=organisation, user=request.user),
        orphans=selectors.circles_without_facilitator(organisation=organisation),
        has_key=keys.personal_public_key(request.user) is not None,
        key_unlocked=unlocked_key(request) is not None,
    ))


@require_POST
@organisation_view(Role.FACILITATOR)
def take_on(request: HttpRequest, circle: str, access: OrganisationAccess) -> HttpResponse:
    """Take on a circle that has no facilitator left."""
    found = Circle.objects.filter(organisation=access.organisation, slug=circle, facilitator_links__isnull=True).first()
    if found is None:
        raise Http404
    services.facilitator_add(circle=found, user=request.user, actor=request.user)
    messages.success(request, _("You now facilitate %(circle)s.") % {"circle": found.name})
    return redirect("circles:manage", slug=access.organisation.slug, circle=found.slug)


# What the key page says to a facilitator: the same key pair opens his circles and any cases.
CIRCLES = KeyPurpose(
    title=gettext_lazy("Your key"),
    unlock_intro=gettext_lazy("What men write to your circles, their feedback and your notes are encrypted. Unlock "
                              "your key to read them in this browser; it stays unlocked until you sign out or lock "
                              "it."),
    lost=gettext_lazy("Reset your password by email, then make a new key here. A co-facilitator shares your circles' "
                      "key with your new one when he next opens the circle. If nobody else holds it, what was "
                      "locked with the old key stays locked."),
    first_time=gettext_lazy("Before you run a circle you need a key of your own. Men's intake words, their feedback "
                            "and your session notes are sealed to the circle, and only its facilitators' keys open "
                            "it, never the server alone."),
    replaced=gettext_lazy("Your new key replaces the old one. A co-facilitator shares your circles' key with it when "
                          "he next opens the circle."),
)


@organisation_view(Role.FACILITATOR)
def key(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    # The same key pair opens cases: someone who signs in with two steps must have done so here too.
    if two_factor_enabled(request.user):
        detour = two_factor_detour(request)
        if detour is not None:
            return detour
    next_url = safe_next(request, fallback=reverse("circles:manage_list", args=[access.organisation.slug]))
    return key_page(request, organisation=access.organisation, next_url=next_url, purpose=CIRCLES)


@organisation_view(Role.FACILITATOR)
def new(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    if keys.personal_public_key(request.user) is None:
        messages.info(request, _("First set up your key: it locks what men write to your circle, so that only "
                                 "its facilitators can read it."))
        return redirect(_key_url(access, request.get_full_path()))
    form = CircleForm(request.POST or None, initial={"language": translation.get_language(), "capacity": 12})
    if request.method == "POST" and form.is_valid():
        circle = services.circle_create(organisation=access.organisation, details=_details(form), actor=request.user)
        messages.success(request, _("%(circle)s is ready. Plan its first session when you are.") % {"circle": circle.name})
        return redirect("circles:manage", slug=access.organisation.slug, circle=circle.slug)
    return render(request, "circles/new.html", _context(access, form=form), status=400 if form.is_bound else 200)


def _details(form: CircleForm) -> services.CircleDetails:
    data = form.cleaned_data
    return services.CircleDetails(**{field: data[field] for field in services.CircleDetails.__dataclass_fields__})


@facilitator_view
def manage(request: HttpRequest, access: OrganisationAccess, circle: Circle) -> HttpResponse:
    people = selectors.people_of_circle(circle, Status.ASKED, Status.WAITING, Status.MEMBER)
    return render(request, "circles/manage.html", _context(
        access, circle,
        asking=[m for m in people if m.status == Status.ASKED],
        waiting=[m for m in people if m.status == Status.WAITING],
        members=[m for m in people if m.status == Status.MEMBER],
        places_left=joining.places_left(circle),
        upcoming=selectors.sessions_of(circle, upcoming=True),
        past=selectors.sessions_of(circle, upcoming=False, limit=10),
        facilitators=list(circle.facilitators.all()),
    ))


@facilitator_view
def edit(request: HttpRequest, access: OrganisationAccess, circle: Circle) -> HttpResponse:
    """The circle's public details and its facilitators."""
    which = request.POST.get("form") if request.method == "POST" else None
    colleagues = list(
        Membership.objects.filter(organisation=access.organisation, role=Role.FACILITATOR)
        .exclude(user__in=circle.facilitators.all()).select_related("user").order_by("user__display_name")
    )
    form = CircleForm(request.POST if which == "details" else None, instance=circle, prefix="details")
    add_form = FacilitatorAddForm(request.POST if which == "add" else None, people=[m.user for m in colleagues],
                                  prefix="add")
    status = 200
    if which == "details":
        if form.is_valid():
            services.circle_update(circle=circle, details=_details(form), actor=request.user)
            messages.success(request, _("The circle's details are saved."))
            return redirect("circles:manage", slug=access.organisation.slug, circle=circle.slug)
        circle.refresh_from_db()
        status = 400
    elif which == "add":
        if add_form.is_valid():
            person = next(m.user for m in colleagues if m.user_id == add_form.cleaned_data["person"])
            services.facilitator_add(circle=circle, user=person, actor=request.user)
            messages.success(request, _("%(name)s now facilitates this circle. The circle's key is shared with him "
                                        "once he has set up his own key.") % {"name": person.display_name})
            return redirect("circles:edit", slug=access.organisation.slug, circle=circle.slug)
        status = 400
    elif which == "remove":
        person_id = posted_id(request, name="person")
        person = circle.facilitators.filter(pk=person_id).first() if person_id else None
        if person is None:
            status = 400
        else:
            try:
                services.facilitator_remove(circle=circle, user=person, actor=request.user)
            except services.LastFacilitator:
                messages.error(request, _("A circle keeps at least one facilitator."))
                status = 400
            except services.OnlyKeyHolder:
                messages.error(request, _("%(name)s holds the only copy of the circle's key. Open the circle once "
                                          "with your own key unlocked, so that it is shared with you, then try again.")
                               % {"name": person.display_name})
                status = 400
            else:
                messages.success(request, _("%(name)s no longer facilitates this circle.") % {"name": person.display_name})
                if person == request.user:
                    return redirect("circles:manage_list", slug=access.organisation.slug)
                return redirect("circles:edit", slug=access.organisation.slug, circle=circle.slug)
    elif request.method == "POST":
        status = 400
    return render(request, "circles/edit.html", _context(
        access, circle, form=form, add_form=add_form, facilitators=list(circle.facilitators.all()),
        can_add=bool(colleagues),
    ), status=status)


@facilitator_view
def join_request(request: HttpRequest, member_id: int, access: OrganisationAccess, circle: Circle) -> HttpResponse:
    """A man's intake, for the circle's facilitators only, and the answer to his request."""
    member = CircleMember.objects.filter(circle=circle, pk=member_id).exclude(status=Status.LEFT) \
        .select_related("user").first()
    if member is None:
        raise Http404
    form = DecisionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                joining.join_decide(member=member, decision=form.cleaned_data["decision"],
                                    message=form.cleaned_data["message"], actor=request.user)
            except joining.JoinRefused as refused:
                form.add_error(None, _("The circle is full. Put him on the waiting list, or make room first.")
                               if refused.code == "full" else _("This request has already been answered."))
            else:
                messages.success(request, _("Your answer is saved. He sees it under Your circles."))
                return redirect("circles:manage", slug=access.organisation.slug, circle=circle.slug)
    key = _circle_key(request, access, circle)
    intake = joining.intake_open(key["circle_key"], member.intake_sealed)
    return render(request, "circles/request.html", _context(
        access, circle, member=member, form=form,
        intake_read=intake is not None,
        reasons=[Reason(value).label for value in intake[0]] if intake else [],
        words=intake[1] if intake else "",
        has_intake=member.intake_sealed is not None,
        key_url=key["key_url"], key_waiting=key["key_waiting"],
        undecided=member.status in (Status.ASKED, Status.WAITING),
    ), status=status)


@facilitator_view
def agreements(request: HttpRequest, access: OrganisationAccess, circle: Circle) -> HttpResponse:
    """Amend the group agreements; members are asked to accept the new version."""
    current = joining.current_agreements(circle)
    initial = current.items if current else []
    formset = AgreementFormSet(request.POST or None, initial=initial, prefix="agreements")
    change_form = AgreementChangeForm(request.POST or None, prefix="change")
    status = 200
    if request.method == "POST":
        status = 400
        if formset.is_valid() and change_form.is_valid():
            items = [form.cleaned_data for form in formset.forms if form.cleaned_data.get("title", "").strip()]
            try:
                version = joining.agreements_amend(circle=circle, items=items,
                                                   change_note=change_form.cleaned_data["change_note"],
                                                   actor=request.user)
            except joining.JoinRefused:
                change_form.add_error(None, _("Keep at least one agreement."))
            else:
                messages.success(request, _("Version %(number)d of the agreements is in force. Members are asked to "
                                            "read and accept it.") % {"number": version.number})
                return redirect("circles:manage", slug=access.organisation.slug, circle=circle.slug)
    members = selectors.people_of_circle(circle, Status.MEMBER)
    return render(request, "circles/agreements.html", _context(
        access, circle, formset=formset, change_form=change_form, current=current,
        not_yet=[m for m in members if m.agreements_accepted < circle.agreements_version],
    ), status=status)


@facilitator_view
def room_page(request: HttpRequest, access: OrganisationAccess, circle: Circle) -> HttpResponse:
    """Why men came, who comes, and whether commitments are kept: figures, never who said what."""
    key = _circle_key(request, access, circle)
    reasons = room.reasons_mix(circle, key["circle_key"])
    attendance = room.attendance_over_time(circle)
    return render(request, "circles/room.html", _context(
        access, circle, **key,
        reasons=reasons,
        reasons_chart=charts.horizontal_bars(reasons) if reasons else None,
        anyone_answered=bool(reasons) and any(count for _, count in reasons),
        attendance=attendance,
        attendance_chart=charts.columns(
            [(formats.date_format(timezone.localtime(s.starts_at), "j M"), n) for s, n in attendance]
        ),
        kept=room.commitments_kept(circle),
    ))


def _session_of(circle: Circle, session_id: int) -> CircleSession:
    found = CircleSession.objects.filter(circle=circle, pk=session_id).select_related("circle").first()
    if found is None:
        raise Http404
    return found


def _session_details(form: SessionForm) -> sessions.SessionDetails:
    data = form.cleaned_data
    return sessions.SessionDetails(starts_at=data["starts_at"], duration_minutes=data["duration_minutes"],
                                   place=data["place"].strip(), theme=data["theme"].strip())


@facilitator_view
def session_new(request: HttpRequest, access: OrganisationAccess, circle: Circle) -> HttpResponse:
    last = circle.sessions.order_by("-starts_at").first()
    form = SessionForm(request.POST or None, initial={
        "duration_minutes": last.duration_minutes if last else 180, "place": last.place if last else "",
    })
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                session = sessions.session_plan(circle=circle, details=_session_details(form), actor=request.user)
            except sessions.SessionRefused as refused:
                form.add_error("starts_at", session_refusal(refused))
            else:
                messages.success(request, _("The session is planned. Build its agenda below."))
                return redirect("circles:session", slug=access.organisation.slug, circle=circle.slug,
                                session_id=session.pk)
    return render(request, "circles/session_form.html", _context(access, circle, form=form, session=None),
                  status=status)


@facilitator_view
def session_edit(request: HttpRequest, session_id: int, access: OrganisationAccess, circle: Circle) -> HttpResponse:
    session = _session_of(circle, session_id)
    which = request.POST.get("form") if request.method == "POST" else None
    form = SessionForm(request.POST if which == "details" else None, initial={
        "starts_at": session.starts_at, "duration_minutes": session.duration_minutes, "place": session.place,
        "theme": session.theme,
    })
    status = 200
    if which == "cancel":
        try:
            sessions.session_cancel(session=session, actor=request.user)
        except sessions.SessionRefused as refused:
            messages.error(request, session_refusal(refused))
            status = 400
        else:
            messages.success(request, _("The session is cancelled. Let the members know."))
            return redirect("circles:manage", slug=access.organisation.slug, circle=circle.slug)
    elif which == "details":
        status = 400
        if form.is_valid():
            try:
                sessions.session_update(session=session, details=_session_details(form), actor=request.user)
            except sessions.SessionRefused as refused:
                form.add_error("duration_minutes" if refused.code == "agenda_over" else "starts_at",
                               session_refusal(refused))
            else:
                messages.success(request, _("The session is saved."))
                return redirect("circles:session", slug=access.organisation.slug, circle=circle.slug,
                                session_id=session.pk)
    elif request.method == "POST":
        status = 400
    return render(request, "circles/session_form.html", _context(access, circle, form=form, session=session),
                  status=status)


def _library_choices(access: OrganisationAccess, user, language: str) -> list[tuple[Exercise, str, str]]:
    """(exercise, label, kind label) in the order a session runs, then by title."""
    kinds = Exercise.Kind.values
    choices = []
    for exercise in library.library_for(organisation=access.organisation, user=user):
        text = library.exercise_text(exercise, language)
        label = _("%(title)s (%(minutes)d min)") % {"title": text.title, "minutes": exercise.duration_minutes}
        choices.append((exercise, label, exercise.get_kind_display()))
    choices.sort(key=lambda choice: (kinds.index(choice[0].kind), choice[1].lower()))
    return choices


def _ticked(form: AttendanceForm | None, roster) -> set[int]:
    """Who shows as present: as just submitted when the form comes back, else as recorded."""
    if form is not None:
        values = form.data.getlist(form["present"].html_name)
        return {int(v) for v in values if v.isascii() and v.isdigit() and len(v) <= MAX_ID_DIGITS}
    return {line.member.user_id for line in roster if line.present}


def _session_page(request, access, circle, session, *, bound: dict | None = None, status: int = 200):
    bound = bound or {}
    language = translation.get_language()
    agenda, planned = selectors.agenda_of(session, language)
    typed = bound.get("minutes_typed", {})
    for line in agenda:  # a refused value stays in its box
        line.shown_minutes = typed.get(line.item.pk, line.item.minutes)
    roster = selectors.roster_of(session)
    present = [line for line in roster if line.present]
    key = _circle_key(request, access, circle,
                      back=reverse("circles:session", args=[access.organisation.slug, circle.slug, session.pk]))
    circle_key = key["circle_key"]
    exercises = _library_choices(access, request.user, language)
    return render(request, "circles/session.html", _context(
        access, circle,
        session=session,
        agenda=agenda,
        planned=planned,
        left=session.duration_minutes - planned,
        roster=roster,
        earlier=[(line, commitment) for line in roster for commitment in line.earlier],
        attendance_taken=any(line.present is not None for line in roster),
        add_form=bound.get("agenda_add") or AgendaAddForm(exercises=exercises, prefix="add"),
        minutes_errors=bound.get("minutes_errors", {}),
        attendance_form=AttendanceForm(roster=roster, prefix="attendance"),
        present_ids=_ticked(bound.get("attendance"), roster),
        every_choices=Commitment.Every.choices,
        round_form=bound.get("commitments") or CommitmentsRoundForm(present=present, prefix="round"),
        note_form=bound.get("note") or NoteForm(prefix="note"),
        notes=[(note, keys.open_for_circle(circle_key, note.sealed)) for note in selectors.notes_of(session)],
        key_url=key["key_url"],
        key_waiting=key["key_waiting"],
        feedback=feedback.feedback_summary(session, circle_key=circle_key),
        min_answers=feedback.MIN_ANSWERS,
        started=session.starts_at <= timezone.now() + sessions.EARLY_ATTENDANCE,
    ), status=status)


@facilitator_view
def session_page(request: HttpRequest, session_id: int, access: OrganisationAccess, circle: Circle) -> HttpResponse:
    return _session_page(request, access, circle, _session_of(circle, session_id))


def _item_of(session: CircleSession, request: HttpRequest) -> AgendaItem | None:
    item_id = posted_id(request, name="item")
    return AgendaItem.objects.filter(session=session, pk=item_id).first() if item_id else None


@require_POST
@facilitator_view
def session_act(request: HttpRequest, session_id: int, action: str, access: OrganisationAccess,
                circle: Circle) -> HttpResponse:
    """One change to a session; a refused change comes back on the page with what was typed."""
    session = _session_of(circle, session_id)
    done = reverse("circles:session", args=[access.organisation.slug, circle.slug, session.pk])
    user = request.user
    bound: dict = {}
    try:
        if action == "agenda_add":
            exercises = _library_choices(access, user, translation.get_language())
            form = AgendaAddForm(request.POST, exercises=exercises, prefix="add")
            bound["agenda_add"] = form
            if not form.is_valid():
                raise sessions.SessionRefused("form")
            exercise = next(e for e, _label, _kind in exercises if e.pk == form.cleaned_data["exercise"])
            minutes = form.cleaned_data["minutes"] or exercise.duration_minutes
            try:
                sessions.agenda_add(session=session, exercise=exercise, minutes=minutes, actor=user)
            except sessions.SessionRefused as refused:
                form.add_error("minutes", session_refusal(refused))
                raise sessions.SessionRefused("form") from None
            done += "#agenda"
        elif action == "agenda_template":
            sessions.agenda_from_template(session=session, actor=user)
            done += "#agenda"
        elif action in {"item_minutes", "item_up", "item_down", "item_remove"}:
            item = _item_of(session, request)
            if item is None:
                raise sessions.SessionRefused("form")
            if action == "item_minutes":
                form = AgendaMinutesForm(request.POST, prefix=f"item{item.pk}")
                bound["minutes_typed"] = {item.pk: request.POST.get(f"item{item.pk}-minutes", "")[:10]}
                if not form.is_valid():
                    bound["minutes_errors"] = {item.pk: _("Give the minutes as a number between 1 and 720.")}
                    raise sessions.SessionRefused("form")
                try:
                    sessions.agenda_item_minutes(item=item, minutes=form.cleaned_data["minutes"], actor=user)
                except sessions.SessionRefused as refused:
                    bound["minutes_errors"] = {item.pk: session_refusal(refused)}
                    raise sessions.SessionRefused("form") from None
            elif action == "item_remove":
                sessions.agenda_item_remove(item=item, actor=user)
            else:
                sessions.agenda_item_move(item=item, direction=-1 if action == "item_up" else 1, actor=user)
            done += "#agenda"
        elif action == "attendance":
            roster = selectors.roster_of(session)
            form = AttendanceForm(request.POST, roster=roster, prefix="attendance")
            bound["attendance"] = form
            if not form.is_valid():
                raise sessions.SessionRefused("not_a_member")
            sessions.attendance_record(session=session, present=set(form.cleaned_data["present"]), actor=user)
            messages.success(request, _("Attendance is saved."))
            done += "#attendance"
        elif action == "commitments":
            present = [line for line in selectors.roster_of(session) if line.present]
            form = CommitmentsRoundForm(request.POST, present=present, prefix="round")
            bound["commitments"] = form
            if not form.is_valid():
                raise sessions.SessionRefused("form")
            sessions.commitments_round(session=session, commitments=form.commitments(), actor=user)
            messages.success(request, _("The commitments are saved. Each man finds his under Your commitments."))
            done += "#commitments"
        elif action == "note":
            form = NoteForm(request.POST, prefix="note")
            bound["note"] = form
            if not form.is_valid():
                raise sessions.SessionRefused("form")
            sessions.note_add(session=session, text=form.cleaned_data["text"], actor=user)
            done += "#notes"
        elif action == "note_delete":
            note_id = posted_id(request, name="note")
            note = SessionNote.objects.filter(session=session, pk=note_id, author=user).first() if note_id else None
            if note is None:
                raise sessions.SessionRefused("form")
            sessions.note_delete(note=note, actor=user)
            done += "#notes"
        else:
            raise Http404
    except sessions.SessionRefused as refused:
        # "form": the reason is already shown beside what was typed.
        if refused.code != "form":
            messages.error(request, session_refusal(refused))
        return _session_page(request, access, circle, session, bound=bound, status=400)
    except keys.NoPersonalKey:
        messages.error(request, _("This circle has no key yet: set up your own key and open the circle once."))
        return _session_page(request, access, circle, session, bound=bound, status=400)
    return redirect(done)


@facilitator_view
def sheet(request: HttpRequest, session_id: int, access: OrganisationAccess, circle: Circle) -> HttpResponse:
    """A printable sheet for running the session: timings, steps, materials, agreements, who is coming."""
    session = _session_of(circle, session_id)
    agenda, planned = selectors.agenda_of(session, translation.get_language())
    roster = selectors.roster_of(session)
    return render(request, "circles/sheet.html", _context(
        access, circle, session=session, agenda=agenda, planned=planned, roster=roster,
        agreements=joining.current_agreements(circle),
        materials=[line for line in agenda if line.text.materials],
    ))
