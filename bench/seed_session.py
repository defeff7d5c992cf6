"""Run inside Holdspace's settings: a circle of the demo facilitator with a session to open.

For each size given (default 40 and 5), a circle in Riverside facilitated by the
demo facilitator, with that many fictional men as members; a session held a
week before the benchmarked one, where each of them made a commitment and
checked in on it twice since; and the session the benchmark opens, held
eight days ago (its feedback has closed, so the page shows it): the three-hour template agenda, everyone marked present, each man's
commitment from its round, three sealed notes and anonymous feedback (a quarter
of the men, at least three; some with words, sealed too).

The circles are closed to new members, so the public finder does not list them.
The men have no usable password: nobody signs in as them.

    python bench/seed_session.py 40 5
"""
import sys
from datetime import timedelta

import django

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from holdspace.accounts.models import User  # noqa: E402
from holdspace.circles import feedback, joining, sessions  # noqa: E402
from holdspace.circles.models import Circle, CircleMember, CircleSession  # noqa: E402
from holdspace.circles.services import CircleDetails, circle_create, next_session_refresh  # noqa: E402
from django.test import override_settings  # noqa: E402

from holdspace.circles.keys import circle_private_key  # noqa: E402
from holdspace.crypto.keyrings import keypair_new, private_key_wrap  # noqa: E402
from holdspace.inventory.commitments import commitment_check_in  # noqa: E402
from holdspace.inventory.models import Commitment, CommitmentCheckIn  # noqa: E402
from holdspace.keys.models import PersonalKey  # noqa: E402
from holdspace.keys.services import personal_key_unlock  # noqa: E402
from holdspace.site.demo import DEMO_PASSWORD  # noqa: E402
from holdspace.organisations.models import Membership, Organisation, Role  # noqa: E402

ORGANISATION = "riverside-circle"
FACILITATOR = "facilitator@demo.holdspace.invalid"
DOMAIN = "bench.holdspace.invalid"
# Every name and word here is invented.
FIRST_NAMES = ["Aaron", "Bruno", "Caleb", "Dario", "Elias", "Farid", "Gavin", "Hugo", "Ivan", "Jonas",
               "Kofi", "Lars", "Milo", "Nico", "Oscar", "Pablo", "Quinn", "Rafael", "Stefan", "Theo"]
INITIALS = "BDFGHKLMNPRSTVW"
COMMITMENTS = [
    "I let my partner finish her sentences at dinner, every time.",
    "When a colleague talks over a woman in a meeting, I hand the word back to her.",
    "I do my share of the cooking and cleaning without being asked.",
    "I tell one friend how I actually feel, once a week.",
    "I stop laughing along when the group chat turns to jokes about women.",
    "I ask before I touch anyone, even a friendly hand on the shoulder.",
]
CHECK_INS = [("kept", ""), ("partly", "Harder at work than at home."), ("not_yet", ""), ("kept", "It felt easier.")]
NOTES = [
    "Benchmark note: the check-in ran long; keep it to a minute a man next time.",
    "Benchmark note: two men were quiet in the role-play; invite them first next session.",
    "Benchmark note: ask the men to bring a commitment they kept for the report-back.",
]
FEEDBACK = [
    ("yes", "yes", "More time for the role-play."),
    ("yes", "partly", ""),
    ("partly", "yes", "A shorter check-in."),
    ("yes", "yes", "Smaller groups for the reflection."),
]


def circle_slug(size: int) -> str:
    return f"bench-session-{size}"


def benchmarked_session(size: int) -> CircleSession:
    """The session the benchmark opens: the circle's latest."""
    return CircleSession.objects.filter(circle__slug=circle_slug(size)).order_by("-starts_at").first()


def _men(size: int) -> list[User]:
    prefix = f"session{size}-"
    password = make_password(None)  # unusable: nobody signs in as them
    User.objects.bulk_create(
        User(email=f"{prefix}{number:02d}@{DOMAIN}", password=password,
             display_name=f"{FIRST_NAMES[number % len(FIRST_NAMES)]} "
                          f"{INITIALS[(number // len(FIRST_NAMES) + size) % len(INITIALS)]}.")
        for number in range(size)
    )
    return list(User.objects.filter(email__startswith=prefix, email__endswith=DOMAIN).order_by("email"))


def _keys(men: list[User]) -> dict:
    """Each man's own key pair, so that what he commits to is sealed to him and he can check in. Nobody signs in
    as them, so their keys are wrapped with the cheapest stretching: the page measured never unwraps them."""
    keys = {}
    with override_settings(HOLDSPACE_ARGON2_TIME_COST=1, HOLDSPACE_ARGON2_MEMORY_KIB=64):
        for man in men:
            key = keys[man.pk] = keypair_new()
            wrap = private_key_wrap(key, secret="bench", purpose=b"password")
            PersonalKey.objects.create(user=man, public_key=bytes(key.public_key), by_password=wrap.box,
                                       password_salt=wrap.salt, password_parameters=wrap.parameters,
                                       by_recovery=wrap.box, recovery_salt=wrap.salt,
                                       recovery_parameters=wrap.parameters)
    return keys


