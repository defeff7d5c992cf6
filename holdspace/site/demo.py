"""Fictional demo data: a network, two member organisations and one person per role.

Every name here is invented; any likeness to a real organisation or person is
unintended.
"""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from holdspace.accountability.models import AccountabilitySettings
from holdspace.accountability.policy import settings_change
from holdspace.accounts import services as account_services
from holdspace.accounts.models import Authenticator, User
from holdspace.assessments import services as assessments
from holdspace.assessments.models import AssessmentRound
from holdspace.assessments.questionnaire import QUESTION_KEYS
from holdspace.circles import feedback, joining, messaging, sessions
from holdspace.circles.models import Circle, CircleMember, CircleSession
from holdspace.circles.services import CircleDetails, circle_create, next_session_refresh
from holdspace.concerns import services as concerns
from holdspace.concerns.selectors import partner_concerns_exist
from holdspace.conduct import services as conduct
from holdspace.conduct.services import in_force
from holdspace.circles.keys import circle_private_key
from holdspace.inventory.commitments import commitment_check_in
from holdspace.inventory.models import Commitment, PartnerInvitation
from holdspace.inventory.partners import check_in_confirm, partner_accept, partner_invite
from holdspace.keys.selectors import personal_key_exists
from holdspace.keys.services import personal_key_create, personal_key_unlock
from holdspace.organisations import services as organisation_services
from holdspace.organisations.models import ROLES_NEEDING_TWO_FACTOR, Membership, Organisation, Role
from holdspace.reports.content import ReportContent
from holdspace.reports.models import Case
from holdspace.reports.submission import Submission, report_submit
from holdspace.stories import moderation, writing
from holdspace.stories.models import Story
from holdspace.vetting import services as vetting
from holdspace.vetting.models import Application

DEMO_PASSWORD = "demo-holdspace-2026"
DEMO_DOMAIN = "demo.holdspace.invalid"


@dataclass
class DemoLogin:
    email: str
    role: str
    organisation: str
    backup_codes: list[str]


NETWORK = ("North Shore Men for Equality Network", "north-shore-network")
ORGANISATIONS = [
    ("Riverside Men's Circle", "riverside-circle"),
    ("Harbour Fathers Collective", "harbour-fathers"),
]
# Where each one works, so the reporting finder has places to find them by (accents on purpose).
CITIES = {"north-shore-network": "Montevideo", "riverside-circle": "Bogotá", "harbour-fathers": "Valparaíso"}
# (first name, email local part, organisation slug, role, label)
PEOPLE = [
    ("Nadia", "network-admin", "north-shore-network", Role.ORG_ADMIN, "network administrator"),
    ("Ada", "org-admin", "riverside-circle", Role.ORG_ADMIN, "organisation administrator"),
    ("Hana", "handler", "riverside-circle", Role.CASE_HANDLER, "case handler"),
    ("Omar", "other-handler", "harbour-fathers", Role.CASE_HANDLER, "case handler, other organisation"),
    ("Felix", "facilitator", "riverside-circle", Role.FACILITATOR, "facilitator"),
    ("Tomás", "other-facilitator", "harbour-fathers", Role.FACILITATOR, "facilitator, other organisation"),
    ("Moses", "moderator", "riverside-circle", Role.MODERATOR, "moderator"),
    ("Mateo", "member", "riverside-circle", Role.MEMBER, "member"),
    ("Priya", "partner", "riverside-circle", Role.PARTNER_REP, "partner representative"),
]


@transaction.atomic
def demo_seed(*, now: datetime | None = None) -> list[DemoLogin]:
    """Create the demo world if it is missing; give privileged people fresh backup codes."""
    now = now or timezone.now()
    founder = _person("Nadia", "network-admin")
    network = Organisation.objects.filter(slug=NETWORK[1]).first() or organisation_services.organisation_create(
        name=NETWORK[0],
        slug=NETWORK[1],
        kind=Organisation.Kind.NETWORK,
        description="A fictional regional network of men's organisations, used to show Holdspace.",
        city=CITIES[NETWORK[1]],
        created_by=founder,
    )
    for name, slug in ORGANISATIONS:
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            organisation = Organisation.objects.create(
                name=name, slug=slug, description="A fictional organisation in the demo network.", city=CITIES[slug]
            )
        organisation_services.network_member_add(network=network, organisation=organisation, actor=founder)
    # A demo made before organisations had a city gets its cities.
    for slug, city in CITIES.items():
        Organisation.objects.filter(slug=slug, city="").update(city=city)

    logins = []
    for first_name, local, slug, role, label in PEOPLE:
        user = _person(first_name, local)
        organisation = Organisation.objects.get(slug=slug)
        roles = {role} if role == Role.PARTNER_REP else {role, Role.MEMBER}
        for each in roles:
            Membership.objects.get_or_create(user=user, organisation=organisation, role=each)
        codes = []
        if role in ROLES_NEEDING_TWO_FACTOR:
            if not account_services.two_factor_enabled(user):
                Authenticator.objects.create(user=user, name="authenticator", confirmed=True)
            codes = account_services.backup_codes_renew(user=user)
        logins.append(DemoLogin(user.email, label, organisation.name, codes))
    _demo_cases(now)
    _demo_circles(now)
    _demo_stories()
    _demo_accountability()
    _demo_assessment()
    _demo_application()
    return logins


