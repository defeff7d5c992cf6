"""The people every test knows, and how to sign them in.

Riverside is "our" organisation, Harbour is another one in the same network.
Rick is a senior member of Riverside who will be named as a respondent in
report tests; Harry belongs to Harbour only and must see nothing of Riverside.
"""
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
import time_machine
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from holdspace.accounts.models import Authenticator, User
from holdspace.organisations.models import Membership, NetworkMembership, Organisation, Role

PASSWORD = "a long test password 2026"


@dataclass
class World:
    network: Organisation
    riverside: Organisation
    harbour: Organisation
    people: dict[str, User]

    def __getattr__(self, name: str) -> User:
        try:
            return self.people[name]
        except KeyError:
            raise AttributeError(name) from None


# name: [(organisation attribute, role), ...]; None means no role anywhere.
CAST = {
    "nadia": [("network", Role.ORG_ADMIN), ("network", Role.MEMBER)],  # network administrator
    "ada": [("riverside", Role.ORG_ADMIN), ("riverside", Role.MEMBER)],  # organisation administrator
    "hana": [("riverside", Role.CASE_HANDLER), ("riverside", Role.MEMBER)],  # case handler here
    "omar": [("harbour", Role.CASE_HANDLER), ("harbour", Role.MEMBER)],  # case handler elsewhere
    "rick": [("riverside", Role.FACILITATOR), ("riverside", Role.MEMBER)],  # senior member, future respondent
    # An administrator who also handles cases, and is named as respondent in a report.
    "otto": [("riverside", Role.ORG_ADMIN), ("riverside", Role.CASE_HANDLER), ("riverside", Role.MEMBER)],
    "felix": [("riverside", Role.FACILITATOR), ("riverside", Role.MEMBER)],  # facilitator
    "moses": [("riverside", Role.MODERATOR), ("riverside", Role.MEMBER)],  # moderator
    "mateo": [("riverside", Role.MEMBER)],  # member
    "priya": [("riverside", Role.PARTNER_REP)],  # partner representative
    "harry": [("harbour", Role.MEMBER)],  # member of another organisation
    "rosa": [],  # has an account, belongs nowhere; reports as a survivor
}
TWO_FACTOR = {"nadia", "ada", "hana", "omar", "moses", "otto"}


