"""How a commitment is going, week by week, drawn on the server (no JavaScript) with a table of its figures."""

from holdspace.inventory.selectors import Week
from holdspace.web.charts import StackedChart, stacked_columns
from holdspace.web.dates import axis_day


def weeks_chart(weeks: list[Week]) -> StackedChart:
    """One column a week: check-ins kept at the bottom, then partly kept, then not this time."""
    return stacked_columns([(axis_day(week.starts), [week.kept, week.partly, week.not_yet])
                            for week in weeks])
