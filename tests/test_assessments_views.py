"""Assessments through their pages: the questionnaire keeps every answer when one is missing, the round's page
changes with its life, results wait for the close and for enough answers, a network's rounds are open to its
member organisations' people, opening a round has its own administrator's page, a comment that could identify
someone is withheld, action points are kept by administrators and their owners (never a partner representative),
and pages cost the same number of queries however many answered."""
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from holdspace.assessments import services
from holdspace.assessments.models import ActionPoint, AnswerSheet, AssessmentRound, Comment, Participation
from holdspace.audit.models import AuditEntry
from holdspace.organisations.models import Membership, Organisation, Role
from holdspace.web import dates
from holdspace.web.inputs import query_id
from tests.access_matrix import EVERYONE
from tests.conftest import sign_in
from tests.test_assessments_helpers import answer, closed_round, form_data, more_people, open_round

pytestmark = pytest.mark.django_db


def _round_url(assessment_round):
    return reverse("assessments:round", args=[assessment_round.organisation.slug, assessment_round.pk])


def _page(response) -> str:
    """The page's HTML, without the column names each cell carries for phones (data-label), so the figures read
    as the cells hold them."""
    return re.sub(r' data-label="[^"]*"', "", response.content.decode())


def _spaced(html: str) -> str:
    """HTML with each run of white space as one space: where a page breaks its lines and indents is not what it
    shows."""
    return re.sub(r"\s+", " ", html)


def test_a_missing_answer_keeps_every_choice_and_comment(world, client_for):
    assessment_round = open_round(world)
    client = client_for("mateo")
    data = form_data("4", power_2="unknown", comment_power="Leaders decide alone & fast.")
    del data["use_3"], data["transparency_1"]
    response = client.post(_round_url(assessment_round), data)
    assert response.status_code == 400
    page = _page(response)
    assert "2 statements have no answer yet." in page
    assert "Please choose an answer; “I don&#x27;t know” is an answer too." in page
    assert escape("Leaders decide alone & fast.") in page
    # Every choice made is still chosen: 15 statements at 4, one "I don't know", two with nothing chosen.
    assert page.count("checked") == 16
    assert not Participation.objects.exists() and not AnswerSheet.objects.exists()


def test_nothing_is_chosen_in_advance_and_the_form_says_answers_are_final(world, client_for):
    assessment_round = open_round(world)
    page = _page(client_for("priya").get(_round_url(assessment_round)))
    assert "checked" not in page
    assert "Once sent they cannot be changed" in page
    assert "I don&#x27;t know" in page and "Not at all" in page and "Fully" in page
    assert "So far 0 of 8 people have answered." in page  # Riverside's eight people, partner included


def test_answering_then_thanks_then_no_second_answer(world, client_for):
    assessment_round = open_round(world)
    client = client_for("mateo")
    response = client.post(_round_url(assessment_round), form_data("2", comment_use="We never talk about it."))
    assert response.status_code == 302
    page = _page(client.get(_round_url(assessment_round)))
    assert "Thank you for answering" in page and "So far 1 of 8 people has answered." in page
    assert 'name="use_1"' not in page
    # A second post (another tab, a reload) is turned away without touching the first answer.
    again = client.post(_round_url(assessment_round), form_data("5"))
    assert again.status_code == 302
    assert AnswerSheet.objects.get().scores["use_1"] == 2
    assert Comment.objects.get().text == "We never talk about it."


def test_results_wait_for_the_close_and_for_enough_answers(world, client_for):
    assessment_round = open_round(world, min_answers=6)
    for name in ("ada", "hana", "rick", "felix", "mateo"):
        answer(assessment_round, world.people[name], 4, comments={"power": f"Secret words of {name}"})
    admin = client_for("ada")
    page = _page(admin.get(_round_url(assessment_round)))
    assert "So far 5 of 8 people have answered." in page and "Secret words" not in page and "<svg" not in page
    assert "could tell who gave which answer" in page
    response = admin.post(reverse("assessments:round_close", args=["riverside", assessment_round.pk]))
    assert response.status_code == 302
    page = _page(admin.get(_round_url(assessment_round)))
    assert ("Not enough answers to show results without risk of identifying anyone: 5 people answered, "
            "6 are needed.") in page
    assert "Secret words" not in page and "<svg" not in page


