"""Circles through their pages: joining, the members' space, the facilitator's
pages, bad input that keeps what was typed, and query counts that do not grow."""
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from holdspace.circles import feedback, sessions
from holdspace.circles.models import AgendaItem, CircleMember, CircleSession, Exercise
from holdspace.circles.services import facilitator_add
from holdspace.inventory.commitments import commitment_make
from holdspace.inventory.models import Commitment
from holdspace.web import dates
from tests.circles_helpers import admit, ask, check_in, circle_key_of, held_session, key_for, make_circle, round_save
from tests.conftest import sign_in, unlock_case_key

pytestmark = pytest.mark.django_db


def _page(response) -> str:
    return response.content.decode()


def _manage(world, circle, name="circles:manage", **kwargs):
    return reverse(name, kwargs={"slug": world.riverside.slug, "circle": circle.slug, **kwargs})


def _felix(world, *, key=True) -> Client:
    client = sign_in(Client(), world.felix)
    key_for(world.felix)
    return unlock_case_key(client, world.felix) if key else client


def test_a_man_asks_to_join_and_a_full_circle_keeps_what_he_wrote(world):
    circle = make_circle(world, capacity=2)
    admit(circle, world.harry)
    admit(circle, world.rosa)
    client = sign_in(Client(), world.mateo)
    url = reverse("circles:join", args=[circle.slug])
    page = _page(client.get(url))
    assert "Confidentiality and its limits" in page and "Connecting with other men" in page
    typed = {"reasons": ["growth", "trauma"], "in_his_words": "My father never talked about feelings.",
             "accepts_agreements": "on"}
    refused = client.post(url, typed)
    assert refused.status_code == 400
    page = _page(refused)
    assert "This circle is full" in page and "My father never talked about feelings." in page
    assert re.search(r'value="trauma"[^>]*checked', page)
    done = client.post(url, {**typed, "waiting_list_ok": "on"})
    assert done.status_code == 302 and done["Location"] == reverse("circles:mine")
    member = CircleMember.objects.get(circle=circle, user=world.mateo)
    assert member.status == CircleMember.Status.WAITING
    again = client.get(url, follow=True)
    assert "You have already asked to join this circle" in _page(again)


def test_asking_without_a_reason_or_the_agreements_is_refused_with_words_kept(world):
    circle = make_circle(world)
    client = sign_in(Client(), world.mateo)
    response = client.post(reverse("circles:join", args=[circle.slug]), {"in_his_words": "Just curious."})
    assert response.status_code == 400
    page = _page(response)
    assert "tick the box to accept them" in page and "Just curious." in page
    response = client.post(reverse("circles:join", args=[circle.slug]), {"accepts_agreements": "on"})
    assert "Choose at least one reason" in _page(response)
    world.mateo.email_verified_at = None
    world.mateo.save(update_fields=["email_verified_at"])
    assert "Please confirm your email address" in _page(client.get(reverse("circles:join", args=[circle.slug])))
    assert not CircleMember.objects.filter(circle=circle).exists()


def test_members_see_first_names_only_and_never_intake_answers(world):
    world.harry.display_name = "Harry Holt"
    world.harry.save(update_fields=["display_name"])
    circle = make_circle(world)
    admit(circle, world.mateo, words="A secret about my brother.")
    admit(circle, world.harry, reasons=("self_hatred",), words="Something heavy.")
    page = _page(sign_in(Client(), world.mateo).get(reverse("circles:space", args=[circle.slug])))
    assert "Harry" in page and "Holt" not in page
    assert "Something heavy." not in page and "self-hatred" not in page and "A secret" not in page
    assert "Community" not in page  # no session yet
    assert sign_in(Client(), world.rosa).get(reverse("circles:space", args=[circle.slug])).status_code == 404


