"""The steering committee and the meetings with women's rights partner organisations (issue 19): administrators
keep them; the standards (two women's rights organisations on the committee, two meetings a year) are checked;
minutes are sealed to the administrators; action points agreed flow into the organisation's list; the public
page shows the committee's make-up and the meetings held, never the minutes nor a private person's name."""
from datetime import date, timedelta

import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from holdspace.accountability import minutes, steering
from holdspace.accountability.models import MinutesKeyCopy, PartnerMeeting, SteeringSeat
from holdspace.accountability.refusals import REFUSALS
from holdspace.assessments.models import ActionPoint
from holdspace.audit.models import AuditEntry
from holdspace.crypto.boxes import open_sealed
from holdspace.keys.services import personal_key_create, personal_key_unlock, personal_key_unlocked
from holdspace.organisations.services import roles_set
from tests.conftest import PASSWORD, unlock_case_key

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 15)
# Saving minutes he can read (18 when the minutes key was opened twice).
SAVE_MINUTES_QUERIES = 17  # the clock fixture's day (tests/conftest.py TEST_START)


def _seat(world, organisation=None, *, holder, kind="womens_rights", is_person=False, name_public=False,
          since=TODAY - timedelta(days=30), until=None):
    return steering.seat_add(organisation=organisation or world.riverside, actor=world.ada, holder=holder,
                             kind=kind, is_person=is_person, name_public=name_public, since=since, until=until)


def _meeting(world, organisation=None, *, on, status="held", partners="Women's Voice"):
    return steering.meeting_record(organisation=organisation or world.riverside, actor=world.ada, on=on,
                                   status=status, partners=partners, now=timezone.now())


def _public(organisation) -> str:
    return Client().get(reverse("accountability:page", args=[organisation.slug])).content.decode()


def test_the_committee_page_says_whether_two_womens_rights_organisations_sit_on_it(world, client_for, clock):
    admin = client_for("ada")
    url = reverse("accountability:steering", args=[world.riverside.slug])
    assert "Not met yet." in admin.get(url).content.decode()
    added = admin.post(url, {"holder": "Women's Voice", "kind": "womens_rights", "since": "2026-01-01"})
    assert added.status_code == 302
    page = admin.get(url).content.decode()
    assert "1 women's rights organisation sits on the committee today; the standard asks for at least 2." in page
    admin.post(url, {"holder": "Mujeres Unidas", "kind": "womens_rights", "since": "2026-06-15",
                     "until": "2026-12-31"})
    admin.post(url, {"holder": "Ana Pérez", "kind": "independent", "is_person": "on", "since": "2026-01-01"})
    page = admin.get(url).content.decode()
    assert "Met." in page and "2 women's rights organisations sit on the committee today." in page
    # A term that ended no longer counts.
    seat = SteeringSeat.objects.get(holder="Mujeres Unidas")
    ended = admin.post(reverse("accountability:seat_end", args=[world.riverside.slug, seat.pk]),
                       {"until": "2026-06-15"})
    assert ended.status_code == 302
    clock.shift(timedelta(days=1))
    assert "Not met yet." in client_for("ada").get(url).content.decode()
    # The log keeps the kind and the dates, never a person's name.
    entries = AuditEntry.objects.filter(action__startswith="accountability.seat_")
    assert entries.count() == 4
    assert all("Ana" not in str(entry.details) for entry in entries)


