"""Session reminders to a circle's members (which they can turn off), and messages from its facilitators to its
members, sealed to each member's own key and to the circle's key for the facilitators' record."""
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from holdspace.accounts.models import User
from holdspace.accounts.services import user_delete
from holdspace.audit.models import AuditEntry
from holdspace.circles import joining, messaging, reminders, sessions
from holdspace.circles.models import CircleMember, CircleMessage, CircleMessageCopy, CircleSession
from holdspace.keys.selectors import personal_key_exists
from holdspace.site.upkeep import daily_upkeep_run
from holdspace.web.refusals import Refusal
from tests.circles_helpers import admit, circle_key_of, circle_world, key_for, make_circle
from tests.conftest import PASSWORD, sign_in, unlock_case_key
from tests.test_personal_data import _client, _json, _section

CANARY = "CANARY-CIRCLE-MESSAGE-7d3a"
Status = CircleMember.Status


@pytest.fixture
def circles(world):
    return circle_world(world)


def _session_in(circle, *, hours, place="Community hall, room 4", theme="THEME-NOT-IN-MAIL"):
    return CircleSession.objects.create(circle=circle, starts_at=timezone.now() + timedelta(hours=hours),
                                        duration_minutes=120, place=place, theme=theme)


def _others(circles, world):
    """Beside Mateo (a member) and Rosa (asking): Harry waits, Ada left, Omar is a member who turned reminders
    off, Nadia a member who wants them."""
    circle = circles.circle
    CircleMember.objects.create(circle=circle, user=world.harry, status=Status.WAITING)
    CircleMember.objects.create(circle=circle, user=world.ada, status=Status.LEFT)
    omar = CircleMember.objects.create(circle=circle, user=world.omar, status=Status.MEMBER)
    reminders.session_reminders_set(member=CircleMember.objects.select_related("circle").get(pk=omar.pk), on=False)
    CircleMember.objects.create(circle=circle, user=world.nadia, status=Status.MEMBER)


# Session reminders.

@pytest.mark.django_db
def test_members_who_want_them_are_reminded_once_in_their_language(world, circles, mailoutbox):
    _others(circles, world)
    User.objects.filter(pk=world.mateo.pk).update(language="es")
    soon = _session_in(circles.circle, hours=20)
    mailoutbox.clear()
    now = timezone.now()
    assert reminders.session_reminders_send(now=now) == 2
    assert sorted(mail.to[0] for mail in mailoutbox) == sorted([world.mateo.email, world.nadia.email])
    to_mateo = next(mail for mail in mailoutbox if mail.to == [world.mateo.email])
    assert to_mateo.subject == "Tuesday men's group: tu próxima sesión"
    assert "Community hall, room 4" in to_mateo.body
    assert reverse("circles:space", args=[circles.circle.slug]) in to_mateo.body
    for mail in mailoutbox:
        for kept_out in ("THEME-NOT-IN-MAIL", "Rosa", "Harry", "Omar", "Nadia", "Mateo", "Felix"):
            assert kept_out not in mail.body and kept_out not in mail.subject
    soon.refresh_from_db()
    assert soon.reminded_at == now
    # A second run, or a second server, sends nothing again.
    mailoutbox.clear()
    assert reminders.session_reminders_send(now=now + timedelta(hours=1)) == 0
    assert mailoutbox == []


@pytest.mark.django_db
def test_only_sessions_in_the_next_36_hours_are_reminded(world, circles, mailoutbox):
    now = timezone.now()
    inside = _session_in(circles.circle, hours=35)
    later = _session_in(circles.circle, hours=37)
    CircleSession.objects.filter(pk=inside.pk).update(starts_at=now + timedelta(hours=36))  # the edge is in
    past = CircleSession.objects.create(circle=circles.circle, starts_at=now - timedelta(hours=1),
                                        duration_minutes=60)
    mailoutbox.clear()
    assert reminders.session_reminders_send(now=now) == 1  # Mateo, for the one inside
    reminded = set(CircleSession.objects.filter(reminded_at__isnull=False).values_list("pk", flat=True))
    assert reminded == {inside.pk}
    assert later.pk not in reminded and past.pk not in reminded and circles.coming.pk not in reminded
    # A day later, the later one comes into the window.
    assert reminders.session_reminders_send(now=now + timedelta(days=1)) == 1
    later.refresh_from_db()
    assert later.reminded_at == now + timedelta(days=1)


