"""Assessments through their services: one anonymous answer each, results only after the close and over
enough answers, rounds that close when due, networks assessing themselves with their member organisations,
comparison with the previous round, answers deleted at the close so none can be lined up with a person, no mean
over fewer people than the threshold, comments withheld without a trace of their words, and action points with
owners from the organisation, due dates, overdue marks, and dropping left to administrators."""
import re
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import IntegrityError
from django.db.models import F
from django.http import Http404
from django.utils import timezone

from holdspace.assessments import selectors, services
from holdspace.assessments.access import _taking_part, assessment_access
from holdspace.assessments.refusals import FIELDS, REFUSALS
from holdspace.assessments.views import threshold_message
from holdspace.assessments.models import ActionPoint, AnswerSheet, AssessmentRound, Comment, Participation
from holdspace.assessments.questionnaire import DIMENSIONS, QUESTION_KEYS
from holdspace.audit.models import AuditEntry
from holdspace.organisations.models import Membership, Organisation
from holdspace.web.refusals import Refusal
from tests.test_assessments_helpers import FIVE, answer, closed_round, open_round, scores

pytestmark = pytest.mark.django_db


@contextmanager
def _refused(code: str):
    """The block is refused, for this reason."""
    with pytest.raises(Refusal) as refused:
        yield refused
    assert refused.value.code == code


def _actions(prefix="assessments."):
    return list(AuditEntry.objects.filter(action__startswith=prefix).order_by("seq").values_list("action", flat=True))


def test_the_questionnaire_has_six_dimensions_of_three_statements_with_stable_keys():
    assert [d.key for d in DIMENSIONS] == ["policies", "use", "power", "partnership", "prevention", "transparency"]
    assert all(len(d.statements) == 3 for d in DIMENSIONS)
    assert len(set(QUESTION_KEYS)) == 18


def test_one_answer_each_kept_with_no_person_and_no_time(world):
    assessment_round = open_round(world)
    answer(assessment_round, world.mateo, 4, comments={"power": "  Leaders rarely hear no.  ", "use": " "},
           power_1=None)
    with _refused("answered_already"):
        answer(assessment_round, world.mateo, 1)  # a second answer, even a different one, is refused
    assert Participation.objects.filter(round=assessment_round, person=world.mateo).count() == 1
    # The tables that hold what was said have no column for a person or a time.
    assert {f.name for f in AnswerSheet._meta.concrete_fields} == {"id", "round", "scores"}
    assert {f.name for f in Comment._meta.concrete_fields} == {"id", "round", "dimension", "rank", "text",
                                                                 "withheld"}
    assert {f.name for f in Participation._meta.concrete_fields} == {"id", "round", "person"}
    sheet = AnswerSheet.objects.get()
    assert sheet.scores == scores(4, power_1=None)
    assert list(Comment.objects.values_list("dimension", "text")) == [("power", "Leaders rarely hear no.")]
    # The audit log knows a round opened; nothing about who answered.
    assert _actions() == ["assessments.round_opened"]
    assert not AuditEntry.objects.filter(actor_id=world.mateo.pk).exists()


def test_answers_must_cover_every_statement_on_the_scale(world):
    assessment_round = open_round(world)
    incomplete = scores(3)
    del incomplete["policies_1"]
    off_scale = (scores(3, use_2=6), scores(3, use_2=0), scores(3, use_2="4"), scores(3, use_2=True))
    for bad, code in ((incomplete, "answers_incomplete"), *((each, "answer_off_scale") for each in off_scale)):
        with _refused(code):
            services.answer_submit(assessment_round=assessment_round, person=world.mateo, scores=bad, comments={})
    with _refused("comment_unknown_part"):
        answer(assessment_round, world.mateo, comments={"elsewhere": "?"})
    with _refused("comment_too_long"):
        answer(assessment_round, world.mateo, comments={"power": "x" * 2001})
    assert not Participation.objects.exists() and not AnswerSheet.objects.exists()


