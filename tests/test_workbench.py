"""The handler's workbench: her home's counts, type and severity sealed and counted apart, search and filters,
related cases, and rare steps that ask to confirm."""
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from holdspace.accountability.policy import settings_change
from holdspace.audit.models import AuditEntry
from holdspace.reports import classification, handling, workbench
from holdspace.reports.models import Case, CaseLink, CaseTally
from holdspace.web.refusals import Refusal
from tests.reports_helpers import handler_keys, submit

pytestmark = pytest.mark.django_db


def _classify(world, keys, case, case_type, severity):
    key = handling.data_key_open(case, user=world.hana, private_key=keys["hana"])
    classification.case_classify(case, actor=world.hana, data_key=key, case_type=case_type, severity=severity)


def _queries(client, url) -> int:
    """Queries of one request, with the figures kept for a minute counted afresh (the first request settles the
    session)."""
    client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_her_home_counts_what_waits_at_a_cost_flat_in_the_number_of_cases(world, client_for):
    handler_keys(world, "hana")
    hana = client_for("hana", case_key=True)
    cases_url, dashboard = reverse("reports:cases", args=[world.riverside.slug]), reverse("site:dashboard")
    submit(world, pathway="informal")
    few = (_queries(hana, cases_url), _queries(hana, dashboard))
    more = [submit(world, pathway="informal")[0] for _ in range(4)]
    now = timezone.now()
    Case.objects.filter(pk=more[0].pk).update(stage_due_at=now - timedelta(days=1), unread_for_handlers=2)
    Case.objects.filter(pk=more[1].pk).update(stage_due_at=now + timedelta(days=3), acknowledged_at=now,
                                              stage="assess")
    Case.objects.filter(pk=more[2].pk).update(stage_due_at=now + timedelta(days=20), acknowledged_at=now,
                                              stage="assess")
    assert (_queries(hana, cases_url), _queries(hana, dashboard)) == few
    counts = workbench.handler_counts(world.hana, organisation=world.riverside, now=now)
    # New: three still to acknowledge (one of them overdue); due this week: one moved on, two acknowledgements;
    # unread: one new report each, and two more on the overdue one.
    assert (counts.new, counts.overdue, counts.due_this_week, counts.unread, counts.waiting) == (3, 1, 3, 6, 0)
    page = hana.get(dashboard).content.decode()
    assert "3 new cases" in page and "1 overdue" in page and "6 unread messages" in page
    assert "3 new cases" in hana.get(cases_url).content.decode()
    # Someone with no case work sees none of it.
    assert "new cases" not in client_for("mateo").get(dashboard).content.decode()


def test_type_and_severity_are_sealed_and_only_counts_leave_the_case(world, client_for):
    keys = handler_keys(world, "hana")
    cases = [submit(world, pathway="record")[0] for _ in range(6)]
    for case in cases[:5]:
        _classify(world, keys, case, "harassment", "serious")
    _classify(world, keys, cases[5], "discrimination", "low")
    _classify(world, keys, cases[0], "harassment", "serious")  # the same again moves nothing
    tallies = dict(((t.case_type, t.severity), t.count) for t in CaseTally.objects.all())
    assert tallies == {("harassment", "serious"): 5, ("discrimination", "low"): 1}
    _classify(world, keys, cases[1], "discrimination", "low")  # a change moves one count
    tallies = dict(((t.case_type, t.severity), t.count) for t in CaseTally.objects.all())
    assert tallies == {("harassment", "serious"): 4, ("discrimination", "low"): 2}
    assert not CaseLink.objects.exists() and not any(f.name == "case" for f in CaseTally._meta.fields)
    assert AuditEntry.objects.filter(action="case.classified").count() == 8
    with pytest.raises(Refusal):
        _classify(world, keys, cases[2], "not-a-type", "low")

    # Own figures and the public page: only figures over MIN_CASES cases each.
    _classify(world, keys, cases[1], "harassment", "serious")
    hana = client_for("hana", case_key=True)
    figures = hana.get(reverse("reports:figures", args=[world.riverside.slug])).content.decode()
    assert "Harassment or bullying" in figures and "Discrimination" not in figures and "left out" in figures
    settings_change(organisation=world.riverside, actor=world.ada, public_page=True, concern_response_days=14)
    public = Client().get(reverse("accountability:page", args=[world.riverside.slug])).content.decode()
    assert "Harassment or bullying" in public and "Serious" in public and "Discrimination" not in public

    # The organisation adds a type of its own; a handler chooses it on a case; retired, it still reads.
    url = reverse("reports:case_types", args=[world.riverside.slug])
    same = hana.post(url, {"type-name": "discrimination"})
    assert same.status_code == 400 and "already on the list" in same.content.decode()
    hana.post(url, {"type-name": "Online abuse"})
    own = f"org:{world.riverside.case_types.get().pk}"
    case_url = reverse("reports:case_assessment", args=[world.riverside.slug, cases[2].reference])
    version = Case.objects.get(pk=cases[2].pk).version
    act = reverse("reports:case_classify", args=[world.riverside.slug, cases[2].reference])
    refused = hana.post(act, {"classify-case_type": own, "classify-version": version})
    assert refused.status_code == 400 and "Please choose a severity." in refused.content.decode()
    assert f'value="{own}" selected' in refused.content.decode()  # what she chose is kept
    assert hana.post(act, {"classify-case_type": own, "classify-severity": "moderate",
                           "classify-version": version}).status_code == 302
    hana.post(reverse("reports:case_type_retire", args=[world.riverside.slug, world.riverside.case_types.get().pk]))
    assert "Online abuse" in hana.get(reverse("reports:case", args=[world.riverside.slug, cases[2].reference])
                                      ).content.decode()
    assert "Online abuse" not in hana.get(case_url).content.decode().split('name="classify-case_type"')[1]


