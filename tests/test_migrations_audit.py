"""An audit chain written before the links were keyed still verifies after migrating, and stays pinned.

The database is taken back to audit's 0001; entries are written there as the old code wrote them
(plain SHA-256 links, computed here as that code did); then it is migrated forward.
"""
import hashlib
import json
from datetime import timedelta

import pytest
from django.db import connection

from tests.conftest import TEST_START
from tests.migrations_helpers import latest, migrate_to

BEFORE = [("audit", "0001_initial")]


@pytest.fixture
def old_schema(transactional_db):
    apps = migrate_to(BEFORE)
    yield apps
    migrate_to(latest())


def _old_hash(entry: dict) -> str:
    """The link as the code before the keys computed it."""
    canonical = json.dumps(
        {"seq": entry["seq"], "at": entry["at"].isoformat(timespec="microseconds"), "actor": entry["actor_id"],
         "organisation": entry["organisation_id"], "action": entry["action"], "target_type": entry["target_type"],
         "target_id": entry["target_id"], "details": entry["details"], "prev": entry["prev_hash"]},
        sort_keys=True, separators=(",", ":"), ensure_ascii=True,
    )
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def test_a_chain_made_before_the_keys_verifies_and_cannot_be_rewritten_without_them(old_schema):
    AuditEntry = old_schema.get_model("audit", "AuditEntry")
    AuditHead = old_schema.get_model("audit", "AuditHead")
    prev = "0" * 64
    for seq in range(1, 5):
        entry = {"seq": seq, "at": TEST_START + timedelta(minutes=seq), "actor_id": seq, "organisation_id": 7,
                 "action": "role.granted", "target_type": "accounts.user", "target_id": str(seq),
                 "details": {"role": "member"}, "prev_hash": prev}
        prev = _old_hash(entry)
        AuditEntry.objects.create(**entry, hash=prev)
    AuditHead.objects.create(pk=1, seq=4, hash=prev)

    migrate_to(latest())

    from holdspace.audit.models import LINK_KEYED, LINK_SHA256
    from holdspace.audit.models import AuditEntry as CurrentEntry
    from holdspace.audit.selectors import audit_chain_verify
    from holdspace.audit.services import audit_record

    assert audit_chain_verify().intact
    links = list(CurrentEntry.objects.order_by("seq").values_list("action", "link"))
    assert links == [("role.granted", LINK_SHA256)] * 4 + [("audit.chain_keyed", LINK_KEYED)]
    audit_record(action="role.revoked", actor_id=1, organisation_id=7)
    report = audit_chain_verify()
    assert report.intact and report.entries == 6

    # Someone with the database only edits an old entry and recomputes the plain links after it:
    # the keyed entry the migration wrote covers the last plain link, and he cannot recompute it.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET actor_id = 99 WHERE seq = 2")
        prev = CurrentEntry.objects.get(seq=1).hash
        for old in CurrentEntry.objects.filter(seq__in=[2, 3, 4]).order_by("seq"):
            fields = {name: getattr(old, name) for name in
                      ("seq", "at", "actor_id", "organisation_id", "action", "target_type", "target_id", "details")}
            digest = _old_hash({**fields, "prev_hash": prev})
            cursor.execute("UPDATE audit_auditentry SET prev_hash = %s, hash = %s WHERE seq = %s",
                           [prev, digest, fields["seq"]])
            prev = digest
        cursor.execute("UPDATE audit_auditentry SET prev_hash = %s WHERE seq = 5", [prev])
    report = audit_chain_verify()
    assert not report.intact and report.broken_at == 5 and report.code == "altered"