@pytest.mark.django_db
def test_a_cancelled_session_is_not_reminded_and_a_moved_one_is_reminded_again(world, circles, mailoutbox):
    cancelled = _session_in(circles.circle, hours=20)
    moved = _session_in(circles.circle, hours=22, place="Room 2")
    sessions.session_cancel(session=cancelled, actor=world.felix)
    now = timezone.now()
    mailoutbox.clear()
    assert reminders.session_reminders_send(now=now) == 1
    assert "Room 2" in mailoutbox[0].body
    sessions.session_update(session=moved, actor=world.felix, details=sessions.SessionDetails(
        starts_at=moved.starts_at + timedelta(hours=2), duration_minutes=120, place="Room 4", theme=""))
    moved.refresh_from_db()
    assert moved.reminded_at is None
    mailoutbox.clear()
    assert reminders.session_reminders_send(now=now + timedelta(hours=1)) == 1
    assert "Room 4" in mailoutbox[0].body


@pytest.mark.django_db
def test_the_daily_job_reminds_in_the_same_queries_however_many_sessions_and_members(world, circles, mailoutbox):
    def queries_for(now) -> int:
        with CaptureQueriesContext(connection) as captured:
            reminders.session_reminders_send(now=now)
        return len(captured.captured_queries)

    now = timezone.now()
    _session_in(circles.circle, hours=10)
    one = queries_for(now)
    other = make_circle(world, name="Thursday circle")
    for man in (world.harry, world.rosa, world.nadia):
        CircleMember.objects.create(circle=other, user=man, status=Status.MEMBER)
    for hours in (11, 12, 13):
        _session_in(other, hours=hours)
    _session_in(circles.circle, hours=14)
    mailoutbox.clear()
    assert queries_for(now) == one
    assert len(mailoutbox) == 3 * 3 + 1


@pytest.mark.django_db
def test_the_daily_upkeep_sends_the_reminders(world, circles, mailoutbox):
    _session_in(circles.circle, hours=5)
    assert daily_upkeep_run(now=timezone.now())["session_reminders"] == 1


@pytest.mark.django_db
def test_a_member_turns_reminders_off_and_on_from_his_pages(world, circles, mailoutbox):
    client = sign_in(Client(), world.mateo)
    space = reverse("circles:space", args=[circles.circle.slug])
    assert b"Turn session reminders off" in client.get(space).content
    assert b"Turn session reminders off" in client.get(reverse("circles:mine")).content
    url = reverse("circles:session_reminders", args=[circles.circle.slug])
    response = client.post(url, {"reminders": "off"})
    assert response.status_code == 302 and response["Location"] == space + "#reminders"
    assert not CircleMember.objects.get(pk=circles.member.pk).session_reminders
    _session_in(circles.circle, hours=5)
    mailoutbox.clear()
    assert reminders.session_reminders_send(now=timezone.now()) == 0
    entry = AuditEntry.objects.filter(action="circle.reminders_set").latest("seq")
    assert (entry.actor_id, entry.details) == (world.mateo.pk, {"on": False})
    # From "my circles", he comes back there.
    response = client.post(url, {"reminders": "on", "next": reverse("circles:mine")})
    assert response["Location"] == reverse("circles:mine")
    assert CircleMember.objects.get(pk=circles.member.pk).session_reminders
    # Nonsense changes nothing, and says why.
    assert client.post(url, {"reminders": "maybe"}).status_code == 302
    assert CircleMember.objects.get(pk=circles.member.pk).session_reminders
    # Rosa, still asking, has no reminders to turn off.
    assert sign_in(Client(), world.rosa).post(url, {"reminders": "off"}).status_code == 404


# Messages to the circle.

