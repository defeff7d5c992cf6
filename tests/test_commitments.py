"""A man's commitments, locked: each with its own key, sealed to him, to the circle of the round it was
made in, and to an accountability partner he chose; changes that make one easier wait a week; mails say
when a check-in is due, and nothing more."""
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from holdspace.audit.models import AuditEntry
from holdspace.crypto.boxes import new_data_key
from holdspace.crypto.keyrings import keypair_new
from holdspace.inventory import commitments, partners, reminders, sealing, selectors
from holdspace.inventory.models import Commitment, CommitmentCheckIn, Encouragement, PartnerInvitation
from holdspace.keys.services import personal_key_create
from holdspace.site.upkeep import daily_upkeep_run
from holdspace.web.refusals import Refusal
from tests.circles_helpers import (
    admit,
    check_in,
    circle_key_of,
    held_session,
    key_for,
    make_circle,
    round_save,
    text_of,
)
from tests.conftest import PASSWORD, sign_in, unlock_case_key
from tests.test_reports_canary import _forms, _raw_database

pytestmark = pytest.mark.django_db
CANARY = "CANARY-COMMITMENT-7a2e"


def _refused(code: str, call, **kwargs):
    with pytest.raises(Refusal) as refused:
        call(**kwargs)
    assert refused.value.code == code, refused.value.code


def _made(world, name="mateo", text="Let women finish before I speak.", every="week"):
    key_for(world.people[name])
    return commitments.commitment_make(owner=world.people[name], text=text, check_in_every=every)


def _client(world, name):
    """A person signed in with his key set up and unlocked in the session."""
    key_for(world.people[name])
    return unlock_case_key(sign_in(Client(), world.people[name]), world.people[name])


def test_a_commitment_is_locked_with_its_own_key_sealed_to_him_alone(world):
    made = _made(world, text=f"{CANARY} in meetings")
    stored = Commitment.objects.get(pk=made.pk)
    assert CANARY.encode() not in bytes(stored.box) and stored.seal_circle is None and stored.seal_partner is None
    assert text_of(stored, reader=world.mateo).startswith(CANARY)
    assert text_of(stored, reader=world.harry) is None  # another member's own key opens nothing
    assert sealing.commitment_key_open(stored, private_key=keypair_new()) is None
    entry = check_in(stored, world.mateo, outcome="kept", note=f"{CANARY} twice")
    assert CANARY.encode() not in bytes(entry.note_box)
    opened = selectors.commitment_opened(stored, key=sealing.commitment_key_open(stored, private_key=key_for(
        world.mateo)))
    assert opened.check_ins[0].note.startswith(CANARY) and opened.text.startswith(CANARY)
    _refused("not_yours", commitments.commitment_check_in, commitment=stored, user=world.harry,
             private_key=key_for(world.harry), outcome="kept")
    _refused("commitment_locked", commitments.commitment_check_in, commitment=stored, user=world.mateo,
             private_key=keypair_new(), outcome="kept")
    # A man without a key makes none: his words would have nothing to be locked with.
    _refused("no_key", commitments.commitment_make, owner=world.rosa, text="x", check_in_every="week")
    _refused("unknown_every", commitments.commitment_make, owner=world.mateo, text="x", check_in_every="session")
    _refused("too_long", commitments.commitment_make, owner=world.mateo, text="x" * 1001, check_in_every="week")
    assert all(CANARY not in str(entry.details) for entry in AuditEntry.objects.all())


def test_a_round_commitment_opens_for_him_and_for_the_circles_facilitators(world):
    circle = make_circle(world)
    admit(circle, world.mateo)
    held = held_session(circle)
    from holdspace.circles import sessions

    sessions.attendance_record(session=held, present={world.mateo.pk}, actor=world.felix)
    round_save(held, {world.mateo.pk: ("Call my brother on Sundays.", "session")}, actor=world.felix)
    made = world.mateo.commitments.get()
    assert text_of(made, reader=world.mateo) == "Call my brother on Sundays."
    circle_key = circle_key_of(circle, facilitator=world.felix)
    assert sealing.commitment_text(made, key=sealing.commitment_key_open(made, private_key=circle_key)) \
        == "Call my brother on Sundays."
    assert text_of(made, reader=world.felix) is None  # his own key is not the circle's
    assert text_of(made, reader=world.hana) is None
    _refused("circle_key_locked", sessions.commitments_round, session=held, actor=world.felix, circle_key=None,
             commitments={world.mateo.pk: ("Changed", "session")})


