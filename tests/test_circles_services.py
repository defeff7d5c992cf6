"""Circles' rules, tested on the services: joining, agreements, agendas, attendance,
commitments, feedback, the circle's key and the room's figures."""
import base64
from datetime import timedelta

import pytest
from django.utils import timezone

from holdspace.circles import feedback, joining, keys, room, sessions
from holdspace.circles.models import AgendaItem, CircleKey, CircleMember, Exercise, FeedbackTally
from holdspace.circles.selectors import roster_of
from holdspace.circles.services import facilitator_add, facilitator_remove
from holdspace.inventory.models import Commitment
from holdspace.inventory.selectors import commitments_open
from holdspace.keys.services import personal_key_create
from holdspace.organisations.models import Membership, Role
from holdspace.web.refusals import Refusal
from tests.circles_helpers import (
    admit,
    ask,
    check_in,
    circle_key_of,
    held_session,
    key_for,
    make_circle,
    round_save,
    text_of,
)
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

Status = CircleMember.Status


def _share(circle, *, holder):
    """A holder of the circle's key, his own unlocked, shares it with co-facilitators who wait for it."""
    return keys.circle_keys_share(circle=circle, circle_key=circle_key_of(circle, facilitator=holder), actor=holder)


def _soon(days=3):
    return sessions.SessionDetails(starts_at=timezone.now() + timedelta(days=days), duration_minutes=180)


def test_a_new_circle_has_its_key_its_facilitator_and_the_default_agreements(world):
    circle = make_circle(world)
    assert list(circle.facilitators.all()) == [world.felix]
    assert circle.public_key and CircleKey.objects.filter(circle=circle, user=world.felix).exists()
    agreements = joining.current_agreements(circle)
    assert agreements.number == circle.agreements_version == 1
    assert agreements.items[0]["title"] == "Confidentiality and its limits"
    spanish = make_circle(world, name="Círculo en español", language="es")
    assert joining.current_agreements(spanish).items[0]["title"] == "Confidencialidad y sus límites"


def test_only_a_facilitator_of_the_organisation_starts_or_joins_the_facilitation_of_a_circle(world):
    key_for(world.mateo)
    with pytest.raises(Refusal) as refused:
        make_circle(world, facilitator=world.mateo)
    assert refused.value.code == "not_a_facilitator"
    circle = make_circle(world)
    with pytest.raises(Refusal) as refused:
        facilitator_add(circle=circle, user=world.mateo, actor=world.felix)
    assert refused.value.code == "not_a_facilitator"
    facilitator_add(circle=circle, user=world.rick, actor=world.felix)
    key_for(world.rick)
    _share(circle, holder=world.felix)  # shares it with Rick
    facilitator_remove(circle=circle, user=world.felix, actor=world.felix)
    with pytest.raises(Refusal) as refused:
        facilitator_remove(circle=circle, user=world.rick, actor=world.rick)
    assert refused.value.code == "last_facilitator"


def test_asking_to_join_records_the_intake_and_refuses_a_duplicate(world):
    circle = make_circle(world)
    member = ask(circle, world.mateo, reasons=("trauma", "connecting"), words="I want to stop drifting.")
    assert member.status == Status.ASKED
    assert member.agreements_accepted == circle.agreements_version
    assert b"drifting" not in bytes(member.intake_sealed) and b"trauma" not in bytes(member.intake_sealed)
    circle_key = keys.circle_private_key(circle, user=world.felix, personal_key=key_for(world.felix))
    # In the listed order, whatever order they came in; readable only with the circle's key.
    assert joining.intake_open(circle_key, sealed=member.intake_sealed) == (["connecting", "trauma"],
                                                                          "I want to stop drifting.")
    assert joining.intake_open(key_for(world.hana), sealed=member.intake_sealed) is None
    with pytest.raises(Refusal) as refused:
        ask(circle, world.mateo)
    assert refused.value.code == "duplicate"
    with pytest.raises(Refusal) as refused:
        joining.join_ask(circle=circle, user=world.harry, intake=joining.Intake(reasons=("growth",)))
    assert refused.value.code == "agreements"
    with pytest.raises(Refusal) as refused:
        ask(circle, world.felix)
    assert refused.value.code == "facilitator"
    with pytest.raises(Refusal) as refused:
        ask(circle, world.harry, reasons=("conquest",))
    assert refused.value.code == "unknown_reason"
    with pytest.raises(Refusal) as refused:  # he read an older version of the agreements
        joining.join_ask(circle=circle, user=world.harry, intake=joining.Intake(
            reasons=("growth",), accepts_agreements=True, agreements_version=circle.agreements_version - 1))
    assert refused.value.code == "stale_agreements"


