"""The waiting list moves by itself: a freed place is offered to the man who has waited longest, held for him for a
week, and goes on to the next man when he declines or lets it run out; a circle never takes more men than it has
places, and a place is never offered twice."""
from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from holdspace.accounts.models import User
from holdspace.audit.models import AuditEntry
from holdspace.circles import joining
from holdspace.circles.models import CircleMember
from holdspace.circles.services import CircleDetails, circle_update
from holdspace.site.upkeep import daily_upkeep_run
from holdspace.web import dates
from holdspace.web.refusals import Refusal
from tests.circles_helpers import admit, ask, make_circle
from tests.conftest import PASSWORD, TEST_START

Status = CircleMember.Status


def _man(name: str) -> User:
    return User.objects.create_user(email=f"{name.lower()}@example.org", password=PASSWORD, display_name=name,
                                    email_verified_at=TEST_START)


def _waits(circle, user, *, days_ago: int) -> CircleMember:
    """He asked to join the full circle `days_ago` days ago and went on its waiting list."""
    member = ask(circle, user, waiting_list_ok=True)
    assert member.status == Status.WAITING
    CircleMember.objects.filter(pk=member.pk).update(joined_at=timezone.now() - timedelta(days=days_ago))
    return member


def _status(member) -> str:
    member.refresh_from_db()
    return member.status


@pytest.fixture
def full(world):
    """A circle of two places, both taken (Mateo, Harry), with three men waiting: Bruno longest, then Carl, Dev."""
    circle = make_circle(world, name="Two places", capacity=2)
    members = [admit(circle, world.mateo), admit(circle, world.harry)]
    waiting = [_waits(circle, _man("Carl"), days_ago=5), _waits(circle, _man("Bruno"), days_ago=20),
               _waits(circle, _man("Dev"), days_ago=2)]
    return circle, members, {m.user.display_name: m for m in waiting}


def _details(circle, **changed) -> CircleDetails:
    fields = {name: getattr(circle, name) for name in CircleDetails.__dataclass_fields__}
    return CircleDetails(**{**fields, **changed})


@pytest.mark.django_db
def test_a_member_leaving_offers_his_place_to_the_man_who_has_waited_longest(world, clock, full, mailoutbox,
                                                                            django_capture_on_commit_callbacks):
    circle, (mateo, _harry), waiting = full
    assert joining.places_left(circle) == 0
    with django_capture_on_commit_callbacks(execute=True):
        joining.membership_leave(member=mateo)
    bruno = waiting["Bruno"]
    assert _status(bruno) == Status.OFFERED
    assert bruno.offered_until == TEST_START + timedelta(days=joining.OFFER_DAYS)
    assert (_status(waiting["Carl"]), _status(waiting["Dev"])) == (Status.WAITING, Status.WAITING)
    assert joining.places_left(circle) == 0  # the offer holds the place
    assert [mail.to for mail in mailoutbox] == [[bruno.user.email]]
    body = mailoutbox[0].body
    assert "Two places" in body and reverse("circles:mine") in body and "Bruno" not in body
    assert AuditEntry.objects.filter(action="circle.place_offered", details__member=bruno.user_id).exists()


@pytest.mark.django_db
def test_raising_the_capacity_offers_the_new_places_in_waiting_order(world, full):
    circle, _members, waiting = full
    circle_update(circle=circle, details=_details(circle, capacity=4), actor=world.felix)
    assert [_status(waiting[name]) for name in ("Bruno", "Carl", "Dev")] == [Status.OFFERED, Status.OFFERED,
                                                                          Status.WAITING]
    assert joining.places_left(circle) == 0


@pytest.mark.django_db
def test_nothing_is_offered_while_the_circle_is_closed_and_opening_it_offers_its_free_places(world, full):
    circle, (mateo, _harry), waiting = full
    circle_update(circle=circle, details=_details(circle, open_to_new=False), actor=world.felix)
    joining.membership_leave(member=mateo)
    assert _status(waiting["Bruno"]) == Status.WAITING and joining.places_left(circle) == 1
    circle_update(circle=circle, details=_details(circle, open_to_new=True), actor=world.felix)
    assert _status(waiting["Bruno"]) == Status.OFFERED