def test_a_man_without_a_key_gets_his_round_commitment_once_he_has_one_and_a_round_is_saved(world):
    from holdspace.circles import sessions

    circle = make_circle(world)
    admit(circle, world.harry)
    first, second = held_session(circle, days_ago=14), held_session(circle, days_ago=7)
    circle_key = circle_key_of(circle, facilitator=world.felix)
    sessions.attendance_record(session=first, present={world.harry.pk}, actor=world.felix)
    sessions.commitments_round(session=first, actor=world.felix, circle_key=circle_key,
                               commitments={world.harry.pk: ("Ask before I hug.", "session")})
    waiting = world.harry.commitments.get()
    assert waiting.seal_owner is None and waiting.seal_circle is not None
    harry = _client(world, "harry")  # he sets up his key now
    page = harry.get(reverse("inventory:commitments")).content.decode()
    assert "One commitment waits to be opened to your key" in page and "Ask before I hug." not in page
    assert "If you had no key then, a facilitator of the circle opens it" in harry.get(
        reverse("inventory:commitment", args=[waiting.pk])).content.decode()
    _refused("commitment_locked", commitments.commitment_check_in, commitment=waiting, user=world.harry,
             private_key=key_for(world.harry), outcome="kept")
    sessions.attendance_record(session=second, present={world.harry.pk}, actor=world.felix)
    sessions.commitments_round(session=second, actor=world.felix, circle_key=circle_key, commitments={})
    assert text_of(waiting, reader=world.harry) == "Ask before I hug."
    assert "Ask before I hug." in harry.get(reverse("inventory:commitments")).content.decode()
    assert AuditEntry.objects.filter(action="commitment.round_recorded").last().details["opened_to_their_men"] == 1


def test_a_partner_chosen_from_his_circle_sees_that_commitment_and_nothing_else(world, extra):
    """The test world's Felix accepted to partner Mateo's commitment from their circle."""
    commitment = extra["commitment"]
    felix, mateo = _client(world, "felix"), _client(world, "mateo")
    page = felix.get(reverse("inventory:partnered", args=[commitment.pk])).content.decode()
    assert "Let colleagues finish speaking." in page and "Twice this week." in page
    # Nothing else of Mateo's: not his entry, not his commitment made alone, not the man's own pages.
    assert felix.get(reverse("inventory:entry", args=[extra["entry"].pk])).status_code == 404
    assert felix.get(reverse("inventory:commitment", args=[commitment.pk])).status_code == 404
    assert felix.get(reverse("inventory:partnered", args=[extra["alone"].pk])).status_code == 404
    assert "I read one book" not in felix.get(reverse("inventory:partnering")).content.decode()
    # He confirms the check-in and leaves a word; Mateo reads both.
    confirm = reverse("inventory:partnered_confirm", args=[commitment.pk, extra["check_in"].pk])
    assert felix.post(confirm).status_code == 302
    assert CommitmentCheckIn.objects.get(pk=extra["check_in"].pk).confirmed_at is not None
    assert "already confirmed" in felix.post(confirm, follow=True).content.decode()
    encourage = reverse("inventory:partnered_encourage", args=[commitment.pk])
    empty = felix.post(encourage, {"text": "  "})
    assert empty.status_code == 400
    assert felix.post(encourage, {"text": f"{CANARY} Proud of you."}).status_code == 302
    assert CANARY.encode() not in bytes(Encouragement.objects.get().box)
    own = mateo.get(reverse("inventory:commitment", args=[commitment.pk])).content.decode()
    assert f"{CANARY} Proud of you." in own and "confirmed by the partner" in own
    assert "Felix is your accountability" in own
    # Mateo cannot confirm his own check-ins, nor Harry anything.
    _refused("not_partner", partners.check_in_confirm, check_in=extra["check_in"], user=world.mateo)
    assert _client(world, "harry").post(confirm).status_code == 404


def test_a_partner_who_leaves_is_unsealed_and_what_follows_is_locked_with_a_fresh_key(world, extra):
    commitment = Commitment.objects.get(pk=extra["commitment"].pk)
    old_key = sealing.commitment_key_open(commitment, private_key=key_for(world.felix))
    assert old_key is not None
    felix = _client(world, "felix")
    assert felix.post(reverse("inventory:partnered_leave", args=[commitment.pk])).status_code == 302
    commitment.refresh_from_db()
    assert commitment.partner_id is None and commitment.seal_partner is None and not commitment.rekey_due
    with pytest.raises(Exception):
        sealing.commitment_text(commitment, key=old_key)  # the words moved to a key he never held
    assert text_of(commitment, reader=world.mateo) == "Let colleagues finish speaking."
    circle_key = circle_key_of(extra["circle"], facilitator=world.felix)
    assert sealing.commitment_key_open(commitment, private_key=circle_key) is not None  # the circle still reads it
    note = check_in(commitment, world.mateo, outcome="partly", note="After he left.")
    with pytest.raises(Exception):
        sealing.words_open(old_key, box=note.note_box)
    assert felix.get(reverse("inventory:partnered", args=[commitment.pk])).status_code == 404


def test_a_partner_who_leaves_with_his_key_locked_is_unsealed_and_the_man_moves_it_to_a_fresh_key(world, extra):
    commitment = extra["commitment"]
    old_key = sealing.commitment_key_open(commitment, private_key=key_for(world.felix))
    partners.partnership_end(commitment=commitment, user=world.felix, private_key=None)
    commitment.refresh_from_db()
    assert commitment.seal_partner is None and commitment.rekey_due
    check_in(commitment, world.mateo, outcome="kept", note="Later.")
    commitment.refresh_from_db()
    assert not commitment.rekey_due
    with pytest.raises(Exception):
        sealing.commitment_text(commitment, key=old_key)
    assert [c.note for c in selectors.commitment_opened(commitment, key=sealing.commitment_key_open(
        commitment, private_key=key_for(world.mateo))).check_ins] == ["Later.", "Twice this week."]


