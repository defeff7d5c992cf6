"""A network's overview of its members: each member's code, own assessments, action points, partners' concerns,
case handling over enough cases and vetting, sortable, filterable and as a spreadsheet, in a number of queries
that does not grow with the members."""
import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from holdspace.accountability.overview import CONCERNS_OVERDUE, NOT_ASSESSED, NOT_SIGNED, POINTS_OVERDUE, network_overview
from holdspace.assessments import services as assessments
from holdspace.concerns import services as concerns
from holdspace.conduct import services as conduct
from holdspace.organisations.models import Membership, NetworkMembership, Organisation, Role
from holdspace.reports.statistics import stages_on_time, stages_on_time_of
from tests.reports_helpers import handler_keys

pytestmark = pytest.mark.django_db


def _overview_url(world, **query) -> str:
    url = reverse("accountability:network_overview", args=[world.network.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _standing(world):
    """Riverside signed the network's code and has an overdue action point; Harbour signed nothing and owes a
    partner an answer past its day."""
    code = conduct.publish(draft=conduct.draft_start(organisation=world.network, actor=world.nadia, language="en"),
                           actor=world.nadia, change_note="")
    conduct.sign_for_organisation(version=code, organisation=world.riverside, actor=world.ada)
    assessments.action_point_create(organisation=world.riverside, actor=world.ada, title="Train handlers",
                                    detail="", owner=world.ada, due_on=timezone.localdate() + timedelta(days=3))
    Membership.objects.create(user=world.priya, organisation=world.harbour, role=Role.PARTNER_REP)
    concerns.concern_raise(organisation=world.harbour, partner=world.priya, partner_name="Women's Voice",
                           title="A concern", text="Its words")
    return code


def test_each_member_shows_where_it_stands_and_why_it_needs_attention(world, clock):
    code = _standing(world)
    clock.shift(timedelta(days=40))  # the point's day and the concern's day pass
    found = {m.organisation.slug: m for m in network_overview(network=world.network).members}
    assert found["riverside"].code_signed == code.number and found["harbour"].code_signed is None
    assert found["riverside"].assessment.points_open == 1 and found["riverside"].assessment.points_overdue == 1
    assert found["harbour"].concerns_open == 1 and found["harbour"].concerns_overdue == 1
    assert found["riverside"].attention == (NOT_ASSESSED, POINTS_OVERDUE)
    assert found["harbour"].attention == (NOT_SIGNED, NOT_ASSESSED, CONCERNS_OVERDUE)
    assert found["riverside"].stages is None  # no case at all: nothing shown


def test_the_page_shows_the_members_and_filters_and_sorts_them(world, client_for):
    _standing(world)
    nadia = client_for("nadia")
    page = nadia.get(_overview_url(world)).content.decode()
    assert "Riverside" in page and "Harbour" in page and "version 1, on" in page and "not signed" in page
    assert page.index("Harbour") < page.index("Riverside")  # by name
    unsigned = nadia.get(_overview_url(world, show="code_not_signed")).content.decode()
    assert "Harbour" in unsigned and ">Riverside<" not in unsigned
    by_code = nadia.get(_overview_url(world, sort="code", order="asc")).content.decode()
    assert by_code.index(">Riverside<") < by_code.index(">Harbour<")  # nothing signed comes last
    assert 'aria-sort="ascending"' in by_code
    nadia.cookies["django_language"] = "es"
    spanish = nadia.get(_overview_url(world)).content.decode()
    assert "Cómo están los miembros" in spanish and "versión 1, el" in spanish and "sin firmar" in spanish


def test_odd_choices_in_the_address_get_a_message_and_the_whole_list(world, client_for):
    _standing(world)
    response = client_for("nadia").get(_overview_url(world, sort="nonsense", show="%3Cscript%3E"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Please choose one of the options shown" in page and "<script>" not in page
    assert "Riverside" in page and "Harbour" in page


def test_the_spreadsheet_has_the_page_rows_and_no_formula_can_run(world, client_for):
    _standing(world)
    Organisation.objects.filter(pk=world.harbour.pk).update(name="=HYPERLINK(\"http://x\")")
    response = client_for("nadia").get(
        reverse("accountability:network_overview_csv", args=[world.network.slug]) + "?show=code_not_signed")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"] and response["Cache-Control"] == "private, no-store"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "Organisation" and len(rows) == 2
    assert rows[1][0] == "'=HYPERLINK(\"http://x\")"
    assert "has not signed the network's code in force" in rows[1][-1]


def test_only_a_network_has_an_overview(world, client_for):
    assert client_for("ada").get(reverse("accountability:network_overview", args=[world.riverside.slug])) \
        .status_code == 404


def test_the_queries_do_not_grow_with_the_members(world, client_for):
    _standing(world)
    nadia = client_for("nadia")

    def queries(url) -> int:
        nadia.get(url)  # what is kept a while is kept already
        with CaptureQueriesContext(connection) as captured:
            assert nadia.get(url).status_code == 200
        return len(captured.captured_queries)

    csv_url = reverse("accountability:network_overview_csv", args=[world.network.slug])
    few, few_csv = queries(_overview_url(world)), queries(csv_url)
    for n in range(198):
        member = Organisation.objects.create(name=f"Member {n}", slug=f"member-{n}")
        NetworkMembership.objects.create(network=world.network, organisation=member)
    assert NetworkMembership.objects.filter(network=world.network).count() == 200
    assert queries(_overview_url(world)) == few and queries(csv_url) == few_csv


def test_case_handling_per_member_counts_as_for_one_organisation(world):
    from holdspace.reports import handling
    from holdspace.reports.content import ReportContent
    from holdspace.reports.models import Case
    from holdspace.reports.submission import Submission, report_submit

    handler_keys(world, "hana")
    start = timezone.now() - timedelta(days=120)
    for days in (10, 20, 30, 40, 90):
        case, _ = report_submit(organisation=world.riverside, now=start, submission=Submission(
            kind="complaint", pathway="record", content=ReportContent(what="x")))
        handling.case_close(case, actor=world.hana, outcome=Case.Outcome.RECORDED, now=start + timedelta(days=days))
    now = timezone.now()
    together = stages_on_time_of(organisations=[world.riverside.pk, world.harbour.pk], now=now)
    assert together == {world.riverside.pk: stages_on_time(world.riverside, now=now)}
    assert together[world.riverside.pk].cases == 5
