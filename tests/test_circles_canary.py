"""Canaries for circles: a man's intake words, a facilitator's note and the words of
anonymous feedback, written through the real pages, appear nowhere in a raw copy
of the database; the server's settings alone do not open them."""
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from holdspace.circles import keys
from holdspace.circles.feedback import FEEDBACK_DAYS
from holdspace.circles.joining import intake_open
from holdspace.circles.models import CircleKey, CircleMember, CircleSession
from holdspace.crypto.boxes import CannotOpen, open_sealed
from holdspace.crypto.keyrings import keypair_new
from tests.circles_helpers import ask, held_session, key_for, make_circle
from tests.conftest import sign_in, unlock_case_key
from tests.test_reports_canary import _forms, _raw_database

CANARIES = {
    "intake": "CANARY-INTAKE-2b7d",
    "note": "CANARY-SESSION-NOTE-8e41",
    "feedback": "CANARY-FEEDBACK-c0f3",
}


@pytest.mark.django_db(transaction=True)
def test_circle_canaries_never_reach_the_database_in_the_clear(world):
    circle = make_circle(world)
    men = [world.mateo, world.harry, world.rosa]
    for man in men:
        response = sign_in(Client(), man).post(reverse("circles:join", args=[circle.slug]), {
            "reasons": ["self_hatred"], "in_his_words": CANARIES["intake"], "accepts_agreements": "on"})
        assert response.status_code == 302
    felix = unlock_case_key(sign_in(Client(), world.felix), world.felix)
    for member in CircleMember.objects.filter(circle=circle):
        url = reverse("circles:request", args=[world.riverside.slug, circle.slug, member.pk])
        opened = felix.get(url).content
        assert CANARIES["intake"].encode() in opened and b"Processing self-hatred" in opened  # he can read it
        felix.post(url, {"decision": "accept", "message": "Welcome."})
    held = held_session(circle, days_ago=0)
    act = lambda action: reverse(f"circles:session_{action}", args=[world.riverside.slug, circle.slug, held.pk])  # noqa: E731
    felix.post(act("attendance"), {"attendance-present": [m.pk for m in men]})
    felix.post(act("note"), {"note-text": CANARIES["note"]})
    for man in men:
        sign_in(Client(), man).post(reverse("circles:feedback", args=[circle.slug, held.pk]),
                                    {"felt_safe": "yes", "honest": "yes", "change": CANARIES["feedback"]})
    CircleSession.objects.filter(pk=held.pk).update(starts_at=held.starts_at - timedelta(days=FEEDBACK_DAYS))
    page = felix.get(reverse("circles:session", args=[world.riverside.slug, circle.slug, held.pk])).content
    assert CANARIES["note"].encode() in page and CANARIES["feedback"].encode() in page

    dump = _raw_database()
    assert circle.name.encode() in dump  # the copy holds the circle: the test could see a leak
    for name, word in {**CANARIES, "reason": "self_hatred"}.items():
        for form in _forms(word):
            assert form not in dump, f"{name} canary found in the database copy"


@pytest.mark.django_db
def test_without_a_facilitators_key_the_circle_stays_shut(world):
    """The database and the server's settings, but nobody's password: the intake stays sealed."""
    circle = make_circle(world)
    member = ask(circle, world.mateo, words="only for facilitators")
    stored = CircleMember.objects.get(pk=member.pk).intake_sealed
    stranger = keypair_new()
    for key in CircleKey.objects.filter(circle=circle):
        with pytest.raises(CannotOpen):
            open_sealed(stranger, sealed=bytes(key.sealed))
    assert intake_open(stranger, sealed=stored) is None
    hana_circle_key = keys.circle_private_key(circle, user=world.hana, personal_key=key_for(world.hana))
    assert intake_open(hana_circle_key, sealed=stored) is None
    # The facilitator's own key, unlocked with his password, is what opens it.
    felix_circle_key = keys.circle_private_key(circle, user=world.felix, personal_key=key_for(world.felix))
    assert intake_open(felix_circle_key, sealed=stored)[1] == "only for facilitators"
