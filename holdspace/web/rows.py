"""One row by its primary key, read with one written-out query, for the reads every request makes.

Building `Model.objects.get(pk=...)` with the ORM costs several times what running it costs (about 0.2 ms a
request here; see holdspace/web/sessions.py for the session's). The query is the ORM's own: every concrete
column of the model, by primary key, each value converted as the ORM converts it (dates on SQLite), then the
instance made by `Model.from_db`, as a queryset makes it.
"""
from functools import cache
from typing import TypeVar

from django.db import DEFAULT_DB_ALIAS, connections, router
from django.db.models import Model

M = TypeVar("M", bound=Model)


@cache
def _query(model: type[Model], alias: str) -> tuple[str, list[str], list]:
    """The query, the attribute each column fills, and the converters of the columns that have any."""
    connection = connections[alias]
    fields, quote = model._meta.concrete_fields, connection.ops.quote_name
    sql = (f"SELECT {', '.join(quote(field.column) for field in fields)} FROM {quote(model._meta.db_table)} "
           f"WHERE {quote(model._meta.pk.column)} = %s")
    converters = []
    for position, field in enumerate(fields):
        column = field.get_col(model._meta.db_table)
        each = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if each:
            converters.append((position, column, each))
    return sql, [field.attname for field in fields], converters


def row_by_pk(model: type[M], *, pk) -> M | None:
    """The instance with this primary key, or None (also for a key of the wrong type)."""
    try:
        pk = model._meta.pk.to_python(pk)
    except Exception:  # ValidationError and the like: a key that names no row
        return None
    alias = router.db_for_read(model)
    sql, names, converters = _query(model, alias)
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(sql, [model._meta.pk.get_db_prep_value(pk, connection)])
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row)
    for position, column, each in converters:
        for converter in each:
            values[position] = converter(values[position], column, connection)
    return model.from_db(alias, names, values)


@cache
def _converters(field, alias: str) -> tuple:
    connection = connections[alias]
    column = field.get_col(field.model._meta.db_table)
    return column, tuple(connection.ops.get_db_converters(column) + column.get_db_converters(connection))


def rows_read(sql: str, *, params: list, fields: list) -> list[list]:
    """The rows of a written-out query on the default database, each column's value converted as the ORM
    converts its model field (`fields`, one a column, None for a count; dates on SQLite), ready for
    `Model.from_db`. For the few reads every visit to a page makes, where building the query with the ORM costs
    more than running it."""
    connection = connections["default"]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    converting = [(position, *_converters(field, connection.alias)) for position, field in enumerate(fields)
                  if field is not None]
    converting = [(position, column, each) for position, column, each in converting if each]
    read = []
    for row in rows:
        values = list(row)
        for position, column, each in converting:
            for converter in each:
                values[position] = converter(values[position], column, connection)
        read.append(values)
    return read


def placeholders(values) -> str:
    """`%s, %s, ...`, one for each value, for a written-out IN (...)."""
    return ", ".join(["%s"] * len(values))


def instance_from(model: type[M], **values) -> M:
    """The instance a queryset limited to these fields (`only`), named by attribute, would make from a row: the
    others deferred."""
    names = [field.attname for field in model._meta.concrete_fields if field.attname in values]
    return model.from_db(DEFAULT_DB_ALIAS, names, [values[name] for name in names])
