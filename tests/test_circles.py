"""The public circle finder."""
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from holdspace.circles import selectors
from holdspace.circles.models import Circle, CircleMember, CircleSession
from holdspace.circles.selectors import FinderFilters, finder
from holdspace.circles.services import next_session_refresh

pytestmark = pytest.mark.django_db


def _circle(world, name, **fields):
    defaults = {"organisation": world.riverside, "kind": Circle.Kind.GROUP, "schedule": "monthly, 3 hours",
                "capacity": 3, "city": "Riverside", "slug": name.lower().replace(" ", "-")}
    defaults.update(fields)
    return Circle.objects.create(name=name, **defaults)


def test_the_finder_filters_and_shows_next_session_and_places(world):
    soon = _circle(world, "Monday circle")
    online = _circle(world, "Online workshop", kind=Circle.Kind.WORKSHOP, online=True, city="", language="es")
    _circle(world, "Closed circle", open_to_new=False)
    CircleSession.objects.create(circle=soon, starts_at=timezone.now() + timedelta(days=2))
    CircleSession.objects.create(circle=soon, starts_at=timezone.now() - timedelta(days=2))  # past: not shown
    next_session_refresh()
    for person in ("mateo", "felix", "rick"):
        CircleMember.objects.create(circle=soon, user=world.people[person], status=CircleMember.Status.MEMBER)
    finder = reverse("circles:finder")
    page = Client().get(finder).content.decode()
    assert "Monday circle" in page and "Online workshop" in page and "Closed circle" not in page
    assert "full: waiting list" in page  # three members in three places
    assert page.index("Monday circle") < page.index("Online workshop")  # soonest session first
    assert "Online workshop" not in Client().get(finder, {"kind": "group"}).content.decode()
    only_online = Client().get(finder, {"where": "online"}).content.decode()
    assert "Online workshop" in only_online and "Monday circle" not in only_online
    assert "Monday circle" in Client().get(finder, {"where": "river"}).content.decode()
    assert "Monday circle" not in Client().get(finder, {"language": "es"}).content.decode()
    assert Client().get(finder, {"kind": "galaxy"}).status_code == 400
    assert Client().get(reverse("circles:circle", args=[online.slug])).status_code == 200


def test_the_finder_runs_the_same_queries_for_few_or_many_circles(world):
    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert Client().get(reverse("circles:finder")).status_code == 200
        return len(captured.captured_queries)

    for number in range(2):
        _circle(world, f"Circle {number}")
    few = count()
    for number in range(2, 25):
        circle = _circle(world, f"Circle {number}")
        CircleSession.objects.create(circle=circle, starts_at=timezone.now() + timedelta(days=number))
    next_session_refresh()
    assert count() == few


def _finder_circles(world, count: int, *, first: int = 0) -> list[Circle]:
    """`count` open circles: two in three with a next session (some on the same day, some with the same name),
    the rest with none; a closed one; every third with a member and a man still asking."""
    circles, day = [], timezone.now().replace(microsecond=0) + timedelta(days=1)
    for number in range(first, first + count):
        circle = _circle(world, f"Circle {number % 7}", slug=f"circle-{number}", capacity=4,
                         kind=(Circle.Kind.GROUP, Circle.Kind.WORKSHOP)[number % 2], online=number % 4 == 1,
                         language=("en", "es")[number % 5 == 0])
        if number % 3:
            CircleSession.objects.create(circle=circle, starts_at=day + timedelta(days=number % 5))
        if number % 3 == 1:
            CircleMember.objects.create(circle=circle, user=world.people["mateo"], status=CircleMember.Status.MEMBER)
            CircleMember.objects.create(circle=circle, user=world.people["felix"], status=CircleMember.Status.ASKED)
        circles.append(circle)
    _circle(world, "Circle 0", slug=f"closed-circle-{first}", open_to_new=False)
    next_session_refresh()
    return circles


def test_the_finder_runs_one_query_for_few_or_many_circles(world, django_assert_num_queries):
    _finder_circles(world, 3)
    with django_assert_num_queries(1):
        finder(FinderFilters(), page=1)
    _finder_circles(world, 30, first=3)
    for page in (1, 2):
        with django_assert_num_queries(1):
            finder(FinderFilters(), page=page)
    with django_assert_num_queries(1):
        finder(FinderFilters(kind=Circle.Kind.GROUP, language="en", where="online", q="circle"), page=1)


