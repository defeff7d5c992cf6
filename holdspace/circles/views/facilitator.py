"""Facilitators' pages: their circles, requests to join, agreements, sessions and
the room. Each needs the facilitator role here; a circle someone does not
facilitate is a 404. Reading men's own words needs the facilitator's key.

Every change is one small view through post_action: refused, it comes back on its
page with what was typed and the reason from the circles' one map of refusals."""
from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.backends.utils import csrf_input
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from holdspace.accounts.models import User
from holdspace.accounts.services import two_factor_enabled
from holdspace.accounts.two_factor import two_factor_detour
from holdspace.audit.services import audit_record
from holdspace.circles import feedback, joining, keys, library, messaging, room, selectors, services, sessions
from holdspace.circles.forms import (
    AgendaAddForm,
    AgendaMinutesForm,
    AgreementChangeForm,
    AgreementTranslationForm,
    AgreementFormSet,
    AttendanceForm,
    CircleForm,
    CircleMessageForm,
    CommitmentsRoundForm,
    DecisionForm,
    FacilitatorAddForm,
    NoteForm,
    SessionForm,
)
from holdspace.circles.models import AgendaItem, Circle, CircleMember, CircleSession, Exercise, Reason, SessionNote
from holdspace.circles.refusals import REFUSALS
from holdspace.circles.views import session_rows
from holdspace.inventory.selectors import commitments_open, owners_with_new_keys
from holdspace.keys.session import unlocked_key
from holdspace.keys.views import KeyPurpose, key_page
from holdspace.organisations.access import OrganisationAccess, organisation_view
from holdspace.organisations.models import Membership, Role
from holdspace.web import charts, dates
from holdspace.web.actions import post_action
from holdspace.web.inputs import MAX_ID_DIGITS, posted_id
from holdspace.web.languages import language_name, other_languages
from holdspace.web.navigation import safe_next
from holdspace.web.refusals import Refusal
from holdspace.web.spreadsheets import csv_text

Status = CircleMember.Status


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


def _present(found):
    """What a posted id named, or a refusal when it names nothing (any more) on this page."""
    if found is None:
        raise Refusal("gone")
    return found


def _circle_key(request, access: OrganisationAccess, circle: Circle, *, back: str | None = None) -> dict:
    """The circle's private key when the facilitator's own key is unlocked here; otherwise where to unlock, or
    that a colleague must share it. Read only (a GET never writes): whether he can share it with co-facilitators
    who wait, or start a new one, is offered as a button that posts to key_share or key_start."""
    personal_key = unlocked_key(request)
    opened = keys.circle_key_open(circle, user=request.user, personal_key=personal_key)
    return {
        "circle_key": opened.key,
        "key_url": _key_url(access, back or request.get_full_path()) if personal_key is None else None,
        "key_waiting": personal_key is not None and opened.key is None,
        "key_share": opened.waiting,
        "key_start": opened.nobody_holds,
        "key_back": back or request.get_full_path(),
    }


def _circle_key_only(request: HttpRequest, circle: Circle):
    """The circle's private key for a change that needs it, or None."""
    return keys.circle_private_key(circle, user=request.user, personal_key=unlocked_key(request))


def _key_url(access: OrganisationAccess, next_path: str) -> str:
    return f"{reverse('circles:key', args=[access.organisation.slug])}?{urlencode({'next': next_path})}"


def _context(access: OrganisationAccess, circle: Circle | None = None, **more) -> dict:
    return {"access": access, "organisation": access.organisation, "circle": circle, **more}


def _manage_url(access: OrganisationAccess, circle: Circle) -> str:
    return reverse("circles:manage", args=[access.organisation.slug, circle.slug])


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
    return post_action(
        request, refusals=REFUSALS,
        act=lambda data: services.facilitator_add(circle=found, user=request.user, actor=request.user),
        done=_("You now facilitate %(circle)s.") % {"circle": found.name},
        to=_manage_url(access, found), refused_to=reverse("circles:manage_list", args=[access.organisation.slug]))