def test_a_full_circle_takes_men_only_onto_its_waiting_list(world):
    circle = make_circle(world, capacity=2)
    admit(circle, world.mateo)
    admit(circle, world.harry)
    with pytest.raises(Refusal) as refused:
        ask(circle, world.rosa)
    assert refused.value.code == "full"
    waiting = ask(circle, world.rosa, waiting_list_ok=True)
    assert waiting.status == Status.WAITING
    with pytest.raises(Refusal) as refused:
        joining.join_decide(member=waiting, decision=joining.Decision.ACCEPT, message="", actor=world.felix)
    assert refused.value.code == "no_place"
    joining.membership_leave(member=CircleMember.objects.get(circle=circle, user=world.harry))
    joining.join_decide(member=waiting, decision=joining.Decision.ACCEPT, message="A place opened.", actor=world.felix)
    assert CircleMember.objects.get(pk=waiting.pk).status == Status.MEMBER


def test_declining_or_leaving_deletes_what_he_wrote_and_he_may_ask_again(world):
    circle = make_circle(world)
    member = ask(circle, world.rosa, words="Something personal.")
    joining.join_decide(member=member, decision=joining.Decision.DECLINE,
                        message="This group is for men; here is a women's circle nearby.", actor=world.felix)
    member.refresh_from_db()
    assert member.status == Status.DECLINED and member.intake_sealed is None
    assert member.decision_message.startswith("This group is for men")
    again = ask(circle, world.rosa)
    assert again.status == Status.ASKED and again.decision_message == ""
    joining.membership_leave(member=again)
    again.refresh_from_db()
    assert again.status == Status.LEFT and again.intake_sealed is None


def test_changed_agreements_are_accepted_again_and_a_stale_page_cannot_accept_them(world):
    circle = make_circle(world)
    member = admit(circle, world.mateo)
    assert not member.must_reaccept
    items = joining.current_agreements(circle).items + [{"title": "Phones away", "text": "Phones stay in bags."}]
    version = joining.agreements_amend(circle=circle, items=items, change_note="Agreed on 3 March", actor=world.felix)
    assert version.number == 2 and version.items[-1]["title"] == "Phones away"
    member = CircleMember.objects.select_related("circle").get(pk=member.pk)
    assert member.must_reaccept
    with pytest.raises(Refusal) as refused:
        joining.agreements_accept(member=member, version=1)
    assert refused.value.code == "stale"
    joining.agreements_accept(member=member, version=2)
    assert not CircleMember.objects.select_related("circle").get(pk=member.pk).must_reaccept
    with pytest.raises(Refusal) as refused:
        joining.agreements_amend(circle=circle, items=[{"title": " ", "text": "x"}], change_note="", actor=world.felix)
    assert refused.value.code == "no_agreements"


