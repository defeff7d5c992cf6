"""Queries built with the ORM once per process, then run again with each request's values.

Building a query with the ORM (its lookups, joins, subqueries and SQL) costs several times what running it costs:
a page that reads a few dozen rows of plain values in a dozen queries spends most of its database time in Python
(rows.py does the same for one row by primary key). A prepared query is a function that returns a values_list()
queryset. It is called once per database, and per length of each list it is given, with stand-ins for its
values; the SQL and its parameters are kept, with where each stand-in landed among them. Each run puts the
request's values in their places, as the ORM sends them, and converts the rows as the ORM converts them (dates
on SQLite). Still one query, counted and logged as any other.

Its values are whole numbers, strings, datetimes, or lists of whole numbers (`__in`), each compared with a column
or given to a subquery; a value the ORM would write into the SQL itself, or turn into something else than what it
compares (`__date`, arithmetic), is refused when the query is first built.
"""
import itertools
from typing import TypeVar
from collections.abc import Callable
from datetime import datetime, timezone

from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import Model, QuerySet

_MARKS = itertools.count()
_NOTHING = object()
_KEPT = 64
M = TypeVar("M", bound=Model)


def _stand_in(kind, length: int | None):
    """A value no query holds of itself: whole numbers far below any key, datetimes in 1800."""
    if kind is int:
        return -(2**62) - next(_MARKS)
    if kind is datetime:
        return datetime(1800, 1, 1, tzinfo=timezone.utc).replace(microsecond=next(_MARKS) % 1_000_000)
    if kind is str:
        return f"\x00stand-in {next(_MARKS)}"
    if kind is list:
        return [_stand_in(int, None) for _ in range(length)]
    raise TypeError(f"a prepared query takes int, str, datetime or list values, not {kind}")


def _in_range(value, kind) -> bool:
    """Whether a whole number (each of a list's) fits every integer column, which the ORM would send as it is."""
    if kind is int:
        return -(2**31) <= value < 2**31
    if kind is list:
        return all(-(2**31) <= each < 2**31 for each in value)
    return True


def _adapt(kind, value, connection):
    if kind is datetime:
        return connection.ops.adapt_datetimefield_value(value)
    return value


class Prepared:
    """A values_list() query built by `build(**values)`; `kinds` names each value's type (int, str, datetime, list)."""

    def __init__(self, build: Callable[..., QuerySet], **kinds):
        self._build, self._kinds, self._made = build, kinds, {}

    def rows(self, **values) -> list[tuple]:
        if not all(_in_range(values[name], kind) for name, kind in self._kinds.items()):
            # A number no integer column holds (an address's id can be any length): the ORM decides what that
            # finds, lookup by lookup, without asking the database.
            return list(self._build(**values))
        lengths = tuple(len(values[name]) if kind is list else None for name, kind in self._kinds.items())
        made = self._made.get(lengths)
        if made is None:
            if len(self._made) >= _KEPT:  # one for each length of list seen: a few, but never without end
                self._made.clear()
            made = self._made[lengths] = self._prepare(lengths)
        if made is _NOTHING:  # an empty list leaves nothing to find, as the ORM finds without asking
            return []
        alias, sql, params, slots, compiler, converters, width = made
        connection = connections[alias]
        params = list(params)
        for position, name, index in slots:
            value = values[name] if index is None else values[name][index]
            params[position] = _adapt(self._kinds[name], value, connection)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            found = cursor.fetchall()
        if width is not None:
            found = [row[:width] for row in found]
        if converters:
            found = [tuple(row) for row in compiler.apply_converters(found, converters)]
        return found

    def _prepare(self, lengths: tuple):
        stand_ins = {name: _stand_in(kind, length) for (name, kind), length in zip(self._kinds.items(), lengths)}
        queryset = self._build(**stand_ins)
        alias = router.db_for_read(queryset.model)
        compiler = queryset.query.get_compiler(using=alias)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            return _NOTHING
        connection = connections[alias]
        wanted = {}
        for name, kind in self._kinds.items():
            for index, value in (enumerate(stand_ins[name]) if kind is list else [(None, stand_ins[name])]):
                wanted[_adapt(kind if kind is not list else int, value, connection)] = (name, index)
        slots = [(position, *wanted[param]) for position, param in enumerate(params)
                 if isinstance(param, (int, str, datetime)) and not isinstance(param, bool) and param in wanted]
        if len({(name, index) for _position, name, index in slots}) != len(wanted):
            raise ValueError(f"a value of this prepared query does not reach the database as given: {sql}")
        # The rows as SQLCompiler.results_iter makes them: only the columns asked for, converted.
        fields = [selected[0] for selected in compiler.select[:compiler.col_count]]
        width = compiler.col_count if compiler.has_extra_select else None
        return alias, sql, params, slots, compiler, compiler.get_converters(fields), width


def columns(model: type[Model], *, through: str = "") -> list[str]:
    """Every concrete column of a model, for values_list(), to make instances of it with `instance`; `through` a
    relation, as "organisation__"."""
    return [f"{through}{field.attname}" for field in model._meta.concrete_fields]


def instance(model: type[M], *, values) -> M:
    """The model instance a queryset would make of the values of its `columns`, as read by a prepared query."""
    return model.from_db(router.db_for_read(model), [field.attname for field in model._meta.concrete_fields],
                         list(values))
