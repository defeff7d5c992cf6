"""Template filters for dates and times: ``{% load dates %}``. They call holdspace/web/dates.py, the one
place that formats dates for people (see its docstring for the formats and for day-granular deadlines)."""
from django import template

from holdspace.web import dates

register = template.Library()

register.filter("day", dates.day)
register.filter("time_of_day", dates.time_of_day)
register.filter("moment", dates.moment)
register.filter("by_end_of", dates.deadline_day)
register.filter("until_end_of", dates.until_end_of_day)
register.filter("last_day", dates.last_day)
register.filter("axis_day", dates.axis_day)
register.filter("iso", dates.iso)