def test_after_the_close_nothing_links_answers_to_people_and_the_pages_still_work(world, client_for):
    assessment_round = open_round(world)
    for name in ("ada", "hana", "rick", "felix", "mateo"):
        answer(assessment_round, world.people[name], 4, comments={"use": f"Said by someone {name}"})
    assert Participation.objects.count() == AnswerSheet.objects.count() == 5
    admin = client_for("ada")
    assert admin.post(reverse("assessments:round_close", args=["riverside", assessment_round.pk])).status_code == 302
    assert not Participation.objects.filter(round=assessment_round).exists()
    assert not AnswerSheet.objects.filter(round=assessment_round).exists()
    # The results, counts and comments come from what was stored at the close, for those who answered and not.
    for name in ("mateo", "priya"):
        page = _page(client_for(name).get(_round_url(assessment_round)))
        assert "5 people answered." in page and '<svg class="chart"' in page and "<td>4.0</td>" in page
        assert "Said by someone mateo" in page
        # A closed round takes no answer, answered or not.
        response = client_for(name).post(_round_url(assessment_round), form_data("1"))
        assert response.status_code == 302 and not AnswerSheet.objects.exists()
    page = _page(admin.get(reverse("assessments:rounds", args=["riverside"])))
    assert "shown" in page and "Open a round" in page
    # The next round asks everyone again, on the dashboard too.
    open_round(world, title="Autumn round")
    assert "Autumn round" in _page(client_for("mateo").get(reverse("site:dashboard")))


def test_a_mean_over_too_few_people_is_not_shown_and_the_page_says_why(world, client_for):
    first = closed_round(world, value=2, title="First round")
    assessment_round = open_round(world, title="Second round")
    unknown = dict.fromkeys(["power_1", "power_2", "power_3"])
    answer(assessment_round, world.ada, 1)
    for name in ("hana", "rick", "felix", "mateo"):
        answer(assessment_round, world.people[name], 4, **unknown)
    services.round_close(assessment_round=assessment_round, actor=world.ada)
    page = _page(client_for("priya").get(_round_url(assessment_round)))
    power = page.split("<th scope=\"row\">Power and hierarchy</th>")[1].split("</tr>")[0]
    # Ada's own score would be the mean: the part says "not shown", with no change against the first round.
    assert "not shown" in power and "<td>—</td>" in power and "1.0" not in power
    assert "without 3 statements too few people scored" in power
    assert "Some means are not shown. When fewer than 5 people gave a statement a score" in page
    assert "only when both means are over the same statements" in page
    # The statement's row keeps its counts: one scored, four did not know.
    statements = _spaced(page.split("Statement by statement")[1])
    assert "<td>not shown</td> <td>1</td> <td>4</td>" in statements
    # The chart draws no bar for it and says why in words, next to the first round's bar.
    assert "not shown</text>" in page and 'width="0.0" height="18.0" class="chart-bar"' in page
    assert first.results["dimensions"]["power"]["mean"] == 2.0 and "<td>2.0</td>" in power
    # Parts with enough scores keep their means and their change: (1 + 4 × 4) / 5 against 2.
    policies = page.split("<th scope=\"row\">Policies and mechanisms exist</th>")[1].split("</tr>")[0]
    assert "<td>3.4</td>" in policies and "<td>+1.4</td>" in policies and "not shown" not in policies


def test_the_results_page_shows_the_chart_the_figures_and_comments_without_names(world, client_for):
    first = closed_round(world, value=2, title="First round")
    point = services.action_point_create(organisation=world.riverside, actor=world.ada, title="Train every facilitator",
                                         detail="", owner=world.rick, due_on=timezone.localdate(),
                                         assessment_round=first)
    ActionPoint.objects.filter(pk=point.pk).update(due_on=timezone.localdate() - timedelta(days=2))
    second = closed_round(world, value=4, title="Second round", comments={"partnership": "Ask the partners first."})
    page = _page(client_for("priya").get(_round_url(second)))
    assert '<svg class="chart"' in page and 'role="img"' in page and "<desc" in page
    assert "Mean score per part, this round and the previous one" in page
    assert page.count('class="chart-bar-previous"') == 6 and page.count('class="chart-bar"') == 6
    assert "Previous round (First round)" in page
    assert "<td>4.0</td>" in page and "<td>2.0</td>" in page and "<td>+2.0</td>" in page
    assert "5 people answered." in page
    assert "Ask the partners first." in page
    for name in ("Ada", "Hana", "Rick", "Felix", "Mateo"):
        assert f"{name}</" not in page.split("Comments")[1].split("Progress since")[0]
    progress = page.split("Progress since the last round")[1]
    assert "Train every facilitator" in progress and "Overdue" in progress
    assert "Add an action point" not in page  # Priya reads; administrators add