def test_an_invitation_by_email_carries_the_key_in_its_link_only(world, django_capture_on_commit_callbacks):
    made = _made(world, text=f"{CANARY} say sorry first")
    mateo = _client(world, "mateo")
    invite = reverse("inventory:partner_invite", args=[made.pk])
    response = mateo.post(invite, {"email": "not an address"})
    assert response.status_code == 400 and 'value="not an address"' in response.content.decode()
    assert mateo.post(invite, {"email": "mateo@example.org"}).status_code == 400  # himself
    with django_capture_on_commit_callbacks(execute=True):
        assert mateo.post(invite, {"email": "harry@example.org"}).status_code == 302
    invitation = PartnerInvitation.objects.get()
    message = mail.outbox[-1]
    assert message.to == ["harry@example.org"] and "Mateo" in message.subject
    assert CANARY not in message.body and "say sorry" not in message.body
    link = re.search(r"/partnering/link/([^/\s]+)/", message.body)
    token = link.group(1)
    assert invitation.token_hash and token not in invitation.token_hash and invitation.key_sealed is None
    assert b"harry@example.org" not in bytes(invitation.address_box)
    assert "You asked harry@example.org" in mateo.get(reverse("inventory:commitment", args=[made.pk])).content.decode()
    assert "waiting for an answer" in mateo.post(invite, {"email": "rosa@example.org"}, follow=True).content.decode()
    # Harry opens the link signed out: the secret leaves the address at once, and waits in his session.
    key_for(world.harry)
    harry = Client()
    opened = harry.get(link.group(0))
    assert opened.status_code == 302 and token not in opened["Location"]
    assert harry.get(opened["Location"]).status_code == 302  # sign in first
    sign_in(harry, world.harry)
    unlock_case_key(harry, world.harry)
    page = harry.get(reverse("inventory:partner_invitation")).content.decode()
    assert "Mateo asks you to be his accountability partner" in page and CANARY not in page
    assert harry.post(reverse("inventory:partner_invitation_accept")).status_code == 302
    made.refresh_from_db()
    assert made.partner_id == world.harry.pk and text_of(made, reader=world.harry).startswith(CANARY)
    invitation.refresh_from_db()
    assert invitation.status == "accepted" and invitation.token_hash is None and invitation.key_by_token is None
    assert partners.invitation_by_token(token) is None  # the link is spent


def test_invitations_are_answered_once_within_their_time_by_the_person_asked(world, extra, clock):
    alone, invitation = extra["alone"], extra["partner_invitation"]
    _refused("not_for_you", partners.partner_accept, invitation=invitation, user=world.harry,
             private_key=key_for(world.harry))
    _refused("not_yourself", partners.partner_decline, invitation=invitation, user=world.mateo)
    _refused("invitation_waiting", partners.partner_invite, commitment=alone, owner=world.mateo,
             private_key=key_for(world.mateo), email="rosa@example.org")
    _refused("not_a_fellow", partners.partner_invite, commitment=_made(world, text="Other"), owner=world.mateo,
             private_key=key_for(world.mateo), invitee_id=world.harry.pk)
    clock.shift(timedelta(days=partners.INVITATION_DAYS + 1))
    _refused("invitation_closed", partners.partner_accept, invitation=invitation, user=world.felix,
             private_key=key_for(world.felix))
    # Expired, it no longer stands in the way of asking someone else.
    partners.partner_invite(commitment=alone, owner=world.mateo, private_key=key_for(world.mateo),
                            email="rosa@example.org")
    fresh = PartnerInvitation.objects.filter(commitment=alone).first()
    partners.partner_invitation_withdraw(invitation=fresh, owner=world.mateo)
    _refused("invitation_closed", partners.partner_decline, invitation=fresh, user=world.rosa)
    for number in range(partners.INVITATIONS_A_DAY - 1):
        partners.partner_invite(commitment=alone, owner=world.mateo, private_key=key_for(world.mateo),
                                email=f"friend{number}@example.org")
        partners.partner_invitation_withdraw(invitation=PartnerInvitation.objects.filter(commitment=alone).first(),
                                             owner=world.mateo)
    _refused("too_many_invitations", partners.partner_invite, commitment=alone, owner=world.mateo,
             private_key=key_for(world.mateo), email="one.more@example.org")


def test_declining_tells_the_man_only_that_it_was_declined(world, extra):
    felix = _client(world, "felix")
    assert "Mateo asks you to be his accountability partner" in felix.get(reverse("inventory:partnering")) \
        .content.decode()
    assert felix.post(reverse("inventory:invitation_decline", args=[extra["partner_invitation"].pk])).status_code \
        == 302
    page = _client(world, "mateo").get(reverse("inventory:commitment", args=[extra["alone"].pk])).content.decode()
    assert "Your last invitation was declined" in page


