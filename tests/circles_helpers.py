"""Circles the tests share: a circle run by Felix, with members, a request, sessions and commitments."""
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from holdspace.accounts.models import User
from holdspace.circles import joining, library, sessions
from holdspace.circles.keys import circle_private_key
from holdspace.circles.models import Circle, CircleMember, CircleSession, Exercise
from holdspace.circles.services import CircleDetails, circle_create
from holdspace.inventory.commitments import commitment_check_in
from holdspace.inventory.sealing import commitment_key_open, commitment_text
from holdspace.keys.selectors import personal_key_exists
from holdspace.keys.services import personal_key_create, personal_key_unlock
from tests.conftest import PASSWORD

INTAKE_CANARY = "CANARY-INTAKE-5e1c"


@dataclass
class CircleWorld:
    circle: Circle
    member: CircleMember  # Mateo, a member
    request: CircleMember  # Rosa, asking to join
    held: CircleSession  # a session last week, Mateo present, with his commitment
    coming: CircleSession  # next week's session
    exercise: Exercise  # Felix's own exercise, shared with Riverside


def key_for(user):
    """Give a person a key pair (if he has none) and return it unlocked."""
    if not personal_key_exists(user):
        personal_key_create(user, password=PASSWORD)
    return personal_key_unlock(user, password=PASSWORD)


def make_circle(world, *, name="Tuesday men's group", facilitator=None, capacity=10, **fields) -> Circle:
    facilitator = facilitator or world.felix
    key_for(facilitator)
    details = {"name": name, "kind": Circle.Kind.GROUP, "city": "Riverside", "schedule": "every Tuesday, 2 hours",
               "capacity": capacity, **fields}
    return circle_create(organisation=world.riverside, details=CircleDetails(**details), actor=facilitator)


def ask(circle, user, *, reasons=("connecting", "treating_women"), words="", waiting_list_ok=False):
    return joining.join_ask(circle=circle, user=user, intake=joining.Intake(
        reasons=tuple(reasons), in_his_words=words, accepts_agreements=True, waiting_list_ok=waiting_list_ok))


def admit(circle, user, *, since_days=60, **intake):
    """Ask and accept, as if he had joined `since_days` ago (before the sessions the tests hold)."""
    member = ask(circle, user, **intake)
    member = joining.join_decide(member=member, decision=joining.Decision.ACCEPT, message="Welcome.",
                                 actor=circle.facilitators.first())
    CircleMember.objects.filter(pk=member.pk).update(decided_at=timezone.now() - timedelta(days=since_days))
    member.refresh_from_db()
    return member


def held_session(circle, *, days_ago=7, actor=None) -> CircleSession:
    """A session in the past (planned as if beforehand)."""
    return CircleSession.objects.create(circle=circle, starts_at=timezone.now() - timedelta(days=days_ago),
                                        duration_minutes=180, place="Community hall, room 2")


def circle_world(world) -> CircleWorld:
    circle = make_circle(world, name="Tuesday men's group")
    member = admit(circle, world.mateo, words=f"{INTAKE_CANARY} I want to listen better.")
    request = ask(circle, world.rosa, reasons=("education",), words="I have never talked about this.")
    held = held_session(circle)
    sessions.attendance_record(session=held, present={world.mateo.pk}, actor=world.felix)
    key_for(world.mateo)  # his commitment is sealed to his own key
    round_save(held, {world.mateo.pk: ("Let colleagues finish speaking.", "week")}, actor=world.felix)
    coming = sessions.session_plan(circle=circle, details=sessions.SessionDetails(
        starts_at=timezone.now() + timedelta(days=7), duration_minutes=180, place="Community hall, room 2"),
        actor=world.felix)
    exercise = library.exercise_create(organisation=world.riverside, actor=world.felix, draft=library.ExerciseDraft(
        title="Letters never sent", kind="reflection", duration_minutes=25, language="en",
        purpose="Write to someone you hurt, without sending it.", materials="Paper",
        steps="Explain the exercise\nWrite for fifteen minutes\nShare one sentence, or pass", notes="Nobody reads aloud.",
        shared=True))
    member.refresh_from_db()
    return CircleWorld(circle, member, request, held, coming, exercise)


def circle_key_of(circle, *, facilitator):
    """The circle's private key, as a facilitator with his own key unlocked opens it."""
    return circle_private_key(circle, user=facilitator, personal_key=key_for(facilitator))


def round_save(session, commitments, *, actor):
    """The commitments round saved by a facilitator whose key is unlocked, as the session page does; the men
    have set up their own keys before (a round for a man without one is tested on its own)."""
    for user_id in commitments:
        key_for(User.objects.get(pk=user_id))
    return sessions.commitments_round(session=session, commitments=commitments, actor=actor,
                                      circle_key=circle_key_of(session.circle, facilitator=actor))


def check_in(commitment, user, **fields):
    """A man checks in with his key unlocked."""
    return commitment_check_in(commitment=commitment, user=user, private_key=key_for(user), **fields)


def text_of(commitment, *, reader) -> str | None:
    """What a commitment says, opened with the reader's own key (None when it is not sealed to him)."""
    commitment.refresh_from_db()
    key = commitment_key_open(commitment, private_key=key_for(reader))
    return commitment_text(commitment, key=key) if key is not None else None


def make_steward(world, person=None):
    """Give a person of Riverside the steward role (Otto by default: he has a key and signs in with two steps)."""
    from holdspace.organisations.models import Membership, Role

    person = person or world.otto
    Membership.objects.get_or_create(user=person, organisation=world.riverside, role=Role.STEWARD)
    key_for(person)
    return person


SAFETY_CANARY = "CANARY-SAFETY-9b3f"


def safety_concern(world, circles, *, raiser=None, about=None, urgent=False, told=False, steward=None):
    """A concern Felix raised from the held session about Mateo (by default), with Otto as steward; `told`: the
    steward acknowledged it and told Mateo."""
    from holdspace.circles import safety

    steward = make_steward(world, steward)
    about = world.mateo if about is None else about
    concern = safety.safety_concern_raise(
        circle=circles.circle, session=circles.held, raiser=raiser or world.felix,
        what=f"{SAFETY_CANARY} He said he would wait for her after work.", about_id=about.pk if about else None,
        urgent=urgent)
    if told:
        safety.safety_concern_acknowledge(concern=concern, actor=steward)
        data_key = safety.safety_data_key(concern, user=steward, private_key=key_for(steward))
        safety.safety_concern_tell(concern=concern, actor=steward, data_key=data_key,
                                   message="Please meet me before the next session.")
        concern.refresh_from_db()
    return concern