def test_a_rounds_scores_are_drawn_once_per_language_and_round_for_every_reader(world, client_for, monkeypatch):
    """A closed round's results never change: its chart and tables are drawn once per language and kept, while
    comments and action points are read for each page."""
    from holdspace.assessments import views

    drawn = []
    gather = views._scores_context
    monkeypatch.setattr(views, "_scores_context", lambda *args, **kwargs: drawn.append(args[0].pk) or gather(
        *args, **kwargs))
    first = closed_round(world, value=2, title="First round")
    second = closed_round(world, value=4, title="Second round", comments={"use": "Say who decides."})
    english = [_page(client_for(name).get(_round_url(second))) for name in ("priya", "ada")]
    assert drawn == [second.pk]
    scores = [page.split('aria-labelledby="scores-heading"')[1].split('aria-labelledby="comments-heading"')[0]
              for page in english]
    assert scores[0] == scores[1] and 'class="chart-bar-previous"' in scores[0]
    assert "<td>4.0</td>" in english[0] and "<td>+2.0</td>" in english[0] and "Say who decides." in english[0]
    spanish = _page(client_for("priya").get(_round_url(second), HTTP_ACCEPT_LANGUAGE="es"))
    assert drawn == [second.pk, second.pk]
    assert "Puntuaciones por parte" in spanish and "Afirmación por afirmación" in spanish
    assert "Scores by part" not in spanish and "Puntuaciones por parte" not in english[0]
    # The first round's own page shows its own scores, with no round before it to compare with.
    earlier = _page(client_for("priya").get(_round_url(first)))
    assert drawn == [second.pk, second.pk, first.pk]
    assert "<td>2.0</td>" in earlier and "<td>4.0</td>" not in earlier and "Previous round (" not in earlier
    # A comment withheld shows at once, though the scores beside it are kept.
    for comment in Comment.objects.filter(round=second, text="Say who decides."):
        services.comment_withhold(comment=comment, actor=world.ada)
    again = _page(client_for("priya").get(_round_url(second)))
    assert "Say who decides." not in again and "An administrator withheld a comment" in again
    assert drawn == [second.pk, second.pk, first.pk]


def test_the_results_page_lists_each_action_point_with_its_address_owner_status_and_day(world, client_for):
    first = closed_round(world, value=2, title="First round")
    today = timezone.localdate()
    late = services.action_point_create(organisation=world.riverside, actor=world.ada, title="Ask <women> first",
                                        detail="", owner=world.rick, due_on=today, assessment_round=first)
    ActionPoint.objects.filter(pk=late.pk).update(due_on=today - timedelta(days=2))
    done = services.action_point_create(organisation=world.riverside, actor=world.ada, title="Write the policy",
                                        detail="", owner=world.rick, due_on=today, assessment_round=first)
    ActionPoint.objects.filter(pk=done.pk).update(owner=None, status=ActionPoint.Status.DONE,
                                                  due_on=today - timedelta(days=2))
    second = closed_round(world, value=4, title="Second round")
    progress = _spaced(_page(client_for("priya").get(_round_url(second))).split("Progress since the last round")[1])
    day = dates.day(today - timedelta(days=2))
    late_url = reverse("assessments:action_point", args=[world.riverside.slug, late.pk])
    assert (f'<a href="{late_url}">Ask &lt;women&gt; first</a> <span class="tag">Planned</span> '
            f'<strong class="overdue">Overdue</strong> <br><span class="meta">Owner: '
            f"{world.rick.display_name} · due by the end of {day}</span>") in progress
    done_url = reverse("assessments:action_point", args=[world.riverside.slug, done.pk])
    assert (f'<a href="{done_url}">Write the policy</a> <span class="tag">Done</span> <br>'
            f'<span class="meta">Owner: no owner · due by the end of {day}</span>') in progress


def test_a_network_round_is_open_to_its_member_organisations_people(world):
    network_round = open_round(world, world.network, actor=world.nadia)
    url = _round_url(network_round)
    takes_part = {"nadia", "ada", "hana", "omar", "rick", "otto", "felix", "moses", "mateo", "priya", "harry"}
    got = {}
    for person in EVERYONE:
        client = Client()
        if person is not None:
            sign_in(client, world.people[person])
        response = client.get(url)
        got[person] = response.status_code if response.status_code != 302 else "login"
    assert got == {person: 200 if person in takes_part else (404 if person else "login") for person in EVERYONE}
    harry = sign_in(Client(), world.harry)
    page = _page(harry.get(url))
    # Harry holds no role in the network itself: its own pages are not offered to him.
    assert 'href="/organisations/test-network/"' not in page
    assert 'href="/organisations/test-network/action-points/"' in page
    assert harry.post(url, form_data("3")).status_code == 302
    assert Participation.objects.filter(round=network_round, person=world.harry).exists()
    # Riverside's own round stays Riverside's.
    riverside_round = open_round(world)
    assert harry.get(_round_url(riverside_round)).status_code == 404
    assert harry.post(_round_url(riverside_round), form_data("3")).status_code == 404


