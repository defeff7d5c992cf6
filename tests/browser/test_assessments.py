"""An assessment round in a real browser: an administrator opens it, people answer anonymously (one forgets a
statement and loses nothing), the round closes, the results show a chart, the figures and a comment without a
name, the administrator withholds a comment that points at someone, and an action point agreed from the results
is taken forward by its owner."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from holdspace.assessments.models import ActionPoint, AnswerSheet, AssessmentRound, Comment, Participation
from holdspace.assessments.questionnaire import QUESTION_KEYS
from tests.browser.helpers import assert_accessible
from tests.test_assessments_helpers import answer

pytestmark = pytest.mark.django_db(transaction=True)


def _person(browser, live_server, as_person, user):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    as_person(user, into=context)
    return context, context.new_page()


def _choose_all(page, value: str, skip=()):
    for key in QUESTION_KEYS:
        if key not in skip:
            page.locator(f"input[name='{key}'][value='{value}']").check()


def test_a_round_from_opening_to_results_and_an_action_point(browser, live_server, world, as_person):
    # Ada opens a round from the organisation's menu.
    admin, page = _person(browser, live_server, as_person, world.ada)
    page.goto(reverse("organisations:home", args=["riverside"]))
    page.get_by_role("link", name="Assessments").click()
    assert_accessible(page, "the rounds, before any")
    page.get_by_role("link", name="Open a round").click()
    expect(page.get_by_role("heading", name="Open a round", level=1)).to_be_visible()
    page.get_by_label("Title").fill("Spring 2026")
    page.get_by_label("Answers are taken until the end of").fill(
        (timezone.localdate() + timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Open the round").click()
    expect(page.locator("body")).to_contain_text("The round is open.")
    expect(page.get_by_role("heading", name="Spring 2026", level=1)).to_be_visible()
    assert_accessible(page, "an open round, for its administrator")
    round_url = page.url
    assessment_round = AssessmentRound.objects.get()

    # Mateo answers, forgets one statement, and gets everything back with the missing one marked.
    member, page = _person(browser, live_server, as_person, world.mateo)
    page.goto(round_url)
    expect(page.locator("input[type=radio]:checked")).to_have_count(0)
    assert_accessible(page, "the questionnaire")
    _choose_all(page, "4", skip={"power_2"})
    page.get_by_role("group", name="Power and hierarchy").get_by_label(
        "Anything to add about this part? (optional)").fill("Our director decides alone, and nobody questions it.")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.locator(".error-summary")).to_contain_text("1 statement has no answer yet.")
    expect(page.locator("input[type=radio]:checked")).to_have_count(17)
    expect(page.get_by_role("group", name="Power and hierarchy").get_by_label(
        "Anything to add about this part? (optional)")).to_have_value(
        "Our director decides alone, and nobody questions it.")
    assert_accessible(page, "the questionnaire with a statement missing")
    page.locator("input[name='power_2'][value='unknown']").check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.locator("body")).to_contain_text("Thank you for answering")
    expect(page.locator("body")).to_contain_text("So far 1 of 8 people has answered.")
    assert_accessible(page, "thanks after answering")
    member.close()

    # Priya, the partner representative, answers too.
    partner, page = _person(browser, live_server, as_person, world.priya)
    page.goto(round_url)
    _choose_all(page, "2")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.locator("body")).to_contain_text("Thank you for answering")
    partner.close()

    answer(assessment_round, world.hana, 3)
    answer(assessment_round, world.rick, 3, comments={"use": "Ask the new coordinator in accounts: she saw it happen."})
    answer(assessment_round, world.felix, 3)
    assert AnswerSheet.objects.count() == 5 and Comment.objects.count() == 2

    # Ada sees only the count until she closes the round; then the results.
    page = admin.pages[0]
    page.goto(round_url)
    expect(page.locator("body")).to_contain_text("So far 5 of 8 people have answered.")
    expect(page.locator("svg")).to_have_count(0)
    page.get_by_role("button", name="Close the round now").click()
    expect(page.locator("body")).to_contain_text("The round is closed.")
    chart = page.get_by_role("img", name="Mean score per part")
    expect(chart).to_be_visible()
    expect(chart.locator("rect.chart-bar:not(.chart-swatch)")).to_have_count(6)
    figures = page.get_by_role("table", name="The figures in the chart")
    # Policies: three people at 3, Mateo at 4, Priya at 2 -> 3.0; power has Mateo's "I don't know".
    expect(figures.get_by_role("row", name="Policies and mechanisms exist")).to_contain_text("3.0")
    expect(figures.get_by_role("row", name="Power and hierarchy")).to_contain_text("1")
    expect(page.locator("body")).to_contain_text("5 people answered.")
    comments = page.get_by_role("region", name="Comments")
    expect(comments).to_contain_text("Our director decides alone, and nobody questions it.")
    expect(comments).not_to_contain_text("Mateo")
    assert_accessible(page, "the results")
    assert not Participation.objects.exists() and not AnswerSheet.objects.exists()

    # One comment points at a person: Ada withholds it, and its words are gone for everyone.
    pointing = comments.get_by_role("listitem").filter(has_text="the new coordinator in accounts")
    pointing.get_by_text("Withhold this comment").click()
    pointing.get_by_role("button", name="Withhold and delete its words").click()
    expect(page.locator("body")).to_contain_text("The comment is withheld.")
    expect(comments).to_contain_text("An administrator withheld a comment because it could identify someone.")
    expect(comments).not_to_contain_text("the new coordinator in accounts")
    expect(comments).to_contain_text("Our director decides alone, and nobody questions it.")
    assert_accessible(page, "the results with a comment withheld")

    # Ada agrees an action point from the results, owned by Felix.
    page.get_by_role("link", name="Add an action point").click()
    expect(page.locator("body")).to_contain_text("In answer to the results of Spring 2026.")
    page.get_by_label("What will be done").fill("Decisions on leadership taken by the board, with minutes")
    page.get_by_label("Owner").select_option(label="Felix")
    page.get_by_label("Due on").fill((timezone.localdate() + timedelta(days=45)).isoformat())
    assert_accessible(page, "a new action point")
    page.get_by_role("button", name="Save the action point").click()
    expect(page.locator("body")).to_contain_text("Felix can now update its progress.")
    expect(page.get_by_role("region", name="Action points from this round")).to_contain_text(
        "Decisions on leadership taken by the board")
    admin.close()

    # Felix finds it among the action points and says it is under way.
    owner, page = _person(browser, live_server, as_person, world.felix)
    page.goto(reverse("organisations:home", args=["riverside"]))
    page.get_by_role("link", name="Action points").click()
    assert_accessible(page, "the action points")
    page.get_by_role("link", name="Decisions on leadership taken by the board, with minutes").click()
    page.get_by_label("Status").select_option(label="In progress")
    page.get_by_label("Progress").fill("Drafted the board's new rules; first reading next month.")
    assert_accessible(page, "an action point, for its owner")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("body")).to_contain_text("The action point is updated.")
    expect(page.locator(".facts")).to_contain_text("In progress")
    owner.close()
    point = ActionPoint.objects.get()
    assert point.status == "in_progress" and point.round == assessment_round and point.owner == world.felix
