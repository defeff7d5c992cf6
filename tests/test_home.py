"""The home of each role says first what needs the person now, with counts and the next dates, at a cost in
queries that does not grow with the number of things waiting."""
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from holdspace.assessments import services as assessments
from holdspace.circles.models import CircleSession, FeedbackTally
from holdspace.concerns.models import Concern
from holdspace.concerns.services import concern_answer, concern_raise
from holdspace.conduct import services as conduct
from holdspace.inventory.commitments import commitment_make
from holdspace.inventory.models import Commitment
from holdspace.organisations.models import Membership, Organisation, Role
from holdspace.stories import moderation
from holdspace.vetting import services as vetting
from tests.circles_helpers import admit, ask, key_for, make_circle
from tests.stories_helpers import published_story, waiting_story
from tests.test_assessments_helpers import answer, more_people

HOME = reverse("site:dashboard")


def _home(client) -> tuple[str, int]:
    """The home's text as a person reads it (tags dropped, spaces folded) and the queries it took."""
    import html
    import re

    with CaptureQueriesContext(connection) as captured:
        response = client.get(HOME)
    assert response.status_code == 200
    page = response.content.decode()
    main = page[page.index("<main"):page.index("</main>")]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", main))), len(captured.captured_queries)


def _needs(text: str) -> str:
    """Only the "What needs you now" part."""
    return text[text.index("What needs you now"):text.index("Your work")]


# What each role finds waiting: `add(world, number)` adds that many more of every kind, numbered from `start`.

def _member_items(world, *, start: int, count: int) -> None:
    key_for(world.mateo)
    for number in range(start, start + count):
        circle = make_circle(world, name=f"Circle {number}")
        admit(circle, world.mateo)
        CircleSession.objects.create(circle=circle, starts_at=timezone.now() + timedelta(days=3 + number, hours=8))
        asked = make_circle(world, name=f"Asked {number}")
        ask(asked, world.mateo)
        story, _ = waiting_story(author=world.mateo, title=f"What I did at work, part {number}")
        moderation.decide(story=story, moderator=world.moses, outcome="returned", note="Please leave out the town.")
        commitment = commitment_make(owner=world.mateo, text=f"I let her finish, every time ({number}).",
                                     check_in_every="week")
        Commitment.objects.filter(pk=commitment.pk).update(created_at=timezone.now() - timedelta(days=8))


def _facilitator_items(world, *, start: int, count: int) -> None:
    for number in range(start, start + count):
        circle = make_circle(world, name=f"Circle {number}")
        ask(circle, world.people[f"man{number}"])
        CircleSession.objects.create(circle=circle, starts_at=timezone.now() + timedelta(days=2 + number, hours=9))
        held = CircleSession.objects.create(circle=circle, starts_at=timezone.now() - timedelta(days=10 + number))
        FeedbackTally.objects.create(session=held, answers=4, felt_safe={"yes": 3, "no": 1}, honest={"yes": 4})


def _admin_items(world, *, start: int, count: int) -> None:
    for number in range(start, start + count):
        organisation = Organisation.objects.create(name=f"Group {number}", slug=f"group-{number}")
        for person, role in ((world.ada, Role.ORG_ADMIN), (world.ada, Role.MEMBER), (world.priya, Role.PARTNER_REP)):
            Membership.objects.create(user=person, organisation=organisation, role=role)
        conduct.draft_start(organisation=organisation, actor=world.ada, language="en")
        assessment_round = assessments.round_open(organisation=organisation, actor=world.ada, title=f"Round {number}",
                                                  closes_on=timezone.localdate() + timedelta(days=10 + number))
        for person in more_people(organisation, 2, prefix=f"answerer{number}"):
            answer(assessment_round, person)
        concern_raise(organisation=organisation, partner=world.priya, partner_name="Women's Voice",
                      title=f"Concern {number}", text="Please tell us what changed.")