def test_filters_narrow_the_list_and_open_sealed_values_only_within_a_bound(world, client_for, monkeypatch):
    keys = handler_keys(world, "hana")
    informal = [submit(world, pathway="informal")[0] for _ in range(3)]
    formal = submit(world, pathway="formal")[0]
    _classify(world, keys, informal[0], "harassment", "grave")
    _classify(world, keys, informal[1], "harassment", "low")
    _classify(world, keys, formal, "abuse_of_power", "grave")
    hana = client_for("hana", case_key=True)
    url = reverse("reports:cases", args=[world.riverside.slug])

    def listed(query) -> set[str]:
        page = hana.get(url + query).content.decode()
        return {case.reference for case in [*informal, formal] if case.reference in page}

    assert listed("?pathway=informal") == {c.reference for c in informal}
    assert listed("?severity=grave") == {informal[0].reference, formal.reference}
    assert listed("?severity=grave&pathway=informal") == {informal[0].reference}
    assert listed("?case_type=harassment&severity=low") == {informal[1].reference}
    assert listed("?received_from=2001-01-01&received_to=2002-01-01") == set()
    bad = hana.get(url + "?received_from=2030-01-02&received_to=2030-01-01").content.decode()
    assert "This date comes before the first one." in bad and 'value="2030-01-02"' in bad
    # The sealed filters open at most SEALED_SCAN cases, and say when they stopped short.
    measured = workbench.case_search(world.hana, organisation=world.riverside, private_key=keys["hana"], page=1,
                                     filters=workbench.CaseFilters(severity="grave"))
    assert measured.scanned == 3 and not measured.cut_short
    monkeypatch.setattr(workbench, "SEALED_SCAN", 2)
    short = workbench.case_search(world.hana, organisation=world.riverside, private_key=keys["hana"], page=1,
                                  filters=workbench.CaseFilters(severity="grave"))
    assert short.scanned == 2 and short.cut_short
    assert "Only the most recent ones were searched" in hana.get(url + "?severity=grave").content.decode()