@pytest.mark.django_db
def test_a_message_is_sealed_to_each_member_and_to_the_circle_and_mailed_without_its_words(
        world, circles, mailoutbox, django_capture_on_commit_callbacks):
    keyless = world.harry
    CircleMember.objects.create(circle=circles.circle, user=keyless, status=Status.MEMBER)
    CircleMember.objects.create(circle=circles.circle, user=world.nadia, status=Status.LEFT)
    assert not personal_key_exists(keyless)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # the mails go when the transaction commits
        message = messaging.circle_message_send(circle=circles.circle, author=world.felix,
                                                text=f"  {CANARY} we meet in room 4 this time. ")
    copies = {copy.user_id: copy for copy in CircleMessageCopy.objects.filter(message=message)}
    assert set(copies) == {world.mateo.pk, keyless.pk}  # not Rosa (asking), not Nadia (left)
    assert copies[keyless.pk].sealed is None
    mateo_reads = messaging.circle_messages_for(circles.circle, user=world.mateo, private_key=key_for(world.mateo))
    assert [read.words for read in mateo_reads] == [f"{CANARY} we meet in room 4 this time."]
    assert messaging.circle_messages_for(circles.circle, user=world.mateo, private_key=None)[0].words is None
    felix_reads = messaging.circle_messages_sent(circles.circle,
                                                 circle_key=circle_key_of(circles.circle, facilitator=world.felix))
    assert felix_reads[0].words == f"{CANARY} we meet in room 4 this time."
    assert (felix_reads[0].members, felix_reads[0].without_key) == (2, 1)
    assert messaging.circle_messages_sent(circles.circle, circle_key=None)[0].words is None
    # No clear text in any column, nor in the audit log, nor in a mail.
    stored = CircleMessage.objects.filter(pk=message.pk).values().get()
    rows = [stored, *CircleMessageCopy.objects.filter(message=message).values()]
    for row in rows:
        for value in row.values():
            assert CANARY.encode() not in (bytes(value) if isinstance(value, (bytes, memoryview)) else
                                           str(value).encode())
    entry = AuditEntry.objects.get(action="circle.message_sent")
    assert entry.details == {"members": 2, "without_key": 1} and CANARY not in str(entry.__dict__)
    assert sorted(mail.to[0] for mail in mailoutbox) == sorted([world.mateo.email, keyless.email])
    for mail in mailoutbox:
        assert CANARY not in mail.body and "room 4" not in mail.body
        assert reverse("circles:space", args=[circles.circle.slug]) + "#messages" in mail.body
    assert "sealed to your own key" in next(m for m in mailoutbox if m.to == [world.mateo.email]).body
    assert "not set up your own key" in next(m for m in mailoutbox if m.to == [keyless.email]).body


@pytest.mark.django_db
def test_only_the_circles_facilitators_send_and_only_its_members_read(world, circles):
    with pytest.raises(Refusal) as refused:
        messaging.circle_message_send(circle=circles.circle, author=world.rick, text="Hello")
    assert refused.value.code == "not_a_facilitator"
    for text, code in (("   ", "message_empty"), ("x" * 2001, "message_too_long")):
        with pytest.raises(Refusal) as refused:
            messaging.circle_message_send(circle=circles.circle, author=world.felix, text=text)
        assert refused.value.code == code
    assert not CircleMessage.objects.exists()
    messaging.circle_message_send(circle=circles.circle, author=world.felix, text=CANARY)
    # A member of another circle reads nothing of this one, neither from the service nor from the pages.
    other = make_circle(world, name="Thursday circle", facilitator=world.rick)
    admit(other, world.harry)
    key_for(world.harry)
    assert messaging.circle_messages_for(circles.circle, user=world.harry, private_key=key_for(world.harry)) == []
    harry = unlock_case_key(sign_in(Client(), world.harry), world.harry)
    assert harry.get(reverse("circles:space", args=[circles.circle.slug])).status_code == 404
    assert CANARY.encode() not in harry.get(reverse("circles:space", args=[other.slug])).content
    # Rick facilitates another circle of Riverside: this one's messages page does not exist for him.
    rick = unlock_case_key(sign_in(Client(), world.rick), world.rick)
    url = reverse("circles:messages", args=[world.riverside.slug, circles.circle.slug])
    assert rick.get(url).status_code == 404
    assert rick.post(url, {"text": "Hello"}).status_code == 404
    assert CircleMessage.objects.count() == 1