def test_a_seat_refused_keeps_what_was_typed_and_says_why(world, client_for):
    admin = client_for("ada")
    url = reverse("accountability:steering", args=[world.riverside.slug])
    refused = admin.post(url, {"holder": "Women's Voice", "kind": "womens_rights", "since": "2026-06-01",
                               "until": "2026-01-01"})
    assert refused.status_code == 400
    content = refused.content.decode()
    assert str(REFUSALS["until_before_since"]) in content and 'value="Women&#x27;s Voice"' in content
    assert not SteeringSeat.objects.exists()
    seat = _seat(world, holder="Women's Voice", since=TODAY)
    refused_end = admin.post(reverse("accountability:seat_end", args=[world.riverside.slug, seat.pk]),
                             {"until": "2026-01-01"}, follow=True)
    assert str(REFUSALS["until_before_since"]) in refused_end.content.decode()
    seat.refresh_from_db()
    assert seat.until is None
    # Another organisation's administrator cannot end Riverside's seat.
    harbour_admin = client_for("nadia")
    assert harbour_admin.post(reverse("accountability:seat_end", args=[world.riverside.slug, seat.pk]),
                              {"until": "2026-07-01"}).status_code == 404


def test_meetings_held_in_the_last_twelve_months_are_counted(world, client_for, clock):
    admin = client_for("ada")
    url = reverse("accountability:meetings", args=[world.riverside.slug])
    refused = admin.post(url, {"on": "2026-07-01", "status": "held", "partners": "Women's Voice"})
    assert refused.status_code == 400 and str(REFUSALS["held_in_future"]) in refused.content.decode()
    assert admin.post(url, {"on": "2026-07-01", "status": "planned", "partners": "Women's Voice"}).status_code == 302
    _meeting(world, on=TODAY - timedelta(days=400))  # too long ago
    _meeting(world, on=TODAY - timedelta(days=300))
    _meeting(world, on=TODAY - timedelta(days=10), status="cancelled")
    page = admin.get(url).content.decode()
    assert "1 meeting was held in the last twelve months; the standard asks for at least 2." in page
    _meeting(world, on=TODAY)
    assert "Met." in admin.get(url).content.decode()
    assert steering.meetings_held_recently(world.riverside, now=timezone.now()).count == 2
    # Seventy days on, the meeting of three hundred days ago falls out of the year.
    clock.shift(timedelta(days=70))
    assert steering.meetings_held_recently(world.riverside, now=timezone.now()).count == 1
    assert "Not met yet." in client_for("ada").get(url).content.decode()
    audit = AuditEntry.objects.filter(action="accountability.meeting_recorded")
    assert audit.count() == 5