def test_the_agenda_fits_the_session_and_the_template_fills_three_hours(world):
    circle = make_circle(world)
    with pytest.raises(Refusal) as refused:
        sessions.session_plan(circle=circle, actor=world.felix, details=sessions.SessionDetails(
            starts_at=timezone.now() - timedelta(hours=1), duration_minutes=180))
    assert refused.value.code == "past"
    session = sessions.session_plan(circle=circle, details=_soon(), actor=world.felix)
    circle.refresh_from_db()
    assert circle.next_session_at == session.starts_at
    sessions.agenda_from_template(session=session, actor=world.felix)
    assert sessions.agenda_minutes(session) == 180
    with pytest.raises(Refusal) as refused:
        sessions.agenda_from_template(session=session, actor=world.felix)
    assert refused.value.code == "not_empty"
    extra = Exercise.objects.get(key="closing-round")
    with pytest.raises(Refusal) as refused:
        sessions.agenda_add(session=session, exercise=extra, minutes=5, actor=world.felix)
    assert refused.value.code == "agenda_over" and refused.value.details == {"planned": 185, "length": 180}
    first, second = list(AgendaItem.objects.filter(session=session))[:2]
    with pytest.raises(Refusal) as refused:
        sessions.agenda_item_minutes(item=first, minutes=first.minutes + 1, actor=world.felix)
    assert refused.value.code == "agenda_over"
    sessions.agenda_item_minutes(item=first, minutes=first.minutes - 5, actor=world.felix)
    sessions.agenda_add(session=session, exercise=extra, minutes=5, actor=world.felix)
    sessions.agenda_item_move(item=second, direction=-1, actor=world.felix)
    order = list(AgendaItem.objects.filter(session=session).values_list("pk", flat=True))
    assert order[:2] == [second.pk, first.pk] and len(order) == 9
    sessions.agenda_item_move(item=second, direction=-1, actor=world.felix)  # already first: nothing moves
    assert list(AgendaItem.objects.filter(session=session).values_list("pk", flat=True)) == order
    sessions.agenda_item_remove(item=second, actor=world.felix)
    with pytest.raises(Refusal) as refused:
        sessions.session_update(session=session, actor=world.felix, details=sessions.SessionDetails(
            starts_at=session.starts_at, duration_minutes=120))
    assert refused.value.code == "agenda_over"


def test_attendance_and_the_commitments_round_land_in_each_mans_commitments(world):
    circle = make_circle(world)
    admit(circle, world.mateo)
    admit(circle, world.harry)
    upcoming = sessions.session_plan(circle=circle, details=_soon(days=5), actor=world.felix)
    with pytest.raises(Refusal) as refused:
        sessions.attendance_record(session=upcoming, present={world.mateo.pk}, actor=world.felix)
    assert refused.value.code == "not_started"
    held = held_session(circle)
    with pytest.raises(Refusal) as refused:
        sessions.attendance_record(session=held, present={world.rosa.pk}, actor=world.felix)
    assert refused.value.code == "not_a_member"
    with pytest.raises(Refusal) as refused:
        round_save(held, {world.mateo.pk: ("x", "week")}, actor=world.felix)
    assert refused.value.code == "no_attendance"
    sessions.attendance_record(session=held, present={world.mateo.pk}, actor=world.felix)
    with pytest.raises(Refusal) as refused:
        round_save(held, {world.harry.pk: ("x", "week")}, actor=world.felix)
    assert refused.value.code == "not_marked_present"
    round_save(held, {world.mateo.pk: ("Ask before I hug.", "week")}, actor=world.felix)
    commitment = world.mateo.commitments.get()
    assert (text_of(commitment, reader=world.mateo), commitment.check_in_every, commitment.source_session) == (
        "Ask before I hug.", "week", held)
    round_save(held, {world.mateo.pk: ("Ask before I hug anyone.", "session")}, actor=world.felix)
    assert text_of(world.mateo.commitments.get(), reader=world.mateo) == "Ask before I hug anyone."
    round_save(held, {world.mateo.pk: ("", "session")}, actor=world.felix)
    assert not world.mateo.commitments.exists()