def test_related_cases_are_linked_by_hand_shown_on_both_and_audited(world, client_for):
    handler_keys(world, "hana", "omar")
    first, second = submit(world, pathway="informal")[0], submit(world, pathway="support")[0]
    elsewhere = submit(world, world.harbour, pathway="informal")[0]
    hana = client_for("hana", case_key=True)
    link = reverse("reports:case_link", args=[world.riverside.slug, first.reference])
    unknown = hana.post(link, {"link-reference": "ZZZZ-ZZZZ"})
    assert unknown.status_code == 400 and "No case with this reference is open to you" in unknown.content.decode()
    assert 'value="ZZZZ-ZZZZ"' in unknown.content.decode()
    itself = hana.post(link, {"link-reference": first.reference})
    assert itself.status_code == 400 and "cannot be linked to itself" in itself.content.decode()
    # A case she cannot see (another organisation's) is as unknown as none.
    assert hana.post(link, {"link-reference": elsewhere.reference}).status_code == 400
    assert hana.post(link, {"link-reference": second.reference.lower()}).status_code == 302
    for case, other in ((first, second), (second, first)):
        page = hana.get(reverse("reports:case", args=[world.riverside.slug, case.reference])).content.decode()
        assert other.reference in page
    assert AuditEntry.objects.filter(action="case.linked").count() == 2
    again = hana.post(link, {"link-reference": second.reference})
    assert again.status_code == 400 and "already linked" in again.content.decode()
    hana.post(reverse("reports:case_unlink", args=[world.riverside.slug, second.reference]),
              {"reference": first.reference})
    assert not CaseLink.objects.exists() and AuditEntry.objects.filter(action="case.unlinked").count() == 2


def test_rare_steps_are_refused_without_their_confirmation_and_keep_the_choice(world, client_for):
    from holdspace.organisations.models import Membership, Role

    Membership.objects.create(user=world.felix, organisation=world.riverside, role=Role.CASE_HANDLER)
    handler_keys(world, "hana", "felix")
    case = submit(world, pathway="formal")[0]
    hana = client_for("hana", case_key=True)
    act = lambda action: reverse(f"reports:case_{action}", args=[world.riverside.slug, case.reference])  # noqa: E731
    assign = hana.post(act("assign"), {"assign-person": world.felix.pk, "assign-version": case.version})
    body = assign.content.decode()
    assert assign.status_code == 400 and "Please tick the box to confirm." in body
    assert f'value="{world.felix.pk}" selected' in body
    conflict = hana.post(act("conflict"), {})
    assert conflict.status_code == 400 and "Please tick the box to confirm." in conflict.content.decode()
    assert case.keys.filter(user=world.hana).exists() and not case.keys.filter(assigned=True).exists()
    assert hana.post(act("assign"), {"assign-person": world.felix.pk, "assign-confirm": "on",
                                     "assign-version": case.version}).status_code == 302
    # The summary is short: no form that changes the case lives on it.
    summary = hana.get(reverse("reports:case", args=[world.riverside.slug, case.reference])).content.decode()
    assert "/act/" not in summary and f"{world.felix.display_name} (assigned)" in summary
    assert hana.post(act("conflict"), {"conflict-confirm": "on"}).status_code == 302
    assert not case.keys.filter(user=world.hana).exists()


def _row(page: str, reference: str) -> str:
    start = page.index(f">{reference}</a>")
    return page[page.rindex("<tr>", 0, start): page.index("</tr>", start)]


def test_each_row_of_her_list_says_what_the_case_is_and_what_is_due(world, client_for):
    """The rows are written out once for the page (holdspace/reports/views/case_list.py): each still links its case and
    says new, yours, its kind and high risk, when it came, what was asked, its stage and its due day."""
    from holdspace.reports.models import CaseKey

    handler_keys(world, "hana")
    late, soon, done, ready = (submit(world, pathway="informal")[0] for _ in range(4))
    now = timezone.now()
    Case.objects.filter(pk=late.pk).update(stage_due_at=now - timedelta(days=2), risk="high")
    Case.objects.filter(pk=soon.pk).update(stage_due_at=now + timedelta(days=3), unread_for_handlers=0,
                                           stage="assess")
    Case.objects.filter(pk=ready.pk).update(stage_due_at=None)
    Case.objects.filter(pk=done.pk).update(status="closed", closed_at=now, outcome="resolved_informally")
    CaseKey.objects.filter(case=soon, user=world.hana).update(assigned=True)
    hana = client_for("hana", case_key=True)
    url = reverse("reports:cases", args=[world.riverside.slug])
    page = hana.get(url).content.decode()
    case_url = reverse("reports:case", args=[world.riverside.slug, late.reference])
    late_row = _row(page, late.reference)
    assert f'<a href="{case_url}">{late.reference}</a> · <span>new</span>' in late_row
    assert '<small>A complaint · <span class="overdue">Serious risk: act now</span></small>' in late_row
    assert '<td data-label="Due"><span class="overdue">Overdue since ' in late_row
    assert '<td data-label="Asked for">An informal conversation with the person</td>' in late_row
    soon_row = _row(page, soon.reference)
    assert " · yours" in soon_row and "<span>new</span>" not in soon_row and "overdue" not in soon_row
    assert '<td data-label="Stage">Safety assessment and triage</td>' in soon_row
    assert "Ready to close" in _row(page, ready.reference)
    assert done.reference not in page  # the open list
    closed = hana.get(url + "?show=closed").content.decode()
    assert 'data-label="Outcome"' in _row(closed, done.reference) and ">Resolved informally<" in _row(closed, done.reference)


