"""Counts and yes-or-no questions of several apps, asked in one statement.

The home asks half a dozen on every visit (his reports kept, his stories returned, ...). Each app keeps its own
question as a prepared query (web/prepared.py) of one row and one column on its own tables: a count, or `.exists()`
as the ORM asks it (`values_list(Value(1))[:1]`). The page asks them all at once, `SELECT (q1), (q2), ...`: one
round trip, and none of the ORM's building. Still one query, counted and logged as any other.
"""
from django.db import connection

from holdspace.web.prepared import Prepared


class Scalar:
    """A prepared question of one row and one column, with its values."""

    def __init__(self, query: Prepared, **values):
        self.query, self.values = query, values


def scalars_read(*asked: Scalar) -> list:
    """The answer to each question, in order: a count, or for an `.exists()` 1 when there is any and None when
    not (0 when an empty list leaves nothing to find)."""
    if not asked:
        return []
    parts, params = [], []
    for question in asked:
        statement = question.query.statement(**question.values)
        if statement is None:
            parts.append("0")
        else:
            parts.append(f"({statement[0]})")
            params += statement[1]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        return list(cursor.fetchone())