def _network_items(world, *, start: int, count: int) -> None:
    for number in range(start, start + count):
        vetting.application_submit(
            network=world.network, applicant=world.people[f"man{number}"], motivation="To learn with the network.",
            code_number=None, declarations=vetting.Declarations(leadership_allegation=False, asked_to_leave=False),
            referees=[vetting.Referee("Women's Voices", "Lena", f"lena{number}@example.org")])


def _moderator_items(world, *, start: int, count: int) -> None:
    for number in range(start, start + count):
        waiting_story(author=world.people[f"man{number}"], title=f"A story waiting, {number}")
        story, _ = published_story(world, author=world.people[f"man{number}"], title=f"A story read, {number}")
        moderation.takedown(story=story, reason="recognise")


def _partner_items(world, *, start: int, count: int) -> None:
    for number in range(start, start + count):
        concern_raise(organisation=world.riverside, partner=world.priya, partner_name="Women's Voice",
                      title=f"Waiting {number}", text="We would like an answer.")
        answered = concern_raise(organisation=world.riverside, partner=world.priya, partner_name="Women's Voice",
                                 title=f"Answered {number}", text="We would like an answer.")
        concern_answer(concern=answered, actor=world.ada, text="Here is what we did.")


def _handler_items(world, *, start: int, count: int) -> None:
    from tests.reports_helpers import handler_keys, submit

    if start == 0:
        handler_keys(world, "hana")
    for _ in range(count):
        submit(world, pathway="informal")


ROLES = {
    "hana": _handler_items,
    "mateo": _member_items,
    "felix": _facilitator_items,
    "ada": _admin_items,
    "nadia": _network_items,
    "moses": _moderator_items,
    "priya": _partner_items,
}


# Each role's home, in queries: the session, the person (and her authenticator after a two-step sign-in), her
# organisations and roles read once, her own counts asked in one statement, then only the lookups her roles can
# match. Lower them; never raise them.
HOME_QUERIES = {"hana": 11, "mateo": 9, "felix": 12, "ada": 14, "nadia": 15, "moses": 12, "priya": 9}


@pytest.fixture
def men(world):
    """Six more men with accounts, who ask, apply and write."""
    from holdspace.accounts.models import User

    for number in range(6):
        man = User.objects.create_user(email=f"man{number}@example.org", password=None,
                                       display_name=f"Man {number}")
        man.email_verified_at = man.date_joined
        man.save(update_fields=["email_verified_at"])
        world.people[f"man{number}"] = man
    return world


@pytest.mark.parametrize("name", sorted(ROLES))
def test_each_roles_home_costs_the_same_with_one_thing_waiting_or_five(men, client_for, name):
    world = men
    client = client_for(name)
    ROLES[name](world, start=0, count=1)
    client.get(HOME)  # sessions and caches settle
    one_text, one = _home(client)
    ROLES[name](world, start=1, count=4)
    five_text, five = _home(client)
    assert one == five == HOME_QUERIES[name]
    assert _needs(one_text) != _needs(five_text)  # the five show: the counts moved


def test_a_members_home_names_his_next_session_his_requests_his_returned_stories_and_check_ins(men, client_for,
                                                                                             clock):
    _member_items(men, start=0, count=2)
    needs = _needs(_home(client_for("mateo"))[0])
    # Circle 0 meets first, three days and eight hours from 10:00 on June 15.
    assert "Your next session: 18 June 2026 at 18:00, Circle 0." in needs
    assert "Your 2 requests to join circles wait for the facilitators." in needs
    assert "A moderator returned 2 of your stories with a note, for you to read and change." in needs
    assert "Check-ins on 2 of your commitments are due." in needs