def _demo_assessment() -> None:
    """Riverside's first self-assessment, closed with results and two action points that came from it."""
    riverside = Organisation.objects.get(slug="riverside-circle")
    if AssessmentRound.objects.filter(organisation=riverside).exists():
        return
    ada, felix = _person("Ada", "org-admin"), _person("Felix", "facilitator")
    autumn = assessments.round_open(organisation=riverside, actor=ada, title="Our first self-assessment",
                                    closes_on=timezone.localdate() + timedelta(days=14))
    leaning = {"org-admin": 4, "handler": 3, "facilitator": 3, "moderator": 2, "member": 3, "partner": 2}
    for local, usual in leaning.items():
        person = User.objects.get(email=f"{local}@{DEMO_DOMAIN}")
        scores = {key: (usual + n % 3 - 1) if n % 7 else None for n, key in enumerate(QUESTION_KEYS)}
        comments = {"partnership": "We meet our partners when something goes wrong, not on a schedule."} \
            if local == "partner" else {}
        assessments.answer_submit(assessment_round=autumn, person=person, scores=scores, comments=comments)
    autumn = assessments.round_close(assessment_round=autumn, actor=ada)
    today = timezone.localdate()
    assessments.action_point_create(
        organisation=riverside, actor=ada, title="Meet our partner organisations twice a year, on a set date",
        detail="", owner=ada, due_on=today + timedelta(days=60), assessment_round=autumn)
    assessments.action_point_create(
        organisation=riverside, actor=ada, title="Train every facilitator in responding to a disclosure",
        detail="", owner=felix, due_on=max(today + timedelta(days=1), date(today.year, 12, 31)),
        assessment_round=autumn)


def _demo_application() -> None:
    """A person asking to join the network, with one reference answered and one still asked."""
    network = Organisation.objects.get(slug=NETWORK[1])
    if Application.objects.filter(network=network).exists():
        return
    applicant = _person("Samir", "applicant")
    code = in_force(network)
    application, _ = vetting.application_submit(
        network=network, applicant=applicant, motivation="I run a fathers' group in my town and want to learn "
        "from organisations that take accountability seriously.", code_number=code.number if code else None,
        declarations=vetting.Declarations(leadership_allegation=False, asked_to_leave=False),
        referees=[vetting.Referee("Women's Voice Collective (fictional)", "Lucía", f"lucia@{DEMO_DOMAIN}"),
                  vetting.Referee("Safe Homes Alliance (fictional)", "Grace", f"grace@{DEMO_DOMAIN}")])
    vetting.reference_answer(reference=application.references.first(), how_known="He has joined our open "
                             "meetings for two years and listens before he speaks.", recommendation="yes",
                             comments="", answered_by="Lucía")