def test_her_list_speaks_her_language(world, client_for):
    from django.utils import translation

    from holdspace.reports.views.case_list import case_rows_drawn

    handler_keys(world, "hana")
    case = submit(world, pathway="informal")[0]
    Case.objects.filter(pk=case.pk).update(stage_due_at=timezone.now() - timedelta(days=2))
    rows = workbench.case_search(world.hana, organisation=world.riverside, filters=workbench.CaseFilters(),
                                 page=1).page.object_list
    with translation.override("es"):
        drawn = case_rows_drawn(rows, organisation=world.riverside, closed=False, now=timezone.now())
    assert 'data-label="Caso"' in drawn and "<span>nuevo</span>" in drawn and "Una queja" in drawn
    assert '<span class="overdue">Plazo vencido desde el ' in drawn


def _plan(cursor, run) -> str:
    with CaptureQueriesContext(connection) as captured:
        run()
    plans = []
    for query in captured.captured_queries:
        cursor.execute("EXPLAIN QUERY PLAN " + query["sql"])
        plans.append(" ".join(row[3] for row in cursor.fetchall()))
    return " | ".join(plans)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's own query plan")
def test_her_list_reads_its_counts_and_handed_on_cases_from_indexes_alone(world):
    """Among 50,000 cases (bench/README.md): her counts read one index, never the cases' rows or her keys to closed
    cases, and the cases her network took over are found by their own index although few cases name one."""
    from holdspace.reports.stepping_in import cases_handed_on

    handler_keys(world, "hana")
    submit(world, pathway="informal")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("DELETE FROM sqlite_stat1 WHERE tbl = 'reports_case'")
        cursor.execute("INSERT INTO sqlite_stat1 SELECT 'reports_case', name, '50000 50000' FROM sqlite_master "
                       "WHERE type = 'index' AND tbl_name = 'reports_case' AND sql LIKE '%stepped_in_from%' "
                       "AND sql NOT LIKE '%WHERE%'")
        cursor.execute("ANALYZE sqlite_schema")  # the planner reads the statistics again
        counts = _plan(cursor, lambda: workbench.handler_counts(world.hana, organisation=world.riverside,
                                                                 handler_checked=True))
        handed_on = _plan(cursor, lambda: cases_handed_on(world.hana, organisation=world.riverside))
    assert "USING COVERING INDEX case_work" in counts, counts
    assert "USING INDEX case_handed_on" in handed_on, handed_on


# What ANALYZE finds among the benchmark's 50,000 cases of one organisation, 70 % closed, each with one key (bench/
# seed_cases.py): rows, then rows a value of the first column, of the first two, ...
BENCH_STATISTICS = {
    "case_work": "50003 50003 25002 4 4 4 4 1", "case_closed": "50003 50003 25002 2", "case_purge": "50003 25002 25002",
    "case_closed_list": "35009 35009 1 1", "case_received": "50003 50003 1 1", "case_key_by_user": "50003 50003 1",
    "case_key_assigned": "50 50 1",  # a few of her cases assigned to her
}


def _bench_statistics(cursor) -> None:
    """The planner's statistics of the cases and their keys as among the benchmark's cases (BENCH_STATISTICS; any
    other index: one value for every row, or one row a value if unique), whatever few rows the test made."""
    cursor.execute("ANALYZE")
    cursor.execute("DELETE FROM sqlite_stat1 WHERE tbl IN ('reports_case', 'reports_casekey')")
    for table in ("reports_case", "reports_casekey"):
        cursor.execute(f"PRAGMA index_list({table})")
        for _seq, name, unique, *_rest in cursor.fetchall():
            cursor.execute(f"PRAGMA index_info({name})")
            width = len(cursor.fetchall())
            found = BENCH_STATISTICS.get(name) or " ".join(["50003"] + ["1" if unique else "50003"] * width)
            cursor.execute("INSERT INTO sqlite_stat1 VALUES (%s, %s, %s)", [table, name, found])
    cursor.execute("ANALYZE sqlite_schema")  # the planner reads the statistics again