def test_opening_a_round_refuses_bad_dates_and_keeps_what_was_typed(world, client_for):
    admin = client_for("ada")
    url = reverse("assessments:round_new", args=["riverside"])
    page = _page(admin.get(url))
    assert 'name="title"' in page and "Open the round" in page
    response = admin.post(url, {"title": "Our first look", "closes_on": timezone.localdate().isoformat(),
                                "min_answers": "3"})
    assert response.status_code == 400
    page = _page(response)
    assert "Our first look" in page and "At least 5 answers are needed" in page
    response = admin.post(url, {"title": "Our first look", "closes_on": timezone.localdate().isoformat(),
                                "min_answers": "7"})
    assert response.status_code == 400 and "Please choose a closing date after today." in _page(response)
    assert not AssessmentRound.objects.exists()
    closes_on = timezone.localdate() + timedelta(days=10)
    response = admin.post(url, {"title": "Our first look", "closes_on": closes_on.isoformat(), "min_answers": "7"})
    opened = AssessmentRound.objects.get()
    assert response.status_code == 302 and response["Location"] == _round_url(opened) and opened.min_answers == 7
    # While it is open, the page says so; a second round sent anyway comes back refused, with what was typed.
    page = _page(admin.get(url))
    assert 'name="title"' not in page and "“Our first look” is open now." in page
    response = admin.post(url, {"title": "Another look", "closes_on": closes_on.isoformat(), "min_answers": "5"})
    assert response.status_code == 400
    assert "A round is already open." in _page(response) and "Another look" in _page(response)
    assert AssessmentRound.objects.count() == 1


def test_the_rounds_list_is_for_reading_and_opening_is_for_administrators(world, client_for):
    rounds_url = reverse("assessments:rounds", args=["riverside"])
    new_url = reverse("assessments:round_new", args=["riverside"])
    admin_page = _page(client_for("ada").get(rounds_url))
    assert f'href="{new_url}"' in admin_page and 'name="title"' not in admin_page
    closes_on = (timezone.localdate() + timedelta(days=10)).isoformat()
    for name in ("mateo", "priya", "felix"):
        member = client_for(name)
        page = _page(member.get(rounds_url))
        assert new_url not in page and 'name="title"' not in page
        assert member.get(new_url).status_code == 404
        assert member.post(new_url, {"title": "Mine", "closes_on": closes_on, "min_answers": "5"}).status_code == 404
        # The list takes no post at all, from anyone.
        assert member.post(rounds_url, {"title": "Mine", "closes_on": closes_on, "min_answers": "5"}).status_code \
            in {404, 405}
    assert client_for("ada").post(rounds_url, {"title": "T", "closes_on": closes_on}).status_code == 405
    assert not AssessmentRound.objects.exists()
    # With a round open, administrators are told the next waits for its close.
    open_round(world)
    page = _page(client_for("ada").get(rounds_url))
    assert f'href="{new_url}"' not in page and "The next round can be opened once this one has closed." in page


def test_an_administrator_without_two_step_sign_in_is_asked_for_it_before_opening(world, client_for):
    client = client_for("ada", verified=False)
    url = reverse("assessments:round_new", args=["riverside"])
    response = client.get(url)
    assert response.status_code == 302 and "next=" in response["Location"]
    closes_on = timezone.localdate() + timedelta(days=10)
    response = client.post(url, {"title": "T", "closes_on": closes_on.isoformat(), "min_answers": "5"})
    assert response.status_code == 302 and "next=" in response["Location"]
    assert not AssessmentRound.objects.exists()


def test_an_expired_form_brings_the_answers_back(world):
    assessment_round = open_round(world)
    client = sign_in(Client(enforce_csrf_checks=True), world.mateo)
    response = client.post(_round_url(assessment_round), form_data("5", comment_power="Kept through expiry."))
    assert response.status_code == 403
    page = _page(response)
    assert "Kept through expiry." in page and page.count("checked") == 18
    assert "please send them again" in page
    assert not Participation.objects.exists()