def test_at_the_next_session_the_facilitator_sees_each_mans_check_ins(world):
    circle = make_circle(world)
    admit(circle, world.mateo)
    admit(circle, world.harry)
    earlier = held_session(circle, days_ago=30)
    sessions.attendance_record(session=earlier, present={world.mateo.pk, world.harry.pk}, actor=world.felix)
    round_save(earlier, {
        world.mateo.pk: ("Let women finish speaking.", "week"), world.harry.pk: ("Call my father.", "month")}, actor=world.felix)
    mateo = world.mateo.commitments.get()
    check_in(mateo, world.mateo, outcome="kept", note="Twice in meetings.")
    with pytest.raises(Refusal) as refused:
        check_in(mateo, world.harry, outcome="kept")
    assert refused.value.code == "not_yours"
    now = sessions.session_plan(circle=circle, details=_soon(days=1), actor=world.felix)
    lines = {line.member.user_id: line for line in roster_of(now)}
    commitments_open(lines[world.mateo.pk].earlier, private_key=circle_key_of(circle, facilitator=world.felix),
                     check_ins="recent_check_ins")
    assert [c.text for c in lines[world.mateo.pk].earlier] == ["Let women finish speaking."]
    assert [c.note for c in lines[world.mateo.pk].earlier[0].recent_check_ins] == ["Twice in meetings."]
    assert lines[world.harry.pk].earlier[0].recent_check_ins == []
    Commitment.objects.filter(pk=mateo.pk).update(status=Commitment.Status.COMPLETED)  # he marked it done
    with pytest.raises(Refusal) as refused:
        check_in(Commitment.objects.get(pk=mateo.pk), world.mateo, outcome="kept")
    assert refused.value.code == "ended"
    assert not {line.member.user_id: line for line in roster_of(now)}[world.mateo.pk].earlier


def test_feedback_is_anonymous_given_once_and_shown_only_when_closed_and_from_three_answers(world):
    circle = make_circle(world)
    men = [world.mateo, world.harry, world.rosa, world.priya]
    for man in men:
        admit(circle, man)
    held = held_session(circle, days_ago=1)
    sessions.attendance_record(session=held, present={m.pk for m in men[:3]}, actor=world.felix)
    assert feedback.feedback_open_to(held, user=world.priya) == "not_present"
    circle_key = keys.circle_private_key(circle, user=world.felix, personal_key=key_for(world.felix))
    after = held.starts_at + timedelta(days=feedback.FEEDBACK_DAYS, minutes=1)
    feedback.feedback_give(session=held, user=world.mateo, felt_safe="yes", honest="partly", change="Longer breaks")
    with pytest.raises(Refusal) as refused:
        feedback.feedback_give(session=held, user=world.mateo, felt_safe="yes", honest="yes", change="")
    assert refused.value.code == "given"
    feedback.feedback_give(session=held, user=world.harry, felt_safe="partly", honest="yes", change="")
    assert not feedback.feedback_summary(held, circle_key=circle_key, now=after).shown  # two answers: too few
    feedback.feedback_give(session=held, user=world.rosa, felt_safe="yes", honest="yes", change="More role-play")
    while_open = feedback.feedback_summary(held, circle_key=circle_key)
    assert not while_open.shown and while_open.open_until == feedback.closes_at(held)
    assert while_open.felt_safe == {} and while_open.changes == [] and while_open.answers == 0
    shown = feedback.feedback_summary(held, circle_key=circle_key, now=after)
    assert shown.shown and shown.answers == 3 and shown.felt_safe == {"yes": 2, "partly": 1, "no": 0}
    assert shown.honest == {"yes": 2, "partly": 1, "no": 0}
    assert sorted(shown.changes) == ["Longer breaks", "More role-play"]
    assert feedback.feedback_summary(held, now=after).changes == []  # without the key, counts only
    # No row holds one man's answer: only counts, and sealed words in no particular order.
    tally = FeedbackTally.objects.get(session=held)
    assert {f.name for f in FeedbackTally._meta.get_fields()} == {"id", "session", "answers", "felt_safe",
                                                                  "honest", "changes"}
    assert all(b"breaks" not in base64.b64decode(box) for box in tally.changes)
    with pytest.raises(Refusal) as refused:
        feedback.feedback_give(session=held, user=world.mateo, felt_safe="yes", honest="yes", change="", now=after)
    assert refused.value.code in {"closed", "given"}
    upcoming = sessions.session_plan(circle=circle, details=_soon(), actor=world.felix)
    assert feedback.feedback_open_to(upcoming, user=world.mateo) == "not_yet"