def _listed(world, **filters):
    """Her list of cases with these filters, as the page asks it (her roles read by the page)."""
    return lambda: workbench.case_search(world.hana, organisation=world.riverside, page=1, handler_checked=True,
                                         filters=workbench.CaseFilters(**filters))


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's own query plan")
def test_the_cases_she_may_see_are_read_from_the_cases_side_each_list_in_its_order(world):
    """cases_visible_to starts from the organisation's cases, her key to each asked on its own: a list of open cases
    reads the open ones' index, the closed and the whole list read theirs in order and stop after a page (no sort of
    every case she may see), her own from her assigned keys, a case is found by its reference; never from every key
    she holds."""
    from holdspace.reports.access import cases_visible_to

    handler_keys(world, "hana")
    case = submit(world, pathway="informal")[0]
    with connection.cursor() as cursor:
        _bench_statistics(cursor)
        plans = {
            "open": _plan(cursor, _listed(world)),
            "overdue": _plan(cursor, _listed(world, overdue=True)),
            "closed": _plan(cursor, _listed(world, show="closed")),
            "all": _plan(cursor, _listed(world, show="all")),
            "mine": _plan(cursor, _listed(world, mine=True)),
            "case": _plan(cursor, lambda: cases_visible_to(world.hana, organisation=world.riverside,
                                                           handler_checked=True).filter(reference=case.reference).first()),
        }
    for name, plan in plans.items():
        assert "case_key_by_user" not in plan and not plan.startswith("SCAN reports_casekey"), (name, plan)
        assert plan.startswith("SEARCH reports_case USING"), (name, plan)
    assert "USING INDEX case_work (handling_organisation_id=? AND status=?)" in plans["open"], plans["open"]
    assert "USING INDEX case_work (handling_organisation_id=? AND status=? AND stage_due_at<?)" in plans["overdue"]
    assert "USING INDEX case_closed_list (handling_organisation_id=?)" in plans["closed"], plans["closed"]
    assert "USING INDEX case_received (handling_organisation_id=?)" in plans["all"], plans["all"]
    for name in ("closed", "all"):
        assert "TEMP B-TREE" not in plans[name], (name, plans[name])
    assert "(reference=?)" in plans["case"], plans["case"]
    # Those assigned to her: from her few assigned keys to each case, not every open case asked whether it is hers.
    assert plans["mine"].startswith("SEARCH reports_case USING INTEGER PRIMARY KEY"), plans["mine"]
    assert "USING INDEX case_key_assigned (user_id=?)" in plans["mine"], plans["mine"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="reads PostgreSQL's own query plan")
def test_postgresql_can_read_each_list_in_its_order(world):
    """With a few cases PostgreSQL would read the whole table, so reading it so is made dear (enable_seqscan and
    the like only price a way, they forbid none): what is left shows that an index serves each list's filter and
    order (the closed list's partial index is implied by its filter), and her assigned keys the partial index of
    the few assigned. Which of two indexes serves her counts depends on how many rows each holds, so it is not
    asked here (bench/README.md)."""
    handler_keys(world, "hana")
    submit(world, pathway="informal")

    def plan(cursor, run) -> str:
        with CaptureQueriesContext(connection) as captured:
            run()
        found = []
        for query in captured.captured_queries:
            if "reports_case" in query["sql"]:
                cursor.execute("EXPLAIN (COSTS OFF) " + query["sql"])
                found.append("\n".join(row[0] for row in cursor.fetchall()))
        return "\n|\n".join(found)

    with transaction.atomic(), connection.cursor() as cursor:
        for setting in ("enable_seqscan", "enable_bitmapscan", "enable_sort"):
            cursor.execute(f"SET LOCAL {setting} = off")
        closed = plan(cursor, _listed(world, show="closed"))
        everything = plan(cursor, _listed(world, show="all"))
        opened = plan(cursor, _listed(world))
    assert "Index Scan Backward using case_closed_list on reports_case" in closed, closed
    assert "Index Scan Backward using case_received on reports_case" in everything, everything
    assert "Index Scan using case_work on reports_case" in opened, opened
    assert "Index Only Scan using case_key_assigned" in opened, opened
    for shown in (closed, everything):
        assert "Sort" not in shown, shown