@pytest.mark.django_db
def test_a_second_offer_is_not_made_while_one_is_pending_for_the_same_place(world, full):
    circle, (mateo, _harry), waiting = full
    joining.membership_leave(member=mateo)
    assert joining.places_offer(circle=circle) == []
    circle_update(circle=circle, details=_details(circle, name="Two places, Tuesdays"), actor=world.felix)
    assert CircleMember.objects.filter(circle=circle, status=Status.OFFERED).count() == 1
    assert (_status(waiting["Carl"]), _status(waiting["Dev"])) == (Status.WAITING, Status.WAITING)


@pytest.mark.django_db
def test_a_full_circle_never_takes_more_men_than_it_has_places(world, full):
    circle, (mateo, _harry), waiting = full
    joining.membership_leave(member=mateo)  # the place is offered to Bruno
    late = ask(circle, world.rosa, waiting_list_ok=True)  # full: the offered place is taken
    assert late.status == Status.WAITING
    with pytest.raises(Refusal) as refused:
        ask(circle, world.moses)
    assert refused.value.code == "full"
    # A facilitator cannot give the offered place to someone else either.
    with pytest.raises(Refusal) as refused:
        joining.join_decide(member=waiting["Carl"], decision=joining.Decision.ACCEPT, message="", actor=world.felix)
    assert refused.value.code == "no_place"
    joining.offer_accept(member=waiting["Bruno"])
    taken = CircleMember.objects.filter(circle=circle, status__in=[Status.MEMBER, Status.OFFERED]).count()
    held = CircleMember.objects.filter(circle=circle, status=Status.ASKED, offered_until__isnull=False).count()
    assert taken + held == circle.capacity == 2


@pytest.mark.django_db
def test_accepting_makes_him_a_member_when_a_facilitator_had_put_him_on_the_list(world, full):
    circle, (mateo, _harry), waiting = full
    carl = waiting["Carl"]
    joining.join_decide(member=carl, decision=joining.Decision.WAITLIST, message="When a place opens.",
                        actor=world.felix)  # read and put on the list by a facilitator
    CircleMember.objects.filter(pk=carl.pk).update(joined_at=timezone.now() - timedelta(days=30))  # first in line
    joining.membership_leave(member=mateo)
    assert _status(carl) == Status.OFFERED
    accepted = joining.offer_accept(member=carl)
    assert accepted.status == Status.MEMBER and accepted.offered_until is None
    assert joining.places_left(circle) == 0
    assert AuditEntry.objects.filter(action="circle.offer_accepted", actor_id=carl.user_id,
                                     details__welcomed=True).exists()


@pytest.mark.django_db
def test_accepting_sends_his_request_to_the_facilitators_with_the_place_held(world, full, mailoutbox,
                                                                             django_capture_on_commit_callbacks):
    circle, (mateo, _harry), waiting = full
    bruno = waiting["Bruno"]  # joined the waiting list on his own: nobody has read his request yet
    joining.membership_leave(member=mateo)
    with django_capture_on_commit_callbacks(execute=True):
        accepted = joining.offer_accept(member=bruno)
    assert accepted.status == Status.ASKED and accepted.holds_place
    assert [mail.to for mail in mailoutbox] == [[world.felix.email]]  # the facilitators are told, as for a request
    assert joining.places_left(circle) == 0  # still held for him
    with pytest.raises(Refusal) as refused:  # the place is his or the next man's, not back to the list
        joining.join_decide(member=bruno, decision=joining.Decision.WAITLIST, message="", actor=world.felix)
    assert refused.value.code == "place_held"
    welcomed = joining.join_decide(member=bruno, decision=joining.Decision.ACCEPT, message="Welcome.",
                                   actor=world.felix)  # the circle is "full": the held place is his
    assert welcomed.status == Status.MEMBER and welcomed.offered_until is None
    assert _status(waiting["Carl"]) == Status.WAITING


@pytest.mark.django_db
def test_a_held_request_declined_by_the_facilitators_offers_the_place_to_the_next_man(world, full):
    circle, (mateo, _harry), waiting = full
    joining.membership_leave(member=mateo)
    joining.offer_accept(member=waiting["Bruno"])
    joining.join_decide(member=waiting["Bruno"], decision=joining.Decision.DECLINE, message="Not now.",
                        actor=world.felix)
    assert _status(waiting["Carl"]) == Status.OFFERED


@pytest.mark.django_db
def test_declining_moves_the_offer_to_the_next_man_waiting(world, full):
    circle, (mateo, _harry), waiting = full
    joining.membership_leave(member=mateo)
    declined = joining.offer_decline(member=waiting["Bruno"])
    assert declined.status == Status.LEFT and declined.intake_sealed is None and declined.offered_until is None
    assert _status(waiting["Carl"]) == Status.OFFERED and _status(waiting["Dev"]) == Status.WAITING
    with pytest.raises(Refusal) as refused:  # a second click on an old page
        joining.offer_decline(member=waiting["Bruno"])
    assert refused.value.code == "offer_gone"


