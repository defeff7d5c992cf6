"""Circles in a real browser: finding a circle, joining it, planning an agenda,
running a session with its commitments round, and anonymous feedback."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from holdspace.circles import sessions
from holdspace.circles.feedback import FEEDBACK_DAYS
from holdspace.circles.models import Circle, CircleMember, CircleSession
from holdspace.inventory.models import Commitment
from tests.browser.helpers import assert_accessible
from tests.circles_helpers import admit, held_session, key_for, make_circle

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_man_finds_an_online_circle(page, world):
    Circle.objects.create(organisation=world.riverside, name="Thursday group", slug="thursday", kind="group",
                          city="Riverside", schedule="every Thursday, 2 hours")
    Circle.objects.create(organisation=world.harbour, name="Online circle", slug="online-circle", kind="series",
                          online=True, schedule="monthly, 3 hours")
    page.goto("/circles/")
    expect(page.locator(".circle-list")).to_contain_text("Thursday group")
    page.get_by_label("Where").fill("online")
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".circle-list")).to_contain_text("Online circle")
    expect(page.locator(".circle-list")).not_to_contain_text("Thursday group")
    assert_accessible(page, "finder")
    page.get_by_role("link", name="Online circle").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Online circle")
    expect(page.get_by_role("main")).to_contain_text("monthly, 3 hours")


def test_a_man_joins_and_the_facilitator_welcomes_him(browser, live_server, world, as_person):
    circle = make_circle(world, name="Riverside evening circle", capacity=1)
    # The man: from the finder to his request, through a full circle's waiting list.
    admit(circle, world.harry)
    man = browser.new_context(base_url=live_server.url, locale="en-GB")
    key_for(world.mateo)
    as_person(world.mateo, into=man, case_key=True)
    page = man.new_page()
    page.goto(reverse("circles:finder"))
    page.get_by_role("link", name="Riverside evening circle").click()
    page.get_by_role("link", name="Join the waiting list").click()
    expect(page.get_by_role("main")).to_contain_text("Confidentiality and its limits")
    page.get_by_label("Processing guilt and shame").check()
    page.get_by_label("Anything you would like the facilitators to know?").fill("I was told I talk over people.")
    page.get_by_role("button", name="Join the waiting list").click()
    # Forgot the agreements: told clearly, nothing lost.
    expect(page.locator(".error-summary")).to_contain_text("Please check what you entered")
    expect(page.get_by_label("Anything you would like the facilitators to know?")).to_have_value(
        "I was told I talk over people.")
    expect(page.get_by_label("Processing guilt and shame")).to_be_checked()
    assert_accessible(page, "join with errors")
    page.get_by_label("I have read the group agreements above and will keep them.").check()
    page.get_by_label("The circle is full: put me on the waiting list.").check()
    page.get_by_role("button", name="Join the waiting list").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your circles")
    expect(page.get_by_role("main")).to_contain_text("On the waiting list")
    assert_accessible(page, "your circles")

    # A place opens; the facilitator unlocks his key, reads the intake and welcomes him.
    CircleMember.objects.filter(circle=circle, user=world.harry).update(status=CircleMember.Status.LEFT)
    key_for(world.felix)
    facilitator = browser.new_context(base_url=live_server.url, locale="en-GB")
    as_person(world.felix, into=facilitator)
    staff = facilitator.new_page()
    staff.goto(reverse("circles:manage", args=[world.riverside.slug, circle.slug]))
    staff.get_by_role("link", name="Mateo").click()
    expect(staff.get_by_role("main")).not_to_contain_text("Processing guilt and shame")
    staff.get_by_role("link", name="Unlock your key to read it").click()
    staff.locator("#id_unlock-password").fill("a long test password 2026")
    staff.get_by_role("button", name="Unlock").click()
    expect(staff.locator("blockquote.intake")).to_have_text("I was told I talk over people.")
    expect(staff.get_by_role("main")).to_contain_text("Processing guilt and shame")
    staff.get_by_label("Welcome him into the circle").check()
    staff.get_by_label("A few words to him").fill("Welcome. We start at seven; come a little early.")
    staff.get_by_role("button", name="Send the answer").click()
    expect(staff.get_by_role("main")).to_contain_text("Your answer is saved")

    page.goto(reverse("circles:mine"))
    expect(page.get_by_role("main")).to_contain_text("We start at seven")
    page.get_by_role("link", name="Riverside evening circle").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Riverside evening circle")
    expect(page.get_by_role("main")).to_contain_text("First names only")
    assert_accessible(page, "members' space")
    man.close()
    facilitator.close()


def test_a_facilitator_plans_an_agenda_that_fits_the_session(page, world, as_person):
    circle = make_circle(world, name="Monthly workshop")
    as_person(world.felix)
    page.goto(reverse("circles:manage", args=[world.riverside.slug, circle.slug]))
    page.get_by_role("link", name="Plan a session").click()
    yesterday = (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    page.get_by_label("Starts at").fill(yesterday)
    page.get_by_label("Where").fill("Community hall, room 2")
    page.get_by_role("button", name="Plan the session").click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("A session must start in the future")
    expect(page.get_by_label("Where")).to_have_value("Community hall, room 2")
    page.get_by_label("Starts at").fill((timezone.localtime() + timedelta(days=6)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Plan the session").click()
    expect(page.get_by_role("main")).to_contain_text("0 of 180 minutes planned.")
    page.get_by_role("button", name="Use the three-hour template").click()
    expect(page.get_by_role("main")).to_contain_text("180 of 180 minutes planned.")
    expect(page.locator("table.agenda tbody tr")).to_have_count(8)
    # Over time: refused, with the choice kept.
    page.get_by_label("Exercise").select_option(label="Role-play: interrupting locker-room talk (30 min)")
    page.get_by_role("button", name="Add to the agenda").click()
    expect(page.get_by_role("main")).to_contain_text("That makes the agenda 210 minutes, longer than the session's 180")
    expect(page.get_by_label("Exercise")).to_have_value(
        str(page.get_by_label("Exercise").locator("option", has_text="locker-room").get_attribute("value")))
    assert_accessible(page, "session with an agenda error")
    # Make room: remove the dissecting terms, then add the role-play.
    page.get_by_role("button", name="Remove Dissecting terms: gender, sex, sexuality, consent, patriarchy, privilege").click()
    page.get_by_label("Exercise").select_option(label="Role-play: interrupting locker-room talk (30 min)")
    page.get_by_role("button", name="Add to the agenda").click()
    expect(page.get_by_role("main")).to_contain_text("180 of 180 minutes planned.")
    last = page.locator("table.agenda tbody tr").last
    expect(last).to_contain_text("Role-play: interrupting locker-room talk")
    page.get_by_role("button", name="Up Role-play: interrupting locker-room talk").click()
    expect(page.locator("table.agenda tbody tr").last).to_contain_text("Closing round")
    page.get_by_label("Minutes for Closing round").fill("15")
    page.locator("table.agenda tbody tr").last.get_by_role("button", name="Set").click()
    expect(page.get_by_role("main")).to_contain_text("That makes the agenda 185 minutes")
    page.get_by_role("link", name="Facilitator's sheet to print").click()
    expect(page.get_by_role("main")).to_contain_text("Pass the talking object around the circle")
    assert_accessible(page, "facilitator's sheet")


def test_running_a_session_commitments_check_ins_and_feedback(browser, live_server, world, as_person):
    circle = make_circle(world, name="Tuesday group")
    men = [world.mateo, world.harry, world.rosa]
    for man in men:
        admit(circle, man)
    held = held_session(circle, days_ago=0)
    sessions.agenda_from_template(session=held, actor=world.felix)
    for person in (world.felix, world.mateo, world.harry):  # Rosa has no key: her feedback needs none
        key_for(person)
    facilitator = browser.new_context(base_url=live_server.url, locale="en-GB")
    as_person(world.felix, case_key=True, into=facilitator)
    staff = facilitator.new_page()
    staff.goto(reverse("circles:session", args=[world.riverside.slug, circle.slug, held.pk]))
    for man in men:
        staff.get_by_label(man.display_name, exact=True).check()
    staff.get_by_role("button", name="Save attendance").click()
    expect(staff.get_by_role("main")).to_contain_text("Attendance is saved")
    staff.get_by_label("Mateo commits to").fill("For four weeks I let women in my team finish before I speak.")
    staff.locator("fieldset", has_text="Mateo commits to").get_by_label("He checks in").select_option("week")
    staff.get_by_label("Harry commits to").fill("I call my father on Sundays.")
    staff.get_by_role("button", name="Save the commitments").click()
    expect(staff.get_by_role("main")).to_contain_text("The commitments are saved")
    staff.get_by_label("A private note").fill("Rosa was quiet in the role-play; ask how she is.")
    staff.get_by_role("button", name="Add the note").click()
    expect(staff.locator(".thread")).to_contain_text("Rosa was quiet")
    assert_accessible(staff, "session page, running")

    # Each man answers three anonymous questions; Mateo checks in on his commitment.
    for man, words in zip(men, ["More time for the role-play", "", "Start on time"]):
        context = browser.new_context(base_url=live_server.url, locale="en-GB")
        as_person(man, into=context, case_key=man == world.mateo)
        page = context.new_page()
        page.goto(reverse("circles:space", args=[circle.slug]))
        page.get_by_role("link", name="Feedback on the session of").first.click()
        page.locator("fieldset", has_text="Did you feel safe").get_by_label("Yes").check()
        page.locator("fieldset", has_text="Was it honest?").get_by_label("Partly").check()
        page.get_by_label("What would you change?").fill(words)
        if man == world.mateo:
            assert_accessible(page, "feedback form")
        page.get_by_role("button", name="Send my feedback").click()
        expect(page.get_by_role("main")).to_contain_text("Your answers are kept without your name")
        if man == world.mateo:
            page.goto(reverse("inventory:commitments"))
            expect(page.get_by_role("main")).to_contain_text("For four weeks I let women in my team finish")
            page.get_by_role("link", name="Check in").first.click()
            page.get_by_label("I kept it").check()
            page.get_by_label("A word on it").fill("Twice I caught myself and waited.")
            page.get_by_role("button", name="Save my check-in").click()
            expect(page.get_by_role("main")).to_contain_text("Your check-in is saved")
            assert_accessible(page, "commitment")
        context.close()

    staff.reload()
    feedback = staff.locator("section", has=staff.get_by_role("heading", name="Anonymous feedback"))
    expect(feedback).to_contain_text("can answer until")  # nothing shows while answers come in
    expect(feedback).not_to_contain_text("More time for the role-play")
    # A week on, feedback has closed: the answers show, all together.
    CircleSession.objects.filter(pk=held.pk).update(starts_at=held.starts_at - timedelta(days=FEEDBACK_DAYS))
    staff.reload()
    expect(feedback).to_contain_text("3 answers")
    expect(feedback).to_contain_text("More time for the role-play")
    expect(feedback).to_contain_text("Start on time")

    # At the next session, the facilitator sees the check-in.
    following = sessions.session_plan(circle=circle, actor=world.felix, details=sessions.SessionDetails(
        starts_at=timezone.now() + timedelta(days=7), duration_minutes=180))
    staff.goto(reverse("circles:session", args=[world.riverside.slug, circle.slug, following.pk]))
    earlier = staff.locator("section", has=staff.get_by_role("heading", name="Check-ins on earlier commitments"))
    expect(earlier).to_contain_text("For four weeks I let women in my team finish")
    expect(earlier).to_contain_text("Twice I caught myself and waited.")
    expect(earlier).to_contain_text("I call my father on Sundays.")
    staff.get_by_role("link", name="The room").click()
    expect(staff.locator("svg.chart")).to_have_count(2)
    assert_accessible(staff, "the room")
    assert Commitment.objects.filter(source_session=held).count() == 2
    facilitator.close()


def test_a_facilitator_starts_a_circle_shapes_it_and_a_member_keeps_up(browser, live_server, world, as_person):
    """Starting a circle (setting up a key first), its details and co-facilitator, amended
    agreements a member accepts again, an exercise written and shared, a cancelled session,
    a circle taken on, and a man who ends a commitment and leaves."""
    facilitator = browser.new_context(base_url=live_server.url, locale="en-GB")
    as_person(world.felix, into=facilitator)
    staff = facilitator.new_page()
    staff.goto(reverse("organisations:home", args=[world.riverside.slug]))
    staff.get_by_role("navigation", name="Organisation").get_by_role("link", name="Circles").click()
    staff.get_by_role("link", name="Start a circle").click()
    # No key yet: set one up, keep the recovery code, then come back to the form.
    expect(staff.get_by_role("heading", level=1)).to_have_text("Your key")
    staff.locator("#id_create-password").fill("a long test password 2026")
    staff.get_by_role("button", name="Set up my key").click()
    expect(staff.locator(".receipt code")).to_be_visible()
    staff.get_by_role("link", name="I have kept it: continue").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Start a circle")
    staff.get_by_label("Name").fill("Sunday circle")
    staff.get_by_label("Ongoing men's group").check()
    staff.get_by_label("When it meets").fill("every other Sunday, 2 hours")
    staff.get_by_role("button", name="Create the circle").click()
    expect(staff.locator(".error-summary")).to_contain_text("Give a city, or tick that the circle meets online")
    expect(staff.get_by_label("When it meets")).to_have_value("every other Sunday, 2 hours")
    staff.get_by_label("Meets online").check()
    staff.get_by_role("button", name="Create the circle").click()
    expect(staff.get_by_role("main")).to_contain_text("Sunday circle is ready")
    circle = Circle.objects.get(name="Sunday circle")

    staff.get_by_role("link", name="Details and facilitators").click()
    staff.get_by_label("Places").fill("8")
    staff.get_by_role("button", name="Save the details").click()
    expect(staff.get_by_role("main")).to_contain_text("The circle's details are saved")
    staff.get_by_role("link", name="Details and facilitators").click()
    staff.get_by_label("Add a co-facilitator").select_option(label="Rick")
    staff.get_by_role("button", name="Add").click()
    expect(staff.get_by_role("main")).to_contain_text("Rick now facilitates this circle")
    assert_accessible(staff, "details and facilitators")

    # A man joins; the agreements change and he accepts them again.
    admit(circle, world.mateo)
    staff.get_by_role("link", name="Agreements").click()
    staff.locator("input[name='agreements-8-title']").fill("Phones away")
    staff.locator("textarea[name='agreements-8-text']").fill("Phones stay in bags during the circle.")
    staff.get_by_label("What changed, and why").fill("Agreed together at the last session.")
    staff.get_by_role("button", name="Publish the new version").click()
    expect(staff.get_by_role("main")).to_contain_text("Version 2 of the agreements is in force")
    man = browser.new_context(base_url=live_server.url, locale="en-GB")
    key_for(world.mateo)
    as_person(world.mateo, into=man, case_key=True)
    page = man.new_page()
    page.goto(reverse("circles:space", args=[circle.slug]))
    expect(page.get_by_role("main")).to_contain_text("Phones away")
    page.get_by_role("button", name="Accept the agreements").click()
    expect(page.locator(".error-summary")).to_be_visible()
    page.get_by_label("I have read these agreements and will keep them.").check()
    page.get_by_role("button", name="Accept the agreements").click()
    expect(page.get_by_role("main")).to_contain_text("You have accepted the group agreements")
    expect(page.get_by_role("main")).to_contain_text("You have accepted this version.")

    # An exercise of his own, shared with the organisation.
    staff.get_by_role("link", name="Exercise library").click()
    staff.get_by_role("link", name="Write an exercise").click()
    staff.get_by_label("Title").fill("Letters never sent")
    staff.get_by_label("Kind").select_option(label="Reflection")
    staff.get_by_label("Minutes").fill("25")
    staff.get_by_label("Purpose").fill("Write to someone you hurt, without sending it.")
    staff.get_by_label("Steps").fill("Explain the exercise\nWrite for fifteen minutes\nShare one sentence, or pass")
    staff.get_by_role("button", name="Add to the library").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Letters never sent")
    staff.get_by_role("link", name="Edit your exercise").click()
    staff.get_by_label("Share with my organisation's facilitators").check()
    staff.get_by_role("button", name="Save").click()
    expect(staff.get_by_role("main")).to_contain_text("Your exercise is saved")
    staff.get_by_role("link", name="Exercise library").click()
    expect(staff.get_by_role("main")).to_contain_text("yours, shared")

    # A session planned, then cancelled.
    session = sessions.session_plan(circle=circle, actor=world.felix, details=sessions.SessionDetails(
        starts_at=timezone.now() + timedelta(days=4), duration_minutes=120))
    staff.goto(reverse("circles:session", args=[world.riverside.slug, circle.slug, session.pk]))
    staff.get_by_role("link", name="Change or cancel the session").click()
    assert_accessible(staff, "change a session")
    staff.get_by_role("button", name="Cancel this session").click()
    expect(staff.get_by_role("main")).to_contain_text("The session is cancelled")
    assert not CircleSession.objects.filter(pk=session.pk).exists()

    # A circle whose facilitators have all gone is taken on.
    orphan = Circle.objects.create(organisation=world.riverside, name="Old Wednesday group", slug="old-wednesday",
                                   kind="group", city="Riverside", schedule="weekly")
    staff.goto(reverse("circles:manage_list", args=[world.riverside.slug]))
    staff.get_by_role("button", name="Take on Old Wednesday group").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Old Wednesday group")
    assert orphan.facilitators.filter(pk=world.felix.pk).exists()

    # The man ends a commitment of his own, then leaves the circle.
    page.goto(reverse("inventory:commitments"))
    page.get_by_label("What I commit to do").fill("I ask my sister how she is, and listen to the answer.")
    page.get_by_role("button", name="Commit to it").click()  # and on to the commitment's own page
    expect(page.get_by_role("main")).to_contain_text("I ask my sister how she is")
    page.get_by_role("button", name="It is done: part of me now").click()  # after a week, as setting it down
    expect(page.get_by_role("status")).to_contain_text("It will be marked done on")
    expect(page.locator("main")).to_contain_text("You marked this commitment done.")
    page.goto(reverse("circles:space", args=[circle.slug]))
    page.get_by_role("button", name="Leave this circle").click()
    expect(page.get_by_role("main")).to_contain_text("You have left Sunday circle")
    assert CircleMember.objects.get(circle=circle, user=world.mateo).status == CircleMember.Status.LEFT
    man.close()
    facilitator.close()


def test_the_finder_leads_to_the_guide_and_a_circles_calendar(page, world):
    circle = make_circle(world, name="Evening circle")
    sessions.session_plan(circle=circle, actor=world.felix, details=sessions.SessionDetails(
        starts_at=timezone.now() + timedelta(days=3), duration_minutes=120, place="12 Elm Street"))
    page.goto(reverse("circles:finder"))
    page.get_by_role("link", name="Start or revive one").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page, "guide")
    page.goto(reverse("circles:circle", args=[circle.slug]))
    with page.expect_download() as download:
        page.get_by_role("link", name="Add these dates to your calendar (.ics)").click()
    body = open(download.value.path(), encoding="utf-8").read()
    assert "BEGIN:VEVENT" in body and "SUMMARY:Evening circle" in body and "Elm Street" not in body