def test_a_change_that_makes_it_easier_waits_a_week_and_can_be_taken_back(world, clock):
    made = _made(world, every="week")
    assert commitments.commitment_change_ask(commitment=made, user=world.mateo, every="month") \
        == timezone.now() + commitments.CHANGE_WAIT
    made.refresh_from_db()
    assert made.check_in_every == "week" and made.change_every == "month"
    _refused("same_every", commitments.commitment_change_ask, commitment=made, user=world.mateo, every="week")
    clock.shift(timedelta(days=6))
    assert commitments.commitment_changes_apply() == 0
    clock.shift(timedelta(days=1))
    assert daily_upkeep_run()["commitment_changes"] == 1
    made.refresh_from_db()
    assert made.check_in_every == "month" and made.change_asked_at is None
    # More often: at once.
    assert commitments.commitment_change_ask(commitment=made, user=world.mateo, every="fortnight") is None
    made.refresh_from_db()
    assert made.check_in_every == "fortnight"
    # Setting it down waits too; he keeps checking in, and can take it back.
    commitments.commitment_change_ask(commitment=made, user=world.mateo, end="released")
    check_in(made, world.mateo, outcome="kept")
    commitments.commitment_change_withdraw(commitment=made, user=world.mateo)
    _refused("no_change_waiting", commitments.commitment_change_withdraw, commitment=made, user=world.mateo)
    asked = timezone.now()
    commitments.commitment_change_ask(commitment=made, user=world.mateo, end="released")
    clock.shift(commitments.CHANGE_WAIT)
    # A step he takes once the week is over finds it set down, whether or not the daily upkeep ran first.
    _refused("ended", commitments.commitment_check_in, commitment=made, user=world.mateo,
             private_key=key_for(world.mateo), outcome="kept")
    assert commitments.commitment_changes_apply() == 1
    made.refresh_from_db()
    assert made.status == "released" and made.ended_at == asked + commitments.CHANGE_WAIT


def test_the_pages_say_when_a_change_takes_effect(world, clock):
    made = _made(world)
    mateo = _client(world, "mateo")
    url = reverse("inventory:commitment", args=[made.pk])
    response = mateo.post(reverse("inventory:commitment_end", args=[made.pk]), {"status": "released"}, follow=True)
    assert "It will be set down on" in response.content.decode()
    assert "You asked to set this commitment down" in mateo.get(url).content.decode()
    assert mateo.post(reverse("inventory:commitment_change_withdraw", args=[made.pk])).status_code == 302
    response = mateo.post(reverse("inventory:commitment_change", args=[made.pk]), {"every": "week"})
    assert response.status_code == 400 and "already how often" in response.content.decode()
    response = mateo.post(reverse("inventory:commitment_change", args=[made.pk]), {"every": "session"})
    assert response.status_code == 400  # not a circle's commitment
    # Marking it done ends its check-ins too: it waits the same week, so it cannot stand in for setting it down.
    done = mateo.post(reverse("inventory:commitment_end", args=[made.pk]), {"status": "completed"}, follow=True)
    assert "It will be marked done on" in done.content.decode()
    assert "You marked this commitment done" in mateo.get(url).content.decode()
    assert Commitment.objects.get(pk=made.pk).status == "active"
    clock.shift(commitments.CHANGE_WAIT)
    assert commitments.commitment_changes_apply() == 1
    assert Commitment.objects.get(pk=made.pk).status == "completed"


def test_reminders_say_a_check_in_is_due_and_nothing_more(world, clock):
    made = _made(world, text=f"{CANARY} listen", every="week")
    clock.shift(timedelta(days=6))
    assert reminders.check_in_reminders_send() == 0
    clock.shift(timedelta(days=1))
    assert daily_upkeep_run()["check_in_reminders"] == 1
    message = mail.outbox[-1]
    assert message.to == ["mateo@example.org"] and "/commitments/" in message.body
    assert CANARY not in message.body + message.subject and "listen" not in message.body
    assert reminders.check_in_reminders_send() == 0  # once for each due check-in
    check_in(made, world.mateo, outcome="kept")
    clock.shift(timedelta(days=7))
    assert reminders.check_in_reminders_send() == 1
    reminders.reminders_set(owner=world.mateo, on=False)
    clock.shift(timedelta(days=7))
    assert reminders.check_in_reminders_send() == 0
    assert "Reminders are off" in _client(world, "mateo").get(reverse("inventory:commitments")).content.decode()


def test_one_mail_a_man_and_none_for_a_commitment_checked_at_each_session(world, extra, clock):
    clock.shift(timedelta(days=90))
    assert reminders.check_in_reminders_send() == 1  # Mateo's two commitments are due: one mail
    due = [message for message in mail.outbox if message.subject == "A check-in is due on Holdspace"]
    assert [message.to for message in due] == [["mateo@example.org"]]
    assert "Check-ins on 2 of your commitments are due." in due[0].body
    at_each_session = _made(world, name="harry")
    Commitment.objects.filter(pk=at_each_session.pk).update(check_in_every="session")
    clock.shift(timedelta(days=90))
    assert reminders.check_in_reminders_send() == 0  # Mateo was told already; Harry's follows his circle
    assert Commitment.objects.get(pk=at_each_session.pk).reminded_for is None


