"""A safety concern from a session to a steward, in a real browser: a member raises one from his circle's space
(a first try without words loses nothing), the steward finds it in the organisation's menu, reads it with his key,
acknowledges it, tells the man it concerns what is expected of him and makes it a formal concern; the man reads
the steward's words on his own page, and nothing there names who raised it."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from holdspace.circles.models import SafetyConcern, SafetyNotice
from tests.browser.helpers import assert_accessible
from tests.circles_helpers import admit, circle_world, key_for, make_steward

pytestmark = pytest.mark.django_db(transaction=True)

WORDS = "After the session he followed Sam to the car park and would not let him leave."


def _person(browser, live_server, as_person, user, *, locale="en-GB"):
    context = browser.new_context(base_url=live_server.url, locale=locale)
    as_person(user, into=context, case_key=True)
    return context, context.new_page()


def test_a_safety_concern_from_a_session_to_a_steward(browser, live_server, world, as_person):
    circles = circle_world(world)
    admit(circles.circle, world.rick)  # the man the concern is about, a member of the circle
    key_for(world.rick)
    make_steward(world)  # Otto

    # Mateo raises it from his circle's space, about Rick, with someone in danger now.
    member, page = _person(browser, live_server, as_person, world.mateo)
    page.goto(reverse("circles:space", args=[circles.circle.slug]))
    expect(page.get_by_role("heading", name="What the circle will not keep confidential")).to_be_visible()
    page.get_by_role("link", name="Raise a concern from the session of").first.click()
    expect(page.get_by_role("heading", name="Raise a safety concern", level=1)).to_be_visible()
    assert_accessible(page, "raising a safety concern")
    page.get_by_label("Who does it concern?").select_option(label="Rick")
    page.get_by_label("Someone may be in danger now").check()
    page.get_by_role("button", name="Send to the stewards").click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.get_by_label("Someone may be in danger now")).to_be_checked()
    expect(page.get_by_label("Who does it concern?")).to_have_value(str(world.rick.pk))
    page.get_by_label("What happened?").fill(WORDS)
    page.get_by_role("button", name="Send to the stewards").click()
    expect(page.locator("body")).to_contain_text("Your concern is with the organisation's stewards")
    member.close()
    concern = SafetyConcern.objects.get()
    assert concern.urgent and concern.stage == "raised"

    # Otto, the steward, finds it in the organisation's menu and reads it with his key.
    steward, page = _person(browser, live_server, as_person, world.otto)
    page.goto(reverse("organisations:home", args=["riverside"]))
    page.get_by_role("link", name="Safety concerns").click()
    expect(page.get_by_role("heading", name="Safety concerns", level=1)).to_be_visible()
    expect(page.locator("tbody")).to_contain_text("someone in danger")
    assert_accessible(page, "the steward's safety concerns")
    page.locator("tbody a").first.click()
    expect(page.locator("blockquote")).to_contain_text(WORDS)
    expect(page.locator("dl")).to_contain_text("Mateo")
    assert_accessible(page, "a safety concern, for its steward")
    page.get_by_role("button", name="Acknowledge: I have it").click()
    expect(page.locator("body")).to_contain_text("Acknowledged.")

    # He tells Rick what is expected of him, then records a formal concern with a day to act by.
    page.get_by_label("What he needs to know").fill("Please do not contact Sam. Meet me on Thursday at noon.")
    page.get_by_role("button", name="Send to him").click()
    expect(page.locator("body")).to_contain_text("He is not told who raised the concern.")
    page.get_by_label("What will be done").fill("Meet Rick; talk with the facilitators about Sam's safety.")
    page.get_by_label("Act by").fill((timezone.localdate() + timedelta(days=10)).isoformat())
    page.get_by_role("button", name="Record the formal concern").click()
    expect(page.locator("body")).to_contain_text("It is now a formal concern")
    expect(page.locator("body")).to_contain_text("Formal concern")
    assert_accessible(page, "a formal safety concern")
    steward.close()
    assert SafetyNotice.objects.get().user_id == world.rick.pk

    # Rick reads the steward's words, in Spanish, and nothing names who raised it.
    man, page = _person(browser, live_server, as_person, world.rick, locale="es-ES")
    page.goto(reverse("circles:mine"))
    page.get_by_role("link", name="Una persona de cuidado te ha escrito").click()
    expect(page.get_by_role("heading", name="Preocupaciones de seguridad sobre ti", level=1)).to_be_visible()
    expect(page.locator("blockquote")).to_contain_text("Please do not contact Sam.")
    body = page.locator("body").inner_text()
    assert "Mateo" not in body and WORDS not in body
    assert_accessible(page, "a man's safety notices, in Spanish")
    man.close()