def test_the_public_entry_and_calendar_keep_the_place_for_members(world):
    circle = make_circle(world)
    admit(circle, world.mateo)
    sessions.session_plan(circle=circle, actor=world.felix, details=sessions.SessionDetails(
        starts_at=timezone.now() + timedelta(days=2), duration_minutes=120, place="12 Elm Street, flat 3",
        theme="Consent"))
    public = _page(Client().get(reverse("circles:circle", args=[circle.slug])))
    assert "Consent" in public and "Elm Street" not in public
    anonymous = Client().get(reverse("circles:calendar", args=[circle.slug]))
    assert anonymous["Content-Type"].startswith("text/calendar")
    body = anonymous.content.decode()
    assert "BEGIN:VEVENT" in body and "SUMMARY:Tuesday men's group: Consent" in body and "Elm Street" not in body
    member = sign_in(Client(), world.mateo).get(reverse("circles:calendar", args=[circle.slug])).content.decode()
    assert "LOCATION:12 Elm Street\\, flat 3" in member
    assert "Elm Street" in _page(sign_in(Client(), world.mateo).get(reverse("circles:space", args=[circle.slug])))


def test_the_facilitator_reads_the_intake_only_with_his_key_and_answers_kindly(world):
    circle = make_circle(world)
    request = ask(circle, world.mateo, reasons=("guilt_shame",), words="I hurt someone at a party.")
    url = _manage(world, circle, "circles:request", member_id=request.pk)
    locked = _page(_felix(world, key=False).get(url))
    assert "Processing guilt and shame" not in locked and "I hurt someone" not in locked
    assert reverse("circles:key", args=[world.riverside.slug]) in locked
    client = _felix(world)
    opened = _page(client.get(url))
    assert "I hurt someone at a party." in opened and "Processing guilt and shame" in opened
    response = client.post(url, {"decision": "accept", "message": "Welcome, see you Tuesday."})
    assert response.status_code == 302
    mine = _page(sign_in(Client(), world.mateo).get(reverse("circles:mine")))
    assert "Welcome, see you Tuesday." in mine and "Member" in mine
    assert client.post(url, {"decision": "accept"}).status_code == 400  # already answered
    assert sign_in(Client(), world.rick).get(url).status_code == 404  # a facilitator of another circle


