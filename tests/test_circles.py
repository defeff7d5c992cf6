"""The public circle finder."""
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from holdspace.circles.models import Circle, CircleMember, CircleSession
from holdspace.circles.services import next_session_refresh

pytestmark = pytest.mark.django_db


def _circle(world, name, **fields):
    defaults = {"organisation": world.riverside, "kind": Circle.Kind.GROUP, "schedule": "monthly, 3 hours",
                "capacity": 3, "city": "Riverside"}
    defaults.update(fields)
    return Circle.objects.create(name=name, slug=name.lower().replace(" ", "-"), **defaults)


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
