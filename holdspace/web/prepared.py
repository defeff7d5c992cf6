"""Queries built with the ORM once per process, then run again with each request's values.

Building a query with the ORM (its lookups, joins, subqueries and SQL) costs several times what running it costs:
a page that reads a few dozen rows of plain values in a dozen queries spends most of its database time in Python
(rows.py does the same for one row by primary key). A prepared query is a function that returns a values_list()
queryset. It is called once per database, and per length of each list it is given, with stand-ins for its
values; the SQL and its parameters are kept, with where each stand-in landed among them. Each run puts the
request's values in their places, as the ORM sends them, and converts the rows as the ORM converts them (dates
on SQLite). Still one query, counted and logged as any other.

Its values are whole numbers, strings, datetimes, or lists of whole numbers (`__in`), each compared with a column
or given to a subquery, and `Slice` numbers, a slice's start or length, which the ORM writes into the SQL itself
(LIMIT, OFFSET): they are sent as parameters instead. Any other value the ORM would write into the SQL itself, or
turn into something else than what it compares (`__date`, arithmetic), is refused when the query is first built.

A prepared query of one row and one column (a count, or `.exists()`'s `values_list(Value(1))[:1]`) can also be
asked together with others in one statement (web/scalars.py), through `statement`.
"""
import itertools
import re
from typing import TypeVar
from collections.abc import Callable
from functools import cache
from datetime import datetime, timezone

from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import Func, IntegerField, Model, QuerySet, Value

_MARKS = itertools.count()
_NOTHING = object()
_KEPT = 64
M = TypeVar("M", bound=Model)


class Slice(int):
    """The kind of a value that starts or bounds a slice (`[start:start + length]`): written by the ORM into the
    SQL as a number, which a prepared query sends as a parameter."""


def _stand_in(kind, length: int | None):
    """A value no query holds of itself: whole numbers far below any key, datetimes in 1800."""
    if kind is int:
        return -(2**62) - next(_MARKS)
    if kind is datetime:
        return datetime(1800, 1, 1, tzinfo=timezone.utc).replace(microsecond=next(_MARKS) % 1_000_000)
    if kind is str:
        # With the characters a LIKE lookup escapes (contains, iexact on SQLite): such a lookup changes the value,
        # so it is refused when the query is built, never run with a request's value unescaped.
        return f"\x00stand-in %_\\ {next(_MARKS)}"
    if kind is list:
        return [_stand_in(int, None) for _ in range(length)]
    if kind is Slice:  # a number of its own, far above any count of rows, found in the SQL as written
        return 7 * 10**15 + next(_MARKS)
    raise TypeError(f"a prepared query takes int, str, datetime or list values, not {kind}")


def _in_range(value, kind) -> bool:
    """Whether a whole number (each of a list's) fits every integer column, which the ORM would send as it is."""
    if kind is int:
        return -(2**31) <= value < 2**31
    if kind is list:
        return all(-(2**31) <= each < 2**31 for each in value)
    if kind is Slice:  # a negative one is refused by the ORM, as it should be
        return 0 <= value < 2**62
    return True


def _checked(name: str, kind, value) -> None:
    """Refuses a value the kept SQL would not compare as the ORM does: None (the ORM writes IS NULL, or leaves it
    out of a list), a datetime without a time zone (the ORM would place it in the site's), a list that is none."""
    if value is None or (kind is list and (not isinstance(value, (list, tuple)) or None in value)):
        raise TypeError(f"a prepared query's {name} is given {value!r}")
    if kind is datetime and (value.tzinfo is None or value.utcoffset() is None):
        raise ValueError(f"a prepared query's {name} is a datetime without a time zone")


def _converted(row, converters: list, connection) -> tuple:
    """The row as SQLCompiler.apply_converters makes it, with this thread's connection."""
    row = list(row)
    for position, (each, expression) in converters:
        value = row[position]
        for converter in each:
            value = converter(value, expression, connection)
        row[position] = value
    return tuple(row)


def _adapt(kind, value, connection):
    if kind is datetime:
        return connection.ops.adapt_datetimefield_value(value)
    return value