def test_how_it_is_going_is_drawn_week_by_week(world, clock):
    made = _made(world)
    # The test clock stands on a Monday: a check-in on that Monday and the Tuesday, one a week on, one two weeks on.
    for outcome, days in (("kept", 0), ("partly", 1), ("kept", 8), ("not_yet", 15)):
        CommitmentCheckIn.objects.filter(pk=check_in(made, world.mateo, outcome=outcome).pk).update(
            at=timezone.now() + timedelta(days=days))
    clock.shift(timedelta(days=16))
    weeks = selectors.check_in_weeks(made, today=timezone.localdate())
    assert [(w.kept, w.partly, w.not_yet) for w in weeks] == [(1, 1, 0), (1, 0, 0), (0, 0, 1)]
    assert [w.starts.weekday() for w in weeks] == [0, 0, 0]
    page = _client(world, "mateo").get(reverse("inventory:commitment", args=[made.pk])).content.decode()
    assert 'class="chart-part-0"' in page and "Check-ins week by week" in page and "Week of" in page


def test_his_list_opens_every_commitment_in_the_same_queries_for_few_or_many(world):
    _made(world)
    mateo = _client(world, "mateo")
    url = reverse("inventory:commitments")

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert mateo.get(url).status_code == 200
        return len(captured.captured_queries)

    count()
    few = count()
    for number in range(12):
        commitments.commitment_make(owner=world.mateo, text=f"Commitment {number}", check_in_every="week")
    assert count() == few


def test_a_new_key_loses_what_only_he_could_open_and_the_rest_waits_for_someone_who_checked_with_him(
        world, extra):
    from holdspace.keys.selectors import keys_at_stake

    warnings = dict(keys_at_stake(world.mateo))
    assert any("1 that only you can open" in name for names in warnings.values() for name in names)
    personal_key_create(world.mateo, password=PASSWORD)  # e.g. someone who got into his mailbox, after a reset
    assert not Commitment.objects.filter(pk=extra["alone"].pk).exists()  # nobody else could open it: gone
    kept = Commitment.objects.get(pk=extra["commitment"].pk)
    assert kept.seal_owner is None and kept.seal_partner is not None  # his partner and the circle still can
    # His partner's next step does not hand it to the new key on its own...
    felix_key = key_for(world.felix)
    partners.encouragement_leave(commitment=kept, user=world.felix, private_key=felix_key, text="Still here.")
    assert text_of(kept, reader=world.mateo) is None
    felix = _client(world, "felix")
    page = felix.get(reverse("inventory:partnered", args=[kept.pk])).content.decode()
    assert "Mateo has set up a new key" in page
    # ...a person who checked with him does.
    assert felix.post(reverse("inventory:partnered_reopen", args=[kept.pk])).status_code == 302
    assert text_of(kept, reader=world.mateo) == "Let colleagues finish speaking."
    assert "Mateo has set up a new key" not in felix.get(reverse("inventory:partnered", args=[kept.pk])) \
        .content.decode()
    _refused("nothing_to_open", commitments.seal_renew, commitment=kept, user=world.felix, private_key=felix_key,
             reader="owner")


def test_a_partners_new_key_waits_for_the_man_to_open_it_to_him(world, extra):
    kept = extra["commitment"]
    personal_key_create(world.felix, password=PASSWORD)
    check_in(kept, world.mateo, outcome="kept")  # his next step does not seal it to the new key on its own
    assert text_of(kept, reader=world.felix) is None
    mateo = _client(world, "mateo")
    assert "Felix has set up a new key" in mateo.get(reverse("inventory:commitment", args=[kept.pk])).content.decode()
    _refused("not_yours", commitments.seal_renew, commitment=kept, user=world.felix, private_key=key_for(world.felix),
             reader="partner")
    assert mateo.post(reverse("inventory:partner_reopen", args=[kept.pk])).status_code == 302
    assert text_of(kept, reader=world.felix) == "Let colleagues finish speaking."


def test_a_facilitator_who_checked_with_him_opens_his_circle_commitments_to_his_new_key(world, extra):
    circle, held = extra["circle"], extra["circles"].held
    personal_key_create(world.mateo, password=PASSWORD)
    felix = _client(world, "felix")
    url = reverse("circles:session", args=[world.riverside.slug, circle.slug, held.pk])
    assert "set up a new key since their commitments" in felix.get(url).content.decode()
    reopen = reverse("circles:session_reopen", args=[world.riverside.slug, circle.slug, held.pk])
    assert felix.post(reopen, {"person": world.harry.pk}).status_code == 400  # not a man of this circle
    assert felix.post(reopen, {"person": world.mateo.pk}).status_code == 302
    assert text_of(extra["commitment"], reader=world.mateo) == "Let colleagues finish speaking."
    assert felix.post(reopen, {"person": world.mateo.pk}).status_code == 400  # nothing left to open


