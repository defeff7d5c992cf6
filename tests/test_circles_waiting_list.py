"""The waiting list moves by itself: a freed place is offered to the man who has waited longest, held for him for a
week, and goes on to the next man when he declines or lets it run out; a circle never takes more men than it has
places, and a place is never offered twice."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from holdspace.accounts.models import User
from holdspace.audit.models import AuditEntry
from holdspace.circles import joining
from holdspace.circles.models import CircleMember
from holdspace.circles.services import CircleDetails, circle_update
from holdspace.site.upkeep import daily_upkeep_run
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
