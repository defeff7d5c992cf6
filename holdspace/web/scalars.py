"""Counts and yes-or-no questions of several apps, asked in one statement.

The home asks half a dozen on every visit (his reports kept, his stories returned, ...). Each app writes its
own question out, as a query of one row and one column on its own tables, with its values; the page asks them all
at once: `SELECT (q1), (q2), ...`, one round trip, and none of the ORM's building, which costs several times what
running such a query costs (see web/rows.py). Still one query, counted and logged as any other.
"""
from dataclasses import dataclass

from django.db import connection


@dataclass(frozen=True)
class Scalar:
    sql: str  # one row, one column: SELECT COUNT(*) ..., or SELECT EXISTS(...)
    params: tuple = ()


def scalars_read(*asked: Scalar) -> list:
    """The answer to each question, in order (an EXISTS is 0 or 1 on SQLite, a bool on PostgreSQL)."""
    if not asked:
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"({question.sql})" for question in asked),
                       [value for question in asked for value in question.params])
        return list(cursor.fetchone())


def table(model) -> str:
    """The model's table, quoted for this database."""
    return connection.ops.quote_name(model._meta.db_table)


def moment(value) -> object:
    """A date and time as a written-out query compares it with a column, as the ORM sends it."""
    return connection.ops.adapt_datetimefield_value(value)