def test_results_are_hidden_while_open_and_below_the_threshold(world):
    assessment_round = open_round(world, min_answers=6)
    for name in FIVE:
        answer(assessment_round, world.people[name], 5, comments={"power": f"From {name}"})
    assessment_round.refresh_from_db()
    assert assessment_round.results is None and not assessment_round.results_shown
    assert services.answers_so_far(assessment_round) == 5
    closed = services.round_close(assessment_round=assessment_round, actor=world.ada)
    # Five answered, six were needed: only the count is kept, no means and no comment counts; comments that will
    # never be shown are not kept either.
    assert closed.results == {"answers": 5} and not closed.results_shown and closed.answer_count == 5
    assert not Comment.objects.filter(round=closed).exists()
    assert selectors.latest_results(world.riverside) is None
    assert "5 people answered, 6 are needed" in threshold_message(5, needed=6)


def test_results_are_computed_once_at_the_close(world):
    assessment_round = open_round(world)
    answer(assessment_round, world.ada, 5, comments={"partnership": "We never met our partners this year."})
    answer(assessment_round, world.hana, 4, policies_1=None)
    answer(assessment_round, world.rick, 3, policies_1=None)
    answer(assessment_round, world.felix, 2, comments={"partnership": "Meet twice a year.", "power": "Ask first."})
    answer(assessment_round, world.priya, 1, policies_1=2)  # the partner representative takes part too
    closed = services.round_close(assessment_round=assessment_round, actor=world.otto)
    results = closed.results
    assert closed.results_shown and results["answers"] == 5 and results["comments"] == 3
    # use_1: 5, 4, 3, 2 and 1: the mean is over the scored answers.
    assert results["questions"]["use_1"] == {"mean": 3.0, "scored": 5, "unknown": 0}
    # policies_1 was scored by three people only (two did not know): no mean, only the counts.
    assert results["questions"]["policies_1"] == {"mean": None, "scored": 3, "unknown": 2}
    assert results["dimensions"]["policies"] == {"mean": 3.0, "scored": 13, "unknown": 2, "left_out": ["policies_1"],
                                                 "comments": 0}
    assert results["dimensions"]["partnership"]["comments"] == 2
    entry = AuditEntry.objects.get(action="assessments.round_closed")
    assert entry.actor_id == world.otto.pk and entry.details == {"answers": 5, "results_shown": True, "early": True}
    # Closing again changes nothing and records nothing; answering after the close is refused.
    again = services.round_close(assessment_round=closed, actor=world.ada)
    assert again.closed_at == closed.closed_at
    assert AuditEntry.objects.filter(action="assessments.round_closed").count() == 1
    with _refused("round_closed"):
        answer(closed, world.mateo)
    closed.refresh_from_db()
    assert closed.results == results
    assert selectors.latest_results(world.riverside) == closed


