"""One date and one time format per language, through holdspace/web/dates.py (issue 17)."""
import re
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import formats, timezone, translation

from holdspace.assessments import services as assessments
from holdspace.conduct import services as conduct
from holdspace.web import dates

ROOT = Path(__file__).resolve().parent.parent
EVENING = datetime(2026, 12, 3, 18, 30, tzinfo=UTC)
# An assessment round closing on the 20th is stored as the first moment of the 21st.
ROUND_END = datetime(2026, 12, 21, 0, 0, tzinfo=UTC)
YEAR_END = datetime(2027, 1, 1, 0, 0, tzinfo=UTC)  # the end of 31 December 2026, stored as next midnight


@pytest.mark.parametrize(("language", "expected"), [
    ("en", {"day": "3 December 2026", "time": "18:30", "moment": "3 December 2026, 18:30",
            "deadline": "by the end of 31 December 2026", "until": "until the end of 20 December 2026",
            "axis": "3 Dec"}),
    ("es", {"day": "3 de diciembre de 2026", "time": "18:30", "moment": "3 de diciembre de 2026, 18:30",
            "deadline": "a más tardar el 31 de diciembre de 2026",
            "until": "hasta el final del 20 de diciembre de 2026", "axis": "3 Dic"}),
])
def test_the_helper_writes_one_date_and_one_24_hour_time_in_each_language(language, expected):
    with translation.override(language):
        assert dates.day(EVENING) == expected["day"]
        assert dates.day(date(2026, 12, 3)) == expected["day"]
        assert dates.day("2026-12-03") == expected["day"]  # an ISO day kept inside encrypted content
        assert dates.time_of_day(EVENING) == "18:30" == expected["time"]
        assert dates.time_of_day(time(18, 30)) == "18:30"
        assert dates.moment(EVENING) == expected["moment"]
        assert dates.deadline_day(YEAR_END) == expected["deadline"]  # a month and a year boundary
        assert dates.until_end_of_day(ROUND_END) == expected["until"]
        assert dates.axis_day(EVENING).lower() == expected["axis"].lower()
        # Many at once, as each alone; a date written once is kept per language, and the other one still speaks its
        # own.
        values = [EVENING, date(2026, 12, 3), "2026-12-03", None, "", "garbled", ROUND_END]
        assert dates.days(values) == [dates.day(value) for value in values]
        assert dates.days(values)[:3] == [expected["day"]] * 3
    with translation.override("es" if language == "en" else "en"):
        assert dates.day(date(2026, 12, 3)) != expected["day"]
        # The short formats are the long ones: no "12/03/2026" anywhere.
        assert formats.get_format("SHORT_DATE_FORMAT") == formats.get_format("DATE_FORMAT")
        assert formats.get_format("SHORT_DATETIME_FORMAT") == formats.get_format("DATETIME_FORMAT")
        assert dates.day(None) == dates.moment("") == dates.deadline_day(None) == ""
    with translation.override(language):
        assert "p.m." not in dates.moment(EVENING) and "6:30" not in dates.moment(EVENING)


def test_the_local_time_zone_decides_the_day_and_the_hour(settings):
    settings.TIME_ZONE = "America/Mexico_City"  # UTC-6 in December
    with translation.override("en"), timezone.override("America/Mexico_City"):
        late = datetime(2026, 12, 4, 3, 15, tzinfo=UTC)
        assert dates.moment(late) == "3 December 2026, 21:15"
        assert dates.day(late) == "3 December 2026"
        local_midnight = datetime(2026, 12, 21, 6, 0, tzinfo=UTC)  # 00:00 on the 21st there
        assert dates.last_day(local_midnight) == date(2026, 12, 20)
        assert dates.last_day(ROUND_END) == date(2026, 12, 20)  # 18:00 on the 20th there: its own day


def test_a_deadline_at_midnight_is_the_day_before_and_any_other_moment_its_own_day():
    assert dates.last_day(ROUND_END) == date(2026, 12, 20)
    assert dates.last_day(datetime(2026, 12, 20, 23, 59, 59, 999999, tzinfo=UTC)) == date(2026, 12, 20)
    assert dates.last_day(datetime(2026, 12, 21, 0, 0, 1, tzinfo=UTC)) == date(2026, 12, 21)
    assert dates.last_day(date(2026, 12, 20)) == date(2026, 12, 20)


def test_a_day_chosen_as_a_deadline_ends_at_the_next_local_midnight(settings):
    settings.TIME_ZONE = "America/Mexico_City"
    with timezone.override("America/Mexico_City"):
        end = dates.end_of_day(date(2026, 12, 20))
        assert end == datetime(2026, 12, 21, 6, 0, tzinfo=UTC)  # 00:00 on the 21st there
        assert dates.last_day(end) == date(2026, 12, 20)