@pytest.mark.django_db
def test_an_offer_that_runs_out_goes_to_the_next_man_and_he_to_the_end_of_the_list(world, full):
    circle, (mateo, _harry), waiting = full
    joining.membership_leave(member=mateo)
    bruno, carl = waiting["Bruno"], waiting["Carl"]
    assert joining.waiting_offers_expire(now=TEST_START + timedelta(days=6)) == 0
    assert _status(bruno) == Status.OFFERED
    later = TEST_START + timedelta(days=8)
    assert joining.waiting_offers_expire(now=later) == 1
    assert _status(bruno) == Status.WAITING and bruno.joined_at == later and bruno.offered_until is None
    carl.refresh_from_db()
    assert carl.status == Status.OFFERED and carl.offered_until == later + timedelta(days=joining.OFFER_DAYS)
    assert joining.places_left(circle) == 0
    assert AuditEntry.objects.filter(action="circle.offer_lapsed", details__member=bruno.user_id).exists()
    # Carl's offer runs out too: Dev is next, and Bruno comes again after him.
    joining.waiting_offers_expire(now=later + timedelta(days=8))
    assert [_status(waiting[name]) for name in ("Dev", "Carl", "Bruno")] == [Status.OFFERED, Status.WAITING,
                                                                          Status.WAITING]


@pytest.mark.django_db
def test_the_daily_job_lets_offers_run_out(world, full):
    circle, (mateo, _harry), waiting = full
    joining.membership_leave(member=mateo)
    done = daily_upkeep_run(now=TEST_START + timedelta(days=8))
    assert done["circle_offers_lapsed"] == 1
    assert _status(waiting["Carl"]) == Status.OFFERED


@pytest.mark.django_db
def test_he_answers_the_offer_on_his_circles_page(world, full, client_for):
    circle, (mateo, _harry), waiting = full
    joining.membership_leave(member=mateo)  # Bruno is offered the place
    bruno = waiting["Bruno"]
    from tests.conftest import sign_in
    from django.test import Client

    client = sign_in(Client(), bruno.user)
    page = client.get(reverse("circles:mine")).content.decode()
    assert "A place has opened for you" in page and reverse("circles:offer_accept", args=[circle.slug]) in page
    # Only the man offered the place answers it.
    assert client_for("rosa").post(reverse("circles:offer_accept", args=[circle.slug])).status_code == 404
    manage = client_for("felix").get(reverse("circles:manage", args=["riverside", circle.slug])).content.decode()
    assert "Places offered from the waiting list" in manage and "Bruno" in manage
    response = client.post(reverse("circles:offer_accept", args=[circle.slug]))
    assert response.status_code == 302 and _status(bruno) == Status.ASKED
    page = client.get(reverse("circles:mine")).content.decode()
    assert "A place is held for you while the facilitators read your request" in page
    # Answered already: nothing to answer any more.
    assert client.post(reverse("circles:offer_decline", args=[circle.slug])).status_code == 404


@pytest.mark.django_db
def test_he_turns_the_offer_down_from_his_page(world, full):
    circle, (mateo, _harry), waiting = full
    joining.membership_leave(member=mateo)
    from tests.conftest import sign_in
    from django.test import Client

    client = sign_in(Client(), waiting["Bruno"].user)
    response = client.post(reverse("circles:offer_decline", args=[circle.slug]), follow=True)
    assert "You have turned down the place" in response.content.decode()
    assert _status(waiting["Bruno"]) == Status.LEFT and _status(waiting["Carl"]) == Status.OFFERED


@pytest.mark.django_db
def test_the_finder_and_the_public_entry_count_offered_places_as_taken(world, full, client):
    circle, (mateo, _harry), _waiting = full
    joining.membership_leave(member=mateo)
    from holdspace.circles.selectors import circle_public

    assert circle_public(circle.slug).places_left == 0


