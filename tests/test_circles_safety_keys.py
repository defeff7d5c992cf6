"""Who holds a safety concern's key as stewards come, go and make new keys; a concern about the only steward; the
throttle's own words; what the man told reads in his export."""
import pytest
from django.test import Client
from django.urls import reverse

from holdspace.audit.models import AuditEntry
from holdspace.circles import safety
from holdspace.circles.models import SafetyConcernKey
from holdspace.circles.safety_keys import safety_concerns_only_openable_by
from holdspace.keys.registry import key_uses
from holdspace.keys.services import personal_key_create, personal_key_unlocked
from holdspace.keys.selectors import public_key_of
from holdspace.organisations.models import Membership, Role
from holdspace.organisations.services import roles_set
from holdspace.web.refusals import Refusal
from tests.circles_helpers import SAFETY_CANARY, circle_world, key_for, make_steward, safety_concern
from tests.conftest import PASSWORD, sign_in, unlock_case_key, with_sudo


@pytest.fixture
def circles(world):
    return circle_world(world)


def _readers(concern) -> set[int]:
    return set(SafetyConcernKey.objects.filter(concern=concern).exclude(sealed=b"").values_list("user_id", flat=True))


@pytest.mark.django_db
def test_a_steward_who_alone_holds_a_concern_is_warned_and_his_new_key_pair_opens_it_no_more(world, circles):
    concern = safety_concern(world, circles)  # Otto, the only steward
    assert safety_concerns_only_openable_by(world.otto) == [concern]
    use = next(use for use in key_uses() if use.name == "circle_safety")
    assert use.at_stake(world.otto) == ["Tuesday men's group"]
    assert use.at_stake(world.hana) == []
    personal_key_create(world.otto, password=PASSWORD)  # a new pair
    assert _readers(concern) == set()
    assert safety.safety_concerns_for(organisation=world.riverside, user=world.otto) == []
    entry = AuditEntry.objects.filter(action="personal_key.created", actor_id=world.otto.pk).latest("seq")
    assert entry.details["stale_safety_keys"] == 1
    # New concerns reach his new key.
    fresh = safety.safety_concern_raise(circle=circles.circle, session=circles.held, raiser=world.felix,
                                        what="Another worry.", about_id=None, urgent=False)
    assert world.otto.pk in _readers(fresh)


@pytest.mark.django_db
def test_a_later_steward_receives_the_open_concerns_when_a_holder_unlocks_never_the_man_concerned(world, circles):
    concern = safety_concern(world, circles)  # about Mateo, Otto its steward
    closed = safety_concern(world, circles, about=None)
    safety.safety_concern_close(concern=closed, actor=world.otto)
    make_steward(world, world.hana)
    make_steward(world, world.mateo)  # the man it concerns becomes a steward: he never receives it
    personal_key_unlocked(world.otto, private_key=key_for(world.otto))
    assert _readers(concern) == {world.otto.pk, world.hana.pk}
    assert _readers(closed) == {world.otto.pk}  # a closed concern stays with those who had it
    words = safety.safety_words(concern, data_key=safety.safety_data_key(
        concern, user=world.hana, private_key=key_for(world.hana)))
    assert SAFETY_CANARY in words.what
    shared = AuditEntry.objects.filter(action="circle.safety_shared")
    assert [(entry.actor_id, entry.details) for entry in shared] == [(world.otto.pk, {"with": world.hana.pk})]
    # Unlocking again shares nothing twice.
    personal_key_unlocked(world.otto, private_key=key_for(world.otto))
    assert shared.count() == 1


@pytest.mark.django_db
def test_a_steward_who_replaced_his_key_pair_is_not_given_old_concerns_again_without_a_check(world, circles):
    make_steward(world, world.hana)
    concern = safety_concern(world, circles)
    personal_key_create(world.hana, password=PASSWORD)
    personal_key_unlocked(world.otto, private_key=key_for(world.otto))
    assert _readers(concern) == {world.otto.pk}


@pytest.mark.django_db
def test_a_steward_whose_role_ends_loses_his_copies_at_once(world, circles):
    make_steward(world, world.hana)
    concern = safety_concern(world, circles)
    assert world.hana.pk in _readers(concern)
    roles_set(organisation=world.riverside, user=world.hana, roles={Role.MEMBER}, actor=world.ada)
    assert _readers(concern) == {world.otto.pk}
    entry = AuditEntry.objects.get(action="circle.safety_keys_dropped")
    assert entry.details == {"concerns": 1}
    # Otto stops being a steward but stays an administrator: his copies go all the same.
    roles_set(organisation=world.riverside, user=world.otto, roles={Role.ORG_ADMIN, Role.CASE_HANDLER, Role.MEMBER},
              actor=world.ada)
    assert _readers(concern) == set()
    assert safety.safety_concerns_for(organisation=world.riverside, user=world.otto) == []