def test_a_new_action_point_refuses_a_past_date_and_keeps_what_was_typed(world, client_for):
    first = closed_round(world)
    admin = client_for("ada")
    url = reverse("assessments:action_point_new", args=["riverside"]) + f"?round={first.pk}"
    data = {"title": "Publish our figures", "detail": "Every six months.", "owner": world.felix.pk,
            "due_on": (timezone.localdate() - timedelta(days=1)).isoformat()}
    response = admin.post(url, data)
    assert response.status_code == 400
    page = _page(response)
    assert "The due date has already passed." in page and "Publish our figures" in page and "Every six months." in page
    for outsider in (world.harry, world.priya):  # Harbour's member, and Riverside's partner representative
        response = admin.post(url, {**data, "owner": outsider.pk, "due_on": timezone.localdate().isoformat()})
        assert response.status_code == 400 and "Please choose someone from the list." in _page(response)
    assert f'value="{world.priya.pk}"' not in _page(admin.get(url))
    assert f'value="{world.felix.pk}"' in _page(admin.get(url))
    response = admin.post(url, {**data, "due_on": timezone.localdate().isoformat()})
    assert response.status_code == 302 and response["Location"] == _round_url(first)
    point = ActionPoint.objects.get()
    assert point.round == first and point.owner == world.felix
    # A round of another organisation, or junk, is not found.
    for junk in ("²", "-1", "1e3", "9" * 19):
        assert admin.get(reverse("assessments:action_point_new", args=["riverside"]) + f"?round={junk}"
                         ).status_code == 404
    other = closed_round(world, world.network, people=("nadia", "ada", "hana", "harry", "omar"))
    new_url = reverse("assessments:action_point_new", args=["riverside"])
    assert admin.get(f"{new_url}?round={other.pk}").status_code == 404


def test_the_owner_updates_his_point_others_read_it(world, client_for):
    point = services.action_point_create(organisation=world.riverside, actor=world.ada, title="Train the board",
                                         detail="", owner=world.felix,
                                         due_on=timezone.localdate() + timedelta(days=20))
    url = reverse("assessments:action_point", args=["riverside", point.pk])
    felix = client_for("felix")
    page = _page(felix.get(url))
    assert "Say how far it has come" in page and 'name="title"' not in page
    response = felix.post(url, {"status": "in_progress", "progress_note": "Booked for May."})
    assert response.status_code == 302
    point.refresh_from_db()
    assert point.status == "in_progress" and point.progress_note == "Booked for May."
    mateo = client_for("mateo")
    page = _page(mateo.get(url))
    assert "Booked for May." in page and "<form method=\"post\" class=\"stack\"" not in page
    assert mateo.post(url, {"status": "done", "progress_note": ""}).status_code == 403
    response = client_for("ada").post(url, {"title": "", "detail": "", "owner": world.felix.pk,
                                            "due_on": point.due_on.isoformat(), "status": "done",
                                            "progress_note": "Kept note"})
    assert response.status_code == 400 and "Kept note" in _page(response)


def test_the_owner_cannot_drop_his_point_an_administrator_drops_it_saying_why(world, client_for):
    point = services.action_point_create(organisation=world.riverside, actor=world.ada, title="Train the board",
                                         detail="", owner=world.felix,
                                         due_on=timezone.localdate() + timedelta(days=20))
    url = reverse("assessments:action_point", args=["riverside", point.pk])
    felix = client_for("felix")
    page = _page(felix.get(url))
    assert 'value="done"' in page and 'value="dropped"' not in page
    response = felix.post(url, {"status": "dropped", "progress_note": "Not worth it."})
    assert response.status_code == 400 and "Not worth it." in _page(response)
    point.refresh_from_db()
    assert point.status == "planned"
    admin = client_for("ada")
    assert 'value="dropped"' in _page(admin.get(url))
    data = {"title": point.title, "detail": "", "owner": world.felix.pk, "due_on": point.due_on.isoformat(),
            "status": "dropped", "progress_note": ""}
    response = admin.post(url, data)
    assert response.status_code == 400
    assert "Please say in the progress note why this action point is dropped." in _page(response)
    response = admin.post(url, {**data, "progress_note": "The board meets the network's trainer instead."})
    assert response.status_code == 302
    point.refresh_from_db()
    assert point.status == "dropped"
    # Felix reads why; he can no longer change it.
    page = _page(felix.get(url))
    assert "The board meets the network&#x27;s trainer instead." in page and "An administrator dropped" in page
    assert 'name="status"' not in page
    assert felix.post(url, {"status": "planned", "progress_note": "Again"}).status_code == 403
    point.refresh_from_db()
    assert point.status == "dropped"