@pytest.mark.django_db
def test_the_facilitator_writes_from_his_page_and_a_refusal_keeps_what_he_typed(world, circles, mailoutbox):
    felix = unlock_case_key(sign_in(Client(), world.felix), world.felix)
    url = reverse("circles:messages", args=[world.riverside.slug, circles.circle.slug])
    page = felix.get(url)
    assert page.status_code == 200 and b"Send to 1 member" in page.content
    empty = felix.post(url, {"text": "  "})
    assert empty.status_code == 400 and b"Write your message first." in empty.content
    too_long = felix.post(url, {"text": "y" * 2001})
    assert too_long.status_code == 400 and b"under 2,000 characters" in too_long.content
    assert b"y" * 2001 in too_long.content  # kept as typed
    assert not CircleMessage.objects.exists()
    sent = felix.post(url, {"text": f"{CANARY} room 4"})
    assert sent.status_code == 302 and sent["Location"] == url
    assert f"{CANARY} room 4".encode() in felix.get(url).content  # his key unlocked opens the record
    locked = sign_in(Client(), world.felix).get(url)
    assert CANARY.encode() not in locked.content and b"Unlock your key to read it" in locked.content


@pytest.mark.django_db
def test_a_facilitator_sends_a_few_messages_an_hour(world, circles):
    felix = sign_in(Client(), world.felix)
    url = reverse("circles:messages", args=[world.riverside.slug, circles.circle.slug])
    for _ in range(3):  # empty presses are not counted
        assert felix.post(url, {"text": "  "}).status_code == 400
    for number in range(5):
        assert felix.post(url, {"text": f"Message {number}"}).status_code == 302
    refused = felix.post(url, {"text": "One more"})
    assert refused.status_code == 429 and b"several times in the last hour" in refused.content
    assert CircleMessage.objects.count() == 5
    # Another circle of his is counted on its own.
    other = make_circle(world, name="Second circle")
    admit(other, world.harry)
    elsewhere = reverse("circles:messages", args=[world.riverside.slug, other.slug])
    assert felix.post(elsewhere, {"text": "Room 2 tonight."}).status_code == 302


@pytest.mark.django_db
def test_the_member_reads_on_his_circle_page_with_his_key(world, circles):
    messaging.circle_message_send(circle=circles.circle, author=world.felix, text=f"{CANARY} first")
    messaging.circle_message_send(circle=circles.circle, author=world.felix, text=f"{CANARY} second",
                                  now=timezone.now() + timedelta(minutes=1))
    space = reverse("circles:space", args=[circles.circle.slug])
    opened = unlock_case_key(sign_in(Client(), world.mateo), world.mateo).get(space)
    content = opened.content.decode()
    assert content.index(f"{CANARY} second") < content.index(f"{CANARY} first")  # newest first
    assert opened["Cache-Control"] == "no-store, private"
    locked = sign_in(Client(), world.mateo).get(space)
    assert CANARY.encode() not in locked.content and b"Unlock your key to read them" in locked.content
    # Felix, a facilitator and no member, reads them on his own page instead.
    assert CANARY.encode() not in unlock_case_key(sign_in(Client(), world.felix), world.felix).get(space).content


@pytest.mark.django_db
def test_a_member_without_a_key_is_told_to_set_one_up(world, circles):
    CircleMember.objects.create(circle=circles.circle, user=world.harry, status=Status.MEMBER)
    space = reverse("circles:space", args=[circles.circle.slug])
    harry = sign_in(Client(), world.harry)
    assert b"set up yours" in harry.get(space).content
    messaging.circle_message_send(circle=circles.circle, author=world.felix, text=CANARY)
    content = harry.get(space).content
    assert b"Set up your key to read the messages written from now on" in content
    assert b"could not be sealed to you" in content and CANARY.encode() not in content