def test_without_attendance_only_men_who_had_joined_by_then_give_feedback(world):
    circle = make_circle(world)
    admit(circle, world.mateo)
    held = held_session(circle, days_ago=2)
    admit(circle, world.harry, since_days=0)  # joined after the session
    assert feedback.feedback_open_to(held, user=world.mateo) is None
    assert feedback.feedback_open_to(held, user=world.harry) == "not_present"
    assert [line.member.user_id for line in roster_of(held)] == [world.mateo.pk]
    with pytest.raises(Refusal) as refused:
        sessions.attendance_record(session=held, present={world.harry.pk}, actor=world.felix)
    assert refused.value.code == "not_a_member"


def test_only_the_circles_facilitators_keys_open_what_men_wrote(world):
    circle = make_circle(world)
    member = ask(circle, world.mateo, words="Words for the facilitators only.")
    felix_key = key_for(world.felix)
    circle_key = keys.circle_private_key(circle, user=world.felix, personal_key=felix_key)
    assert joining.intake_open(circle_key, sealed=member.intake_sealed)[1] == "Words for the facilitators only."
    # A handler's key, or anyone else's, opens nothing.
    hana_key = key_for(world.hana)
    assert keys.circle_private_key(circle, user=world.hana, personal_key=hana_key) is None
    # A co-facilitator receives the circle's key when a colleague who holds it shares it.
    facilitator_add(circle=circle, user=world.rick, actor=world.felix)
    rick_key = key_for(world.rick)
    assert keys.circle_private_key(circle, user=world.rick, personal_key=rick_key) is None
    assert _share(circle, holder=world.felix) == 1
    shared = keys.circle_private_key(circle, user=world.rick, personal_key=rick_key)
    assert joining.intake_open(shared, sealed=member.intake_sealed)[1] == "Words for the facilitators only."
    # Losing the facilitator role drops his copy.
    Membership.objects.filter(user=world.rick, organisation=world.riverside, role=Role.FACILITATOR).delete()
    from holdspace.circles.services import facilitators_drop_for

    facilitators_drop_for(organisation=world.riverside, user=world.rick)
    assert not CircleKey.objects.filter(circle=circle, user=world.rick).exists()


def test_a_new_key_pair_drops_the_old_circle_keys_and_a_lone_holder_starts_a_new_one(world):
    circle = make_circle(world)
    before = ask(circle, world.mateo, words="Sealed to the first key.")
    personal_key_create(world.felix, password=PASSWORD)  # he lost his password and his recovery code
    assert not CircleKey.objects.filter(circle=circle, dropped=False).exists()  # his copy opens nothing now
    new_key = key_for(world.felix)
    assert keys.circle_key_open(circle, user=world.felix, personal_key=new_key).nobody_holds
    assert keys.circle_key_start(circle=circle, actor=world.felix, personal_key=new_key) == 0  # nobody waits
    circle_key = keys.circle_private_key(circle, user=world.felix, personal_key=new_key)
    circle.refresh_from_db()
    assert circle_key is not None and bytes(circle_key.public_key) == bytes(circle.public_key)
    assert joining.intake_open(circle_key, sealed=before.intake_sealed) is None  # stays locked, never readable
    after = ask(circle, world.harry, words="Sealed to the new key.")
    assert joining.intake_open(circle_key, sealed=after.intake_sealed)[1] == "Sealed to the new key."


