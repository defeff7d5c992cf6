"""A circle's attendance as a spreadsheet for its facilitators: a row per man by name, a column per session held,
present / absent / blank; a name that looks like a formula stays text; a fixed number of queries."""
import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from holdspace.accounts.models import User
from holdspace.circles import sessions
from holdspace.circles.models import CircleSession
from holdspace.circles.selectors import attendance_sheet
from tests.circles_helpers import admit, held_session, make_circle
from tests.conftest import PASSWORD


def _rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def _url(circle) -> str:
    return reverse("circles:attendance_csv", args=["riverside", circle.slug])


@pytest.mark.django_db
def test_the_sheet_has_a_row_per_man_and_a_column_per_session_held(world, client_for):
    circle = make_circle(world, name="Thursday group")
    admit(circle, world.mateo)
    admit(circle, world.harry)
    first, second = held_session(circle, days_ago=14), held_session(circle, days_ago=7)
    sessions.attendance_record(session=first, present={world.mateo.pk}, actor=world.felix)
    # The second session's attendance was never taken; a session to come is no column.
    CircleSession.objects.create(circle=circle, starts_at=timezone.now() + timedelta(days=7), duration_minutes=120)
    response = client_for("felix").get(_url(circle))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"] and "no-store" in response["Cache-Control"]
    rows = _rows(response)
    assert rows[0] == ["Member", first.starts_at.strftime("%Y-%m-%d"), second.starts_at.strftime("%Y-%m-%d")]
    assert rows[1:] == [["Harry", "absent", ""], ["Mateo", "present", ""]]
    from holdspace.audit.models import AuditEntry

    entry = AuditEntry.objects.get(action="circle.attendance_exported")
    assert (entry.actor_id, entry.details) == (world.felix.pk, {"sessions": 2, "men": 2})
    # Another facilitator of the organisation who does not run this circle finds nothing.
    assert client_for("rick").get(_url(circle)).status_code == 404


@pytest.mark.django_db
def test_a_name_that_looks_like_a_formula_stays_text(world, client_for):
    circle = make_circle(world, name="Formula group")
    sly = User.objects.create_user(email="sly@example.org", password=PASSWORD, display_name="=HYPERLINK(\"x\")")
    admit(circle, sly)
    admit(circle, world.mateo)
    minus = User.objects.create_user(email="minus@example.org", password=PASSWORD, display_name="-1+2")
    admit(circle, minus)
    rows = _rows(client_for("felix").get(_url(circle)))
    names = [row[0] for row in rows[1:]]
    assert "'=HYPERLINK(\"x\")" in names and "'-1+2" in names and "Mateo" in names
    assert not any(name.startswith(("=", "-", "+", "@")) for name in names)


@pytest.mark.django_db
def test_the_sheet_reads_the_same_few_queries_for_few_or_many_sessions_and_men(world):
    circle = make_circle(world, name="Growing group", capacity=40)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            attendance_sheet(circle)
        return len(captured)

    admit(circle, world.mateo)
    held_session(circle, days_ago=3)
    few = count()
    for number in range(12):
        man = User.objects.create_user(email=f"m{number}@example.org", password=PASSWORD, display_name=f"Man {number}")
        admit(circle, man)
    for days in range(10, 40, 3):
        session = held_session(circle, days_ago=days)
        sessions.attendance_record(session=session, present={world.mateo.pk}, actor=world.felix)
    many = attendance_sheet(circle)
    assert len(many.sessions) == 11 and len(many.rows) == 13
    assert count() == few == 3