@pytest.mark.django_db
def test_a_man_who_left_gets_no_later_message(world, circles):
    joining.membership_leave(member=circles.member)
    with pytest.raises(Refusal) as refused:
        messaging.circle_message_send(circle=circles.circle, author=world.felix, text="Anyone?")
    assert refused.value.code == "no_members"


@pytest.mark.django_db
def test_his_messages_are_in_his_export_and_go_with_his_account(world, extra):
    circles = extra["circles"]
    messaging.circle_message_send(circle=circles.circle, author=world.felix, text=f"{CANARY} export")
    locked = _section(_json(_client(world, "mateo")), "circles")
    assert locked["left_out"] and CANARY not in str(locked)
    records = locked["parts"]["messages"]["records"]
    assert [(r["circle"], r["words"]) for r in records] == [("Tuesday men's group", None)]
    opened = _section(_json(_client(world, "mateo", key=True)), "circles")
    assert opened["left_out"] == []
    assert opened["parts"]["messages"]["records"][0]["words"] == f"{CANARY} export"
    user_delete(world.mateo, password=PASSWORD)
    assert not CircleMessageCopy.objects.exists()
    assert CircleMessage.objects.count() == 1  # the facilitators' record stays with the circle


@pytest.mark.django_db
def test_a_man_who_left_has_no_reminders_to_turn_on(world, circles):
    joining.membership_leave(member=circles.member)
    member = CircleMember.objects.select_related("circle").get(pk=circles.member.pk)
    with pytest.raises(Refusal) as refused:
        reminders.session_reminders_set(member=member, on=True)
    assert refused.value.code == "no_longer_member"


@pytest.mark.django_db
def test_a_new_key_pair_of_his_is_warned_of_and_clears_what_was_sealed_to_the_old_one(world, circles):
    from holdspace.circles import safety
    from holdspace.circles.models import Referral, SafetyNotice
    from holdspace.keys.registry import key_uses
    from holdspace.keys.services import personal_key_create
    from tests.circles_helpers import safety_concern

    messaging.circle_message_send(circle=circles.circle, author=world.felix, text="Room 4 tonight.")
    safety_concern(world, circles, told=True)  # a steward told Mateo, sealed to his key
    Referral.objects.create(user=world.mateo, circle=circles.circle, sealed=b"sealed", created_at=timezone.now())
    use = next(use for use in key_uses() if use.name == "circle_words")
    assert use.at_stake(world.mateo) == [circles.circle.name]
    assert use.at_stake(world.harry) == []
    personal_key_create(world.mateo, password=PASSWORD)
    copy = CircleMessageCopy.objects.get(user=world.mateo)
    assert copy.sealed is None  # kept as one that could not be sealed to him
    assert not Referral.objects.filter(user=world.mateo).exists()
    assert not SafetyNotice.objects.filter(user=world.mateo).exists()
    assert use.at_stake(world.mateo) == []
    entry = AuditEntry.objects.filter(action="personal_key.created", actor_id=world.mateo.pk).latest("seq")
    assert (entry.details["circle_messages_unsealed"], entry.details["referrals_dropped"],
            entry.details["safety_notices_dropped"]) == (1, 1, 1)
    assert safety.safety_notices_for(world.mateo, private_key=key_for(world.mateo)) == []


@pytest.mark.django_db
def test_messages_the_service_refuses_are_not_counted_against_the_facilitator(world):
    circle = make_circle(world, name="Nobody yet")
    felix = sign_in(Client(), world.felix)
    url = reverse("circles:messages", args=[world.riverside.slug, circle.slug])
    for number in range(6):
        refused = felix.post(url, {"text": f"Welcome {number}"})
        assert refused.status_code == 400 and b"nobody to write to" in refused.content
    admit(circle, world.mateo)
    assert felix.post(url, {"text": "Welcome, Mateo"}).status_code == 302
    assert CircleMessage.objects.count() == 1
