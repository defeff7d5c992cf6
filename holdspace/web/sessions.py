"""Django's database sessions, read with one written-out query.

Every signed-in page reads its session first. Building that query with the ORM costs about
0.16 ms a request here, eight times what running it costs (see bench/README.md, the inventory);
the query is the ORM's own: the session's data, if it has not expired. Everything else (saving,
creating, cycling, flushing, expiry) is Django's.
"""
import re

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone


_KEY = re.compile(r"[a-z0-9]{8,64}")


class SessionStore(db.SessionStore):
    def load(self) -> dict:
        data = self._data_from_db()
        return self.decode(data) if data is not None else {}

    def _data_from_db(self) -> str | None:
        # No key, one Django's checks refused, or one Django never makes (its keys are lower-case letters and
        # digits): a cookie with a NUL in it would otherwise be sent to PostgreSQL, which refuses it loudly.
        if self.session_key is None or not _KEY.fullmatch(self.session_key):
            self._session_key = None
            return None
        connection = connections[router.db_for_read(self.model)]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT session_data FROM {self.model._meta.db_table} WHERE session_key = %s AND expire_date > %s",
                [self.session_key, connection.ops.adapt_datetimefield_value(timezone.now())],
            )
            found = cursor.fetchone()
        if found is None:  # unknown or expired: as Django does, a new session gets a new key
            self._session_key = None
            return None
        return found[0]
