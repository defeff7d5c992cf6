"""The one way Holdspace shows dates and times to people: pages, mails, exports, the PDF record, CSV.

Every function speaks the active language and shows an aware datetime in the local time zone (TIME_ZONE).
The formats live in holdspace/formats/<language>/formats.py: English "3 December 2026", "18:30" and
"3 December 2026, 18:30"; Spanish "3 de diciembre de 2026", "18:30" and "3 de diciembre de 2026, 18:30".
A 24-hour clock in both languages, and no short numeric form ("12/06/2026" reads two ways).

Templates use the same functions as filters: ``{% load dates %}`` then ``|day``, ``|time_of_day``,
``|moment``, ``|by_end_of``, ``|until_end_of`` (and ``|iso`` for a ``<time datetime>`` attribute, which
machines read). Machine-readable exports (the JSON data export, audit details) keep ISO 8601.

Deadlines that are whole days. Several things close at the end of a day: an assessment round, a draft's
lock, a stage or follow-up due on a date. Some models keep that day as a ``DateField``; others store the
end of the day as the first moment of the next one (midnight, local time: an assessment round closing on
the 20th has ``closes_at`` = 21st 00:00). Shown as a date, that midnight would read as the 21st. So
``last_day`` (and ``deadline_day``, ``until_end_of_day`` and the filters built on them) treats a datetime
at exactly local midnight as the end of the previous day and gives back the 20th: people read
"by the end of 20 December 2026" wherever that deadline appears. A deadline at any other time of day is
shown as its own day.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import formats, timezone
from django.utils.translation import get_language, gettext

When = datetime | date | str | None


def _parse(value: When) -> datetime | date | None:
    """A datetime or date as given; an ISO 8601 string (kept in encrypted content) read back; else None."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            return date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value)
        except ValueError:
            return None
    return value


def _local(value: datetime) -> datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def _given(value: When) -> datetime | date | None:
    """The value read back (see `_parse`), a datetime moved to the local time zone."""
    parsed = _parse(value)
    return _local(parsed) if isinstance(parsed, datetime) else parsed


def day(value: When) -> str:
    """The day alone: "3 December 2026" / "3 de diciembre de 2026"; a datetime gives its local day."""
    return _day_in(get_language(), value)


def days(values: list[When]) -> list[str]:
    """Each of these as `day` writes it, the active language looked up once for them all: a list of dates."""
    language = get_language()
    return [_day_in(language, value) for value in values]


def _day_in(language: str, value: When) -> str:
    given = _given(value)
    if given is None:
        return ""
    if isinstance(given, datetime):
        # Its local day: the day's format writes nothing of the time, and a list writes a few days over and over
        # (the handler's list: 100 moments on a page, 22 µs each written afresh, 2 µs once kept).
        given = given.date()
    if type(given) is date:
        return _day_of_date(language, given)
    return formats.date_format(given, "DATE_FORMAT")


@lru_cache(maxsize=4096)
def _day_of_date(language: str, given: date) -> str:
    """A date written in a language, worked out once per process: a list of action points or rounds writes a
    few dates over and over, and formatting one takes many steps."""
    return formats.date_format(given, "DATE_FORMAT")


@receiver(setting_changed)
def _formats_changed(**_kwargs) -> None:
    # As Django forgets the formats it read when a test changes a setting.
    _day_of_date.cache_clear()


def time_of_day(value: datetime | time | str | None) -> str:
    """The time alone, on a 24-hour clock: "18:30" in both languages."""
    given = value if isinstance(value, time) else _given(value)
    if given is None or (isinstance(given, date) and not isinstance(given, datetime)):
        return ""
    return formats.time_format(given, "TIME_FORMAT")


def moment(value: When) -> str:
    """A day with its time: "3 December 2026, 18:30" / "3 de diciembre de 2026, 18:30". A date gives the day."""
    given = _given(value)
    if not isinstance(given, datetime):
        return day(given)
    return formats.date_format(given, "DATETIME_FORMAT")


def last_day(value: When) -> date | None:
    """The last day of a day-granular deadline: a datetime at local midnight stands for the end of the day before."""
    given = _given(value)
    if not isinstance(given, datetime):
        return given
    return given.date() - timedelta(days=1) if given.time() == time.min else given.date()


def end_of_day(value: date) -> datetime:
    """The moment a day chosen as a deadline has run to its end: the first moment of the next day, local time,
    as an aware datetime (the form `last_day` reads back as that day)."""
    return timezone.make_aware(datetime.combine(value + timedelta(days=1), time.min))


def deadline_day(value: When) -> str:
    """A day-granular deadline: "by the end of 20 December 2026" / "a más tardar el 20 de diciembre de 2026"."""
    last = last_day(value)
    return gettext("by the end of %(day)s") % {"day": day(last)} if last else ""


def until_end_of_day(value: When) -> str:
    """Something open until a day-granular deadline: "until the end of 20 December 2026"."""
    last = last_day(value)
    return gettext("until the end of %(day)s") % {"day": day(last)} if last else ""


def axis_day(value: When) -> str:
    """A short day for a chart's axis, where a whole date does not fit: "3 Dec" / "3 dic"."""
    given = _given(value)
    return formats.date_format(given, "j M") if given is not None else ""


def iso(value: When) -> str:
    """ISO 8601, for machines only (a <time datetime="..."> attribute, a file name): never shown as text."""
    given = _given(value)
    return given.isoformat() if given is not None else ""


def file_day(value: When) -> str:
    """The local day as YYYY-MM-DD for a download's file name, which sorts and works in every language."""
    given = _given(value)
    return given.strftime("%Y-%m-%d") if given is not None else ""