def test_the_close_deletes_what_could_line_answers_up_with_people(world):
    """Participation, AnswerSheet and Comment rows are written one after another, and the database keeps their
    order: once the results are stored, only the comments stay, with nobody left to line them up with."""
    assessment_round = open_round(world)
    for name in FIVE:
        answer(assessment_round, world.people[name], 4, comments={"use": f"Seen by {name}"})
    other = open_round(world, world.network, actor=world.nadia)
    answer(other, world.harry, 2)
    closed = services.round_close(assessment_round=assessment_round, actor=world.ada)
    assert not Participation.objects.filter(round=closed).exists()
    assert not AnswerSheet.objects.filter(round=closed).exists()
    assert Comment.objects.filter(round=closed).count() == 5
    # Another round, still open, keeps its rows; the closed one keeps its results.
    assert Participation.objects.filter(round=other).count() == AnswerSheet.objects.filter(round=other).count() == 1
    closed.refresh_from_db()
    assert closed.answer_count == 5 and closed.results["questions"]["use_1"]["mean"] == 4.0
    # A round past its date, closed when next read, deletes them the same way.
    AssessmentRound.objects.filter(pk=other.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    other.refresh_from_db()
    services.round_close_if_due(other)
    assert not Participation.objects.exists() and not AnswerSheet.objects.exists()


def test_no_mean_is_kept_over_fewer_people_than_the_threshold(world):
    """Five answer, four of them "I don't know" to a statement: its mean would be one person's score."""
    assessment_round = open_round(world)
    unknown = dict.fromkeys(["power_1", "power_2", "power_3"])
    answer(assessment_round, world.ada, 2)
    for name in ("hana", "rick", "felix", "mateo"):
        # Nobody but Ada scores the power part, and only Ada and Hana score use_3.
        answer(assessment_round, world.people[name], 4, **unknown,
               **({} if name == "hana" else {"use_3": None}))
    results = services.round_close(assessment_round=assessment_round, actor=world.ada).results
    assert results["questions"]["power_1"] == {"mean": None, "scored": 1, "unknown": 4}
    assert results["dimensions"]["power"] == {"mean": None, "scored": 3, "unknown": 12, "left_out":
                                              ["power_1", "power_2", "power_3"], "comments": 0}
    assert results["questions"]["use_3"] == {"mean": None, "scored": 2, "unknown": 3}
    # The part's mean is over use_1 and use_2 alone: with use_3 in it, it would give back Ada's and Hana's.
    assert results["dimensions"]["use"]["mean"] == round((2 + 16) * 2 / 10, 2)
    assert results["dimensions"]["use"]["left_out"] == ["use_3"]
    assert results["questions"]["policies_1"] == {"mean": 3.6, "scored": 5, "unknown": 0}
    assert results["dimensions"]["policies"]["left_out"] == []


def test_a_higher_threshold_holds_for_each_statement_too(world):
    assessment_round = open_round(world, min_answers=6)
    for name in ("ada", "hana", "rick", "felix", "mateo", "moses"):
        answer(assessment_round, world.people[name], 3, transparency_2=None if name == "moses" else 5)
    results = services.round_close(assessment_round=assessment_round, actor=world.ada).results
    assert results["questions"]["transparency_1"]["mean"] == 3.0
    assert results["questions"]["transparency_2"] == {"mean": None, "scored": 5, "unknown": 1}


def test_means_are_exact(world):
    """The figures checked one by one, with answers chosen to give known means."""
    assessment_round = open_round(world)
    values = {"ada": 5, "hana": 4, "rick": 4, "felix": 2, "mateo": 1, "moses": 3}
    for name, value in values.items():
        answer(assessment_round, world.people[name], value, policies_1=None if name == "mateo" else value)
    results = services.round_close(assessment_round=assessment_round, actor=world.ada).results
    assert results["questions"]["policies_1"] == {"mean": round(18 / 5, 2), "scored": 5, "unknown": 1}
    assert results["questions"]["power_2"] == {"mean": round(19 / 6, 2), "scored": 6, "unknown": 0}
    # The dimension pools its three statements: 18 + 19 + 19 over 17 scored answers.
    assert results["dimensions"]["policies"] == {"mean": round(56 / 17, 2), "scored": 17, "unknown": 1,
                                                 "left_out": [], "comments": 0}


def test_a_round_past_its_date_closes_when_next_read_and_only_once(world):
    assessment_round = open_round(world)
    for name in FIVE:
        answer(assessment_round, world.people[name], 4)
    AssessmentRound.objects.filter(pk=assessment_round.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    assessment_round.refresh_from_db()
    with _refused("round_closed"):
        answer(assessment_round, world.mateo)  # past its time, even before anyone read it
    closed = services.round_close_if_due(assessment_round)
    assert closed.closed_at is not None and closed.results_shown and closed.results["answers"] == 5
    assert services.round_close_if_due(assessment_round).closed_at == closed.closed_at
    entries = AuditEntry.objects.filter(action="assessments.round_closed")
    assert entries.count() == 1 and entries.get().actor_id is None and entries.get().details["early"] is False
    # A round still open in the future is left alone.
    later = open_round(world, title="Autumn")
    assert services.round_close_if_due(later).closed_at is None


def test_the_daily_upkeep_closes_rounds_past_their_date_that_nobody_opened(world):
    due = open_round(world)
    for name in FIVE:
        answer(due, world.people[name], 2)
    on_time = open_round(world, world.network, title="Network round", actor=world.nadia)
    AssessmentRound.objects.filter(pk=due.pk).update(closes_at=timezone.now() - timedelta(hours=1))
    assert services.rounds_close_due() == 1
    due.refresh_from_db()
    on_time.refresh_from_db()
    assert due.results_shown and due.closed_at is not None and on_time.closed_at is None
    assert not AnswerSheet.objects.filter(round=due).exists()
    assert services.rounds_close_due() == 0
    assert selectors.latest_results(world.riverside) == due


def test_one_round_open_at_a_time_and_dates_within_ninety_days(world):
    first = open_round(world)
    with _refused("round_open_already"):
        open_round(world, title="Another")
    with pytest.raises(IntegrityError):
        AssessmentRound.objects.create(organisation=world.riverside, title="Sneaky", closes_at=first.closes_at)


def test_opening_refuses_past_or_far_dates_and_a_threshold_below_five(world):
    for days, code in ((0, "closes_too_soon"), (-3, "closes_too_soon"), (91, "closes_too_late")):
        with _refused(code) as refused:
            open_round(world, days=days)
        assert FIELDS[refused.value.code] == "closes_on"
    with _refused("too_few_needed") as refused:
        open_round(world, min_answers=4)
    assert FIELDS[refused.value.code] == "min_answers"
    with _refused("title_missing"):
        open_round(world, title="   ")
    assert not AssessmentRound.objects.exists()
    opened = open_round(world, days=90, min_answers=12)
    assert opened.min_answers == 12
    assert timezone.localtime(opened.closes_at).date() == timezone.localdate() + timedelta(days=91)
    entry = AuditEntry.objects.get(action="assessments.round_opened")
    assert entry.actor_id == world.ada.pk and entry.details["min_answers"] == 12
    # A round open past its date does not block the next one: it is closed first.
    AssessmentRound.objects.filter(pk=opened.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    second = open_round(world, title="Next")
    assert second.is_open and AssessmentRound.objects.get(pk=opened.pk).closed_at is not None


def test_a_network_assesses_itself_with_its_member_organisations(world):
    network_round = open_round(world, world.network, actor=world.nadia)
    # Harry and Omar hold roles in Harbour, a member organisation; Ada in Riverside; Nadia in the network.
    for person in (world.harry, world.omar, world.ada, world.nadia, world.priya):
        answer(network_round, person, 4)
    with _refused("not_taking_part"):
        answer(network_round, world.rosa)  # belongs nowhere
    riverside_round = open_round(world)
    for person in (world.harry, world.nadia):
        with _refused("not_taking_part"):
            answer(riverside_round, person)  # a member organisation's round is its own
    assert Participation.objects.filter(round=network_round).count() == 5
    assert not Participation.objects.filter(round=riverside_round).exists()


def test_the_previous_round_with_results_is_the_one_compared_with(world):
    first = closed_round(world, value=2, title="First")
    thin = closed_round(world, people=("ada", "hana"), title="Too few")
    third = closed_round(world, value=4, title="Third")
    assert not thin.results_shown
    assert selectors.previous_results(third) == first
    assert selectors.previous_results(first) is None
    assert selectors.latest_results(world.riverside) == third
    assert selectors.latest_results(world.harbour) is None


def test_who_takes_part_is_read_as_the_orm_reads_it(world, rf):
    """The organisation and the roles behind every page of the assessments are read by prepared queries: for
    everyone and every organisation, the same organisation, roles and refusals as the ORM's own queries give."""
    taking_part = 0
    for person in world.people.values():
        for organisation in Organisation.objects.all():
            request = rf.get("/")
            request.user = person
            held = list(Membership.objects.filter(_taking_part(organisation.pk), user=person)
                        .values_list("organisation_id", "role"))
            if not held:
                with pytest.raises(Http404):
                    assessment_access(request, slug=organisation.slug)
                continue
            taking_part += 1
            access = assessment_access(request, slug=organisation.slug)
            assert access.organisation == organisation and access.organisation.name == organisation.name
            assert access.roles == frozenset(role for org_id, role in held if org_id == organisation.pk)
    assert taking_part > len(world.people)  # some through a network's member organisations
    request = rf.get("/")
    request.user = world.ada
    with pytest.raises(Http404):
        assessment_access(request, slug="no-such-organisation")


def test_the_results_pages_prepared_reads_are_what_the_orm_reads(world):
    """The previous round, the action points and the pages of comments are read by prepared queries
    (holdspace/web/prepared.py): each reads what the ORM's own query reads, values converted alike."""
    first = closed_round(world, value=2, title="First", comments={"power": "Line one\r\nline <two>", "use": "Use"})
    second = closed_round(world, value=4, title="Second", comments={"policies": "Policies", "power": "Power"})
    services.comment_withhold(comment=Comment.objects.filter(round=second).first(), actor=world.ada)
    for number, (assessment_round, days) in enumerate([(first, 3), (second, 1), (first, 1), (second, 40)]):
        point = _point(world, assessment_round=assessment_round, days=days, title=f"Point {number}")
    ActionPoint.objects.filter(pk=point.pk).update(owner=None, status=ActionPoint.Status.DONE)

    previous = selectors.previous_results(second)
    orm = (AssessmentRound.objects.filter(organisation_id=second.organisation_id, results_shown=True,
                                          closed_at__lt=second.closed_at).order_by("-closed_at").first())
    assert previous == first and not previous._state.adding
    for field in AssessmentRound._meta.concrete_fields:
        assert getattr(previous, field.attname) == getattr(orm, field.attname), field.name
    assert selectors.points_of_rounds(second, first) == {
        each.pk: list(ActionPoint.objects.filter(round=each).order_by("due_on", "pk").values(
            "pk", "round_id", "title", "status", "due_on", owner_name=F("owner__display_name")))
        for each in (second, first)}
    for assessment_round in (first, second):
        for page in (1, 2, 3, 4):
            for with_ids in (True, False):
                names = ("dimension", "text", "withheld") + (("pk",) if with_ids else ())
                orm = Comment.objects.filter(round=assessment_round).order_by("rank", "id").values(*names)
                assert selectors.comments_page(assessment_round, page=page, per_page=3, with_ids=with_ids) == list(
                    orm[(page - 1) * 3:page * 3])
    assert len(selectors.comments_page(second, page=1, per_page=50)) == 10


def test_latest_results_costs_at_most_one_query(world, django_assert_num_queries):
    closed_round(world)
    with django_assert_num_queries(1):
        assert selectors.latest_results(world.riverside).results_shown


# Action points ---------------------------------------------------------------------------------------------------

def _point(world, organisation=None, *, owner=None, days=30, assessment_round=None, title="Meet partners twice a year"):
    return services.action_point_create(
        organisation=organisation or world.riverside, actor=world.ada, title=title, detail="With minutes shared.",
        owner=owner or world.felix, due_on=timezone.localdate() + timedelta(days=days),
        assessment_round=assessment_round,
    )


def test_action_points_need_an_owner_from_the_organisation_and_a_date_not_past(world):
    with _refused("due_passed") as refused:
        _point(world, days=-1)
    assert FIELDS[refused.value.code] == "due_on"
    with _refused("owner_not_here") as refused:
        _point(world, owner=world.harry)  # Harbour's member owns nothing at Riverside
    assert FIELDS[refused.value.code] == "owner"
    with _refused("owner_not_here"):
        _point(world, world.network, owner=world.ada)  # a network's points are owned by people of the network
    with _refused("point_title_missing"):
        _point(world, title="  ")
    with _refused("owner_not_here") as refused:
        _point(world, owner=world.priya)  # the partner holds Riverside to account; its points are its own
    assert FIELDS[refused.value.code] == "owner"
    assert not services.may_own(world.priya, organisation=world.riverside) and services.may_own(
        world.moses, organisation=world.riverside)
    assert world.priya not in services.owner_choices(world.riverside)
    assert list(services.owner_choices(world.riverside)) == sorted(
        [world.people[name] for name in ("ada", "otto", "hana", "rick", "felix", "moses", "mateo")],
        key=lambda person: (person.display_name, person.pk))
    assert not ActionPoint.objects.exists()
    today = _point(world, days=0)
    assert today.due_on == timezone.localdate() and today.status == ActionPoint.Status.PLANNED
    entry = AuditEntry.objects.get(action="assessments.action_point_created")
    assert entry.details == {"round": None, "owner": world.felix.pk, "due_on": today.due_on.isoformat()}
    assert _point(world, world.network, owner=world.nadia).owner == world.nadia


def test_a_round_from_another_organisation_is_refused(world):
    elsewhere = closed_round(world, world.network, people=("nadia", "ada", "hana", "harry", "omar"))
    with _refused("round_elsewhere"):
        _point(world, assessment_round=elsewhere)
    here = closed_round(world)
    assert _point(world, assessment_round=here).round == here


def test_the_owner_updates_progress_and_administrators_change_the_rest(world):
    point = _point(world)
    with _refused("not_owner"):
        services.action_point_progress(point=point, actor=world.mateo, status="done", progress_note="")
    point = services.action_point_progress(point=point, actor=world.felix, status="in_progress",
                                           progress_note="First meeting booked.")
    assert point.status == "in_progress" and point.completed_at is None
    point = services.action_point_progress(point=point, actor=world.felix, status="done", progress_note="Held.")
    assert point.completed_at is not None
    point = services.action_point_progress(point=point, actor=world.felix, status="in_progress", progress_note="Held.")
    assert point.completed_at is None
    with _refused("status_unknown"):
        services.action_point_progress(point=point, actor=world.felix, status="finished", progress_note="")
    point = services.action_point_edit(point=point, actor=world.ada, title=point.title, detail=point.detail,
                                       owner=world.rick, due_on=point.due_on, status=point.status,
                                       progress_note=point.progress_note)
    assert point.owner == world.rick
    with _refused("due_passed"):
        services.action_point_edit(point=point, actor=world.ada, title=point.title, detail="", owner=world.rick,
                                   due_on=timezone.localdate() - timedelta(days=1), status=point.status,
                                   progress_note="")
    updates = AuditEntry.objects.filter(action="assessments.action_point_updated").order_by("seq")
    assert [e.details["fields"] for e in updates] == [["progress_note", "status"], ["progress_note", "status"],
                                                     ["status"], ["owner"]]
    assert updates.last().details["owner"] == world.rick.pk
    # Saving without a change records nothing.
    services.action_point_progress(point=point, actor=world.rick, status=point.status, progress_note="Held.")
    assert AuditEntry.objects.filter(action="assessments.action_point_updated").count() == 4
    # An administrator cannot hand the point to the partner representative either.
    with _refused("owner_not_here") as refused:
        services.action_point_edit(point=point, actor=world.ada, title=point.title, detail="", owner=world.priya,
                                   due_on=point.due_on, status=point.status, progress_note="")
    assert FIELDS[refused.value.code] == "owner"


def test_only_an_administrator_drops_a_point_and_says_why(world):
    point = _point(world)
    # The owner moves it between planned, in progress and done, but does not drop it.
    with _refused("owner_may_not_drop") as refused:
        services.action_point_progress(point=point, actor=world.felix, status="dropped", progress_note="Too hard.")
    assert FIELDS[refused.value.code] == "status"
    point = services.action_point_progress(point=point, actor=world.felix, status="in_progress",
                                           progress_note="Started.")

    def drop(note):
        return services.action_point_edit(point=point, actor=world.ada, title=point.title, detail=point.detail,
                                          owner=world.felix, due_on=point.due_on, status="dropped",
                                          progress_note=note)

    # Dropping needs a note saying why: an empty one, or the note as it was, is refused.
    for note in ("", "  ", "Started."):
        with _refused("drop_reason_missing") as refused:
            drop(note)
        assert FIELDS[refused.value.code] == "progress_note"
    point.refresh_from_db()
    assert point.status == "in_progress"
    point = drop("Replaced by the network's shared training, which covers the same ground.")
    assert point.status == "dropped" and point.completed_at is None
    entry = AuditEntry.objects.filter(action="assessments.action_point_updated").order_by("seq").last()
    assert entry.actor_id == world.ada.pk and entry.details["status"] == "dropped"
    # Once dropped, the owner cannot take it up again; an administrator can, without a new note.
    with _refused("dropped_by_admin"):
        services.action_point_progress(point=point, actor=world.felix, status="planned", progress_note="Again.")
    point = services.action_point_edit(point=point, actor=world.ada, title=point.title, detail=point.detail,
                                       owner=world.felix, due_on=point.due_on, status="planned",
                                       progress_note=point.progress_note)
    assert point.status == "planned"


def test_an_old_due_date_may_stay_when_other_fields_change(world):
    point = _point(world)
    ActionPoint.objects.filter(pk=point.pk).update(due_on=timezone.localdate() - timedelta(days=10))
    point.refresh_from_db()
    changed = services.action_point_edit(point=point, actor=world.ada, title="Renamed", detail="", owner=world.felix,
                                         due_on=point.due_on, status="planned", progress_note="")
    assert changed.title == "Renamed"


def test_overdue_points_are_counted_in_one_query_and_listed_first(world, django_assert_num_queries):
    done = _point(world, title="Done one")
    services.action_point_progress(point=done, actor=world.felix, status="done", progress_note="")
    dropped = _point(world, title="Dropped one")
    services.action_point_edit(point=dropped, actor=world.ada, title="Dropped one", detail="", owner=world.felix,
                               due_on=dropped.due_on, status="dropped", progress_note="No longer needed.")
    late = _point(world, title="Late one", days=60)
    _point(world, title="Soon one", days=5)
    started = _point(world, title="Started", days=10)
    services.action_point_progress(point=started, actor=world.felix, status="in_progress", progress_note="")
    past = timezone.localdate() - timedelta(days=3)
    ActionPoint.objects.filter(pk__in=[late.pk, done.pk]).update(due_on=past)  # a finished point is never overdue
    _point(world, world.network, owner=world.nadia, title="Elsewhere")
    with django_assert_num_queries(1):
        progress = selectors.action_point_progress(world.riverside)
    assert progress == selectors.ActionPointProgress(total=5, planned=2, in_progress=1, done=1, dropped=1, overdue=1)
    listed = list(selectors.action_points(world.riverside))
    assert [p.title for p in listed] == ["Late one", "Soon one", "Started", "Done one", "Dropped one"]
    assert [p.is_overdue for p in listed] == [True, False, False, False, False]


# Withholding a comment ---------------------------------------------------------------------------------------------

def test_a_withheld_comment_loses_its_words_and_the_audit_log_keeps_only_the_round(world):
    words = "Otto shouts at the volunteers, ask anyone in the Tuesday team."
    assessment_round = closed_round(world, comments={"power": words})
    comment = Comment.objects.filter(round=assessment_round).first()
    assert services.comment_withhold(comment=comment, actor=world.ada) is True
    comment.refresh_from_db()
    assert comment.withheld and comment.text == ""
    entry = AuditEntry.objects.get(action="assessments.comment_withheld")
    assert (entry.actor_id, entry.organisation_id) == (world.ada.pk, world.riverside.pk)
    assert (entry.target_type, entry.target_id, entry.details) == ("assessments.assessmentround",
                                                                   str(assessment_round.pk), {})
    assert "Otto" not in str(entry.details) and str(comment.pk) not in entry.target_id
    # Again: nothing changes and nothing more is recorded. The other comments, and the results, stay.
    assert services.comment_withhold(comment=comment, actor=world.otto) is False
    assert AuditEntry.objects.filter(action="assessments.comment_withheld").count() == 1
    assert Comment.objects.filter(round=assessment_round, withheld=False, text=words).count() == 4
    assessment_round.refresh_from_db()
    assert assessment_round.results["comments"] == 5
    # Comments of an open round are nobody's to read yet, so there is nothing to withhold.
    open_one = open_round(world, title="Next")
    answer(open_one, world.mateo, comments={"use": "Still open."})
    with _refused("round_still_open"):
        services.comment_withhold(comment=Comment.objects.get(round=open_one), actor=world.ada)
    assert Comment.objects.get(round=open_one).text == "Still open."
    # A key that is not one of this round's comments finds nothing.
    assert services.comment_of(assessment_round, comment_id=str(comment.pk)) == comment
    for junk in ("", "\u00b2", "not-a-uuid", str(Comment.objects.get(round=open_one).pk)):
        assert services.comment_of(assessment_round, comment_id=junk) is None


def test_refusals_carry_the_figures_their_words_show(world):
    with _refused("closes_too_late") as refused:
        open_round(world, days=91)
    assert refused.value.details == {"days": services.LONGEST_ROUND_DAYS}
    with _refused("owner_not_here") as refused:
        _point(world, owner=world.harry)
    assert refused.value.details == {"name": world.riverside.name}


def test_every_refusal_of_the_assessments_services_has_words():
    source = "".join(path.read_text() for path in Path(services.__file__).parent.glob("*.py"))
    codes = set(re.findall(r'Refusal\(\s*"(\w+)"', source))
    assert codes and codes <= set(REFUSALS) and set(FIELDS) <= codes
