"""The demo is true to itself: circles meet when their schedule says; `seed_demo` prints a short page."""
import re
from datetime import timedelta

from django.utils import timezone

from holdspace.circles.models import Circle

WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
            "lunes": 0, "martes": 1, "miércoles": 2, "jueves": 3, "viernes": 4, "sábados": 5, "domingos": 6}
# How many weeks apart the words say sessions are.
EVERY = [(r"\bevery (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", 1),
         (r"\bevery fourth\b", 4), (r"\bcada dos semanas\b", 2)]


def _named_weekday(text: str) -> int | None:
    found = [day for word, day in WEEKDAYS.items() if re.search(rf"\b{word}\b", text.lower())]
    return found[0] if found else None


def test_every_demo_circle_meets_on_its_named_day_at_the_interval_its_schedule_says(db, clock):
    from holdspace.site.demo import demo_seed

    demo_seed()
    circles = list(Circle.objects.prefetch_related("sessions"))
    assert len(circles) == 3
    for circle in circles:
        words = f"{circle.name} {circle.schedule}"
        weekday = _named_weekday(words)
        weeks = next(weeks for pattern, weeks in EVERY if re.search(pattern, words.lower()))
        assert weekday is not None, circle.name
        starts = sorted(timezone.localtime(session.starts_at) for session in circle.sessions.all())
        assert len(starts) >= 4
        assert {start.weekday() for start in starts} == {weekday}, circle.name
        assert {(start.hour, start.minute) for start in starts} == {(starts[0].hour, starts[0].minute)}
        assert {later - earlier for earlier, later in zip(starts, starts[1:])} == {timedelta(weeks=weeks)}, circle.name
        assert circle.next_session_at is not None and circle.next_session_at >= timezone.now()


def test_the_weekly_group_meets_every_tuesday_evening(db, clock):
    from holdspace.site.demo import demo_seed

    demo_seed()
    group = Circle.objects.get(name="Tuesday evening men's group")
    starts = sorted(timezone.localtime(session.starts_at) for session in group.sessions.all())
    assert [start.strftime("%A %H:%M") for start in starts] == ["Tuesday 18:30"] * len(starts)
    assert all(later - earlier == timedelta(days=7) for earlier, later in zip(starts, starts[1:]))
    assert {session.duration_minutes for session in group.sessions.all()} == {120}  # "18:30 to 20:30"


def test_seed_demo_prints_the_logins_with_ten_backup_codes_and_ends_with_the_address(db, settings, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    from holdspace.site.demo import DEMO_PASSWORD, PEOPLE

    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    out = StringIO()
    call_command("seed_demo", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) < 30  # the logins, not the mails
    assert DEMO_PASSWORD in out.getvalue() and "Subject:" not in out.getvalue()
    for _first, local, _slug, _role, label in PEOPLE:
        assert any(f"{local}@" in line and label in line for line in lines), local
    codes = [line.split(":", 1)[1].split() for line in lines if line.strip().startswith("backup codes:")]
    assert len(codes) == 5 and {len(each) for each in codes} == {10}
    assert lines[-2].endswith(f"{settings.SITE_URL}/dev/mail/") and str(tmp_path / "mail") in lines[-2]
    assert f"{settings.SITE_URL}/" in lines[-1]


def test_the_demo_reads_concerns_through_the_concerns_selectors():
    """A write to another app's data goes through its services, a read through its selectors."""
    from pathlib import Path

    import holdspace.site.demo as demo

    source = Path(demo.__file__).read_text(encoding="utf-8")
    assert "Concern.objects" not in source and "concerns.models" not in source