@pytest.mark.parametrize("filters", [
    FinderFilters(),
    FinderFilters(kind=Circle.Kind.WORKSHOP),
    FinderFilters(language="es"),
    FinderFilters(where="online"),
    FinderFilters(where="rivers"),
    FinderFilters(q="circle 3"),
])
def test_the_finder_pages_through_circles_with_a_next_session_then_those_without(world, monkeypatch, filters):
    """Soonest next session first, then the circles with none; within each, by name then pk; pages that cross
    from one to the other lose and repeat no circle; a next session that passed since the refresh sorts by its
    date but is not shown; places left count members only."""
    monkeypatch.setattr(selectors, "PAGE_SIZE", 4)
    circles = _finder_circles(world, 30)
    passed = circles[1]  # its session passed after the daily refresh
    Circle.objects.filter(pk=passed.pk).update(next_session_at=timezone.now() - timedelta(hours=1))
    wanted = [
        circle for circle in Circle.objects.filter(open_to_new=True)
        if (not filters.kind or circle.kind == filters.kind)
        and (not filters.language or circle.language == filters.language)
        and (filters.where != "online" or circle.online)
        and (filters.where in ("", "online") or filters.where in circle.city.lower())
        and (not filters.q or filters.q in f"{circle.name} {circle.description} {circle.city}".lower())
    ]
    none = timezone.now()  # any date: only circles with no next session compare on it, among themselves
    wanted.sort(key=lambda c: (c.next_session_at is None, c.next_session_at or none, c.name, c.pk))
    assert any(c.next_session_at for c in wanted) and any(not c.next_session_at for c in wanted)
    shown, page, more = [], 1, True
    while more:
        rows, more = finder(filters, page=page)
        assert len(rows) == 4 or not more
        shown += rows
        page += 1
    assert [c.pk for c in shown] == [c.pk for c in wanted]
    members = {c.pk: c.members.filter(status=CircleMember.Status.MEMBER).count() for c in wanted}
    assert [c.places_left for c in shown] == [4 - members[c.pk] for c in shown]
    assert {c.pk for c in shown if c.next_session} == {c.pk for c in wanted if c.next_session_at and c != passed}
    assert finder(filters, page=page) == ([], False)


def test_the_finder_reads_the_open_circles_in_index_order_on_sqlite(world):
    """The page's circles come from the finder's index, in its order, with no sort of all the open circles."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's plan; PostgreSQL's depends on its statistics")
    _finder_circles(world, 30)
    with CaptureQueriesContext(connection) as captured:
        finder(FinderFilters(), page=2)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + captured.captured_queries[0]["sql"])
        plan = cursor.fetchall()
    scan = next(row for row in plan if "circle_finder_open" in row[3])
    assert scan[3].startswith("SCAN")
    assert not [row for row in plan if row[1] == scan[1] and "TEMP B-TREE" in row[3]], plan


def test_a_session_that_passed_is_no_longer_next(world):
    circle = _circle(world, "Weekly circle")
    passing = CircleSession.objects.create(circle=circle, starts_at=timezone.now() + timedelta(days=1))
    later = CircleSession.objects.create(circle=circle, starts_at=timezone.now() + timedelta(days=8))
    next_session_refresh()
    circle.refresh_from_db()
    assert circle.next_session_at == passing.starts_at
    next_session_refresh(now=timezone.now() + timedelta(days=2))
    circle.refresh_from_db()
    assert circle.next_session_at == later.starts_at


def test_the_written_content_is_complete_in_both_languages():
    """The exercise library, default agreements and guide ship in English and Spanish."""
    import json
    from pathlib import Path

    content = Path(__file__).resolve().parent.parent / "holdspace/circles/content"
    exercises = json.loads((content / "exercises.json").read_text())
    assert len(exercises) >= 15 and len({e["key"] for e in exercises}) == len(exercises)
    for exercise in exercises:
        for language in ("en", "es"):
            text = exercise[language]
            assert text["title"] and text["purpose"] and text["notes"] and text["steps"], (exercise["key"], language)
        assert len(exercise["en"]["steps"]) == len(exercise["es"]["steps"])
    minutes = {e["key"]: e["duration_minutes"] for e in exercises}
    three_hours = ["opening-check-in", "dissecting-terms", "how-patriarchy-shaped-me", "intention-versus-impact",
                   "roleplay-sexist-joke-at-work", "commitments-round", "closing-round"]
    assert 150 <= sum(minutes[key] for key in three_hours) <= 180
    agreements = json.loads((content / "agreements.json").read_text())
    assert len(agreements) >= 7 and all(a["en"]["text"] and a["es"]["text"] for a in agreements)
    guide = json.loads((content / "guide.json").read_text())
    assert len(guide["en"]["sections"]) == len(guide["es"]["sections"]) >= 6


def test_the_guide_reads_in_the_visitors_language(world):
    import json
    from pathlib import Path

    guide = json.loads((Path(__file__).resolve().parent.parent / "holdspace/circles/content/guide.json").read_text())
    url = reverse("circles:guide")
    english = Client().get(url).content.decode()
    assert guide["en"]["sections"][0]["heading"] in english
    spanish = Client(HTTP_ACCEPT_LANGUAGE="es").get(url).content.decode()
    assert guide["es"]["sections"][0]["heading"] in spanish
    assert url in Client().get(reverse("circles:finder")).content.decode()