def test_leaving_the_circle_takes_its_seal_off_his_commitments(world, extra):
    from holdspace.circles.joining import membership_leave

    commitment = extra["commitment"]
    circle_key = circle_key_of(extra["circle"], facilitator=world.felix)
    old_key = sealing.commitment_key_open(commitment, private_key=circle_key)
    membership_leave(member=extra["circles"].member)
    commitment.refresh_from_db()
    assert commitment.seal_circle is None and commitment.rekey_due
    note = check_in(commitment, world.mateo, outcome="kept", note="After I left the circle.")
    assert sealing.commitment_key_open(Commitment.objects.get(pk=commitment.pk), private_key=circle_key) is None
    with pytest.raises(Exception):
        sealing.words_open(old_key, box=note.note_box)


def test_commitments_that_waited_under_the_servers_key_are_sealed_to_his_first_key(world):
    """What the migration leaves for a man who had no key: he makes one, and they are his alone."""
    key = new_data_key()
    waiting = Commitment.objects.create(owner=world.rosa, box=sealing.commitment_box(key, text="Older words."),
                                        check_in_every="week", escrow=sealing.escrow_wrap(key))
    personal_key_create(world.rosa, password=PASSWORD)
    waiting.refresh_from_db()
    assert waiting.escrow is None and text_of(waiting, reader=world.rosa) == "Older words."
    assert AuditEntry.objects.filter(action="personal_key.created").last().details["commitments_opened_to_him"] == 1


@pytest.mark.django_db(transaction=True)
def test_commitment_canaries_never_reach_the_database_in_the_clear(world, extra):
    words = {"text": "CANARY-CM-TEXT-91c0", "note": "CANARY-CM-NOTE-2d7f", "word": "CANARY-CM-WORD-5b3a",
             "address": "canary.partner.8e1d@example.org"}
    mateo, felix = _client(world, "mateo"), _client(world, "felix")
    mateo.post(reverse("inventory:commitments"), {"text": words["text"], "check_in_every": "week"})
    made = Commitment.objects.filter(owner=world.mateo).first()
    mateo.post(reverse("inventory:commitment", args=[made.pk]), {"outcome": "kept", "note": words["note"]})
    mateo.post(reverse("inventory:partner_invite", args=[made.pk]), {"email": words["address"]})
    felix.post(reverse("inventory:partnered_encourage", args=[extra["commitment"].pk]), {"text": words["word"]})
    page = mateo.get(reverse("inventory:commitment", args=[made.pk])).content.decode()
    assert words["text"] in page and words["note"] in page and words["address"] in page
    assert words["word"] in mateo.get(reverse("inventory:commitment", args=[extra["commitment"].pk])).content.decode()
    dump = _raw_database()
    assert b"Riverside" in dump  # the copy holds the data: the test could see a leak
    for name, word in words.items():
        for form in _forms(word):
            assert form not in dump, f"{name} canary found in the database copy"
    assert all(word not in str(entry.details) for entry in AuditEntry.objects.all() for word in words.values())


def test_an_invitation_link_opens_for_the_address_it_was_sent_to_and_its_secret_stays_locked(
        world, django_capture_on_commit_callbacks):
    from django.contrib.sessions.models import Session

    made = _made(world, text="Listen to the end.")
    with django_capture_on_commit_callbacks(execute=True):
        invited = partners.partner_invite(commitment=made, owner=world.mateo, private_key=key_for(world.mateo),
                                          email="Friend@Example.org")
    path = reverse("inventory:partner_link", args=[invited.token])
    # Rosa got hold of the link: it opens, but the invitation is not hers to accept.
    rosa = Client()
    rosa.get(path)
    assert not any(invited.token in str(row.get_decoded()) or invited.token in row.session_data
                   for row in Session.objects.all())  # the secret is locked in the session, its key in a cookie
    sign_in(rosa, world.rosa)
    key_for(world.rosa)
    unlock_case_key(rosa, world.rosa)
    refused = rosa.post(reverse("inventory:partner_invitation_accept"), follow=True)
    assert "sent to another email address" in refused.content.decode()
    made.refresh_from_db()
    assert made.partner_id is None
    # Without the cookie, the session alone opens nothing.
    cookieless = Client()
    cookieless.cookies = rosa.cookies
    del cookieless.cookies["hs_partner_link"]
    assert cookieless.get(reverse("inventory:partner_invitation")).status_code == 404
    # The man it was sent to accepts, whatever the case of the address.
    from holdspace.accounts.models import User

    friend = User.objects.create_user(email="friend@example.org", password=PASSWORD, display_name="Friend")
    key_for(friend)
    # Signed up with that address but never confirmed it: whoever holds a forwarded link could have.
    _refused("address_not_verified", partners.partner_accept, invitation=invited.invitation, user=friend,
             private_key=key_for(friend), token=invited.token)
    _refused("other_address", partners.partner_decline, invitation=invited.invitation, user=world.rosa,
             token=invited.token)  # the holder of a forwarded link cannot decline it for him either
    friend.email_verified_at = friend.date_joined
    friend.save(update_fields=["email_verified_at"])
    partners.partner_accept(invitation=invited.invitation, user=friend, private_key=key_for(friend),
                            token=invited.token)
    made.refresh_from_db()
    assert made.partner_id == friend.pk