def test_a_facilitators_home_names_requests_his_next_session_and_men_who_did_not_feel_safe(men, client_for, clock):
    _facilitator_items(men, start=0, count=1)
    circle = make_circle(men, name="Thursday circle")
    for man in ("man4", "man5"):
        ask(circle, men.people[man])
    # Feedback still open, or given by too few to keep them anonymous, is not shown.
    recent = CircleSession.objects.create(circle=circle, starts_at=timezone.now() - timedelta(days=3))
    FeedbackTally.objects.create(session=recent, answers=5, felt_safe={"no": 2})
    few = CircleSession.objects.create(circle=circle, starts_at=timezone.now() - timedelta(days=12))
    FeedbackTally.objects.create(session=few, answers=2, felt_safe={"no": 2})
    needs = _needs(_home(client_for("felix"))[0])
    assert "A man asks to join Circle 0. The first asked on 15 June 2026." in needs
    assert "2 men ask to join Thursday circle." in needs
    assert "Your next session: 17 June 2026 at 19:00, Circle 0." in needs
    assert "After the session of 5 June 2026 of Circle 0, one man said he did not feel safe." in needs
    assert needs.count("did not feel safe") == 1
    # A member who facilitates nothing is not told about circles he does not run.
    assert "The circles you facilitate" not in _home(client_for("mateo"))[0]


def test_an_administrators_home_names_concerns_due_the_open_assessment_and_the_draft_code(men, client_for, clock):
    _admin_items(men, start=0, count=1)
    Concern.objects.filter(organisation__slug="group-0").update(respond_by=timezone.now() - timedelta(days=1))
    concern_raise(organisation=Organisation.objects.get(slug="group-0"), partner=men.priya,
                  partner_name="Women's Voice", title="Another", text="And this.")
    needs = _needs(_home(client_for("ada"))[0])
    # One was owed yesterday; the next day still ahead is the other's, thirty days after it was raised.
    assert "Group 0: 2 partners' concerns wait for your answer. 1 is past its day. " \
           "The next answer is owed by 15 July 2026." in needs
    assert "Group 0: Round 0 takes answers until the end of 25 June 2026; 2 people have answered so far." in needs
    assert "Group 0: a draft of the code of conduct waits for you to publish it." in needs
    # Comments open on a draft: the day they close.
    draft = conduct.draft_of(Organisation.objects.get(slug="group-0"))
    conduct.comments_open(draft=draft, actor=men.ada, until=timezone.now() + timedelta(days=9))
    assert "Group 0: members comment on the draft code of conduct until the end of 24 June 2026" \
        in _home(client_for("ada"))[0]
    # Nobody else is told what waits for the administrators.
    assert "wait for your answer" not in _home(client_for("mateo"))[0]


def test_a_network_administrators_home_names_applications_waiting(men, client_for, clock):
    _network_items(men, start=0, count=3)
    needs = _needs(_home(client_for("nadia"))[0])
    assert "Test Network: 3 applications to join wait for a decision. The first came in on 15 June 2026." in needs
    assert "Test Network has no code of conduct yet." in needs
    assert "applications to join" not in _home(client_for("ada"))[0]


def test_a_moderators_home_names_the_queue_and_take_down_requests(men, client_for, clock):
    _moderator_items(men, start=0, count=2)
    needs = _needs(_home(client_for("moses"))[0])
    assert "2 take-down requests wait for you. The first came in on 15 June 2026." in needs
    # Two written and waiting, two back from being read, as the take-down requests brought them back.
    assert "4 stories wait for a moderator. The longest has waited since 15 June 2026." in needs
    assert "Stories to moderate" not in _home(client_for("mateo"))[0]


def test_a_partners_home_names_her_concerns_and_the_next_day_an_answer_is_owed(men, client_for, clock):
    _partner_items(men, start=0, count=2)
    needs = _needs(_home(client_for("priya"))[0])
    assert "Riverside owes answers to 2 concerns. The next answer is owed by 15 July 2026." in needs
    assert "Riverside answered 2 concerns: you may follow up or close them." in needs
    # Past its day, a concern is named as such, and the next day still ahead is the other one's.
    Concern.objects.filter(title="Waiting 0").update(respond_by=timezone.now() - timedelta(days=2))
    Concern.objects.filter(title="Waiting 1").update(respond_by=timezone.now() + timedelta(days=5))
    assert "Riverside owes answers to 2 concerns. 1 is past its day. The next answer is owed by 20 June 2026." \
        in _needs(_home(client_for("priya"))[0])
    # Closed concerns ask nothing of anyone.
    Concern.objects.update(status=Concern.Status.CLOSED)
    assert "Your concerns" not in _home(client_for("priya"))[0]