def test_planning_a_session_refuses_the_past_and_keeps_what_was_typed(world):
    circle = make_circle(world)
    client = _felix(world)
    url = _manage(world, circle, "circles:session_new")
    past = (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(url, {"starts_at": past, "duration_minutes": "180", "place": "Library, room 4",
                                 "theme": "Intention and impact"})
    assert response.status_code == 400
    page = _page(response)
    assert "must start in the future" in page and "Library, room 4" in page and "Intention and impact" in page
    soon = (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(url, {"starts_at": soon, "duration_minutes": "120", "place": "Library, room 4"})
    assert response.status_code == 302
    assert CircleSession.objects.get(circle=circle).duration_minutes == 120


def test_an_agenda_over_its_time_is_refused_with_the_choice_kept(world):
    circle = make_circle(world)
    session = sessions.session_plan(circle=circle, actor=world.felix, details=sessions.SessionDetails(
        starts_at=timezone.now() + timedelta(days=2), duration_minutes=60))
    client = _felix(world)
    act = _manage(world, circle, "circles:session_agenda_add", session_id=session.pk)
    check_in = Exercise.objects.get(key="opening-check-in")
    terms = Exercise.objects.get(key="dissecting-terms")
    assert client.post(act, {"add-exercise": check_in.pk, "add-minutes": ""}).status_code == 302  # its usual 20
    response = client.post(act, {"add-exercise": terms.pk, "add-minutes": "45"})
    assert response.status_code == 400
    page = _page(response)
    assert "That makes the agenda 65 minutes, longer than the session&#x27;s 60" in page
    assert re.search(rf'<option value="{terms.pk}" selected>', page) and 'value="45"' in page
    template = _manage(world, circle, "circles:session_agenda_template", session_id=session.pk)
    assert "Remove them first" in _page(client.post(template, follow=True))
    assert [item.minutes for item in AgendaItem.objects.filter(session=session)] == [20]
    item = AgendaItem.objects.get(session=session)
    minutes = _manage(world, circle, "circles:session_item_minutes", session_id=session.pk)
    assert client.post(minutes, {"item": item.pk, f"item{item.pk}-minutes": "90"}).status_code == 400
    assert client.post(minutes, {"item": item.pk, f"item{item.pk}-minutes": "25"}).status_code == 302
    assert AgendaItem.objects.get(pk=item.pk).minutes == 25


def test_running_a_session_attendance_commitments_notes_and_feedback(world):
    circle = make_circle(world)
    men = [world.mateo, world.harry, world.rosa]
    for man in men:
        admit(circle, man)
    held = held_session(circle, days_ago=0)
    client = _felix(world)
    act = lambda action: _manage(world, circle, f"circles:session_{action}", session_id=held.pk)  # noqa: E731
    assert client.post(act("attendance"), {"attendance-present": [m.pk for m in men]}).status_code == 302
    key_for(world.mateo)  # his commitment is sealed to his own key too
    locked = _felix(world, key=False).post(act("commitments"), {
        f"round-text_{world.mateo.pk}": "Listen more.", f"round-every_{world.mateo.pk}": "week"})
    assert locked.status_code == 400 and "Unlock your own key first" in _page(locked)
    assert not Commitment.objects.exists()
    response = client.post(act("commitments"), {
        f"round-text_{world.mateo.pk}": "Stop commenting on women's looks at work.",
        f"round-every_{world.mateo.pk}": "week",
        f"round-text_{world.harry.pk}": "", f"round-every_{world.harry.pk}": "session",
        f"round-text_{world.rosa.pk}": "x" * 1001, f"round-every_{world.rosa.pk}": "session",
    })
    assert response.status_code == 400  # one commitment too long: nothing is lost
    assert "Stop commenting on women&#x27;s looks at work." in _page(response)
    response = client.post(act("commitments"), {
        f"round-text_{world.mateo.pk}": "Stop commenting on women's looks at work.",
        f"round-every_{world.mateo.pk}": "week",
    })
    assert response.status_code == 302
    mine = _page(unlock_case_key(sign_in(Client(), world.mateo), world.mateo).get(reverse("inventory:commitments")))
    assert "Stop commenting on women&#x27;s looks at work." in mine and "Tuesday men&#x27;s group" in mine
    assert client.post(act("note"), {"note-text": "Harry was quiet; check in with him."}).status_code == 302
    page = _page(client.get(_manage(world, circle, "circles:session", session_id=held.pk)))
    assert "Harry was quiet" in page
    assert "Harry was quiet" not in _page(_felix(world, key=False).get(
        _manage(world, circle, "circles:session", session_id=held.pk)))
    for man, words in zip(men, ["More silence", "", "Start on time"]):
        url = reverse("circles:feedback", args=[circle.slug, held.pk])
        response = sign_in(Client(), man).post(url, {"felt_safe": "yes", "honest": "partly", "change": words})
        assert response.status_code == 302
    page = _page(client.get(_manage(world, circle, "circles:session", session_id=held.pk)))
    assert "can answer until" in page and "More silence" not in page and "3 answers" not in page
    again = sign_in(Client(), world.mateo).post(reverse("circles:feedback", args=[circle.slug, held.pk]),
                                                {"felt_safe": "no", "honest": "no"})
    assert again.status_code == 400 and feedback.FeedbackTally.objects.get().answers == 3
    # A week on, the feedback has closed and shows, all together.
    CircleSession.objects.filter(pk=held.pk).update(starts_at=held.starts_at - timedelta(days=feedback.FEEDBACK_DAYS))
    page = _page(client.get(_manage(world, circle, "circles:session", session_id=held.pk)))
    assert "3 answers" in page and "More silence" in page and "Start on time" in page


def test_the_session_page_runs_the_same_queries_for_few_or_many_men(world):
    circle = make_circle(world, capacity=60)
    earlier, held = held_session(circle, days_ago=30), held_session(circle, days_ago=0)
    sessions.agenda_from_template(session=held, actor=world.felix)
    client = _felix(world)
    url = _manage(world, circle, "circles:session", session_id=held.pk)
    from holdspace.accounts.models import User

    def grow(count):
        people = []
        for number in range(count):
            user = User.objects.create_user(email=f"man{CircleMember.objects.count()}-{number}@example.org",
                                            password=None, display_name=f"Man {number}")
            CircleMember.objects.create(circle=circle, user=user, status=CircleMember.Status.MEMBER)
            people.append(user)
        present = set(CircleMember.objects.filter(circle=circle).values_list("user_id", flat=True))
        sessions.attendance_record(session=earlier, present=present, actor=world.felix)
        sessions.attendance_record(session=held, present=present, actor=world.felix)
        # Men without a key of their own: their commitments wait for them, sealed to the circle alone.
        circle_key = circle_key_of(circle, facilitator=world.felix)
        sessions.commitments_round(session=earlier, actor=world.felix, circle_key=circle_key,
                                   commitments={pk: (f"Commitment {pk}", "week") for pk in present})
        sessions.commitments_round(session=held, actor=world.felix, circle_key=circle_key,
                                   commitments={pk: (f"Now {pk}", "week") for pk in present})
        sessions.note_add(session=held, text="A note", actor=world.felix)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    grow(2)
    count()  # the first request of a session also writes the session; measure warmed-up pages
    few = count()
    # The session and the person, the organisation, the circle and the session; the agenda, the roster (its men,
    # their commitments of this round, the session before, the running ones and their check-ins), the circle's
    # key and whom to share it with, the men's keys, the library and the notes (its feedback is still open: no
    # counts to read yet).
    assert few == 16
    grow(15)
    assert count() == few
    room = _manage(world, circle, "circles:room")
    with CaptureQueriesContext(connection) as captured:
        assert client.get(room).status_code == 200
    before = len(captured.captured_queries)
    grow(5)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(room).status_code == 200
    assert len(captured.captured_queries) == before


def test_the_session_page_shows_each_mans_earlier_commitment_and_his_check_ins(world):
    circle = make_circle(world)
    admit(circle, world.mateo)
    admit(circle, world.harry)
    earlier = held_session(circle, days_ago=30)
    sessions.attendance_record(session=earlier, present={world.mateo.pk, world.harry.pk}, actor=world.felix)
    round_save(earlier, {world.mateo.pk: ("Let <women> finish speaking.", "week"),
                         world.harry.pk: ("Call my father.", "month")}, actor=world.felix)
    mateo = world.mateo.commitments.get()
    check_in(mateo, world.mateo, outcome="partly", note="Twice in <meetings>.")
    check_in(mateo, world.mateo, outcome="kept")
    held = held_session(circle, days_ago=0)
    url = _manage(world, circle, "circles:session", session_id=held.pk)
    page = _page(_felix(world).get(url))
    day = dates.day(timezone.now())
    assert ('<td data-label="Commitment">Let &lt;women&gt; finish speaking.</td>\n'
            f'            <td data-label="Check-ins since the last session"><span class="check-in">I kept it</span> '
            f'<span class="meta">{day}</span><br><span class="check-in">Partly</span> <span class="meta">{day}</span>: '
            "Twice in &lt;meetings&gt;.</td>") in page
    assert ('<td data-label="Commitment">Call my father.</td>\n            <td data-label="Check-ins since the last '
            'session"><span class="meta">no check-in yet</span></td>') in page
    # His key locked, the facilitator sees that there are commitments and how they went, never the words.
    locked = _page(_felix(world, key=False).get(url))
    assert "finish speaking" not in locked and "Twice in" not in locked
    assert ('<span class="meta">sealed: unlock your key to read it</span></td>\n            <td data-label="Check-ins '
            f'since the last session"><span class="check-in">I kept it</span> <span class="meta">{day}</span><br>') \
        in locked


def test_the_room_draws_its_charts_on_the_server(world):
    circle = make_circle(world)
    admit(circle, world.mateo, reasons=("connecting", "growth"))
    held = held_session(circle)
    sessions.attendance_record(session=held, present={world.mateo.pk}, actor=world.felix)
    page = _page(_felix(world).get(_manage(world, circle, "circles:room")))
    assert page.count("<svg") == 2 and 'class="chart-bar"' in page
    assert "<script" not in page.split("</head>")[1]
    assert "Connecting with other men" in page


def test_agreements_change_and_members_accept_them_again(world):
    circle = make_circle(world)
    admit(circle, world.mateo)
    client = _felix(world)
    url = _manage(world, circle, "circles:agreements")
    page = _page(client.get(url))
    total = int(re.search(r'name="agreements-TOTAL_FORMS"[^>]*value="(\d+)"', page).group(1))
    data = {"agreements-TOTAL_FORMS": str(total), "agreements-INITIAL_FORMS": str(total - 2),
            "agreements-MIN_NUM_FORMS": "0", "agreements-MAX_NUM_FORMS": "30", "change-change_note": ""}
    for index in range(total - 2):
        data[f"agreements-{index}-title"] = f"Agreement {index}"
        data[f"agreements-{index}-text"] = "Kept."
    data[f"agreements-{total - 2}-title"] = "Phones away"
    data[f"agreements-{total - 2}-text"] = "Phones stay in bags during the circle."
    response = client.post(url, data)
    assert response.status_code == 400 and "Phones stay in bags" in _page(response)  # the note is required
    data["change-change_note"] = "Agreed together on 4 March."
    assert client.post(url, data).status_code == 302
    mateo = sign_in(Client(), world.mateo)
    space = _page(mateo.get(reverse("circles:space", args=[circle.slug])))
    assert "Phones away" in space and "accept them again" in space
    accept = reverse("circles:agreements_accept", args=[circle.slug])
    assert mateo.post(accept, {"version": "1", "accept": "on"}).status_code == 302  # a stale page
    assert CircleMember.objects.get(user=world.mateo).agreements_accepted == 1
    assert mateo.post(accept, {"version": "2"}).status_code == 400
    assert mateo.post(accept, {"version": "2", "accept": "on"}).status_code == 302
    assert CircleMember.objects.get(user=world.mateo).agreements_accepted == 2


def test_facilitators_write_exercises_and_share_them_with_their_organisation(world):
    client = _felix(world)
    url = reverse("circles:exercise_new", args=[world.riverside.slug])
    response = client.post(url, {"title": "Letters never sent", "kind": "reflection", "duration_minutes": "0",
                                 "language": "en", "purpose": "Write without sending.", "steps": "One\nTwo"})
    assert response.status_code == 400 and "Letters never sent" in _page(response)
    response = client.post(url, {"title": "Letters never sent", "kind": "reflection", "duration_minutes": "25",
                                 "language": "en", "purpose": "Write without sending.", "steps": "One\nTwo"})
    assert response.status_code == 302
    private = Exercise.objects.get(title="Letters never sent")
    rick = sign_in(Client(), world.rick)
    detail = reverse("circles:exercise", args=[world.riverside.slug, private.pk])
    assert rick.get(detail).status_code == 404  # not shared yet
    assert "Letters never sent" not in _page(rick.get(reverse("circles:library", args=[world.riverside.slug])))
    edit = reverse("circles:exercise_edit", args=[world.riverside.slug, private.pk])
    client.post(edit, {"title": "Letters never sent", "kind": "reflection", "duration_minutes": "25",
                       "language": "en", "purpose": "Write without sending.", "steps": "One\nTwo", "shared": "on"})
    assert "Letters never sent" in _page(rick.get(reverse("circles:library", args=[world.riverside.slug])))
    assert rick.get(edit).status_code == 403
    harbour = Exercise.objects.get(key="closing-round")
    assert "Closing round" in _page(rick.get(reverse("circles:exercise", args=[world.riverside.slug, harbour.pk])))
    spanish = Client(HTTP_ACCEPT_LANGUAGE="es")
    sign_in(spanish, world.rick)
    assert "Ronda de cierre" in _page(spanish.get(reverse("circles:exercise", args=[world.riverside.slug,
                                                                                     harbour.pk])))


def test_the_printable_sheet_carries_timings_steps_and_agreements(world):
    circle = make_circle(world)
    admit(circle, world.mateo)
    session = sessions.session_plan(circle=circle, actor=world.felix, details=sessions.SessionDetails(
        starts_at=timezone.now() + timedelta(days=2), duration_minutes=180))
    sessions.agenda_from_template(session=session, actor=world.felix)
    page = _page(_felix(world, key=False).get(_manage(world, circle, "circles:sheet", session_id=session.pk)))
    assert "Opening check-in" in page and "Pass the talking object around the circle" in page
    assert "Confidentiality and its limits" in page and "Mateo" in page
    assert 'class="sheet"' in page and 'class="no-print"' in page
    # The print rules hide the site's menus and the sheet's own links.
    css = open("holdspace/web/static/holdspace/holdspace.css").read()
    print_rules = "".join(re.findall(r"@media print \{(.*?)\n\}", css, re.S))
    assert ".site-header" in print_rules and ".no-print" in print_rules


def test_a_man_checks_in_on_his_commitment_and_nobody_else_can(world):
    key_for(world.mateo)
    mateo = unlock_case_key(sign_in(Client(), world.mateo), world.mateo)
    assert mateo.post(reverse("inventory:commitments"), {"text": "", "check_in_every": "week"}).status_code == 400
    assert mateo.post(reverse("inventory:commitments"),
                      {"text": "Ask my partner how her day was, and listen.", "check_in_every": "week"}).status_code == 302
    commitment = Commitment.objects.get(owner=world.mateo)
    url = reverse("inventory:commitment", args=[commitment.pk])
    response = mateo.post(url, {"note": "Did it four evenings."})
    assert response.status_code == 400 and "Did it four evenings." in _page(response)
    assert mateo.post(url, {"outcome": "kept", "note": "Did it four evenings."}).status_code == 302
    assert "Did it four evenings." in _page(mateo.get(url))
    assert unlock_case_key(sign_in(Client(), world.harry), world.harry).get(url).status_code == 404
    end = reverse("inventory:commitment_end", args=[commitment.pk])
    assert mateo.post(end, {"status": "forgotten"}).status_code == 400
    assert mateo.post(end, {"status": "completed"}).status_code == 302
    asked = Commitment.objects.get(pk=commitment.pk)  # it ends after the week's wait
    assert (asked.status, asked.change_status) == (Commitment.Status.ACTIVE, Commitment.Status.COMPLETED)


def test_ids_from_elsewhere_or_not_numbers_are_refused_calmly(world):
    circle = make_circle(world)
    admit(circle, world.mateo)
    mine = held_session(circle, days_ago=1)
    other_circle = make_circle(world, name="Other circle")
    theirs = held_session(other_circle, days_ago=1)
    sessions.agenda_from_template(session=theirs, actor=world.felix)
    their_item = AgendaItem.objects.filter(session=theirs).first()
    facilitator_add(circle=circle, user=world.rick, actor=world.felix)
    rick_note = sessions.note_add(session=mine, text="Rick's note", actor=world.rick)
    client = _felix(world)
    act = lambda action: _manage(world, circle, f"circles:session_{action}", session_id=mine.pk)  # noqa: E731
    for action, data in [
        ("item_remove", {"item": their_item.pk}),
        ("item_up", {"item": "\u00b2"}),
        ("item_minutes", {"item": "99999999999999999999999"}),
        ("note_delete", {"note": rick_note.pk}),  # not his note
        ("note_delete", {"note": "\u00b2"}),
        ("attendance", {"attendance-present": ["\u00b2"]}),
        ("attendance", {"attendance-present": [world.rosa.pk]}),
    ]:
        assert client.post(act(action), data).status_code == 400, action
    assert AgendaItem.objects.filter(pk=their_item.pk).exists()
    remove = _manage(world, circle, "circles:facilitator_remove")
    assert client.post(remove, {"person": "\u00b2"}).status_code == 400


def test_a_facilitator_of_another_organisation_sees_nothing_of_the_circle(world):
    from holdspace.organisations.models import Membership, Role

    circle = make_circle(world)
    Membership.objects.create(user=world.harry, organisation=world.harbour, role=Role.FACILITATOR)
    harry = sign_in(Client(), world.harry)
    assert harry.get(reverse("circles:manage_list", args=[world.harbour.slug])).status_code == 200
    for name, kwargs in [("circles:manage", {}), ("circles:room", {}), ("circles:agreements", {}),
                         ("circles:edit", {})]:
        assert harry.get(_manage(world, circle, name, **kwargs)).status_code == 404
        harbour_path = reverse(name, kwargs={"slug": world.harbour.slug, "circle": circle.slug})
        assert harry.get(harbour_path).status_code == 404
    assert harry.get(reverse("circles:space", args=[circle.slug])).status_code == 404
    assert harry.get(reverse("circles:circle", args=[circle.slug])).status_code == 200  # the public entry only


def test_refused_changes_come_back_with_their_reason_in_words(world):

    circle = make_circle(world)
    admit(circle, world.mateo)
    held = held_session(circle, days_ago=1)
    facilitator_add(circle=circle, user=world.rick, actor=world.felix)
    rick_note = sessions.note_add(session=held, text="Rick's note", actor=world.rick)
    client = _felix(world)
    act = lambda action: _manage(world, circle, f"circles:session_{action}", session_id=held.pk)  # noqa: E731
    response = client.post(act("note_delete"), {"note": rick_note.pk})
    assert response.status_code == 400 and "Only the facilitator who wrote a note deletes it." in _page(response)
    response = client.post(act("item_up"), {"item": "99"})
    assert response.status_code == 400 and "That is no longer on this page" in _page(response)
    response = client.post(act("attendance"), {"attendance-present": [world.rosa.pk]})
    assert response.status_code == 400 and "Only the circle&#x27;s members can be marked present." in _page(response)
    response = client.post(act("commitments"), {})  # nobody marked present yet
    assert response.status_code == 400 and "Take attendance first" in _page(response)
    response = client.post(_manage(world, circle, "circles:facilitator_remove"), {"person": world.felix.pk})
    assert response.status_code == 400  # Rick has no key yet: Felix holds the only copy of the circle's key
    assert f"{world.felix.display_name} holds the only copy of the circle&#x27;s key" in _page(response)
    assert circle.facilitators.filter(pk=world.felix.pk).exists()

    key_for(world.mateo)
    mateo = unlock_case_key(sign_in(Client(), world.mateo), world.mateo)
    ended = commitment_make(owner=world.mateo, text="Listen first.", check_in_every="week")
    Commitment.objects.filter(pk=ended.pk).update(status=Commitment.Status.COMPLETED)  # ended a week ago
    for url, data in [(reverse("inventory:commitment", args=[ended.pk]), {"outcome": "kept"}),
                      (reverse("inventory:commitment_end", args=[ended.pk]), {"status": "completed"})]:
        response = mateo.post(url, data)
        assert response.status_code == 400 and "This commitment has ended" in _page(response)
