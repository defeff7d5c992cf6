# One date format and one time format for English (issue 17): "3 December 2026", "18:30" on a 24-hour clock,
# "3 December 2026, 18:30" together. The short formats are the same on purpose, so no "12/06/2026" appears.
# Shown to people only through holdspace/web/dates.py and its template filters ({% load dates %}).
DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
FIRST_DAY_OF_WEEK = 1  # Monday
# Date fields are <input type="date"> and send ISO; a typed day-month-year is read too, never month-first.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y"]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S",
                          "%d/%m/%Y %H:%M", "%Y-%m-%d"]