def test_a_handlers_home_keeps_her_case_counts(world, client_for):
    from tests.reports_helpers import handler_keys, submit

    handler_keys(world, "hana")
    submit(world, pathway="informal")
    needs = _needs(_home(client_for("hana", case_key=True))[0])
    assert "Cases of Riverside" in needs and "1 new case" in needs


def test_a_home_with_nothing_waiting_says_so_calmly(world, client_for):
    text, _ = _home(client_for("harry"))
    assert "Nothing needs you right now." in text
    assert text.index("What needs you now") < text.index("Your work") < text.index("Your organisations")
    _member_items(world, start=0, count=1)
    assert "Nothing needs you right now." not in _home(client_for("mateo"))[0]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's own query plan")
def test_a_mans_cases_as_respondent_are_read_by_their_index_however_few_cases_name_one(world):
    """Most cases name no respondent: once the planner knows that (its statistics say the plain index holds one
    value), only the index of cases whose respondent was told keeps his home from reading every case."""
    from holdspace.reports.respondent import cases_about, respondent_cases_asked
    from holdspace.web.scalars import scalars_read

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("DELETE FROM sqlite_stat1 WHERE tbl = 'reports_case'")
        cursor.execute("INSERT INTO sqlite_stat1 SELECT 'reports_case', name, '50000 50000' FROM sqlite_master "
                       "WHERE type = 'index' AND tbl_name = 'reports_case' AND sql LIKE '%respondent_tag%' "
                       "AND sql NOT LIKE '%WHERE%'")
        cursor.execute("ANALYZE sqlite_schema")  # the planner reads the statistics again
        plans = []
        # As the ORM asks it, and as the home asks it, prepared and asked with its other counts.
        for query in (cases_about(world.mateo).exists, lambda: scalars_read(respondent_cases_asked(user=world.mateo))):
            with CaptureQueriesContext(connection) as captured:
                query()
            cursor.execute("EXPLAIN QUERY PLAN " + captured.captured_queries[0]["sql"])
            plans.append(" ".join(row[3] for row in cursor.fetchall()))
    assert all("USING INDEX case_respondent_told" in plan for plan in plans), plans


def test_a_mans_home_names_the_process_about_him_his_kept_reports_and_partner_invitations(men, client_for):
    """The counts asked in one statement (web.scalars) each reach their place on the home."""
    from holdspace.inventory.models import PartnerInvitation
    from holdspace.reports.models import Case, KeptReport
    from holdspace.reports.people import person_tag
    from tests.reports_helpers import handler_keys, submit

    text, _ = _home(client_for("mateo"))
    assert "A process about you" not in text and "You keep" not in text
    handler_keys(men, "hana")
    case, _ = submit(men, pathway="informal")
    Case.objects.filter(pk=case.pk).update(respondent_tag=person_tag(men.mateo), respondent_notified_at=timezone.now())
    for _ in range(2):
        KeptReport.objects.create(user=men.mateo, public_key=bytes(32), sealed=b"sealed")
    key_for(men.felix)
    commitment = commitment_make(owner=men.felix, text="I listen to the end.", check_in_every="week")
    PartnerInvitation.objects.create(commitment=commitment, invitee=men.mateo, created_at=timezone.now(),
                                     expires_at=timezone.now() + timedelta(days=3))
    PartnerInvitation.objects.create(commitment=commitment, invitee=men.mateo, created_at=timezone.now(),
                                     expires_at=timezone.now() - timedelta(days=1))  # expired: not counted
    text, _ = _home(client_for("mateo"))
    assert "A process about you" in text
    assert "You keep 2 reports with your account." in text
    assert "Someone asks you to be his accountability partner." in text