def test_expired_invitations_drop_their_copy_of_the_key_and_the_words_move_on(world, extra, clock):
    alone = extra["alone"]
    key = sealing.commitment_key_open(alone, private_key=key_for(world.mateo))
    clock.shift(timedelta(days=partners.INVITATION_DAYS + 1))
    assert daily_upkeep_run()["partner_invitations_expired"] == 1
    invitation = PartnerInvitation.objects.get(pk=extra["partner_invitation"].pk)
    assert (invitation.status, invitation.key_sealed, invitation.token_hash) == ("expired", None, None)
    assert Commitment.objects.get(pk=alone.pk).rekey_due
    check_in(Commitment.objects.get(pk=alone.pk), world.mateo, outcome="kept")
    with pytest.raises(Exception):
        sealing.commitment_text(Commitment.objects.get(pk=alone.pk), key=key)
    assert text_of(alone, reader=world.mateo) == "I read one book by a woman each month."


def test_a_partner_confirms_and_encourages_only_while_the_commitment_runs(world, extra):
    commitment = extra["commitment"]
    Commitment.objects.filter(pk=commitment.pk).update(status="completed")
    _refused("ended", partners.check_in_confirm, check_in=extra["check_in"], user=world.felix)
    _refused("ended", partners.encouragement_leave, commitment=commitment, user=world.felix,
             private_key=key_for(world.felix), text="Well done.")


def test_a_step_sent_while_his_key_was_locked_returns_to_the_page_it_came_from(world, extra):
    mateo = sign_in(Client(), world.mateo)  # signed in, key locked
    commitment = extra["commitment"]
    response = mateo.post(reverse("inventory:commitment_end", args=[commitment.pk]), {"status": "released"})
    assert response.status_code == 302
    assert response["Location"] == reverse("keys:key") + "?next=" + reverse(
        "inventory:commitment", args=[commitment.pk]).replace("/", "%2F")
    felix = sign_in(Client(), world.felix)
    response = felix.post(reverse("inventory:partnered_encourage", args=[commitment.pk]), {"text": "Hi"})
    assert response["Location"].endswith(reverse("inventory:partnered", args=[commitment.pk]).replace("/", "%2F"))
    response = mateo.post(reverse("inventory:entry_delete", args=[extra["entry"].pk]), {"confirm": "on"})
    assert response["Location"].endswith(reverse("inventory:entry", args=[extra["entry"].pk]).replace("/", "%2F"))


def test_a_round_saved_after_the_circles_key_was_replaced_leaves_a_shared_commitment_alone(world, extra):
    from holdspace.circles import keys, sessions
    from holdspace.circles.models import CircleKey

    circle, held = extra["circle"], extra["circles"].held
    partners.encouragement_leave(commitment=extra["commitment"], user=world.felix, private_key=key_for(world.felix),
                                 text="Keep going.")
    CircleKey.objects.filter(circle=circle).delete()  # every holder of the circle's key made a new one
    new_circle_key = keys.circle_key_pair_new(circle, holder=world.felix)
    sessions.commitments_round(session=held, actor=world.felix, circle_key=new_circle_key,
                               commitments={world.mateo.pk: ("Written again.", "week")})
    assert text_of(extra["commitment"], reader=world.mateo) == "Let colleagues finish speaking."
    mateo, felix = _client(world, "mateo"), _client(world, "felix")
    assert mateo.get(reverse("inventory:commitment", args=[extra["commitment"].pk])).status_code == 200
    assert felix.get(reverse("inventory:partnered", args=[extra["commitment"].pk])).status_code == 200


def test_the_dashboard_says_what_waits_in_his_personal_work(world, extra, clock):
    felix = _client(world, "felix")
    assert "Someone asks you to be his accountability partner." in felix.get(reverse("site:dashboard")) \
        .content.decode()
    mateo = _client(world, "mateo")
    assert "is due" not in mateo.get(reverse("site:dashboard")).content.decode()
    clock.shift(timedelta(days=40))
    mateo = sign_in(Client(), world.mateo)  # a new sign-in: sessions end after hours idle
    assert "Check-ins on 2 of your commitments are due." in mateo.get(reverse("site:dashboard")).content.decode()


def test_a_co_facilitators_new_key_gets_the_circles_key_only_from_a_colleague_who_checked(world, extra):
    from holdspace.circles import keys
    from holdspace.circles.services import facilitator_add

    circle = extra["circle"]
    facilitator_add(circle=circle, user=world.rick, actor=world.felix)
    key_for(world.rick)  # his first key: Felix shares the circle's with it from the page that offers it
    felix = _client(world, "felix")
    session_url = reverse("circles:session", args=[world.riverside.slug, circle.slug, extra["circles"].held.pk])
    assert "Share the circle's key with 1 co-facilitator" in felix.get(session_url).content.decode()
    assert keys.circle_private_key(circle, user=world.rick, personal_key=key_for(world.rick)) is None  # a GET writes not
    share = reverse("circles:key_share", args=[world.riverside.slug, circle.slug])
    assert felix.post(share, {"next": session_url})["Location"] == session_url
    assert keys.circle_private_key(circle, user=world.rick, personal_key=key_for(world.rick)) is not None
    personal_key_create(world.rick, password=PASSWORD)  # e.g. after a password reset by someone in his mailbox
    assert "Share the circle's key with" not in felix.get(session_url).content.decode()  # not on its own
    assert felix.post(share, {"next": session_url}).status_code == 302  # refused: nobody waits for a first key
    assert keys.circle_private_key(circle, user=world.rick, personal_key=key_for(world.rick)) is None
    edit = reverse("circles:edit", args=[world.riverside.slug, circle.slug])
    assert "Share the circle's key with Rick's new key" in felix.get(edit).content.decode()
    share = reverse("circles:key_share_again", args=[world.riverside.slug, circle.slug])
    assert felix.post(share, {"person": world.mateo.pk}).status_code == 400  # not a facilitator here
    assert felix.post(share, {"person": world.rick.pk}).status_code == 302
    assert keys.circle_private_key(circle, user=world.rick, personal_key=key_for(world.rick)) is not None
    assert felix.post(share, {"person": world.rick.pk}).status_code == 400  # nothing left to share