def test_an_administrator_withholds_a_comment_and_nobody_reads_it_again(world, client_for):
    words = "The treasurer, the only man over sixty here, mocks every complaint."
    assessment_round = closed_round(world, comments={"power": "Decisions are explained now."})
    answer_free = Comment.objects.filter(round=assessment_round).first()
    Comment.objects.filter(pk=answer_free.pk).update(text=words)
    url = reverse("assessments:comment_withhold", args=["riverside", assessment_round.pk])
    admin = client_for("ada")
    page = _page(admin.get(_round_url(assessment_round)))
    assert page.count("Withhold this comment") == 5 and f'value="{answer_free.pk}"' in page
    assert "Withhold this comment" not in _page(client_for("priya").get(_round_url(assessment_round)))
    # Nobody else may, and junk or another round's comment is not found.
    for name in ("mateo", "priya", "hana"):
        assert client_for(name).post(url, {"comment": str(answer_free.pk)}).status_code == 404
    for junk in ("", "²", "1", "x" * 300):
        assert admin.post(url, {"comment": junk}).status_code == 404
    other = closed_round(world, title="Other", comments={"use": "Elsewhere."})
    assert admin.post(url, {"comment": str(Comment.objects.filter(round=other).first().pk)}).status_code == 404
    assert Comment.objects.get(pk=answer_free.pk).text == words
    response = admin.post(url, {"comment": str(answer_free.pk), "page": "1"})
    assert response.status_code == 302 and response["Location"] == _round_url(assessment_round) + "#comments-heading"
    withheld = Comment.objects.get(pk=answer_free.pk)
    assert withheld.withheld and withheld.text == ""
    entry = AuditEntry.objects.get(action="assessments.comment_withheld")
    assert entry.target_id == str(assessment_round.pk) and entry.details == {} and entry.actor_id == world.ada.pk
    for name in ("priya", "mateo", "ada"):
        page = _page(client_for(name).get(_round_url(assessment_round)))
        assert "treasurer" not in page
        assert page.count("An administrator withheld a comment because it could identify someone.") == 1
        assert page.count("Decisions are explained now.") == 4
    # The comment count in the results is unchanged: the comment was made, its words are gone.
    assessment_round.refresh_from_db()
    assert assessment_round.results["comments"] == 5


def test_query_id_reads_plain_digits_only():
    factory = RequestFactory()
    assert query_id(factory.get("/", {"round": " 42 "}), name="round") == 42
    for junk in ("", "²", "-1", "4 2", "1.0", "٤٢", "9" * 19):
        assert query_id(factory.get("/", {"round": junk}), name="round") is None
    assert query_id(factory.get("/"), name="round") is None
    assert query_id(factory.post("/", {"round": "42"}), name="round") is None  # the query string, not the form


def _setup_results(world, organisation_name: str, answers: int) -> AssessmentRound:
    """An organisation with a previous round and its action points, then a round with this many answers, each
    with a comment, and as many action points."""
    organisation = Organisation.objects.create(name=organisation_name, slug=organisation_name.lower())
    Membership.objects.create(user=world.ada, organisation=organisation, role=Role.ORG_ADMIN)
    people = more_people(organisation, max(answers, 5), prefix=organisation_name.lower())
    earlier = closed_round(world, organisation, people=people[:5], title="Earlier")
    for number in range(answers):
        services.action_point_create(organisation=organisation, actor=world.ada, title=f"Earlier point {number}",
                                     detail="", owner=people[number], due_on=timezone.localdate(),
                                     assessment_round=earlier)
    later = closed_round(world, organisation, people=people[:answers], title="Later",
                         comments={"power": "Comment", "use": "Another"})
    for number in range(answers):
        services.action_point_create(organisation=organisation, actor=world.ada, title=f"Point {number}", detail="",
                                     owner=people[number], due_on=timezone.localdate(), assessment_round=later)
    return later


def test_the_results_page_costs_the_same_queries_for_few_or_many_answers(world, client_for,
                                                                           django_assert_num_queries):
    few, many = _setup_results(world, "Small", 5), _setup_results(world, "Large", 40)
    few_url, many_url = _round_url(few), _round_url(many)
    client = client_for("ada")
    client.get(few_url)  # warm the session
    with CaptureQueriesContext(connection) as captured:
        response = client.get(few_url)
    assert response.status_code == 200 and "Earlier point 4" in _page(response)
    # The session, the person and her authenticator; the organisation and her roles; the round, the previous one,
    # their action points and a page of comments.
    assert len(captured.captured_queries) == 9
    with django_assert_num_queries(len(captured.captured_queries)):
        response = client.get(many_url)
    page = _page(response)
    assert response.status_code == 200 and "40 people answered." in page and "Earlier point 39" in page
    assert "Page 1 of 2" in page  # 80 comments, 50 a page
    with django_assert_num_queries(len(captured.captured_queries)):
        assert client.get(many_url + "?page=2").status_code == 200