def _demo_accountability() -> None:
    """Codes of conduct in force and partly signed, a partner's concern answered and one waiting, and a
    published accountability page for Riverside (networks publish theirs by default)."""

    network = Organisation.objects.get(slug=NETWORK[1])
    riverside = Organisation.objects.get(slug="riverside-circle")
    nadia, ada = _person("Nadia", "network-admin"), _person("Ada", "org-admin")
    for organisation, admin in ((network, nadia), (riverside, ada)):
        if conduct.in_force(organisation) is None and conduct.draft_of(organisation) is None:
            conduct.publish(draft=conduct.draft_start(organisation=organisation, actor=admin, language="en"),
                            actor=admin, change_note="Our first code, written with everyone's comments.")
    riverside_code = conduct.in_force(riverside)
    for local in ("org-admin", "facilitator", "member"):
        person = User.objects.get(email=f"{local}@{DEMO_DOMAIN}")
        if not riverside_code.signatures.filter(person=person).exists():
            conduct.sign(version=riverside_code, person=person)
    network_code = conduct.in_force(network)
    if not network_code.signatures.filter(on_behalf_of=riverside).exists():
        conduct.sign_for_organisation(version=network_code, organisation=riverside, actor=ada)
    if not AccountabilitySettings.objects.filter(organisation=riverside).exists():
        settings_change(organisation=riverside, actor=ada, public_page=True, concern_response_days=30)
    if not partner_concerns_exist(organisation=riverside):
        priya = _person("Priya", "partner")
        answered = concerns.concern_raise(
            organisation=riverside, partner=priya, partner_name="Women's Voice Collective (fictional)",
            title="Who facilitators go to for supervision",
            text="Facilitators told us they have nobody to talk to after a hard session. Who supervises them?")
        concerns.concern_answer(concern=answered, actor=ada, text="Thank you. From next month a facilitator from "
                                "Harbour Fathers Collective supervises ours once a month, and we will report back.")
        concerns.concern_raise(
            organisation=riverside, partner=priya, partner_name="Women's Voice Collective (fictional)",
            title="Survivors' voices in the next workshop",
            text="We would like to be asked before survivors' stories are used as material in a workshop.")


# Fictional stories: (language, pseudonym, themes, title, what I did, what I understand, what I changed).
DEMO_STORIES = [
    ("en", "Still learning", ["humour", "work"], "The jokes I called harmless",
     "For years I made comments about women's bodies at work and called it banter. When a younger colleague "
     "stopped laughing, I made her the butt of the next one.",
     "She had to decide every morning whether to come in. The others laughed because I was senior; my laughter told "
     "them it was safe. What I meant did not matter. What it did to her did.",
     "I told her, without conditions, that I was wrong and that she owed me nothing. I asked my team to call me out, "
     "and now I say something when another man starts the same thing."),
    ("es", "Aprendiz", ["control", "relationships"], "Revisaba su teléfono",
     "Durante dos años revisé el teléfono de mi pareja cuando dormía y le preguntaba con quién hablaba. Lo llamaba "
     "cuidarla.",
     "Ella dejó de escribir a sus amigas por miedo a mi reacción. Vivía vigilada en su propia casa. El daño no fue "
     "una discusión, fue su libertad.",
     "Empecé terapia y voy a un círculo de hombres cada mes. Cuando siento celos lo digo en voz alta en el grupo y "
     "no lo convierto en control."),
    ("en", "", ["bystanding", "friendship"], "I watched and said nothing",
     "At a party a friend kept pushing drinks on a woman who had said she wanted to go home. I saw it and went back "
     "to my conversation.",
     "She needed one person to step in and nobody did. My silence was a choice, and it left her alone with him.",
     "I talked to my friend the next week, and I have learned what to say and do when I see it happen again. I have "
     "done it twice since."),
]


def _demo_stories() -> None:

    if Story.objects.filter(title=DEMO_STORIES[0][3]).exists():
        return
    writer = User.objects.get(email=f"member@{DEMO_DOMAIN}")
    moderator = User.objects.get(email=f"moderator@{DEMO_DOMAIN}")
    for language, pseudonym, themes, title, did, understand, changed in DEMO_STORIES:
        story, _ = writing.story_create(author=writer, submit=True, fields={
            "language": language, "pseudonym": pseudonym, "themes": themes, "title": title,
            "what_i_did": did, "what_i_understand": understand, "what_i_changed": changed})
        moderation.decide(story=story, moderator=moderator, outcome="approved")
    # One waits for the moderator, with something the pre-checks point out.
    writing.story_create(author=writer, submit=True, fields={
        "language": "en", "pseudonym": "New here", "themes": ["alcohol"], "title": "What I blamed on the drink",
        "what_i_did": "At the Harbour Lights bar I grabbed a woman who was dancing with her friends. I was drunk, "
                      "it wasn't really me.",
        "what_i_understand": "She left in tears and her friends had to walk her home. She did not feel safe going out "
                             "for a long time, I heard later.",
        "what_i_changed": "I stopped drinking and I am in a men's group. I am trying to write this honestly."})