def test_minutes_are_sealed_to_the_administrators_and_never_in_the_clear(world, client_for):
    personal_key_create(world.otto, password=PASSWORD)
    meeting = _meeting(world, on=TODAY - timedelta(days=3))
    words = "Lena said a facilitator keeps interrupting women in the joint workshops."
    otto = unlock_case_key(client_for("otto"), world.otto)
    meeting_url = reverse("accountability:meeting", args=[world.riverside.slug, meeting.pk])
    minutes_url = reverse("accountability:meeting_minutes", args=[world.riverside.slug, meeting.pk])
    assert otto.post(minutes_url, {"minutes": words}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes_sealed and words.encode() not in bytes(meeting.minutes_sealed)
    assert words in otto.get(meeting_url).content.decode()
    entry = AuditEntry.objects.get(action="accountability.minutes_written")
    assert "Lena" not in str(entry.details)
    # Ada has no key of her own yet: she is told, and cannot replace minutes she cannot read.
    ada = client_for("ada")
    page = ada.get(meeting_url).content.decode()
    assert words not in page and "Unlock your key" in page
    refused = ada.post(minutes_url, {"minutes": "Something else"})
    assert refused.status_code == 400 and str(REFUSALS["minutes_locked"]) in refused.content.decode()
    # She sets up her key; the next time Otto saves minutes with his key unlocked, the key is shared with her.
    personal_key_create(world.ada, password=PASSWORD)
    ada = unlock_case_key(client_for("ada"), world.ada)
    assert "another administrator holds" in ada.get(meeting_url).content.decode()
    otto.post(minutes_url, {"minutes": words + " We agreed on a co-facilitation rule."})
    assert "co-facilitation rule" in ada.get(meeting_url).content.decode()
    # Never on the public page, never in a GET's writes; and she loses her copy when she is no longer an admin.
    assert "Lena" not in _public(world.network) and "Lena" not in Client().get(meeting_url).content.decode()
    # A new key pair of hers drops her copy; Otto unlocking his key (a POST) shares it with her again.
    minutes.minutes_copies_forget(world.ada)  # what the keys app calls when she makes a new key pair
    assert not MinutesKeyCopy.objects.filter(user=world.ada).exists()
    personal_key_unlocked(world.otto, private_key=personal_key_unlock(world.otto, password=PASSWORD))
    assert MinutesKeyCopy.objects.filter(user=world.ada).exists()
    assert AuditEntry.objects.filter(action="accountability.minutes_key_shared").count() == 2
    roles_set(organisation=world.riverside, user=world.ada, roles={"member"}, actor=world.otto)
    assert not MinutesKeyCopy.objects.filter(user=world.ada).exists()
    key = minutes.minutes_key_open(world.riverside, user=world.otto,
                                   personal_key=personal_key_unlock(world.otto, password=PASSWORD)).key
    assert "co-facilitation rule" in minutes.minutes_read(PartnerMeeting.objects.get(pk=meeting.pk), key=key)


def test_saving_minutes_again_opens_the_minutes_key_once(world, client_for, monkeypatch):
    personal_key_create(world.otto, password=PASSWORD)
    meeting = _meeting(world, on=TODAY - timedelta(days=3))
    otto = unlock_case_key(client_for("otto"), world.otto)
    url = reverse("accountability:meeting_minutes", args=[world.riverside.slug, meeting.pk])
    assert otto.post(url, {"minutes": "First words."}).status_code == 302
    opened = []
    monkeypatch.setattr(minutes, "open_sealed", lambda *a, **k: opened.append(1) or open_sealed(*a, **k))
    with CaptureQueriesContext(connection) as captured:
        assert otto.post(url, {"minutes": "Second words."}).status_code == 302
    # His copy of the minutes key is read and unsealed once, both to check he may replace the minutes and to
    # share the key while sealing them.
    copies = [q for q in captured.captured_queries if "accountability_minuteskeycopy" in q["sql"]
              and '"sealed"' in q["sql"].split("FROM")[0]]
    assert (len(copies), len(opened)) == (1, 2)  # his copy of the key once; the earlier minutes once
    assert len(captured.captured_queries) == SAVE_MINUTES_QUERIES


def test_when_nobody_holds_the_minutes_key_the_next_minutes_start_a_new_one_and_are_not_lost(world):
    personal_key_create(world.otto, password=PASSWORD)
    first, second = _meeting(world, on=TODAY - timedelta(days=10)), _meeting(world, on=TODAY - timedelta(days=3))
    old_key = personal_key_unlock(world.otto, password=PASSWORD)
    first.minutes_sealed = minutes.minutes_seal(world.riverside, text="Before", actor=world.otto, personal_key=old_key)
    first.save(update_fields=["minutes_sealed"])
    minutes.minutes_copies_forget(world.otto)  # his only copy went with a key pair he replaced
    personal_key_create(world.otto, password=PASSWORD)
    new_key = personal_key_unlock(world.otto, password=PASSWORD)
    assert not minutes.minutes_key_open(world.riverside, user=world.otto, personal_key=new_key).waiting
    second.minutes_sealed = minutes.minutes_seal(world.riverside, text="After", actor=world.otto,
                                                 personal_key=new_key)
    second.save(update_fields=["minutes_sealed"])
    key = minutes.minutes_key_open(world.riverside, user=world.otto, personal_key=new_key).key
    assert minutes.minutes_read(second, key=key) == "After"
    assert minutes.minutes_read(first, key=key) is None  # nobody could open those any more, and still cannot


def test_action_points_agreed_at_a_meeting_join_the_organisations_list(world, client_for):
    admin = client_for("ada")
    held = _meeting(world, on=TODAY - timedelta(days=2))
    planned = _meeting(world, on=TODAY + timedelta(days=20), status="planned")
    point_url = reverse("accountability:meeting_point", args=[world.riverside.slug, held.pk])
    data = {"title": "Agree a co-facilitation rule with partners", "detail": "", "owner": world.felix.pk,
            "due_on": "2026-09-01"}
    assert admin.post(point_url, data).status_code == 302
    point = ActionPoint.objects.get()
    assert point.organisation == world.riverside and point.owner == world.felix
    assert AuditEntry.objects.filter(action="assessments.action_point_created").count() == 1
    assert data["title"] in admin.get(reverse("assessments:action_points", args=[world.riverside.slug])).content.decode()
    assert data["title"] in admin.get(reverse("accountability:meeting", args=[world.riverside.slug,
                                                                              held.pk])).content.decode()
    # Assessments' own refusals, in its words; and a meeting not held yet agreed nothing.
    late = admin.post(point_url, {**data, "due_on": "2026-01-01"})
    assert late.status_code == 400 and "The due date has already passed." in late.content.decode()
    refused = admin.post(reverse("accountability:meeting_point", args=[world.riverside.slug, planned.pk]), data)
    assert refused.status_code == 400 and str(REFUSALS["meeting_not_held"]) in refused.content.decode()
    assert ActionPoint.objects.count() == 1


def test_the_public_page_shows_the_committee_and_meetings_at_once_and_no_private_name(world):
    network = world.network  # a network publishes its page by default
    before = _public(network)
    assert "No steering committee has been recorded yet." in before
    _seat(world, network, holder="Women's Voice")
    _seat(world, network, holder="Mujeres Unidas")
    _seat(world, network, holder="Riverside", kind="member")
    _seat(world, network, holder="Ana Pérez", kind="independent", is_person=True)
    _seat(world, network, holder="Beth Kim", kind="independent", is_person=True, name_public=True)
    _seat(world, network, holder="Old Partner", since=TODAY - timedelta(days=900), until=TODAY - timedelta(days=1))
    _meeting(world, network, on=TODAY - timedelta(days=40), partners="Secret Partner Collective")
    _meeting(world, network, on=TODAY + timedelta(days=40), status="planned")
    # No cache cleared: the page kept for visitors is drawn again as soon as a seat or a meeting changes.
    page = _public(network)
    assert "Women&#x27;s Voice, Mujeres Unidas" in page and "Riverside" in page and "Beth Kim" in page
    assert "Ana Pérez" not in page and "Old Partner" not in page
    assert "Independent person</dt>\n        <dd>2: Beth Kim" in page
    assert page.count("This standard is met.") == 1 and "This standard is not met yet." in page
    assert "1 meeting was held in the last twelve months" in page
    assert "Secret Partner Collective" not in page
    _meeting(world, network, on=TODAY - timedelta(days=100))
    assert page.count("This standard is met.") == 1
    assert _public(network).count("This standard is met.") == 2


def test_lists_and_the_public_page_cost_the_same_queries_however_many_rows(world, client_for):
    admin = client_for("nadia")
    network = world.network
    urls = [reverse("accountability:steering", args=[network.slug]),
            reverse("accountability:meetings", args=[network.slug])]

    def queries() -> list[int]:
        counts = []
        for url in urls:
            admin.get(url)  # the session's own upkeep out of the count
            with CaptureQueriesContext(connection) as captured:
                assert admin.get(url).status_code == 200
            counts.append(len(captured.captured_queries))
        cache.clear()
        caches["public"].clear()
        with CaptureQueriesContext(connection) as captured:
            assert Client().get(reverse("accountability:page", args=[network.slug])).status_code == 200
        counts.append(len(captured.captured_queries))
        return counts

    def add(n: int) -> None:
        for i in range(n):
            _seat(world, network, holder=f"Partner {i}", kind=["womens_rights", "member", "independent"][i % 3],
                  is_person=i % 3 == 2)
            _meeting(world, network, on=TODAY - timedelta(days=i * 10))

    add(2)
    few = queries()
    add(20)
    assert queries() == few