def _round(men: list[User], offset: int) -> dict[int, tuple[str, str]]:
    everies = Commitment.Every.values
    return {
        man.pk: (COMMITMENTS[(number + offset) % len(COMMITMENTS)], everies[(number + offset) % len(everies)])
        for number, man in enumerate(men)
    }


def seed(size: int) -> CircleSession:
    facilitator = User.objects.get(email=FACILITATOR)
    organisation = Organisation.objects.get(slug=ORGANISATION)
    now = timezone.now()
    # Held eight days ago: its feedback has closed, so the page shows the figures and the words.
    held_at = (now - timedelta(days=feedback.FEEDBACK_DAYS + 1)).replace(hour=18, minute=30, second=0, microsecond=0)
    with transaction.atomic():
        circle = circle_create(organisation=organisation, actor=facilitator, details=CircleDetails(
            name=f"Thursday men's circle ({size} men)", kind=Circle.Kind.GROUP, city="Riverside",
            schedule="every Thursday, 3 hours", capacity=size, open_to_new=False,
            description="A fictional circle for the benchmark."))
        Circle.objects.filter(pk=circle.pk).update(slug=circle_slug(size))
        circle.slug = circle_slug(size)
        men = _men(size)
        keys = _keys(men)
        Membership.objects.bulk_create(
            Membership(user=man, organisation=organisation, role=Role.MEMBER) for man in men
        )
        CircleMember.objects.bulk_create(
            CircleMember(circle=circle, user=man, status=CircleMember.Status.MEMBER,
                         intake_sealed=joining.intake_seal(circle, reasons=["connecting", "treating_women"], words=""),
                         agreements_accepted=circle.agreements_version,
                         decided_at=held_at - timedelta(weeks=2), decided_by=facilitator, decision_message="Welcome to the circle.")
            for man in men
        )
        everyone = {man.pk for man in men}

        earlier = CircleSession.objects.create(circle=circle, starts_at=held_at - timedelta(weeks=1),
                                               duration_minutes=180, place="Riverside community hall, room 3")
        sessions.agenda_from_template(session=earlier, actor=facilitator)
        sessions.attendance_record(session=earlier, present=everyone, actor=facilitator)
        circle_key = circle_private_key(circle, user=facilitator,
                                        personal_key=personal_key_unlock(facilitator, password=DEMO_PASSWORD))
        sessions.commitments_round(session=earlier, commitments=_round(men, 0), actor=facilitator,
                                   circle_key=circle_key)
        for number, man in enumerate(men):
            commitment = Commitment.objects.get(owner=man, source_session=earlier)
            for turn in range(2):  # two check-ins between the sessions
                outcome, note = CHECK_INS[(number + turn) % len(CHECK_INS)]
                check_in = commitment_check_in(commitment=commitment, user=man, private_key=keys[man.pk],
                                               outcome=outcome, note=note)
                CommitmentCheckIn.objects.filter(pk=check_in.pk).update(
                    at=earlier.starts_at + timedelta(days=2 + 2 * turn, hours=2))

        session = CircleSession.objects.create(circle=circle, starts_at=held_at, duration_minutes=180,
                                               place="Riverside community hall, room 3", theme="Intention and impact")
        sessions.agenda_from_template(session=session, actor=facilitator)
        sessions.attendance_record(session=session, present=everyone, actor=facilitator)
        sessions.commitments_round(session=session, commitments=_round(men, 1), actor=facilitator,
                                   circle_key=circle_key)
        for text in NOTES:
            sessions.note_add(session=session, text=text, actor=facilitator)
    # Feedback is given by the men themselves, each in his own transaction.
    answers = max(feedback.MIN_ANSWERS, size // 4)
    for number, man in enumerate(men[:answers]):
        felt_safe, honest, change = FEEDBACK[number % len(FEEDBACK)]
        feedback.feedback_give(session=session, user=man, felt_safe=felt_safe, honest=honest, change=change,
                               now=session.starts_at + timedelta(days=1))
    next_session_refresh(circle_ids=[circle.pk])
    return session


def main(sizes: list[int]) -> None:
    for size in sizes:
        if Circle.objects.filter(slug=circle_slug(size)).exists():
            print(f"{circle_slug(size)}: already seeded")
            continue
        session = seed(size)
        print(f"{circle_slug(size)}: session {session.pk} with {size} men")
    with connection.cursor() as cursor:  # fresh statistics, as a running database keeps them
        cursor.execute("ANALYZE")


if __name__ == "__main__":
    main([int(size) for size in sys.argv[1:]] or [40, 5])