class Prepared:
    """A values_list() query built by `build(**values)`; `kinds` names each value's type (int, str, datetime, list)."""

    def __init__(self, build: Callable[..., QuerySet], **kinds):
        self._build, self._kinds, self._made = build, kinds, {}
        # Asked on every run: the values whose range decides, and those whose length does.
        self._ranged = [(name, kind) for name, kind in kinds.items() if kind in (int, list, Slice)]
        self._lists = [name for name, kind in kinds.items() if kind is list]

    def rows(self, **values) -> list[tuple]:
        """The rows found, converted as the ORM converts them."""
        made, params = self._bound(values)
        if made is None:
            return list(self._build(**values))
        if made is _NOTHING:  # an empty list leaves nothing to find, as the ORM finds without asking
            return []
        alias, sql, _params, _slots, converters, width = made
        connection = connections[alias]  # this thread's: the converters are given it, as a queryset gives its own
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            found = cursor.fetchall()
        if width is not None:
            found = [row[:width] for row in found]
        if converters:
            found = [_converted(row, converters, connection) for row in found]
        return found

    def first(self, **values) -> tuple | None:
        """The first row, or None: `.first()` for a query sliced `[:1]` (and ordered) by `build`."""
        found = self.rows(**values)
        return found[0] if found else None

    def statement(self, **values) -> tuple[str, list] | None:
        """The SQL and parameters of the query with these values, to be asked within another statement (its rows
        then as the database gives them); None when an empty list leaves nothing to find."""
        made, params = self._bound(values)
        if made is None:
            try:
                return self._build(**values).query.sql_with_params()
            except EmptyResultSet:
                return None
        return None if made is _NOTHING else (made[1], params)

    def _bound(self, values: dict) -> tuple:
        """What was prepared for values of these lengths, and the parameters with these values in their places;
        (None, None) when only the ORM can decide what these values find."""
        for name, kind in self._kinds.items():
            _checked(name, kind, values[name])
        for name, kind in self._ranged:
            if not _in_range(values[name], kind):
                # A number no integer column holds (an address's id can be any length): the ORM decides what that
                # finds, lookup by lookup, without asking the database.
                return None, None
        lengths = tuple(len(values[name]) for name in self._lists)
        made = self._made.get(lengths)
        if made is None:
            if len(self._made) >= _KEPT:  # one for each length of list seen: a few, but never without end
                self._made.clear()
            made = self._made[lengths] = self._prepare(lengths)
        if made is _NOTHING:
            return made, None
        alias, _sql, params, slots, *_rest = made
        connection = connections[alias]
        params = list(params)
        kinds = self._kinds
        for position, name, index in slots:
            value = values[name] if index is None else values[name][index]
            params[position] = _adapt(kinds[name], value, connection)
        return made, params

    def _prepare(self, lengths: tuple):
        length_of = dict(zip(self._lists, lengths))
        stand_ins = {name: _stand_in(kind, length_of.get(name)) for name, kind in self._kinds.items()}
        queryset = self._build(**stand_ins)
        alias = router.db_for_read(queryset.model)
        compiler = queryset.query.get_compiler(using=alias)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            return _NOTHING
        connection = connections[alias]
        sql, params, sliced = _sent(sql, list(params), {stand_ins[name]: name for name, kind in self._kinds.items()
                                                        if kind is Slice})
        wanted = {}
        for name, kind in self._kinds.items():
            if kind is Slice:
                continue
            for index, value in (enumerate(stand_ins[name]) if kind is list else [(None, stand_ins[name])]):
                wanted[_adapt(kind if kind is not list else int, value, connection)] = (name, index)
        slots = [(position, *wanted[param]) for position, param in enumerate(params)
                 if isinstance(param, (int, str, datetime)) and not isinstance(param, bool) and param in wanted]
        slots += sliced
        if len({(name, index) for _position, name, index in slots}) != len(wanted) + len(sliced):
            raise ValueError(f"a value of this prepared query does not reach the database as given: {sql}")
        # The rows as SQLCompiler.results_iter makes them: only the columns asked for, converted.
        fields = [selected[0] for selected in compiler.select[:compiler.col_count]]
        width = compiler.col_count if compiler.has_extra_select else None
        return alias, sql, params, slots, list(compiler.get_converters(fields).items()), width


def count_of(queryset: QuerySet) -> QuerySet:
    """The query of how many rows a queryset finds, in one row and one column: `SELECT COUNT(*) ...`."""
    return queryset.order_by().values_list(Func(template="COUNT(*)", output_field=IntegerField()))


def exists_of(queryset: QuerySet) -> QuerySet:
    """The query `.exists()` asks of a queryset: one row, 1, when there is any; none when not."""
    return queryset.order_by().values_list(Value(1))[:1]


def _sent(sql: str, params: list, sliced: dict) -> tuple[str, list, list]:
    """The SQL with each slice's stand-in number (written in by the ORM) made a parameter, the parameters with a
    place for each, and those places as slots (position, name, None)."""
    found = sorted((match.start(), match.end(), name) for value, name in sliced.items()
                   for match in re.finditer(rf"(?<![\w.]){value}(?![\w.])", sql))
    if sorted(name for _start, _end, name in found) != sorted(sliced.values()):
        raise ValueError(f"a slice of this prepared query is not written once into its SQL: {sql}")
    pieces, slots, done = [], [], 0
    for start, end, name in found:
        position = len(re.findall(r"%s", re.sub("%%", "", sql[:start]))) + len(slots)
        params.insert(position, None)
        slots = [(at + 1 if at >= position else at, *rest) for at, *rest in slots] + [(position, name, None)]
        pieces += [sql[done:start], "%s"]
        done = end
    return "".join(pieces) + sql[done:], params, slots


def columns(model: type[Model], *, through: str = "", only: tuple[str, ...] = ()) -> list[str]:
    """The concrete columns of a model (every one, or `only` these attribute names, in the model's order), for
    values_list(), to make instances of it with `instance`; `through` a relation, as "organisation__"."""
    return [f"{through}{name}" for name in _names(model, tuple(only))]


def instance(model: type[M], *, values, only: tuple[str, ...] = ()) -> M:
    """The model instance a queryset would make of the values of its `columns` (with the same `only`: the others
    deferred, as `.only()` leaves them), as read by a prepared query."""
    return model.from_db(router.db_for_read(model), _names(model, tuple(only)), list(values))


@cache  # asked for each row made an instance
def _names(model: type[Model], only: tuple[str, ...]) -> list[str]:
    names = [field.attname for field in model._meta.concrete_fields if not only or field.attname in only]
    if only and len(names) != len(only):
        raise ValueError(f"not concrete columns of {model.__name__}: {sorted(set(only) - set(names))}")
    return names
