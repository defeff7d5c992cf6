"""One row read by its primary key, for the reads every request makes (the session's person); other queries
kept from the ORM's building are prepared (web/prepared.py).

Building `Model.objects.get(pk=...)` with the ORM costs several times what running it costs (about 0.2 ms a
request here; see holdspace/web/sessions.py for the session's). The query is the ORM's own: every concrete
column of the model, by primary key, each value converted as the ORM converts it (dates on SQLite), then the
instance made by `Model.from_db`, as a queryset makes it.
"""
from functools import cache
from typing import TypeVar

from django.db import connections, router
from django.db.models import Field, Model

M = TypeVar("M", bound=Model)


@cache
def _select(model: type[Model], alias: str) -> tuple[str, list[str], list]:
    """The select of every concrete column, the attribute each column fills, and the converters of the columns
    that have any."""
    connection = connections[alias]
    fields, quote = model._meta.concrete_fields, connection.ops.quote_name
    sql = f"SELECT {', '.join(quote(field.column) for field in fields)} FROM {quote(model._meta.db_table)}"
    return sql, [field.attname for field in fields], _converters(tuple(fields), alias)


@cache
def _converters(fields: tuple[Field, ...], alias: str) -> list:
    """For each of these columns that has any, its position, the column and its converters, as a queryset finds
    them."""
    connection = connections[alias]
    converters = []
    for position, field in enumerate(fields):
        column = field.get_col(field.model._meta.db_table)
        each = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if each:
            converters.append((position, column, each))
    return converters


def _converted(row, converters: list, connection) -> list:
    values = list(row)
    for position, column, each in converters:
        for converter in each:
            values[position] = converter(values[position], column, connection)
    return values


def _instance(model: type[M], alias: str, row) -> M | None:
    if row is None:
        return None
    _sql, names, converters = _select(model, alias)
    return model.from_db(alias, names, _converted(row, converters, connections[alias]))


def row_by_pk(model: type[M], *, pk) -> M | None:
    """The instance with this primary key, or None (also for a key of the wrong type)."""
    try:
        pk = model._meta.pk.to_python(pk)
    except Exception:  # ValidationError and the like: a key that names no row
        return None
    alias = router.db_for_read(model)
    sql, _names, _converters = _select(model, alias)
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} WHERE {connection.ops.quote_name(model._meta.pk.column)} = %s",
                       [model._meta.pk.get_db_prep_value(pk, connection)])
        return _instance(model, alias, cursor.fetchone())