def _one_offer_pending(world):
    """Capacity 2: Harry a member, and the second place offered to Bruno (read and put on the list by Felix), with
    Carl waiting behind him."""
    circle = make_circle(world, name="Two places", capacity=1)
    harry = admit(circle, world.harry)
    bruno = _waits(circle, _man("Bruno"), days_ago=20)
    bruno = joining.join_decide(member=bruno, decision=joining.Decision.WAITLIST, message="", actor=world.felix)
    carl = _waits(circle, _man("Carl"), days_ago=5)
    circle.refresh_from_db()
    circle_update(circle=circle, details=_details(circle, capacity=2), actor=world.felix)
    assert _status(bruno) == Status.OFFERED and _status(carl) == Status.WAITING
    circle.refresh_from_db()
    return circle, harry, bruno, carl


@pytest.mark.django_db
def test_lowering_the_capacity_takes_back_the_offer_beyond_it_and_he_keeps_his_place_in_the_list(
        world, mailoutbox, django_capture_on_commit_callbacks):
    circle, _harry, bruno, carl = _one_offer_pending(world)
    joined = bruno.joined_at
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        circle_update(circle=circle, details=_details(circle, capacity=1), actor=world.felix)
        assert mailoutbox == []  # not before the change is saved
    # He is told that the place is gone and that he keeps his place in the list; nobody else is mailed.
    assert [mail.to for mail in mailoutbox] == [[bruno.user.email]]
    assert mailoutbox[0].subject == f"{circle.name}: the place held for you has been taken back"
    body = mailoutbox[0].body
    assert "have reduced its number of places" in body and "closed it to new members" not in body
    assert "still on the waiting list, at the same rank. When a place is free again" in body
    assert reverse("circles:mine") in body
    bruno.refresh_from_db()
    assert bruno.status == Status.WAITING and bruno.offered_until is None and bruno.joined_at == joined
    assert AuditEntry.objects.filter(action="circle.place_taken_back", actor_id=world.felix.pk,
                                     details__member=bruno.user_id).exists()
    with pytest.raises(Refusal) as refused:  # his old page: the offer is gone, and nobody is welcomed past 1
        joining.offer_accept(member=bruno)
    assert refused.value.code == "offer_gone"
    assert CircleMember.objects.filter(circle=circle, status=Status.MEMBER).count() == 1
    # Raising it again offers the place to him first: he kept his place in the list.
    circle.refresh_from_db()
    circle_update(circle=circle, details=_details(circle, capacity=2), actor=world.felix)
    assert _status(bruno) == Status.OFFERED and _status(carl) == Status.WAITING


@pytest.mark.django_db
def test_lowering_the_capacity_takes_back_the_newest_offer_first_then_held_places(world, mailoutbox,
                                                                                django_capture_on_commit_callbacks):
    circle, _harry, bruno, carl = _one_offer_pending(world)
    joining.offer_accept(member=bruno)  # a member at once: read by Felix before
    circle.refresh_from_db()
    circle_update(circle=circle, details=_details(circle, capacity=3), actor=world.felix)
    assert _status(carl) == Status.OFFERED
    joining.offer_accept(member=carl)  # joined the list himself: his request holds the place
    dev = _waits(circle, _man("Dev"), days_ago=1)
    circle.refresh_from_db()
    circle_update(circle=circle, details=_details(circle, capacity=4), actor=world.felix)
    assert _status(dev) == Status.OFFERED
    circle.refresh_from_db()
    circle_update(circle=circle, details=_details(circle, capacity=3), actor=world.felix)  # Carl held, Dev offered
    carl.refresh_from_db()
    assert _status(dev) == Status.WAITING and carl.holds_place
    circle.refresh_from_db()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        circle_update(circle=circle, details=_details(circle, capacity=2), actor=world.felix)
    carl.refresh_from_db()
    assert carl.status == Status.ASKED and carl.offered_until is None  # his request stays, without the place
    assert [mail.to for mail in mailoutbox] == [[carl.user.email]]
    assert "Your request to join stays with the facilitators" in mailoutbox[0].body
    assert "waiting list" not in mailoutbox[0].body
    assert joining.places_left(circle) == 0
    assert AuditEntry.objects.filter(action="circle.place_taken_back", details__member=carl.user_id).exists()


@pytest.mark.django_db
def test_closing_the_circle_takes_back_the_offers_not_yet_answered(world, mailoutbox,
                                                                  django_capture_on_commit_callbacks):
    circle, _harry, bruno, _carl = _one_offer_pending(world)
    User.objects.filter(pk=bruno.user_id).update(language="es")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        circle_update(circle=circle, details=_details(circle, open_to_new=False), actor=world.felix)
    assert _status(bruno) == Status.WAITING
    # In his own language, saying the circle closed (the place itself is still free) and what happens if it opens.
    assert [mail.to for mail in mailoutbox] == [[bruno.user.email]]
    assert mailoutbox[0].subject == f"{circle.name}: la plaza que te reservábamos ya no está reservada"
    assert "lo han cerrado a nuevos miembros por ahora" in mailoutbox[0].body
    assert "Si el círculo vuelve a abrirse y hay una plaza libre" in mailoutbox[0].body
    circle.refresh_from_db()
    circle_update(circle=circle, details=_details(circle, open_to_new=True), actor=world.felix)
    assert _status(bruno) == Status.OFFERED