def test_a_circles_new_key_pair_is_not_sealed_to_by_his_next_step(world, extra):
    from holdspace.circles import keys
    from holdspace.circles.models import CircleKey

    circle, commitment = extra["circle"], extra["commitment"]
    personal_key_create(world.felix, password=PASSWORD)  # the circle's only holder makes a new key pair...
    assert not CircleKey.objects.filter(circle=circle, dropped=False).exists()
    keys.circle_key_start(circle=circle, actor=world.felix, personal_key=key_for(world.felix))
    new_circle_key = keys.circle_private_key(circle, user=world.felix, personal_key=key_for(world.felix))
    assert new_circle_key is not None  # ...and starts a new one for the circle
    check_in(commitment, world.mateo, outcome="kept")
    assert sealing.commitment_key_open(Commitment.objects.get(pk=commitment.pk), private_key=new_circle_key) is None


def test_a_man_whose_first_key_was_replaced_before_his_round_commitment_reached_him_waits_for_a_person(world):
    from holdspace.circles import sessions

    circle = make_circle(world)
    admit(circle, world.harry)
    first, second = held_session(circle, days_ago=14), held_session(circle, days_ago=7)
    circle_key = circle_key_of(circle, facilitator=world.felix)
    sessions.attendance_record(session=first, present={world.harry.pk}, actor=world.felix)
    sessions.commitments_round(session=first, actor=world.felix, circle_key=circle_key,
                               commitments={world.harry.pk: ("Ask before I hug.", "session")})
    key_for(world.harry)  # his first key...
    personal_key_create(world.harry, password=PASSWORD)  # ...replaced before any round reached it
    sessions.attendance_record(session=second, present={world.harry.pk}, actor=world.felix)
    sessions.commitments_round(session=second, actor=world.felix, circle_key=circle_key, commitments={})
    assert text_of(world.harry.commitments.get(), reader=world.harry) is None  # not his new key on its own
    sessions.commitments_reopen_for(session=second, person_id=world.harry.pk, actor=world.felix,
                                    circle_key=circle_key)
    assert text_of(world.harry.commitments.get(), reader=world.harry) == "Ask before I hug."


def test_moving_to_a_fresh_key_carries_a_members_invitation_and_withdraws_a_links(world, extra,
                                                                                    django_capture_on_commit_callbacks):
    from holdspace.circles.joining import membership_leave

    alone = extra["alone"]  # Mateo's invitation to Felix, sealed to Felix's key, waits
    by_mail = _made(world, text="Call my mother on Sundays.")
    invited = partners.partner_invite(commitment=by_mail, owner=world.mateo, private_key=key_for(world.mateo),
                                      email="friend@example.org")
    for commitment in (alone, by_mail):
        Commitment.objects.filter(pk=commitment.pk).update(rekey_due=True)
        check_in(Commitment.objects.get(pk=commitment.pk), world.mateo, outcome="kept")
    assert PartnerInvitation.objects.get(pk=invited.invitation.pk).status == "withdrawn"
    accepted = partners.partner_accept(invitation=PartnerInvitation.objects.get(pk=extra["partner_invitation"].pk),
                                       user=world.felix, private_key=key_for(world.felix))
    assert text_of(accepted, reader=world.felix) == "I read one book by a woman each month."
    assert _client(world, "felix").get(reverse("inventory:partnered", args=[alone.pk])).status_code == 200
    membership_leave(member=extra["circles"].member)  # not his circle's business any more: nothing breaks


def test_a_man_who_left_the_circle_gets_no_commitment_from_its_round(world, extra):
    from holdspace.circles import sessions
    from holdspace.circles.joining import membership_leave

    held = extra["circles"].held
    membership_leave(member=extra["circles"].member)
    _refused("left_circle", sessions.commitments_round, session=held, actor=world.felix,
             circle_key=circle_key_of(extra["circle"], facilitator=world.felix),
             commitments={world.mateo.pk: ("Something new.", "week")})


def test_a_session_cookie_no_session_could_have_is_a_stranger_not_an_error(world):
    client = Client()
    client.cookies["sessionid"] = "\x00" * 32
    assert client.get(reverse("site:landing")).status_code == 200
    assert client.get(reverse("site:dashboard")).status_code == 302