# What the key page says to a facilitator: the same key pair opens his circles and any cases.
CIRCLES = KeyPurpose(
    title=gettext_lazy("Your key"),
    unlock_intro=gettext_lazy("What men write to your circles, their feedback and your notes are encrypted. Unlock "
                              "your key to read them in this browser; it stays unlocked until you sign out or lock "
                              "it."),
    lost=gettext_lazy("Reset your password by email, then make a new key here. A co-facilitator who holds your "
                      "circles' key shares it with your new one once he has checked with you that you made it. If "
                      "nobody else holds it, what was locked with the old key stays locked."),
    first_time=gettext_lazy("Before you run a circle you need a key of your own. Men's intake words, their feedback "
                            "and your session notes are sealed to the circle, and only its facilitators' keys open "
                            "it, never the server alone."),
    replaced=gettext_lazy("Your new key replaces the old one. A co-facilitator who holds your circles' key shares "
                          "it with the new one once he has checked with you that you made it."),
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

    def page(form: CircleForm) -> HttpResponse:
        return render(request, "circles/new.html", _context(access, form=form))

    if request.method != "POST":
        return page(CircleForm(initial={"language": translation.get_language(), "capacity": 12}))
    return post_action(
        request, form=CircleForm(request.POST), refusals=REFUSALS, again=page,
        act=lambda data: services.circle_create(organisation=access.organisation, details=_details(data),
                                                actor=request.user),
        done=lambda circle: _("%(circle)s is ready. Plan its first session when you are.") % {"circle": circle.name},
        to=lambda circle: _manage_url(access, circle))


def _details(data: dict) -> services.CircleDetails:
    return services.CircleDetails(**{field: data[field] for field in services.CircleDetails.__dataclass_fields__})


@facilitator_view
def manage(request: HttpRequest, access: OrganisationAccess, circle: Circle) -> HttpResponse:
    people = selectors.people_of_circle(circle, statuses=[Status.ASKED, Status.WAITING, Status.MEMBER,
                                                          Status.OFFERED])
    return render(request, "circles/manage.html", _context(
        access, circle,
        asking=[m for m in people if m.status == Status.ASKED],
        offered=[m for m in people if m.status == Status.OFFERED],
        waiting=[m for m in people if m.status == Status.WAITING],
        members=[m for m in people if m.status == Status.MEMBER],
        places_left=joining.places_left(circle),
        upcoming=selectors.sessions_of(circle, upcoming=True),
        past=selectors.sessions_of(circle, upcoming=False, limit=10),
        facilitators=list(circle.facilitators.all()),
        **_circle_key(request, access, circle),
    ))


def _colleagues(access: OrganisationAccess, circle: Circle) -> list[User]:
    """The organisation's facilitators who do not facilitate this circle yet."""
    return [m.user for m in Membership.objects.filter(organisation=access.organisation, role=Role.FACILITATOR)
            .exclude(user__in=circle.facilitators.all()).select_related("user").order_by("user__display_name")]


def _edit_page(request: HttpRequest, access: OrganisationAccess, circle: Circle, *, form: CircleForm | None = None,
               add_form: FacilitatorAddForm | None = None) -> HttpResponse:
    """The circle's public details and its facilitators, with whichever form came back as typed."""
    colleagues = _colleagues(access, circle)
    return render(request, "circles/edit.html", _context(
        access, circle,
        form=form or CircleForm(instance=circle, prefix="details"),
        add_form=add_form or FacilitatorAddForm(people=colleagues, prefix="add"),
        facilitators=list(circle.facilitators.all()),
        can_add=bool(colleagues),
        waiting_keys=[person for person in keys.circle_keys_waiting(circle) if person != request.user],
    ))


@facilitator_view
def edit(request: HttpRequest, access: OrganisationAccess, circle: Circle) -> HttpResponse:
    """The circle's public details."""
    if request.method != "POST":
        return _edit_page(request, access, circle)

    def again(typed: CircleForm) -> HttpResponse:
        circle.refresh_from_db()  # checking the form wrote what was typed onto the circle itself
        return _edit_page(request, access, circle, form=typed)

    return post_action(
        request, form=CircleForm(request.POST, instance=circle, prefix="details"), refusals=REFUSALS, again=again,
        act=lambda data: services.circle_update(circle=circle, details=_details(data), actor=request.user),
        done=_("The circle's details are saved."), to=_manage_url(access, circle))


@require_POST
@facilitator_view
def facilitator_add(request: HttpRequest, access: OrganisationAccess, circle: Circle) -> HttpResponse:
    """A colleague from the organisation's facilitators joins the circle's."""
    colleagues = _colleagues(access, circle)

    def add(data: dict) -> tuple[User, bool]:
        person = next(p for p in colleagues if p.pk == data["person"])  # the form offers only them
        # With the key unlocked here, the circle's key is shared with him at once when he has a key of his own.
        holds = services.facilitator_add(circle=circle, user=person, actor=request.user,
                                         circle_key=_circle_key_only(request, circle))
        return person, holds

    def done(added: tuple[User, bool]) -> str:
        person, holds = added
        if holds:
            return _("%(name)s now facilitates this circle and holds its key.") % {"name": person.display_name}
        return _("%(name)s now facilitates this circle. Once he has set up his own key, the circle's key is shared "
                 "with him when a facilitator who holds it next unlocks his.") % {"name": person.display_name}

    return post_action(
        request, form=FacilitatorAddForm(request.POST, people=colleagues, prefix="add"), refusals=REFUSALS, act=add,
        done=done,
        to=reverse("circles:edit", args=[access.organisation.slug, circle.slug]),
        again=lambda typed: _edit_page(request, access, circle, add_form=typed))


@require_POST
@facilitator_view
def key_share_again(request: HttpRequest, access: OrganisationAccess, circle: Circle) -> HttpResponse:
    """Share the circle's key with a colleague's new key, once the facilitator has checked with him."""
    person_id = posted_id(request, name="person")
    person = circle.facilitators.filter(pk=person_id).first() if person_id else None
    circle_key = _circle_key_only(request, circle)
    return post_action(
        request, refusals=REFUSALS,
        act=lambda data: keys.circle_key_share_again(circle, colleague=_present(person), circle_key=circle_key,
                                                     actor=request.user),
        done=lambda _outcome: _("%(name)s can open what is sealed to the circle again.") % {
            "name": person.display_name},
        to=reverse("circles:edit", args=[access.organisation.slug, circle.slug]),
        again=lambda _typed: _edit_page(request, access, circle))


def _key_back(request: HttpRequest, access: OrganisationAccess, circle: Circle) -> str:
    """The circle page the button was on (only this site's), or the circle's own page."""
    return safe_next(request, fallback=_manage_url(access, circle))


@require_POST
@facilitator_view
def key_share(request: HttpRequest, access: OrganisationAccess, circle: Circle) -> HttpResponse:
    """Share the circle's key with the co-facilitators who set up a key of their own since."""
    circle_key = _circle_key_only(request, circle)
    back = _key_back(request, access, circle)
    return post_action(
        request, refusals=REFUSALS, to=back,
        act=lambda data: keys.circle_keys_share(circle=circle, circle_key=circle_key, actor=request.user),
        done=lambda shared: ngettext(
            "The circle's key is shared with %(count)d co-facilitator: he can read what is sealed to the circle.",
            "The circle's key is shared with %(count)d co-facilitators: they can read what is sealed to the circle.",
            shared) % {"count": shared})


@require_POST
@facilitator_view
def key_start(request: HttpRequest, access: OrganisationAccess, circle: Circle) -> HttpResponse:
    """Start a new key for a circle whose key nobody holds any more."""
    personal_key = unlocked_key(request)
    back = _key_back(request, access, circle)
    return post_action(
        request, refusals=REFUSALS, to=back,
        act=lambda data: keys.circle_key_start(circle=circle, actor=request.user, personal_key=personal_key),
        done=_("The circle has a new key. What men write from now on is sealed to it, and you can read it."))


@require_POST
@facilitator_view
def facilitator_remove(request: HttpRequest, access: OrganisationAccess, circle: Circle) -> HttpResponse:
    """A facilitator steps down, or removes a colleague from the circle."""
    person_id = posted_id(request, name="person")
    person = circle.facilitators.filter(pk=person_id).first() if person_id else None
    stepping_down = person is not None and person == request.user
    return post_action(
        request, refusals=REFUSALS,
        act=lambda data: services.facilitator_remove(circle=circle, user=_present(person), actor=request.user),
        done=lambda _outcome: _("%(name)s no longer facilitates this circle.") % {"name": person.display_name},
        to=reverse("circles:manage_list", args=[access.organisation.slug]) if stepping_down
        else reverse("circles:edit", args=[access.organisation.slug, circle.slug]),
        again=lambda _typed: _edit_page(request, access, circle))


@facilitator_view
def join_request(request: HttpRequest, member_id: int, access: OrganisationAccess, circle: Circle) -> HttpResponse:
    """A man's intake, for the circle's facilitators only, and the answer to his request."""
    member = CircleMember.objects.filter(circle=circle, pk=member_id).exclude(status=Status.LEFT) \
        .select_related("user").first()
    if member is None:
        raise Http404

    def page(form: DecisionForm) -> HttpResponse:
        key = _circle_key(request, access, circle)
        intake = joining.intake_open(key["circle_key"], sealed=member.intake_sealed)
        return render(request, "circles/request.html", _context(
            access, circle, member=member, form=form,
            intake_read=intake is not None,
            reasons=[Reason(value).label for value in intake[0]] if intake else [],
            words=intake[1] if intake else "",
            has_intake=member.intake_sealed is not None,
            key_url=key["key_url"], key_waiting=key["key_waiting"], key_share=key["key_share"],
            key_start=key["key_start"], key_back=key["key_back"],
            undecided=member.status in (Status.ASKED, Status.WAITING, Status.OFFERED),
        ))

    if request.method != "POST":
        return page(DecisionForm())
    return post_action(
        request, form=DecisionForm(request.POST), refusals=REFUSALS, again=page,
        act=lambda data: joining.join_decide(member=member, decision=data["decision"], message=data["message"],
                                             actor=request.user),
        done=_("Your answer is saved. He sees it under Your circles."), to=_manage_url(access, circle))


@facilitator_view
def agreements(request: HttpRequest, access: OrganisationAccess, circle: Circle) -> HttpResponse:
    """Amend the group agreements; members are asked to accept the new version."""
    current = joining.current_agreements(circle)
    written = set(current.translations.values_list("language", flat=True)) if current else set()

    def forms(data=None) -> AgreementChangeForm:
        formset = AgreementFormSet(data, initial=current.items if current else [], prefix="agreements")
        return AgreementChangeForm(data, prefix="change", formset=formset)

    def page(form: AgreementChangeForm) -> HttpResponse:
        members = selectors.people_of_circle(circle, statuses=[Status.MEMBER])
        return render(request, "circles/agreements.html", _context(
            access, circle, formset=form.formset, change_form=form, current=current,
            languages=[(code, language_name(code), code in written) for code, _name in other_languages(circle.language)]
            if current else [],
            not_yet=[m for m in members if m.agreements_accepted < circle.agreements_version],
        ))

    if request.method != "POST":
        return page(forms())
    form = forms(request.POST)
    return post_action(
        request, form=form, refusals=REFUSALS, again=page,
        act=lambda data: joining.agreements_amend(circle=circle, items=form.agreements(),
                                                  change_note=data["change_note"], actor=request.user),
        done=lambda version: _("Version %(number)d of the agreements is in force. Members are asked to read and "
                               "accept it.") % {"number": version.number},
        to=_manage_url(access, circle))


@facilitator_view
def agreements_translation(request: HttpRequest, access: OrganisationAccess, circle: Circle,
                           language: str) -> HttpResponse:
    """The agreements in force in another offered language, written beside the circle's own."""
    current = joining.current_agreements(circle)
    if current is None:
        return redirect("circles:agreements", slug=access.organisation.slug, circle=circle.slug)
    if language not in dict(other_languages(circle.language)):
        raise Http404
    existing = current.translations.filter(language=language).first()

    def page(form: AgreementTranslationForm) -> HttpResponse:
        return render(request, "circles/agreements_translation.html", _context(
            access, circle, form=form, current=current, language=language, language_name=language_name(language),
            original_name=language_name(circle.language), existing=existing))

    if request.method != "POST":
        initial = {"number": current.number}
        if existing and len(existing.items) == len(current.items):
            for number, item in enumerate(existing.items, start=1):
                initial.update({f"title_{number}": item["title"], f"text_{number}": item["text"]})
        return page(AgreementTranslationForm(initial=initial, items=current.items))
    form = AgreementTranslationForm(request.POST, items=current.items)
    return post_action(
        request, form=form, refusals=REFUSALS, again=page,
        act=lambda data: joining.agreements_translation_save(circle=circle, number=data["number"],
                                                              language=language, items=form.items(),
                                                              actor=request.user),
        done=_("Saved. Members who read %(language)s read version %(number)d of the agreements in it.") % {
            "language": language_name(language), "number": current.number},
        to=reverse("circles:agreements", args=[access.organisation.slug, circle.slug]))


@facilitator_view
def room_page(request: HttpRequest, access: OrganisationAccess, circle: Circle) -> HttpResponse:
    """Why men came, who comes, and whether commitments are kept: figures, never who said what."""
    key = _circle_key(request, access, circle)
    reasons = room.reasons_mix(circle, circle_key=key["circle_key"])
    attendance_held = room.attendance_over_time(circle)
    return render(request, "circles/room.html", _context(
        access, circle, **key,
        reasons=reasons,
        reasons_chart=charts.horizontal_bars(reasons) if reasons else None,
        anyone_answered=bool(reasons) and any(count for _, count in reasons),
        attendance=attendance_held,
        attendance_chart=charts.columns(
            [(dates.axis_day(s.starts_at), n) for s, n in attendance_held]
        ),
        kept=room.commitments_kept(circle),
    ))


def _session_of(circle: Circle, session_id: int) -> CircleSession:
    found = selectors.session_in(circle, session_id=session_id)  # the circle already read, rather than joined again
    if found is None:
        raise Http404
    return found


def _session_details(data: dict) -> sessions.SessionDetails:
    return sessions.SessionDetails(starts_at=data["starts_at"], duration_minutes=data["duration_minutes"],
                                   place=data["place"].strip(), theme=data["theme"].strip())


def _session_url(access: OrganisationAccess, circle: Circle, session: CircleSession) -> str:
    return reverse("circles:session", args=[access.organisation.slug, circle.slug, session.pk])


def _session_form_page(request: HttpRequest, access: OrganisationAccess, circle: Circle,
                       session: CircleSession | None, *, form: SessionForm) -> HttpResponse:
    return render(request, "circles/session_form.html", _context(access, circle, form=form, session=session))


@facilitator_view
def session_new(request: HttpRequest, access: OrganisationAccess, circle: Circle) -> HttpResponse:
    if request.method != "POST":
        last = circle.sessions.order_by("-starts_at").first()
        return _session_form_page(request, access, circle, None, form=SessionForm(initial={
            "duration_minutes": last.duration_minutes if last else 180, "place": last.place if last else "",
        }))
    return post_action(
        request, form=SessionForm(request.POST), refusals=REFUSALS, fields={"past": "starts_at"},
        again=lambda typed: _session_form_page(request, access, circle, None, form=typed),
        act=lambda data: sessions.session_plan(circle=circle, details=_session_details(data), actor=request.user),
        done=_("The session is planned. Build its agenda below."),
        to=lambda session: _session_url(access, circle, session))


def _session_form(session: CircleSession) -> SessionForm:
    return SessionForm(initial={"starts_at": session.starts_at, "duration_minutes": session.duration_minutes,
                                "place": session.place, "theme": session.theme})


@facilitator_view
def session_edit(request: HttpRequest, session_id: int, access: OrganisationAccess, circle: Circle) -> HttpResponse:
    """Move, lengthen or rename a session."""
    session = _session_of(circle, session_id)
    if request.method != "POST":
        return _session_form_page(request, access, circle, session, form=_session_form(session))
    return post_action(
        request, form=SessionForm(request.POST), refusals=REFUSALS,
        fields={"agenda_over": "duration_minutes", "past": "starts_at"},
        again=lambda typed: _session_form_page(request, access, circle, session, form=typed),
        act=lambda data: sessions.session_update(session=session, details=_session_details(data), actor=request.user),
        done=_("The session is saved."), to=_session_url(access, circle, session))


@require_POST
@facilitator_view
def session_cancel(request: HttpRequest, session_id: int, access: OrganisationAccess, circle: Circle) -> HttpResponse:
    session = _session_of(circle, session_id)
    return post_action(
        request, refusals=REFUSALS,
        act=lambda data: sessions.session_cancel(session=session, actor=request.user),
        done=_("The session is cancelled. Let the members know."), to=_manage_url(access, circle),
        again=lambda _typed: _session_form_page(request, access, circle, session, form=_session_form(session)))


def _library_choices(access: OrganisationAccess, user, language: str) -> list[tuple[library.LibraryChoice, str, str]]:
    """(exercise, label, kind label) in the order a session runs, then by title."""
    kinds = Exercise.Kind.values
    kind_labels = {value: str(label) for value, label in Exercise.Kind.choices}
    label = _("%(title)s (%(minutes)d min)")
    choices = [(exercise, label % {"title": exercise.title, "minutes": exercise.duration_minutes},
                kind_labels.get(exercise.kind, exercise.kind))
               for exercise in library.library_choices(organisation=access.organisation, user=user, language=language)]
    choices.sort(key=lambda choice: (kinds.index(choice[0].kind), choice[1].lower()))
    return choices


def _ticked(form: AttendanceForm | None, roster) -> set[int]:
    """Who shows as present: as just submitted when the form comes back, else as recorded."""
    if form is not None:
        values = form.data.getlist(form["present"].html_name)
        return {int(v) for v in values if v.isascii() and v.isdigit() and len(v) <= MAX_ID_DIGITS}
    return {line.member.user_id for line in roster if line.present}


def _session_page(request, access, circle, session, *, bound: dict | None = None) -> HttpResponse:
    """The session's page; `bound` holds what came back as typed: a form by the name of its part of the
    page ("agenda_add", "attendance", "commitments", "note"), or an agenda item's minutes and their error."""
    bound = bound or {}
    language = translation.get_language()
    agenda, planned = selectors.agenda_of(session, language=language)
    roster = selectors.roster_of(session)
    present = [line for line in roster if line.present]
    key = _circle_key(request, access, circle, back=_session_url(access, circle, session))
    circle_key = key["circle_key"]
    # What the men committed to is sealed to the circle's key: opened here, for facilitators who unlocked theirs.
    commitments_open([line.commitment for line in roster if line.commitment], private_key=circle_key)
    commitments_open([commitment for line in roster for commitment in line.earlier], private_key=circle_key,
                     check_ins="recent_check_ins")
    new_keys = owners_with_new_keys([c for line in roster for c in (line.commitment, *line.earlier) if c])
    exercises = _library_choices(access, request.user, language)
    attendance_form = bound.get("attendance") or AttendanceForm(roster=roster, prefix="attendance")
    present_ids = _ticked(bound.get("attendance"), roster)
    round_form = bound.get("commitments") or CommitmentsRoundForm(present=present, prefix="round")
    round_rows = round_form.rows()
    add_form = bound.get("agenda_add") or AgendaAddForm(exercises=exercises, prefix="add")
    slugs = (access.organisation.slug, circle.slug, session.pk)
    csrf = csrf_input(request)
    notes = [(note, keys.open_for_circle(circle_key, sealed=note.sealed)) for note in selectors.notes_of(session)]
    return render(request, "circles/session.html", _context(
        access, circle,
        session=session,
        agenda=agenda,
        agenda_html=session_rows.agenda_html(agenda, slugs=slugs, csrf=csrf,
                                             typed=bound.get("minutes_typed", {}),
                                             errors=bound.get("minutes_errors", {})),
        planned=planned,
        left=session.duration_minutes - planned,
        roster=roster,
        attendance_html=session_rows.attendance_html(roster, field=attendance_form["present"], ticked=present_ids),
        earlier=session_rows.earlier_html(roster),
        attendance_taken=any(line.present is not None for line in roster),
        add_form=add_form,
        exercise_options=session_rows.exercise_options_html(add_form.fields["exercise"].choices)
        if not add_form.is_bound else "",
        attendance_form=attendance_form,
        round_form=round_form,
        round_rows=round_rows,
        round_html=session_rows.round_html(round_rows),
        round_open=circle_key is not None,
        new_keys=[line.member for line in roster if line.member.user_id in new_keys] if circle_key else [],
        note_form=bound.get("note") or NoteForm(prefix="note"),
        notes=notes,
        notes_html=session_rows.notes_html(notes, user_id=request.user.pk, slugs=slugs, csrf=csrf,
                                           locked_here=bool(key["key_url"] or key["key_waiting"])),
        key_url=key["key_url"],
        key_waiting=key["key_waiting"],
        key_share=key["key_share"],
        key_start=key["key_start"],
        key_back=key["key_back"],
        feedback=feedback.feedback_summary(session, circle_key=circle_key),
        min_answers=feedback.MIN_ANSWERS,
        started=session.starts_at <= timezone.now() + sessions.EARLY_ATTENDANCE,
    ))


@facilitator_view
def session_page(request: HttpRequest, session_id: int, access: OrganisationAccess, circle: Circle) -> HttpResponse:
    return _session_page(request, access, circle, _session_of(circle, session_id))


def _session_act(request: HttpRequest, access: OrganisationAccess, circle: Circle, session: CircleSession, *,
                 act: Callable[[dict], object], anchor: str, form: BaseForm | None = None, part: str | None = None,
                 again: Callable[[BaseForm | None], HttpResponse] | None = None, done: str | None = None,
                 fields: dict[str, str] | None = None) -> HttpResponse:
    """One change to a session: back to its part of the page (`anchor`) when done; refused, the page again
    with what was typed, as the form of that `part` (or as `again` shows it)."""

    def page(typed: BaseForm | None) -> HttpResponse:
        if again is not None:
            return again(typed)
        return _session_page(request, access, circle, session,
                             bound={part: typed} if part and typed is not None else None)

    return post_action(request, form=form, act=act, refusals=REFUSALS, done=done, fields=fields, again=page,
                       to=f"{_session_url(access, circle, session)}#{anchor}")


def _item_of(session: CircleSession, request: HttpRequest) -> AgendaItem | None:
    item_id = posted_id(request, name="item")
    return AgendaItem.objects.filter(session=session, pk=item_id).first() if item_id else None


@require_POST
@facilitator_view
def agenda_add(request: HttpRequest, session_id: int, access: OrganisationAccess, circle: Circle) -> HttpResponse:
    """An exercise from the library at the end of the agenda, for its usual minutes unless others are given."""
    session = _session_of(circle, session_id)
    exercises = _library_choices(access, request.user, translation.get_language())

    def add(data: dict) -> AgendaItem:
        # The form offers only the library's exercises.
        exercise = _present(library.library_for(organisation=access.organisation, user=request.user)
                            .filter(pk=data["exercise"]).first())
        return sessions.agenda_add(session=session, exercise=exercise,
                                   minutes=data["minutes"] or exercise.duration_minutes, actor=request.user)

    return _session_act(request, access, circle, session, act=add, anchor="agenda", part="agenda_add",
                        form=AgendaAddForm(request.POST, exercises=exercises, prefix="add"),
                        fields={code: "minutes" for code in ("agenda_over", "minutes", "too_many")})


@require_POST
@facilitator_view
def agenda_template(request: HttpRequest, session_id: int, access: OrganisationAccess,
                    circle: Circle) -> HttpResponse:
    """Fill an empty agenda from the three-hour template."""
    session = _session_of(circle, session_id)
    return _session_act(request, access, circle, session, anchor="agenda",
                        act=lambda data: sessions.agenda_from_template(session=session, actor=request.user))


@require_POST
@facilitator_view
def item_minutes(request: HttpRequest, session_id: int, access: OrganisationAccess, circle: Circle) -> HttpResponse:
    """New minutes for one exercise of the agenda; refused, the typed number stays in its box."""
    session = _session_of(circle, session_id)
    item = _item_of(session, request)
    prefix = f"item{item.pk}" if item is not None else "item"

    def again(typed: BaseForm | None) -> HttpResponse:
        if item is None or typed is None:
            return _session_page(request, access, circle, session)
        return _session_page(request, access, circle, session, bound={
            "minutes_typed": {item.pk: request.POST.get(f"{prefix}-minutes", "")[:10]},
            "minutes_errors": {item.pk: next(iter(typed.errors.values()))[0]},
        })

    return _session_act(
        request, access, circle, session, anchor="agenda", again=again,
        form=AgendaMinutesForm(request.POST, prefix=prefix) if item is not None else None,
        act=lambda data: sessions.agenda_item_minutes(item=_present(item), minutes=data["minutes"],
                                                      actor=request.user))


def _item_act(request: HttpRequest, session_id: int, access: OrganisationAccess, circle: Circle,
              change: Callable[[AgendaItem], None]) -> HttpResponse:
    session = _session_of(circle, session_id)
    item = _item_of(session, request)
    return _session_act(request, access, circle, session, anchor="agenda", act=lambda data: change(_present(item)))


@require_POST
@facilitator_view
def item_up(request: HttpRequest, session_id: int, access: OrganisationAccess, circle: Circle) -> HttpResponse:
    return _item_act(request, session_id, access, circle,
                     lambda item: sessions.agenda_item_move(item=item, direction=-1, actor=request.user))


@require_POST
@facilitator_view
def item_down(request: HttpRequest, session_id: int, access: OrganisationAccess, circle: Circle) -> HttpResponse:
    return _item_act(request, session_id, access, circle,
                     lambda item: sessions.agenda_item_move(item=item, direction=1, actor=request.user))


@require_POST
@facilitator_view
def item_remove(request: HttpRequest, session_id: int, access: OrganisationAccess, circle: Circle) -> HttpResponse:
    return _item_act(request, session_id, access, circle,
                     lambda item: sessions.agenda_item_remove(item=item, actor=request.user))


@require_POST
@facilitator_view
def attendance(request: HttpRequest, session_id: int, access: OrganisationAccess, circle: Circle) -> HttpResponse:
    """Who came, from the men who belonged to the circle then."""
    session = _session_of(circle, session_id)
    return _session_act(
        request, access, circle, session, anchor="attendance", part="attendance", fields={"not_a_member": "present"},
        form=AttendanceForm(request.POST, roster=selectors.roster_of(session), prefix="attendance"),
        act=lambda data: sessions.attendance_record(session=session, present=set(data["present"]),
                                                    actor=request.user),
        done=_("Attendance is saved."))


@require_POST
@facilitator_view
def commitments(request: HttpRequest, session_id: int, access: OrganisationAccess, circle: Circle) -> HttpResponse:
    """The commitments round: what each man present commits to lands in his own commitments."""
    session = _session_of(circle, session_id)
    present = [line for line in selectors.roster_of(session) if line.present]
    form = CommitmentsRoundForm(request.POST, present=present, prefix="round")
    circle_key = _circle_key_only(request, circle)
    return _session_act(
        request, access, circle, session, anchor="commitments", part="commitments", form=form,
        act=lambda data: sessions.commitments_round(session=session, commitments=form.commitments(),
                                                    actor=request.user, circle_key=circle_key),
        done=_("The commitments are saved. Each man finds his under Your commitments."))


@require_POST
@facilitator_view
def note(request: HttpRequest, session_id: int, access: OrganisationAccess, circle: Circle) -> HttpResponse:
    """A private note, sealed to the circle's key."""
    session = _session_of(circle, session_id)
    return _session_act(
        request, access, circle, session, anchor="notes", part="note", fields={"empty": "text"},
        form=NoteForm(request.POST, prefix="note"),
        act=lambda data: sessions.note_add(session=session, text=data["text"], actor=request.user))


@require_POST
@facilitator_view
def reopen(request: HttpRequest, session_id: int, access: OrganisationAccess, circle: Circle) -> HttpResponse:
    """Open a man's commitments from the circle to his new key, once the facilitator has checked with him."""
    session = _session_of(circle, session_id)
    person_id = posted_id(request, name="person")
    circle_key = _circle_key_only(request, circle)
    return _session_act(request, access, circle, session, anchor="earlier",
                        act=lambda data: sessions.commitments_reopen_for(
                            session=session, person_id=person_id or 0, actor=request.user, circle_key=circle_key),
                        done=_("His commitments from this circle open for him again."))


@require_POST
@facilitator_view
def note_delete(request: HttpRequest, session_id: int, access: OrganisationAccess, circle: Circle) -> HttpResponse:
    session = _session_of(circle, session_id)
    note_id = posted_id(request, name="note")
    found = SessionNote.objects.filter(session=session, pk=note_id).first() if note_id else None
    return _session_act(request, access, circle, session, anchor="notes",
                        act=lambda data: sessions.note_delete(note=_present(found), actor=request.user))


@facilitator_view
def attendance_csv(request: HttpRequest, access: OrganisationAccess, circle: Circle) -> HttpResponse:
    """The circle's attendance as a spreadsheet: a row per man by name, a column per session held."""
    found = selectors.attendance_sheet(circle)
    # Names leave the platform in the file: the log keeps who took them, and how many.
    audit_record(action="circle.attendance_exported", actor_id=request.user.pk,
                 organisation_id=circle.organisation_id, target=circle,
                 details={"sessions": len(found.sessions), "men": len(found.rows)})
    words = {True: _("present"), False: _("absent"), None: ""}
    text = csv_text([
        [_("Member"), *(dates.file_day(starts) for starts in found.sessions)],
        *([name, *(words[mark] for mark in marks)] for name, marks in found.rows),
    ])
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{circle.slug}-attendance-{dates.file_day(timezone.now())}.csv"')
    response["Cache-Control"] = "private, no-store"
    return response


@facilitator_view
def sheet(request: HttpRequest, session_id: int, access: OrganisationAccess, circle: Circle) -> HttpResponse:
    """A printable sheet for running the session: timings, steps, materials, agreements, who is coming."""
    session = _session_of(circle, session_id)
    agenda, planned = selectors.agenda_of(session, language=translation.get_language())
    roster = selectors.roster_of(session)
    return render(request, "circles/sheet.html", _context(
        access, circle, session=session, agenda=agenda, planned=planned, roster=roster,
        agreements=(agreements := joining.current_agreements(circle)),
        shown=joining.agreements_shown(circle, version=agreements),
        materials=[line for line in agenda if line.text.materials],
    ))


@facilitator_view
def messages_page(request: HttpRequest, access: OrganisationAccess, circle: Circle) -> HttpResponse:
    """Write to the circle's members, and read back what its facilitators sent (with the circle's key)."""
    back = reverse("circles:messages", args=[access.organisation.slug, circle.slug])

    def page(form: CircleMessageForm | None) -> HttpResponse:
        opened = _circle_key(request, access, circle, back=back)
        response = render(request, "circles/messages.html", _context(
            access, circle, form=form or CircleMessageForm(),
            sent=messaging.circle_messages_sent(circle, circle_key=opened["circle_key"]),
            members=CircleMember.objects.filter(circle=circle, status=Status.MEMBER).count(),
            **opened,
        ))
        response["Cache-Control"] = "no-store, private"
        return response

    if request.method != "POST":
        return page(None)

    return post_action(
        request, form=CircleMessageForm(request.POST), refusals=REFUSALS, again=page,
        act=lambda data: messaging.circle_message_send(circle=circle, author=request.user, text=data["text"]),
        fields={"message_empty": "text", "message_too_long": "text"}, statuses={"message_throttled": 429},
        done=_("Your message is sealed to each member. They get a mail saying you wrote, without your words."),
        to=back)