@pytest.mark.django_db
def test_nobody_becomes_a_member_beyond_the_circles_places(world, full):
    circle, (mateo, _harry), waiting = full
    joining.membership_leave(member=mateo)
    bruno = waiting["Bruno"]
    CircleMember.objects.filter(pk=bruno.pk).update(decided_by=world.felix)  # read and put on the list by Felix
    type(circle).objects.filter(pk=circle.pk).update(capacity=1)  # as if lowered before the take-back existed
    with pytest.raises(Refusal) as refused:
        joining.offer_accept(member=bruno)
    assert refused.value.code == "no_place_now"
    CircleMember.objects.filter(pk=bruno.pk).update(decided_by=None)
    joining.offer_accept(member=bruno)  # his request, holding the place
    with pytest.raises(Refusal) as refused:
        joining.join_decide(member=bruno, decision=joining.Decision.ACCEPT, message="", actor=world.felix)
    assert refused.value.code == "members_full"
    assert CircleMember.objects.filter(circle=circle, status=Status.MEMBER).count() == 1


@pytest.mark.django_db
def test_the_waiting_list_is_refused_while_a_place_is_free(world, mailoutbox, django_capture_on_commit_callbacks):
    circle = make_circle(world, name="Three places", capacity=3)
    admit(circle, world.harry)
    carl = ask(circle, _man("Carl"))
    mailoutbox.clear()
    with pytest.raises(Refusal) as refused, django_capture_on_commit_callbacks(execute=True):
        joining.join_decide(member=carl, decision=joining.Decision.WAITLIST, message="", actor=world.felix)
    assert refused.value.code == "place_free"
    assert _status(carl) == Status.ASKED and mailoutbox == []
    # Closed to new members, the list is his place until it opens again.
    circle_update(circle=circle, details=_details(circle, open_to_new=False), actor=world.felix)
    joining.join_decide(member=carl, decision=joining.Decision.WAITLIST, message="", actor=world.felix)
    assert _status(carl) == Status.WAITING


@pytest.mark.django_db
def test_the_facilitator_reads_why_the_waiting_list_is_refused(world, client_for):
    circle = make_circle(world, name="Three places", capacity=3)
    carl = ask(circle, world.harry)
    decide = reverse("circles:request", args=["riverside", circle.slug, carl.pk])
    response = client_for("felix").post(decide, {"decision": "waitlist", "message": "Soon."})
    page = response.content.decode()
    assert response.status_code == 400 and "close the circle to new members" in page and "Soon." in page
    assert _status(carl) == Status.ASKED


@pytest.mark.django_db
def test_a_lapsed_offer_is_not_offered_straight_back_to_the_only_man_waiting(world, full):
    circle, (mateo, _harry), waiting = full
    for name in ("Carl", "Dev"):
        joining.membership_leave(member=waiting[name])
    bruno = waiting["Bruno"]
    joining.membership_leave(member=mateo)
    assert _status(bruno) == Status.OFFERED
    later = TEST_START + timedelta(days=8)
    assert joining.waiting_offers_expire(now=later) == 1
    assert _status(bruno) == Status.WAITING and joining.places_left(circle) == 1
    # Not next week either, nor when the circle's details change.
    joining.waiting_offers_expire(now=later + timedelta(days=8))
    circle.refresh_from_db()
    circle_update(circle=circle, details=_details(circle, name="Two places, Tuesdays"), actor=world.felix)
    assert _status(bruno) == Status.WAITING
    # Another place frees later: then Bruno's turn comes again.
    joining.membership_leave(member=circle.members.get(user=world.harry))
    assert _status(bruno) == Status.OFFERED


def _bruno_holds(full, mailoutbox) -> tuple[CircleMember, datetime]:
    """Mateo leaves; Bruno, who waited longest, takes the place offered: his request holds it. The mails so far are
    set aside. Returns Bruno and his offer's day."""
    _circle, (mateo, _harry), waiting = full
    joining.membership_leave(member=mateo)
    bruno = joining.offer_accept(member=waiting["Bruno"])
    mailoutbox.clear()
    return bruno, bruno.offered_until