@pytest.mark.django_db
def test_an_administrator_who_held_one_in_a_stewards_place_loses_it_with_the_role(world, circles):
    make_steward(world, world.mateo)
    key_for(world.ada)
    key_for(world.otto)
    concern = safety.safety_concern_raise(circle=circles.circle, session=circles.held, raiser=world.felix,
                                          what="About the steward.", about_id=world.mateo.pk, urgent=False)
    assert world.ada.pk in _readers(concern)
    roles_set(organisation=world.riverside, user=world.ada, roles={Role.MEMBER}, actor=world.otto)
    assert world.ada.pk not in _readers(concern) and world.otto.pk in _readers(concern)


@pytest.mark.django_db
def test_a_concern_about_the_only_steward_goes_to_the_administrators(world, circles, mailoutbox,
                                                                    django_capture_on_commit_callbacks):
    make_steward(world, world.mateo)  # Mateo is the only steward, and the concern is about him
    key_for(world.ada)
    key_for(world.otto)
    with django_capture_on_commit_callbacks(execute=True):
        concern = safety.safety_concern_raise(circle=circles.circle, session=circles.held, raiser=world.felix,
                                              what=f"{SAFETY_CANARY} about the steward", about_id=world.mateo.pk,
                                              urgent=False)
    assert _readers(concern) == {world.ada.pk, world.otto.pk}
    assert sorted(mail.to[0] for mail in mailoutbox) == sorted([world.ada.email, world.otto.email])
    assert all("sealed to you as an administrator of" in mail.body and SAFETY_CANARY not in mail.body
               for mail in mailoutbox)
    # Why administrators read it (it is about the only steward) is not said: it would name him.
    assert not any("steward" in mail.body.split("Read it")[0] for mail in mailoutbox)
    otto = unlock_case_key(sign_in(Client(), world.otto), world.otto)
    page = otto.get(reverse("circles:safety_concern", args=[world.riverside.slug, concern.pk]))
    assert page.status_code == 200 and SAFETY_CANARY.encode() in page.content
    assert otto.get(reverse("circles:safety_list", args=[world.riverside.slug])).status_code == 200
    # Raising one about nobody still goes to the steward alone.
    other = safety.safety_concern_raise(circle=circles.circle, session=circles.held, raiser=world.felix,
                                        what="A worry about nobody named.", about_id=None, urgent=False)
    assert _readers(other) == {world.mateo.pk}


@pytest.mark.django_db
def test_nobody_to_receive_it_is_refused_the_same_way_whoever_is_named(world, circles):
    Membership.objects.filter(organisation=world.riverside, role=Role.ORG_ADMIN).delete()
    make_steward(world, world.mateo)
    for about in (world.mateo.pk, None):
        if about is None:
            Membership.objects.filter(organisation=world.riverside, role=Role.STEWARD).delete()
        with pytest.raises(Refusal) as refused:
            safety.safety_concern_raise(circle=circles.circle, session=circles.held, raiser=world.felix,
                                        what="A worry.", about_id=about, urgent=False)
        assert refused.value.code == "no_steward"


@pytest.mark.django_db
def test_stewards_without_a_key_do_not_send_concerns_to_the_administrators(world, circles):
    Membership.objects.create(user=world.rick, organisation=world.riverside, role=Role.STEWARD)
    key_for(world.otto)  # an administrator who could receive it, were it sent to administrators
    assert public_key_of(world.rick) is None
    with pytest.raises(Refusal) as refused:
        safety.safety_concern_raise(circle=circles.circle, session=circles.held, raiser=world.felix,
                                    what="A worry.", about_id=None, urgent=False)
    assert refused.value.code == "no_steward"


@pytest.mark.django_db
def test_the_throttle_has_its_own_words(world, circles, monkeypatch):
    from holdspace.circles.views import safety as views

    make_steward(world)
    monkeypatch.setattr(views, "RAISE_RATE", "1/d")
    felix = sign_in(Client(), world.felix)
    url = reverse("circles:safety_raise", args=[circles.circle.slug, circles.held.pk])
    assert felix.post(url, {"what": "First worry."}).status_code == 302
    refused = felix.post(url, {"what": "Second worry, kept."})
    assert refused.status_code == 429
    assert b"You have raised many concerns today." in refused.content and b"Second worry, kept." in refused.content


@pytest.mark.django_db
def test_what_a_steward_told_him_is_in_his_export_opened_by_his_key(world, circles):
    safety_concern(world, circles, told=True)
    assert public_key_of(world.mateo) is not None
    mateo = with_sudo(sign_in(Client(), world.mateo))
    locked = str(mateo.get(reverse("accounts:export_json")).json())
    assert "and of what a steward told you" in locked and "Please meet me" not in locked
    assert "Tuesday men" in locked  # that there was one, and where, is his to see
    unlock_case_key(mateo, world.mateo)
    opened = str(mateo.get(reverse("accounts:export_json")).json())
    assert "Please meet me before the next session." in opened and "is left out" not in opened
