"""A circle's sessions as an iCalendar file, for any calendar application."""
from datetime import timedelta

import icalendar
from django.utils import timezone

from holdspace.circles.models import Circle, CircleSession


def circle_calendar(circle: Circle, *, sessions: list[CircleSession], site: str, url: str,
                    with_places: bool) -> bytes:
    """Places only for the circle's own people: a group may meet in someone's home."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Holdspace//Circles//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", circle.name)
    stamp = timezone.now()
    for session in sessions:
        event = icalendar.Event()
        event.add("uid", f"circle-session-{session.pk}@{site}")
        event.add("dtstamp", stamp)
        event.add("dtstart", session.starts_at)
        event.add("dtend", session.starts_at + timedelta(minutes=session.duration_minutes))
        event.add("summary", f"{circle.name}: {session.theme}" if session.theme else circle.name)
        if with_places and session.place:
            event.add("location", session.place)
        event.add("url", url)
        calendar.add_component(event)
    return calendar.to_ical()
