"""A man keeps a commitment with an accountability partner, in a real browser: he commits, asks the
facilitator of his circle to be his partner, checks in; the partner accepts, confirms the check-in and
leaves a word; the man reads both, asks to check in less often and takes it back, and turns reminders off."""
import pytest
from django.urls import reverse
from playwright.sync_api import expect

from holdspace.inventory.models import Commitment
from tests.browser.helpers import assert_accessible
from tests.circles_helpers import admit, key_for, make_circle

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_commitment_kept_with_a_partner_from_his_circle(browser, live_server, world, as_person):
    circle = make_circle(world, name="Thursday group")
    admit(circle, world.mateo)
    key_for(world.mateo)
    man = browser.new_context(base_url=live_server.url, locale="en-GB")
    as_person(world.mateo, case_key=True, into=man)
    page = man.new_page()
    page.goto(reverse("site:dashboard"))
    page.get_by_role("link", name="Your commitments").first.click()
    page.get_by_role("button", name="Commit to it").click()  # nothing written: nothing lost, and why
    expect(page.get_by_role("main")).to_contain_text("Write what you commit to do.")
    assert_accessible(page, "commitments, with an error")
    page.get_by_label("What I commit to do").fill("When a woman colleague speaks, I do not repeat her idea as mine.")
    page.get_by_label("How often I check in").select_option("week")
    page.get_by_role("button", name="Commit to it").click()
    expect(page.get_by_role("status")).to_contain_text("Your commitment is written down.")
    assert_accessible(page, "commitment")

    # He asks Felix, who facilitates his circle.
    page.get_by_label("Or someone from your circles").select_option(label="Felix (Thursday group)")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_role("main")).to_contain_text("You asked Felix.")
    page.get_by_label("I kept it").check()
    page.get_by_label("A word on it").fill("In Monday's meeting I named whose idea it was.")
    page.get_by_role("button", name="Save my check-in").click()
    expect(page.get_by_role("status")).to_contain_text("Your check-in is saved.")

    partner = browser.new_context(base_url=live_server.url, locale="en-GB")
    key_for(world.felix)
    as_person(world.felix, case_key=True, into=partner)
    his = partner.new_page()
    his.goto(reverse("site:dashboard"))
    his.get_by_role("link", name="Someone asks you to be his accountability partner.").click()
    assert_accessible(his, "partnering, an invitation waiting")
    his.get_by_role("button", name="Accept").click()
    expect(his.get_by_role("main")).to_contain_text("do not repeat her idea as mine")
    expect(his.get_by_role("main")).to_contain_text("In Monday's meeting I named whose idea it was.")
    his.get_by_role("button", name="Confirm this check-in").click()
    expect(his.get_by_role("status")).to_contain_text("Confirmed.")
    his.get_by_label("A word for him").fill("I noticed it too. Keep going.")
    his.get_by_role("button", name="Leave it").click()
    expect(his.get_by_role("status")).to_contain_text("Your word is left for him.")
    assert_accessible(his, "a commitment he supports")
    partner.close()

    page.reload()
    expect(page.get_by_role("main")).to_contain_text("confirmed by the partner")
    expect(page.get_by_role("main")).to_contain_text("I noticed it too. Keep going.")
    expect(page.get_by_role("main")).to_contain_text("Felix is your accountability partner")
    # Checking in less often waits a week, and can be taken back.
    page.get_by_label("From now on, check in").select_option("month")
    page.get_by_role("button", name="Change it").click()
    expect(page.get_by_role("status")).to_contain_text("The change takes effect on")
    expect(page.get_by_role("main")).to_contain_text("You asked to check in less often")
    page.get_by_role("button", name="Take the change back").click()
    expect(page.get_by_role("status")).to_contain_text("Taken back")
    assert Commitment.objects.get().check_in_every == "week"
    page.get_by_role("link", name="Your commitments").first.click()
    page.get_by_role("button", name="Turn reminders off").click()
    expect(page.get_by_role("status")).to_contain_text("Reminders are off.")
    man.close()


def test_a_man_invited_by_mail_answers_through_its_link(browser, live_server, world, as_person):
    from holdspace.inventory.commitments import commitment_make
    from holdspace.inventory.partners import partner_invite

    key_for(world.mateo)
    made = commitment_make(owner=world.mateo, text="I ask before I touch anyone's shoulder.", check_in_every="week")
    invited = partner_invite(commitment=made, owner=world.mateo, private_key=key_for(world.mateo),
                             email="harry@example.org")
    key_for(world.harry)
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    as_person(world.harry, case_key=True, into=context)
    page = context.new_page()
    page.goto(reverse("inventory:partner_link", args=[invited.token]))
    assert invited.token not in page.url  # the secret left the address bar at once
    expect(page.get_by_role("main")).to_contain_text("Mateo asks you to be his accountability partner")
    assert_accessible(page, "an invitation opened from its mail")
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_role("main")).to_contain_text("I ask before I touch anyone's shoulder.")
    page.goto(reverse("inventory:partner_invitation"))  # spent: the page says so
    expect(page.get_by_role("main")).to_contain_text("This invitation is no longer open")
    assert_accessible(page, "an invitation no longer open")
    context.close()
