"""A GET never writes: every page in the role matrix, opened by everyone who may open it, changes
no row, except the few writes a read is made of on purpose."""
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.access_matrix import EVERYONE, MATRIX, client_for_row

# Writes a read is made of: the session itself, throttle counters (a page that checks a secret counts
# the try), the audit log and its head, where reading a case or a file is recorded, and a case's counts
# of messages not read yet: the reporter's that no handler has read, which opening the case sets back to nought,
# and the handlers' that the reporter has not read, which opening her report does.
ALLOWED = {"django_session", "accounts_throttlebucket", "audit_auditentry", "audit_audithead"}
ALLOWED_UPDATES = [re.compile(r'^UPDATE "reports_case" SET "unread_for_(handlers|reporter)" = (%s|\?|0) WHERE')]
WRITE = re.compile(r'^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([a-z0-9_]+)"?', re.IGNORECASE)


def _written(queries) -> set[str]:
    tables = set()
    for query in queries:
        found = WRITE.match(query["sql"])
        if found and not any(allowed.match(query["sql"].strip()) for allowed in ALLOWED_UPDATES):
            tables.add(found.group(2).lower())
    return tables - ALLOWED


@pytest.mark.parametrize("name", sorted(name for name, row in MATRIX.items() if row.method == "get"))
def test_a_get_writes_nothing(name, world, extra):
    row = MATRIX[name]
    url = reverse(name, kwargs=row.kwargs(world, extra))
    writes = {}
    for person in EVERYONE:
        if row.expected.get(person) != 200:
            continue
        client = client_for_row(row, world, person)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        tables = _written(captured.captured_queries)
        if tables:
            writes[person] = sorted(tables)
    assert writes == {}