def test_the_action_points_list_costs_the_same_queries_for_few_or_many(world, client_for,
                                                                      django_assert_num_queries):
    _setup_results(world, "Small", 3)
    many = _setup_results(world, "Large", 30)
    client = client_for("ada")
    client.get(reverse("assessments:action_points", args=["small"]))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("assessments:action_points", args=["small"]))
    assert response.status_code == 200
    ActionPoint.objects.filter(organisation=many.organisation, title__startswith="Earlier").update(
        due_on=timezone.localdate() - timedelta(days=1))
    with django_assert_num_queries(len(captured.captured_queries)):
        response = client.get(reverse("assessments:action_points", args=["large"]))
    page = _page(response)
    # Overdue first, said in words; 60 points, 50 a page.
    assert page.index("Earlier point") < page.index(">Point ")
    assert page.count('<strong class="overdue">Overdue</strong>') == 30
    assert "Page 1 of 2" in page


def test_the_dashboard_asks_for_answers_to_open_rounds_including_a_networks(world, client_for):
    from tests.test_assessments_helpers import answer, open_round

    network_round = open_round(world, world.network, title="Network round", actor=world.nadia)
    own = client_for("harry").get(reverse("site:dashboard")).content.decode()
    assert "Test Network: Network round" in own  # Harbour is a member of the network
    answer(network_round, world.harry)
    assert "Network round" not in client_for("harry").get(reverse("site:dashboard")).content.decode()
    assert "Network round" not in client_for("rosa").get(reverse("site:dashboard")).content.decode()


# The loops the results page's template ran for each row, kept here to hold the tags that now write those rows to
# the same markup and the same escaping.
_TEMPLATE_LOOPS = """{% load i18n assessment_results %}
{% translate "This round" as this_round_label %}{% translate "Change" as change_label %}{% translate "“I don't \
know”" as unknown_label %}{% for row in rows %}
<tr><th scope="row">{{ row.title }}</th>
<td data-label="{{ this_round_label }}">{{ row.now_text }}{% if row.left_out %}<br><span class="meta">{% \
blocktranslate count counter=row.left_out %}without {{ counter }} statement too few people scored{% plural %}without \
{{ counter }} statements too few people scored{% endblocktranslate %}</span>{% endif %}</td>
<td data-label="{{ previous_round_label }}">{{ row.then_text }}</td>
<td data-label="{{ change_label }}">{% if row.change is None %}—{% elif row.change > 0 %}+{{ \
row.change|floatformat:1 }}{% else %}{{ row.change|floatformat:1 }}{% endif %}</td>
<td data-label="{{ unknown_label }}">{{ row.now.unknown }}</td></tr>{% endfor %}
|{% translate "Statement" as statement_label %}{% translate "Mean" as mean_label %}{% translate "Scored answers" as \
scored_label %}{% for row in rows %}
<table><caption>{{ row.title }}</caption>
<thead><tr><th scope="col">{{ statement_label }}</th><th scope="col">{{ mean_label }}</th><th scope="col">{{ \
scored_label }}</th><th scope="col">{{ unknown_label }}</th></tr></thead>
<tbody>{% for statement, figures, mean_text in row.questions %}<tr><th scope="row">{{ statement }}</th><td \
data-label="{{ mean_label }}">{{ mean_text }}</td><td data-label="{{ scored_label }}">{{ figures.scored }}</td><td \
data-label="{{ unknown_label }}">{{ figures.unknown }}</td></tr>{% endfor %}</tbody></table>{% endfor %}
|{% translate "An administrator withheld a comment because it could identify someone." as withheld_label %}{% \
translate "Withhold this comment" as withhold_label %}{% translate "Withhold a comment that names someone or points \
at who they are. Its words are deleted for good, and everyone reads instead that an administrator withheld a \
comment." as withhold_help %}{% translate "Withhold and delete its words" as withhold_button %}{% for dimension, \
comments in comment_groups %}
<h3>{{ dimension.title }}</h3><ul class="comment-list">{% for comment in comments %}{% if comment.withheld %}<li \
class="meta">{{ withheld_label }}</li>{% else %}<li>{{ comment.text|linebreaksbr }}
<details><summary>{{ withhold_label }}</summary><p>{{ withhold_help }}</p>
<form method="post" action="{{ withhold_url }}">{% csrf_token %}<input type="hidden" name="comment" value="{{ \
comment.pk }}"><input type="hidden" name="page" value="{{ page }}"><button type="submit" class="secondary">{{ \
withhold_button }}</button></form></details></li>{% endif %}{% endfor %}</ul>{% endfor %}"""
_TAGS = """{% load assessment_results %}{% score_rows rows previous_round_label %}|{% statement_tables rows %}
|{% comment_lists comment_groups withhold_url=withhold_url page=page %}"""


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_results_tags_write_what_the_templates_loops_wrote(language):
    import uuid

    from django.template import Context, Template
    from django.utils import translation
    from django.utils.safestring import mark_safe

    from holdspace.assessments.questionnaire import DIMENSIONS

    def spaced(html):  # where the tags break lines is not what the page shows
        return re.sub(r"\s*\|\s*", "|", re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html))).strip()

    tricky = "<b>“Fish” & 'chips'</b>"
    rows = [{"title": f"{tricky} {number}", "now_text": tricky, "then_text": "2,5", "left_out": left_out,
             "change": change, "now": {"unknown": unknown},
             "questions": [(tricky, {"scored": 1234, "unknown": 0}, "3.1"), ("Plain", {"scored": 5, "unknown": 2},
                                                                           "no score")]}
            for number, (change, left_out, unknown) in enumerate(
                [(None, 0, 0), (0.9, 1, 3), (-1.2, 2, 12345), (-0.0, 0, 1), (0.0, 3, 7)])]
    comments = [{"pk": uuid.uuid4(), "text": text, "withheld": withheld} for text, withheld in [
        (f"{tricky}\r\nline two\rline three\nfour", False), ("gone", True), ("", False)]]
    context = {"rows": rows, "previous_round_label": mark_safe("Previous round (&lt;x&gt;)"),
               "comment_groups": [(DIMENSIONS[0], comments), (DIMENSIONS[3], comments[:1])],
               "withhold_url": "/w/?a=1&b=2", "page": 2, "csrf_token": "t" * 64}
    with translation.override(language):
        expected = Template(_TEMPLATE_LOOPS).render(Context(context))
        written = Template(_TAGS).render(Context(context))
    assert spaced(written) == spaced(expected)
    assert "&lt;b&gt;“Fish” &amp; &#x27;chips&#x27;&lt;/b&gt;<br>line two<br>line three<br>four" in written


