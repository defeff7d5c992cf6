"""Commitments written in the clear before they were locked still open after migrating, for the people who
may read them, and their words are no longer in the database."""
import nacl.public
import pytest

from holdspace.crypto.keyrings import private_key_wrap, recovery_code_new, recovery_code_normalise
from tests.migrations_helpers import latest, migrate_to
from tests.test_reports_canary import _raw_database

PASSWORD = "an old long passphrase 2026"


@pytest.fixture
def before_locking(transactional_db):
    apps = migrate_to([("inventory", "0002_inventory_entries"), ("keys", "0001_personal_keys"),
                     ("circles", "0002_joining_agreements_library_sessions")])
    yield apps
    migrate_to(latest())


def _person(apps, email: str, *, with_key: bool):
    User = apps.get_model("accounts", "User")
    person = User.objects.create(email=email, display_name=email.split("@")[0].capitalize())
    private_key = None
    if with_key:
        private_key = nacl.public.PrivateKey.generate()
        by_password = private_key_wrap(private_key, secret=PASSWORD, purpose=b"password")
        by_recovery = private_key_wrap(private_key, secret=recovery_code_normalise(recovery_code_new()),
                                       purpose=b"recovery")
        apps.get_model("keys", "PersonalKey").objects.create(
            user_id=person.pk, public_key=bytes(private_key.public_key), by_password=by_password.box,
            password_salt=by_password.salt, password_parameters=by_password.parameters, by_recovery=by_recovery.box,
            recovery_salt=by_recovery.salt, recovery_parameters=by_recovery.parameters)
    return person, private_key


def test_commitments_in_the_clear_are_locked_and_still_open_for_their_readers(before_locking):
    apps = before_locking
    Commitment = apps.get_model("inventory", "Commitment")
    CheckIn = apps.get_model("inventory", "CommitmentCheckIn")
    Organisation = apps.get_model("organisations", "Organisation")
    Circle = apps.get_model("circles", "Circle")
    CircleSession = apps.get_model("circles", "CircleSession")
    from django.utils import timezone

    keyed, keyed_private = _person(apps, "keyed.before@example.org", with_key=True)
    keyless, _ = _person(apps, "keyless.before@example.org", with_key=False)
    circle_private = nacl.public.PrivateKey.generate()
    organisation = Organisation.objects.create(name="Before", slug="before")
    circle = Circle.objects.create(organisation=organisation, name="Before circle", slug="before-circle",
                                   public_key=bytes(circle_private.public_key))
    session = CircleSession.objects.create(circle=circle, starts_at=timezone.now(), duration_minutes=120)
    # The circle's key sealed to a facilitator, as circles stored it before a dropped copy was told apart.
    from holdspace.crypto.boxes import seal_to

    apps.get_model("circles", "CircleKey").objects.create(
        circle=circle, user_id=keyed.pk, sealed=seal_to(bytes(keyed_private.public_key), secret=bytes(circle_private)))
    alone = Commitment.objects.create(owner_id=keyed.pk, text="CANARY-OLD-ALONE-1f3c", check_in_every="week")
    CheckIn.objects.create(commitment=alone, outcome="kept", note="CANARY-OLD-NOTE-7d20")
    CheckIn.objects.create(commitment=alone, outcome="partly", note="")
    from_round = Commitment.objects.create(owner_id=keyless.pk, text="CANARY-OLD-ROUND-4b9e", check_in_every="session",
                                           source_session=session)
    keyless_alone = Commitment.objects.create(owner_id=keyless.pk, text="CANARY-OLD-KEYLESS-0c55",
                                              check_in_every="month")

    migrate_to(latest())

    from holdspace.inventory.models import Commitment as Current
    from holdspace.inventory.sealing import commitment_key_open, commitment_text, words_open
    from holdspace.keys.services import personal_key_create

    from holdspace.accounts.models import User as CurrentUser
    from holdspace.circles.keys import circle_private_key
    from holdspace.circles.models import Circle as CurrentCircle

    opened_circle_key = circle_private_key(CurrentCircle.objects.get(pk=circle.pk),
                                           user=CurrentUser.objects.get(pk=keyed.pk), personal_key=keyed_private)
    assert bytes(opened_circle_key) == bytes(circle_private)  # the facilitator's copy still opens
    alone = Current.objects.get(pk=alone.pk)
    key = commitment_key_open(alone, private_key=keyed_private)
    assert commitment_text(alone, key=key) == "CANARY-OLD-ALONE-1f3c" and alone.escrow is None
    notes = [words_open(key, box=c.note_box) if c.note_box is not None else "" for c in alone.check_ins.order_by("pk")]
    assert notes == ["CANARY-OLD-NOTE-7d20", ""]
    from_round = Current.objects.get(pk=from_round.pk)
    # The circle's facilitators read the round's commitment; its man had no key: it waits for his first one,
    # which the next round saved in the circle seals it to. Nobody could open the one he made alone: it waits
    # under the server's key until his first key.
    assert commitment_text(from_round, key=commitment_key_open(from_round, private_key=circle_private)) \
        == "CANARY-OLD-ROUND-4b9e"
    assert from_round.seal_owner is None and from_round.escrow is None
    keyless_alone = Current.objects.get(pk=keyless_alone.pk)
    assert keyless_alone.seal_owner is None and keyless_alone.escrow is not None
    dump = _raw_database()
    for word in ("CANARY-OLD-ALONE-1f3c", "CANARY-OLD-NOTE-7d20", "CANARY-OLD-ROUND-4b9e", "CANARY-OLD-KEYLESS-0c55"):
        assert word.encode() not in dump
    person = CurrentUser.objects.get(pk=keyless.pk)
    person.set_password(PASSWORD)
    person.save()
    personal_key_create(person, password=PASSWORD)
    from holdspace.keys.services import personal_key_unlock

    keyless_alone.refresh_from_db()
    assert keyless_alone.escrow is None
    assert commitment_text(keyless_alone, key=commitment_key_open(
        keyless_alone, private_key=personal_key_unlock(person, password=PASSWORD))) == "CANARY-OLD-KEYLESS-0c55"