def test_the_room_counts_reasons_attendance_and_commitments_kept(world):
    circle = make_circle(world)
    admit(circle, world.mateo, reasons=("connecting", "trauma"))
    admit(circle, world.harry, reasons=("connecting",))
    ask(circle, world.rosa, reasons=("education",))
    declined = ask(circle, world.priya, reasons=("validation",))
    joining.join_decide(member=declined, decision="decline", message="", actor=world.felix)
    circle_key = keys.circle_private_key(circle, user=world.felix, personal_key=key_for(world.felix))
    mix = dict(room.reasons_mix(circle, circle_key=circle_key))
    assert mix["Connecting with other men"] == 2 and mix["Processing trauma"] == 1 and mix["Education"] == 1
    assert mix["Experiencing validation"] == 0  # declined men's reasons are not counted
    assert room.reasons_mix(circle, circle_key=circle_key)[0] == ("Connecting with other men", 2)
    assert room.reasons_mix(circle, circle_key=None) is None  # sealed with each intake: nothing without the key
    first, second = held_session(circle, days_ago=14), held_session(circle, days_ago=7)
    sessions.attendance_record(session=first, present={world.mateo.pk, world.harry.pk}, actor=world.felix)
    sessions.attendance_record(session=second, present={world.mateo.pk}, actor=world.felix)
    sessions.session_plan(circle=circle, details=_soon(), actor=world.felix)  # not held: not counted
    assert [(s.pk, n) for s, n in room.attendance_over_time(circle)] == [(first.pk, 2), (second.pk, 1)]
    round_save(first, {
        world.mateo.pk: ("One", "week"), world.harry.pk: ("Two", "week")}, actor=world.felix)
    mateo, harry = world.mateo.commitments.get(), world.harry.commitments.get()
    check_in(mateo, world.mateo, outcome="not_yet")
    check_in(mateo, world.mateo, outcome="kept")  # the latest counts
    kept = room.commitments_kept(circle)
    assert (kept.made, kept.with_check_in, kept.kept, kept.kept_share) == (2, 1, 1, 100)
    check_in(harry, world.harry, outcome="partly")
    assert room.commitments_kept(circle).kept_share == 50


def test_a_sessions_roster_holds_only_its_own_circles_current_men_and_bounded_check_ins(world):
    mine = make_circle(world)
    other = make_circle(world, name="Another circle")
    admit(mine, world.mateo)
    admit(mine, world.rosa)
    admit(other, world.harry)
    earlier = held_session(mine, days_ago=20)
    sessions.attendance_record(session=earlier, present={world.mateo.pk, world.rosa.pk}, actor=world.felix)
    round_save(earlier, {
        world.mateo.pk: ("One", "week"), world.rosa.pk: ("Two", "week")}, actor=world.felix)
    held = held_session(mine, days_ago=10)
    mateo = world.mateo.commitments.get()
    before = check_in(mateo, world.mateo, outcome="kept", note="before")
    after = check_in(mateo, world.mateo, outcome="kept", note="after")
    from holdspace.inventory.models import CommitmentCheckIn

    CommitmentCheckIn.objects.filter(pk=before.pk).update(at=held.starts_at - timedelta(days=2))
    check_in(world.rosa.commitments.get(), world.rosa, outcome="partly", note="hers")
    joining.membership_leave(member=CircleMember.objects.get(circle=mine, user=world.rosa))
    lines = {line.member.user_id: line for line in roster_of(held)}
    assert set(lines) == {world.mateo.pk}  # Harry is in another circle; Rosa left
    commitments_open(lines[world.mateo.pk].earlier, private_key=circle_key_of(mine, facilitator=world.felix),
                     check_ins="recent_check_ins")
    assert [c.note for c in lines[world.mateo.pk].earlier[0].recent_check_ins] == ["before"]  # not "after" it
    assert after.note_box is not None
    at_earlier = {line.member.user_id for line in roster_of(earlier)}
    assert at_earlier == {world.mateo.pk, world.rosa.pk}  # she was there: the record stays
    assert roster_of(earlier)[0].earlier == [] and all(not line.earlier for line in roster_of(earlier))


def test_the_round_no_longer_changes_a_commitment_he_checked_in_on(world):
    circle = make_circle(world)
    admit(circle, world.mateo)
    held = held_session(circle, days_ago=1)
    sessions.attendance_record(session=held, present={world.mateo.pk}, actor=world.felix)
    round_save(held, {world.mateo.pk: ("Mine", "week")}, actor=world.felix)
    check_in(world.mateo.commitments.get(), world.mateo, outcome="kept")
    round_save(held, {world.mateo.pk: ("Changed", "week")}, actor=world.felix)
    round_save(held, {world.mateo.pk: ("", "week")}, actor=world.felix)
    assert text_of(world.mateo.commitments.get(), reader=world.mateo) == "Mine"


