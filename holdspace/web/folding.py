"""Matching names without regard to case or accents, alike on SQLite and PostgreSQL.

The query is folded in Python (`fold`). The column is folded in SQL: on PostgreSQL by LOWER and TRANSLATE
(accented letters to plain ones, combining marks dropped), no extension needed; on SQLite, whose LOWER knows
ASCII only and which has no TRANSLATE, by `fold` itself, registered as an SQL function on each connection.
So "bogota" finds "Bogotá", and "MALAGA" finds "Málaga", on both.
"""
import unicodedata

from django.db.backends.signals import connection_created
from django.db.models import CharField, F, Func, Value
from django.db.models.functions import Lower

SQLITE_FUNCTION = "holdspace_fold"
# Lower-case accented letters and their plain letter (PostgreSQL's LOWER has already folded capitals), then the
# combining marks of decomposed text, which TRANSLATE drops since they have no counterpart.
_ACCENTED = "áàâäãåçéèêëíìîïñóòôöõúùûüýÿ"
_PLAIN = "aaaaaaceeeeiiiinooooouuuuyy"
_MARKS = "\u0300\u0301\u0302\u0303\u0308\u030a\u0327"


def fold(text: str) -> str:
    """Lower case without accents."""
    decomposed = unicodedata.normalize("NFKD", (text or "").lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


class Folded(Func):
    """A text column lower case without accents, to filter on."""

    output_field = CharField()

    def __init__(self, field: str):
        super().__init__(F(field))

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function=SQLITE_FUNCTION, **extra)

    def as_sql(self, compiler, connection, **extra):
        translated = Func(Lower(self.source_expressions[0]), Value(_ACCENTED + _MARKS), Value(_PLAIN),
                          function="TRANSLATE", output_field=CharField())
        return compiler.compile(translated)


def folded(field: str) -> Folded:
    return Folded(field)


def _register_on_sqlite(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNCTION, 1, fold, deterministic=True)


connection_created.connect(_register_on_sqlite, dispatch_uid="holdspace-fold")