@pytest.mark.django_db
def test_a_held_request_the_facilitators_never_answer_loses_its_hold(world, full, mailoutbox,
                                                                   django_capture_on_commit_callbacks):
    circle, _members, waiting = full
    bruno, held_from = _bruno_holds(full, mailoutbox)
    assert bruno.holds_place
    # A few days before, the facilitators are reminded of his request, once.
    for days in (8, 9, 10, 11, 12, 13):
        with django_capture_on_commit_callbacks(execute=True):
            assert joining.waiting_offers_expire(now=held_from + timedelta(days=days, hours=1)) == 0
    assert [mail.to for mail in mailoutbox] == [[world.felix.email]]
    assert "Two places" in mailoutbox[0].subject and "Bruno" not in mailoutbox[0].body
    ends = held_from + timedelta(days=joining.HOLD_DAYS)
    assert "is held for him until " + dates.day(ends) in " ".join(mailoutbox[0].body.split())
    bruno.refresh_from_db()
    assert bruno.holds_place and _status(waiting["Carl"]) == Status.WAITING
    lapse = held_from + timedelta(days=joining.HOLD_DAYS, hours=1)
    assert joining.waiting_offers_expire(now=lapse) == 1
    bruno.refresh_from_db()
    assert bruno.status == Status.ASKED and bruno.offered_until is None and bruno.intake_sealed is not None
    assert AuditEntry.objects.filter(action="circle.hold_lapsed", details__member=bruno.user_id).exists()
    carl = waiting["Carl"]
    carl.refresh_from_db()
    assert carl.status == Status.OFFERED and carl.offered_until == lapse + timedelta(days=joining.OFFER_DAYS)


@pytest.mark.django_db
def test_the_facilitators_are_reminded_once_a_hold_whenever_the_daily_job_runs(world, full, mailoutbox,
                                                                               django_capture_on_commit_callbacks):
    circle, _members, waiting = full
    bruno, held_from = _bruno_holds(full, mailoutbox)

    def job(days: float) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            joining.waiting_offers_expire(now=held_from + timedelta(days=days))

    job(10)  # before the mark (day 11): nothing yet
    assert mailoutbox == []
    job(12.9)  # no run on day 11: the first run after the mark tells them
    job(12.95)  # and a second run the same day tells them nothing more
    job(13.5)
    assert [mail.to for mail in mailoutbox] == [[world.felix.email]]
    assert "runs out soon" in mailoutbox[0].subject
    # His hold runs out unanswered and the place is offered on; he withdraws and joins the list again, and when the
    # men before him turn the place down it comes back to him: a new hold of the same man, reminded of in its turn.
    job(14.1)
    joining.membership_leave(member=bruno)
    ask(circle, bruno.user, waiting_list_ok=True)
    for _turned_down in range(2):  # Carl's offer, then Dev's
        joining.offer_decline(member=CircleMember.objects.get(circle=circle, status=Status.OFFERED))
    bruno = joining.offer_accept(member=CircleMember.objects.get(pk=bruno.pk, status=Status.OFFERED))
    assert bruno.holds_place and bruno.hold_reminded_at is None
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert joining.holds_remind(now=bruno.offered_until + timedelta(days=11)) == 1
        assert joining.holds_remind(now=bruno.offered_until + timedelta(days=11, hours=1)) == 0
    assert len(mailoutbox) == 1 and "Two places" in mailoutbox[0].subject


@pytest.mark.django_db
def test_the_reminder_of_held_places_is_written_in_each_facilitators_language(world, full, mailoutbox,
                                                                                django_capture_on_commit_callbacks):
    circle, (mateo, harry), waiting = full
    User.objects.filter(pk=world.felix.pk).update(language="es")
    joining.membership_leave(member=mateo)
    joining.membership_leave(member=harry)
    bruno = joining.offer_accept(member=waiting["Bruno"])
    carl = joining.offer_accept(member=waiting["Carl"])
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert joining.holds_remind(now=max(bruno.offered_until, carl.offered_until) + timedelta(days=11)) == 2
    [mail] = mailoutbox
    body = " ".join(mail.body.split())
    with translation.override("es"):
        first_end = dates.day(min(bruno.offered_until, carl.offered_until) + timedelta(days=joining.HOLD_DAYS))
    assert "2 hombres" in body and first_end in body and "waiting list" not in body
    assert "Bruno" not in body and "Carl" not in body