def test_removing_the_only_holder_of_the_circles_key_is_refused(world):
    circle = make_circle(world)
    facilitator_add(circle=circle, user=world.rick, actor=world.felix)
    with pytest.raises(Refusal) as refused:
        facilitator_remove(circle=circle, user=world.felix, actor=world.rick)
    assert refused.value.code == "only_key_holder" and refused.value.details == {"name": world.felix.display_name}
    with pytest.raises(Refusal) as refused:
        _share(circle, holder=world.felix)  # Rick has no key yet
    assert refused.value.code == "nobody_waiting"
    with pytest.raises(Refusal) as refused:
        facilitator_remove(circle=circle, user=world.felix, actor=world.rick)
    assert refused.value.code == "only_key_holder"
    rick_key = key_for(world.rick)
    _share(circle, holder=world.felix)
    assert keys.circle_private_key(circle, user=world.rick, personal_key=rick_key) is not None
    facilitator_remove(circle=circle, user=world.felix, actor=world.rick)
    assert keys.circles_only_openable_by(world.rick) == [circle]


def test_losing_the_facilitator_role_ends_facilitation_and_drops_the_key(world):
    from holdspace.organisations.services import roles_set

    circle = make_circle(world)
    facilitator_add(circle=circle, user=world.rick, actor=world.felix)
    key_for(world.rick)
    _share(circle, holder=world.felix)
    assert CircleKey.objects.filter(circle=circle, user=world.rick).exists()
    roles_set(organisation=world.riverside, user=world.rick, roles={Role.MEMBER}, actor=world.ada)
    assert not circle.facilitators.filter(pk=world.rick.pk).exists()
    assert not CircleKey.objects.filter(circle=circle, user=world.rick).exists()


def test_mails_say_that_there_is_news_and_nothing_of_what_was_written(world, mailoutbox,
                                                                        django_capture_on_commit_callbacks):
    circle = make_circle(world)
    with django_capture_on_commit_callbacks(execute=True):
        member = ask(circle, world.mateo, reasons=("trauma",), words="My uncle hit me as a boy.")
    assert [m.to for m in mailoutbox] == [[world.felix.email]]
    told = mailoutbox[0]
    assert "Tuesday men's group" in told.subject
    assert f"/organisations/{world.riverside.slug}/circles/{circle.slug}/" in told.body
    for secret in ("uncle", "Mateo", "trauma", "Processing"):
        assert secret not in told.subject + told.body
    with django_capture_on_commit_callbacks(execute=True):
        joining.join_decide(member=member, decision="decline", message="Try the Thursday group.", actor=world.felix)
    answer = mailoutbox[1]
    assert answer.to == [world.mateo.email] and "/my-circles/" in answer.body
    assert "Thursday" not in answer.body  # the answer itself is read on Holdspace


def test_every_refusal_of_circles_and_inventory_has_its_words():
    """Each code a circles or inventory module refuses with, and each reason feedback_open_to gives, is in the
    map of the views that show it; the round's codes from the inventory's service are in the circles' map too."""
    import re
    from pathlib import Path

    from holdspace.circles.refusals import REFUSALS as CIRCLES
    from holdspace.inventory.refusals import REFUSALS as INVENTORY

    root = Path(__file__).resolve().parent.parent / "holdspace"

    def codes(folder: str) -> set[str]:
        return {code for path in (root / folder).rglob("*.py")
                for code in re.findall(r'Refusal\(\s*"(\w+)"', path.read_text())}

    circles, inventory = codes("circles"), codes("inventory")
    assert {"agenda_over", "only_key_holder", "gone", "stale"} <= circles and {"ended", "not_yours"} <= inventory
    given = set(re.findall(r'return "(\w+)"', (root / "circles/feedback.py").read_text()))
    assert given == {"not_yet", "closed", "not_present", "given"}
    assert circles | given <= set(CIRCLES)
    assert inventory <= set(INVENTORY)
    assert CIRCLES["unknown_every"] == INVENTORY["unknown_every"]  # what commitments_record refuses a round with