def test_the_template_filters_match_the_helper():
    template = Template("{% load dates %}{{ v|day }}|{{ v|time_of_day }}|{{ v|moment }}|{{ end|by_end_of }}|"
                        "{{ end|until_end_of }}|{{ end|last_day|day }}|{{ v|iso }}")
    with translation.override("es"):
        shown = template.render(Context({"v": EVENING, "end": ROUND_END}))
    assert shown == ("3 de diciembre de 2026|18:30|3 de diciembre de 2026, 18:30|"
                     "a más tardar el 20 de diciembre de 2026|hasta el final del 20 de diciembre de 2026|"
                     "20 de diciembre de 2026|2026-12-03T18:30:00+00:00")


def test_a_round_and_a_draft_closing_on_the_20th_both_say_the_end_of_the_20th(world, client_for, clock):
    """The case from issue 17: a round closing on the 20th read "21 Dec, midnight", a draft "until 20 Dec"."""
    clock.move_to(datetime(2026, 12, 10, 9, 0, tzinfo=UTC))
    assessments.round_open(organisation=world.riverside, actor=world.ada, title="Winter look",
                           closes_on=date(2026, 12, 20))
    draft = conduct.draft_start(organisation=world.riverside, actor=world.ada, language="en", from_starter=True)
    conduct.comments_open_until(draft=draft, actor=world.ada, day=date(2026, 12, 20))
    admin = client_for("ada")
    rounds = admin.get(reverse("assessments:rounds", args=[world.riverside.slug])).content.decode()
    drafting = admin.get(reverse("conduct:draft", args=[world.riverside.slug])).content.decode()
    assert "Answers are taken until the end of 20 December 2026." in rounds
    assert "open until the end of 20 December 2026" in rounds
    assert "Open for members' comments until the end of 20 December 2026." in drafting
    for page in (rounds, drafting):
        assert "21 December" not in page and "midnight" not in page and "Dec." not in page
    es = client_for("ada")
    es.cookies["django_language"] = "es"
    rounds_es = es.get(reverse("assessments:rounds", args=[world.riverside.slug]),
                       HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "hasta el final del 20 de diciembre de 2026" in rounds_es and "21 de diciembre" not in rounds_es


# What may format a date for people: only the helper. Anything else is how the old mix came back.
FORBIDDEN_IN_TEMPLATES = re.compile(r"\|\s*(?:date|time|naturalday|naturaltime)\b(?!_)")
FORBIDDEN_IN_PYTHON = re.compile(r"\b(?:date_format|time_format|naturalday|naturaltime)\(|\.strftime\(|"
                                 r"\blocalize\(|\{[^{}]*:%[YmdHMbBdj]")  # an f-string's {when:%Y-%m-%d}


def test_no_template_formats_a_date_but_through_the_dates_filters():
    offending = []
    for path in sorted((ROOT / "holdspace").glob("**/templates/**/*")):
        if path.suffix not in {".html", ".txt"}:
            continue
        text = path.read_text(encoding="utf-8")
        offending += [f"{path.relative_to(ROOT)}:{n}" for n, line in enumerate(text.splitlines(), 1)
                      if FORBIDDEN_IN_TEMPLATES.search(line)]
        uses = re.search(r"\|(?:day|moment|time_of_day|by_end_of|until_end_of|last_day|axis_day|iso)\b", text)
        loads = any("dates" in tag.split() for tag in re.findall(r"\{%\s*load\s+([^%]*)%\}", text))
        if uses and not loads:
            offending.append(f"{path.relative_to(ROOT)}: uses a dates filter without {{% load dates %}}")
    assert offending == []


def test_no_python_formats_a_date_for_people_but_the_helper():
    helper = ROOT / "holdspace" / "web" / "dates.py"
    offending = []
    for path in sorted((ROOT / "holdspace").glob("**/*.py")):
        if path == helper or "migrations" in path.parts or "formats" in path.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if FORBIDDEN_IN_PYTHON.search(line) or "formats.date_format" in line:
                offending.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offending == []


def test_the_guards_catch_what_they_are_meant_to():
    assert FORBIDDEN_IN_TEMPLATES.search('{{ x|date:"DATE_FORMAT" }}')
    assert FORBIDDEN_IN_TEMPLATES.search('{{ x|time:"H:i" }}')
    assert not FORBIDDEN_IN_TEMPLATES.search("{{ x|day }} {{ x|time_of_day }}")
    assert FORBIDDEN_IN_PYTHON.search('formats.date_format(value, "DATE_FORMAT")')
    assert FORBIDDEN_IN_PYTHON.search('now.strftime("%Y")')
    assert FORBIDDEN_IN_PYTHON.search('f"holdspace-{made_at:%Y-%m-%d}.txt"')
    assert not FORBIDDEN_IN_PYTHON.search("dates.day(value)")