# Every test but the browser's starts its clock at this same instant, the start of a minute, and
# lets it run from there: no minute, hour or day turns during a test, however slowly the machine
# runs it (short of a whole minute), and no result depends on when the suite is run. A test that
# needs time to stand still, or to move on, takes the `clock` fixture. (Chromium keeps the real
# time, so browser tests keep it too: cookies would look expired to it otherwise.)
TEST_START = datetime(2026, 6, 15, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _steady_clock(request):
    if request.node.get_closest_marker("browser"):
        yield None
        return
    with time_machine.travel(TEST_START, tick=True) as running:
        yield running


@pytest.fixture
def clock(_steady_clock):
    """Time standing still at TEST_START; `clock.shift(timedelta(...))` moves it on."""
    with time_machine.travel(TEST_START, tick=False) as frozen:
        yield frozen


@pytest.fixture(autouse=True)
def _language_of_the_site():
    """Each test starts in the site's language: a page asked for in Spanish leaves Spanish active in the
    thread, and a later test's words must not depend on which tests ran before it on the same worker."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache, caches

    from holdspace.web.templatetags.kept import kept_forget

    cache.clear()  # figures cached per organisation must not leak between tests
    caches["public"].clear()  # nor a public page kept by an earlier test, under versions nobody renewed since
    kept_forget()  # nor a part drawn for a round or a page of an earlier test's database, under the same ids


@pytest.fixture(autouse=True)
def _stories_moderated_by_riverside(settings):
    settings.HOLDSPACE_STORIES_MODERATED_BY = "riverside"  # Moses is Riverside's moderator


@pytest.fixture(autouse=True)
def _throttle_secrets_apart(settings, tmp_path):
    settings.HOLDSPACE_THROTTLE_SECRET_DIR = tmp_path / "throttle-secrets"  # each test's windows start afresh


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db) -> World:
    network = Organisation.objects.create(name="Test Network", slug="test-network", kind=Organisation.Kind.NETWORK)
    riverside = Organisation.objects.create(name="Riverside", slug="riverside")
    harbour = Organisation.objects.create(name="Harbour", slug="harbour")
    NetworkMembership.objects.create(network=network, organisation=riverside)
    NetworkMembership.objects.create(network=network, organisation=harbour)
    organisations = {"network": network, "riverside": riverside, "harbour": harbour}
    people = {}
    for name, roles in CAST.items():
        user = User.objects.create_user(
            email=f"{name}@example.org", password=PASSWORD, display_name=name.capitalize()
        )
        user.email_verified_at = user.date_joined
        user.save(update_fields=["email_verified_at"])
        for organisation, role in roles:
            Membership.objects.create(user=user, organisation=organisations[organisation], role=role)
        if name in TWO_FACTOR:
            Authenticator.objects.create(user=user, name="authenticator", confirmed=True)
        people[name] = user
    return World(network, riverside, harbour, people)


def sign_in(client: Client, user: User, *, verified: bool = True) -> Client:
    """Sign a person in; with `verified`, as if they also gave their two-step code."""
    client.force_login(user)
    device = Authenticator.objects.filter(user=user, confirmed=True).first()
    if verified and device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def with_sudo(client: Client) -> Client:
    import time

    session = client.session
    session["hs_sudo_until"] = int(time.time()) + 600
    session.save()
    return client


@pytest.fixture
def client_for(world):
    """Return a signed-in test client for a person of the world, by name."""

    def make(name: str | None, *, verified: bool = True, sudo: bool = False, case_key: bool = False) -> Client:
        client = Client()
        if name is not None:
            sign_in(client, world.people[name], verified=verified)
            if sudo:
                with_sudo(client)
            if case_key:
                unlock_case_key(client, world.people[name])
        return client

    return make


@pytest.fixture
def extra(world):
    """Objects the role matrix needs beyond the people: an open invitation and its secret."""
    from holdspace.organisations.services import invitation_create

    from holdspace.reports import handling
    from tests.reports_helpers import handler_keys, report_file, submit

    invitation, token = invitation_create(
        organisation=world.riverside, email="newcomer@example.org", roles={Role.MEMBER}, actor=world.ada
    )
    keys = handler_keys(world, "hana", "omar", "otto")
    # A report naming Otto (an administrator and handler) when it was written.
    about_otto, _ = submit(world, respondent=world.otto, files=[report_file()])
    # A formal investigation about Rick, who has been told and has his own page.
    about_rick, rick_receipt = submit(world, pathway="formal")
    rick_key = handling.data_key_open(about_rick, user=world.hana, private_key=keys["hana"])
    handling.respondent_link(about_rick, actor=world.hana, respondent=world.rick)
    handling.stage_complete(about_rick, actor=world.hana, data_key=rick_key, note="")
    handling.stage_complete(about_rick, actor=world.hana, data_key=rick_key, note="")
    handling.respondent_notify(about_rick, actor=world.hana, data_key=rick_key, notice="You are told about a report.")
    from holdspace.reports.models import SupportService
    from tests.circles_helpers import circle_world

    circles = circle_world(world)

    service = SupportService.objects.create(
        organisation=world.riverside, name="Survivor line", contact="+00 000 000", description="Listening, day and night"
    )
    from tests.stories_helpers import published_story, waiting_story

    story, _ = published_story(world, author=world.mateo)
    from holdspace.conduct import services as conduct

    conduct.publish(draft=conduct.draft_start(organisation=world.riverside, actor=world.ada, language="en"),
                    actor=world.ada, change_note="Our first code.")
    from holdspace.concerns.services import concern_raise

    concern = concern_raise(organisation=world.riverside, partner=world.priya, partner_name="Women's Voice",
                            title="Training for new staff", text="New staff have not been told about the code.")
    from holdspace.concerns.services import complaint_lodge

    # Rosa, who belongs nowhere, complains to the network about Riverside as an organisation.
    complaint = complaint_lodge(network=world.network, about=world.riverside, person=world.rosa,
                                title="Jokes at the workshop", text="The facilitators laughed along with sexist jokes.")
    # A second version is being drafted, open for the members' comments.
    from datetime import timedelta

    from django.utils import timezone

    conduct.comments_open(draft=conduct.draft_start(organisation=world.riverside, actor=world.ada, language="en"),
                          actor=world.ada, until=timezone.now() + timedelta(days=14))
    waiting, story_secret = waiting_story()
    # Membership vetting: Rosa (no organisation) applies to join the network as herself, naming one reference.
    from holdspace.conduct.services import in_force
    from holdspace.vetting import services as vetting

    application, (reference_token,) = vetting.application_submit(
        network=world.network, applicant=world.rosa, motivation="To learn with the network's members.",
        code_number=getattr(in_force(world.network), "number", None),
        declarations=vetting.Declarations(leadership_allegation=False, asked_to_leave=False),
        referees=[vetting.Referee("Women's Voices", "Lena", "lena@example.org")],
    )
    # Assessments: a closed round at Riverside with results and a comment, an action point from it owned by
    # Felix, and the next round open now.
    from holdspace.assessments import services as assessments
    from tests.test_assessments_helpers import closed_round, open_round as assessment_open

    assessment_round = closed_round(world, comments={"power": "Leaders listen more than before."})
    action_point = assessments.action_point_create(
        organisation=world.riverside, actor=world.ada, title="Meet our partners twice a year", detail="",
        owner=world.felix, due_on=timezone.localdate() + timedelta(days=60), assessment_round=assessment_round,
    )
    open_assessment = assessment_open(world, title="Autumn round")
    # Mateo's own inventory: his key, and one entry in it.
    from holdspace.inventory.entries import entry_write
    from holdspace.keys.selectors import personal_key_exists
    from holdspace.keys.services import personal_key_create, personal_key_unlock

    if not personal_key_exists(world.mateo):
        personal_key_create(world.mateo, password=PASSWORD)
    mateo_key = personal_key_unlock(world.mateo, password=PASSWORD)
    entry = entry_write(owner=world.mateo, private_key=mateo_key, prompt="one-harm", title="At the party",
                        text="What I did, and what it did.", tags="friends")
    # And an amends plan he made from it.
    from holdspace.inventory.amends import amends_plan_write

    amends_plan = amends_plan_write(owner=world.mateo, private_key=mateo_key, entry_id=entry.pk, who="A. at the party",
                                    what="What I did.", impact="", repair="", wanted="", harm="")
    # Felix, who facilitates Mateo's circle, is the partner of Mateo's commitment from its round (with one
    # check-in); Mateo asked Felix again, for a commitment he made alone, and that invitation waits.
    from holdspace.inventory import commitments, partners

    felix_key = personal_key_unlock(world.felix, password=PASSWORD)
    commitment = circles.member.user.commitments.get()
    invited = partners.partner_invite(commitment=commitment, owner=world.mateo, private_key=mateo_key,
                                      invitee_id=world.felix.pk)
    partners.partner_accept(invitation=invited.invitation, user=world.felix, private_key=felix_key)
    check_in = commitments.commitment_check_in(commitment=commitment, user=world.mateo, private_key=mateo_key,
                                               outcome="kept", note="Twice this week.")
    alone = commitments.commitment_make(owner=world.mateo, text="I read one book by a woman each month.",
                                        check_in_every="month")
    waiting_invitation = partners.partner_invite(commitment=alone, owner=world.mateo, private_key=mateo_key,
                                                 invitee_id=world.felix.pk).invitation
    # Riverside's steering committee has one women's rights organisation; it met its partners once.
    from holdspace.accountability import steering

    seat = steering.seat_add(organisation=world.riverside, actor=world.ada, holder="Women's Voice",
                             kind="womens_rights", is_person=False, name_public=False,
                             since=timezone.localdate() - timedelta(days=90), until=None)
    meeting = steering.meeting_record(organisation=world.riverside, actor=world.ada, status="held",
                                      on=timezone.localdate() - timedelta(days=30), partners="Women's Voice",
                                      now=timezone.now())
    # A safety concern Felix raised about Mateo; Hana, made Riverside's steward, acknowledged it and told Mateo.
    from tests.circles_helpers import safety_concern

    safety = safety_concern(world, circles, told=True, steward=world.hana)
    return {
        "seat": seat,
        "meeting": meeting,
        "safety": safety,
        "check_in": check_in,
        "alone": alone,
        "partner_invitation": waiting_invitation,
        "entry": entry,
        "amends_plan": amends_plan,
        "concern": concern,
        "complaint": complaint,
        "story": story,
        "waiting_story": waiting,
        "story_secret": story_secret,
        "invitation": invitation,
        "token": token,
        "service": service,
        "circle": circles.circle,
        "circles": circles,
        "commitment": commitment,
        "case": about_otto,
        "file": about_otto.attachments.get(),
        "respondent_case": about_rick,
        "receipt": rick_receipt,
        "application": application,
        "reference_token": reference_token,
        "assessment_round": assessment_round,
        "open_assessment": open_assessment,
        "action_point": action_point,
    }


def unlock_case_key(client: Client, user: User) -> Client:
    """Put the person's unlocked case key in the client's session and cookie, as the key page does."""
    from django.http import HttpResponse
    from django.test import RequestFactory

    from holdspace.keys.services import personal_key_unlock
    from holdspace.keys.session import UNLOCKED, unlocked_key_keep
    from holdspace.web.refusals import Refusal

    try:
        private_key = personal_key_unlock(user, password=PASSWORD)
    except Refusal:
        return client
    request = RequestFactory().get("/")
    request.session = client.session
    response = HttpResponse()
    unlocked_key_keep(request, response=response, private_key=private_key)
    request.session.save()
    client.cookies[UNLOCKED] = response.cookies[UNLOCKED].value
    return client


def pytest_addoption(parser):
    parser.addoption("--screenshots", action="store_true", default=False,
                     help="make the role home pages' screenshots in var/screenshots/ (make screenshots)")