# Fictional circles: (organisation, facilitator's email part, name, kind, city, online, language, schedule, places,
# when they meet: weekday (Monday is 0), hour, minute, weeks between sessions, minutes a session lasts).
# The schedule's words and the sessions agree: a weekly group meets every week, on its day, at its time.
DEMO_CIRCLES = [
    ("riverside-circle", "facilitator", "Men Facing Patriarchy: monthly workshop", "series", "Riverside", False,
     "en", "monthly: every fourth Saturday, 10:00 to 13:00", 60, (5, 10, 0, 4, 180)),
    ("riverside-circle", "facilitator", "Tuesday evening men's group", "group", "Riverside", False, "en",
     "every Tuesday, 18:30 to 20:30", 12, (1, 18, 30, 1, 120)),
    ("harbour-fathers", "other-facilitator", "Grupo de hombres en línea", "group", "", True, "es",
     "cada dos semanas, los miércoles de 19:00 a 20:30", 10, (2, 19, 0, 2, 90)),
]
# How many sessions ahead each circle has planned.
DEMO_SESSIONS_AHEAD = 4
# Fictional men in the monthly workshop: (first name, email part, reasons, running commitment, how it went).
DEMO_MEN = [
    ("Mateo", "member", ["connecting", "treating_women"], "In team meetings this month I let women finish before I speak.",
     ["kept", "partly"]),
    ("Sam", "sam", ["education", "growth"], "I ask before I hug anyone at the climbing gym.", ["kept", "kept"]),
    ("Jon", "jon", ["guilt_shame", "deprogramming"], "When a friend jokes about women's bodies, I say it isn't funny.",
     ["partly", "not_yet"]),
    ("Luis", "luis", ["trauma", "connecting"], "I call my brother every Sunday and say how I actually feel.", ["kept"]),
    ("Dev", "dev", ["combating", "organising"], "I share the group's reading list with two colleagues.", []),
]
# (felt safe, honest, what he would change), three answers a session.
DEMO_FEEDBACK = [
    ("yes", "yes", "More time for the role-play."),
    ("yes", "partly", ""),
    ("partly", "yes", "A shorter check-in."),
]


def _first_meeting(after: datetime, *, weekday: int, hour: int, minute: int) -> datetime:
    """The first time on or after `after` (local time) that falls on that weekday at that hour."""
    local = timezone.localtime(after)
    day = local.date() + timedelta(days=(weekday - local.weekday()) % 7)
    when = timezone.make_aware(datetime.combine(day, time(hour, minute)))
    return when if when >= after else when + timedelta(weeks=1)