_POINTS_LOOP = """{% load i18n %}{% translate "Overdue" as overdue_label %}<ul class="point-list">{% for p in points %}\
<li><a href="{{ p.url }}">{{ p.title }}</a><span class="tag">{{ p.status }}</span>{% if p.overdue %} <strong \
class="overdue">{{ overdue_label }}</strong>{% endif %}<br><span class="meta">{% blocktranslate with owner=p.owner \
date=p.day %}Owner: {{ owner }} · due by the end of {{ date }}{% endblocktranslate %}</span></li>{% endfor %}</ul>"""


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_list_of_action_points_is_written_as_the_templates_loop_wrote_it(world, language):
    from django.template import Context, Template
    from django.utils import translation

    from holdspace.assessments.views import _points_drawn

    def spaced(html):
        return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()

    tricky = "<b>“Fish” & 'chips'</b>"
    today = timezone.localdate()
    points = [{"pk": 7, "title": tricky, "status": ActionPoint.Status.PLANNED, "due_on": today - timedelta(days=1),
               "owner_name": "O'Brien & <Co>"},
              {"pk": 8, "title": "Plain", "status": ActionPoint.Status.DONE, "due_on": today - timedelta(days=1),
               "owner_name": None},
              {"pk": 9, "title": "Soon", "status": ActionPoint.Status.PLANNED, "due_on": today, "owner_name": "Ada"},
              # A status no longer among the choices is shown as it is stored, escaped.
              {"pk": 10, "title": "100% done", "status": "<x&'>", "due_on": today, "owner_name": "%(owner)s"}]
    with translation.override(language):
        labels = dict(ActionPoint.Status.choices)
        shown = [{"url": reverse("assessments:action_point", args=[world.riverside.slug, point["pk"]]),
                  "title": point["title"], "status": labels.get(point["status"], point["status"]), "day": dates.day(point["due_on"]),
                  "overdue": point["status"] in ActionPoint.OPEN and point["due_on"] < today,
                  "owner": point["owner_name"] or translation.gettext("no owner")} for point in points]
        expected = Template(_POINTS_LOOP).render(Context({"points": shown}))
        written = _points_drawn(points, organisation=world.riverside)
        assert _points_drawn([], organisation=world.riverside) == ""
    assert spaced(written) == spaced(expected)
    assert written.count('class="overdue"') == 1 and "O&#x27;Brien &amp; &lt;Co&gt;" in written
    assert '<span class="tag">&lt;x&amp;&#x27;&gt;</span>' in written


def test_a_mean_is_written_in_the_readers_language_each_time():
    from django.utils import translation

    from holdspace.assessments.charts import mean_text

    for _ in range(2):  # the second time from what the first worked out
        for language, written in (("en", "3.2"), ("es", "3,2"), ("en", "3.2")):
            with translation.override(language):
                assert mean_text({"mean": 3.2, "scored": 9}) == written
                assert mean_text({"mean": None, "scored": 2}) == translation.gettext("not shown")