def _demo_circles(now: datetime) -> None:
    for slug_org, facilitator_local, name, kind, city, online, language, schedule, capacity, meets in DEMO_CIRCLES:
        if Circle.objects.filter(name=name, organisation__slug=slug_org).exists():
            continue
        weekday, hour, minute, every_weeks, minutes = meets
        facilitator = User.objects.get(email=f"{facilitator_local}@{DEMO_DOMAIN}")
        facilitator_key = _key_of(facilitator)
        circle = circle_create(
            organisation=Organisation.objects.get(slug=slug_org), actor=facilitator,
            details=CircleDetails(name=name, kind=kind, city=city, online=online, language=language,
                                  schedule=schedule, capacity=capacity,
                                  description="A fictional circle in the demo."),
        )
        place = "Riverside community hall, room 2" if city else "Video call"
        start = _first_meeting(now, weekday=weekday, hour=hour, minute=minute)
        for number in range(DEMO_SESSIONS_AHEAD):
            CircleSession.objects.create(circle=circle, starts_at=start + timedelta(weeks=every_weeks * number),
                                         duration_minutes=minutes, place=place)
        if kind != "series":
            continue
        # The monthly workshop has a history: men, two sessions held, commitments, check-ins and feedback.
        men, men_keys = [], {}
        for first_name, local, reasons, _text, _outcomes in DEMO_MEN:
            man = _person(first_name, local)
            men_keys[man.pk] = _key_of(man)  # what he commits to is locked with it
            Membership.objects.get_or_create(user=man, organisation=circle.organisation, role=Role.MEMBER)
            asked = joining.join_ask(circle=circle, user=man, intake=joining.Intake(
                reasons=tuple(reasons), in_his_words="A fictional answer in the demo.", accepts_agreements=True))
            joining.join_decide(member=asked, decision=joining.Decision.ACCEPT, message="Welcome to the circle.",
                                actor=facilitator)
            # They joined three months ago, before the sessions below.
            CircleMember.objects.filter(pk=asked.pk).update(decided_at=now - timedelta(weeks=12))
            men.append(man)
        for weeks_ago in (2 * every_weeks, every_weeks):
            held = CircleSession.objects.create(circle=circle, starts_at=start - timedelta(weeks=weeks_ago),
                                                duration_minutes=minutes, place=place)
            sessions.agenda_from_template(session=held, actor=facilitator)
            present = {man.pk for man in men[: 3 + weeks_ago // every_weeks]}
            sessions.attendance_record(session=held, present=present, actor=facilitator)
            if weeks_ago == every_weeks:
                sessions.commitments_round(session=held, actor=facilitator, commitments={
                    man.pk: (text, Commitment.Every.SESSION)
                    for man, (_n, _l, _r, text, _o) in zip(men, DEMO_MEN) if man.pk in present
                }, circle_key=circle_private_key(circle, user=facilitator, personal_key=facilitator_key))
                for man, (_n, _l, _r, _t, outcomes) in zip(men, DEMO_MEN):
                    commitment = Commitment.objects.filter(owner=man, source_session=held).first()
                    for outcome in outcomes if commitment else ():
                        commitment_check_in(commitment=commitment, user=man, private_key=men_keys[man.pk],
                                            outcome=outcome)
                _demo_partner(men, men_keys)
            # The men answered the day after the latest session.
            givers = [man for man in men if man.pk in present][: len(DEMO_FEEDBACK)] if weeks_ago == every_weeks else []
            for man, (felt_safe, honest, change) in zip(givers, DEMO_FEEDBACK):
                feedback.feedback_give(session=held, user=man, felt_safe=felt_safe, honest=honest, change=change,
                                       now=held.starts_at + timedelta(days=1))
            sessions.note_add(session=held, text="A fictional note: the role-play ran long; start it earlier.",
                              actor=facilitator)
        messaging.circle_message_send(circle=circle, author=facilitator, now=now - timedelta(days=2),
                                      text="A fictional message: next month we meet in room 4, one floor up.")
    next_session_refresh(now=now)


def _key_of(user: User):
    """The demo person's own key, made with the demo password the first time."""
    if not personal_key_exists(user):
        return personal_key_create(user, password=DEMO_PASSWORD).private_key
    return personal_key_unlock(user, password=DEMO_PASSWORD)


def _demo_partner(men: list[User], keys: dict) -> None:
    """Mateo asked Sam, from their circle, to be his accountability partner; Sam accepted and confirmed one check-in."""
    mateo, sam = men[0], men[1]
    commitment = Commitment.objects.filter(owner=mateo).first()
    if commitment is None or commitment.partner_id is not None:
        return
    invited = partner_invite(commitment=commitment, owner=mateo, private_key=keys[mateo.pk], invitee_id=sam.pk)
    partner_accept(invitation=PartnerInvitation.objects.get(pk=invited.invitation.pk), user=sam,
                   private_key=keys[sam.pk])
    latest = commitment.check_ins.first()
    if latest is not None:
        check_in_confirm(check_in=latest, user=sam)


# Fictional reports, so a handler has something to open in the demo: (pathway, days ago, what, when).
DEMO_REPORTS = [
    ("informal", 2, "At the last two workshops a participant made jokes about women's bodies during the breaks. "
                    "I would like someone to talk to him.", "at the last two monthly workshops"),
    ("formal", 6, "A facilitator kept messaging me late at night after I asked him to stop.",
     "over the past three weeks"),
    ("support", 10, "Something happened at a retreat last year and I am still shaken. I would like support.",
     "last year, at the autumn retreat"),
]


def _demo_cases(now: datetime) -> None:
    """Handlers and administrators get their keys (locked with the demo password), so each organisation with two of
    them has its recovery ring; then three fictional reports arrive."""
    for user in User.objects.filter(memberships__role__in=[Role.CASE_HANDLER, Role.ORG_ADMIN],
                                    email__endswith=DEMO_DOMAIN).distinct():
        if not personal_key_exists(user):
            personal_key_create(user, password=DEMO_PASSWORD)
    riverside = Organisation.objects.get(slug=ORGANISATIONS[0][1])
    if Case.objects.filter(organisation=riverside).exists():
        return
    for pathway, days_ago, what, when in DEMO_REPORTS:
        report_submit(
            organisation=riverside,
            submission=Submission(
                kind="complaint", pathway=pathway, content=ReportContent(what=what, when=when),
                respondent_consent=pathway == "formal",
            ),
            now=now - timedelta(days=days_ago),
        )


def _person(first_name: str, local: str) -> User:
    email = f"{local}@{DEMO_DOMAIN}"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=DEMO_PASSWORD, display_name=first_name)
        account_services.email_verify(user=user)
    return user
