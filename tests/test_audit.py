import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from holdspace.audit.models import AuditEntry
from holdspace.audit.selectors import audit_chain_verify
from holdspace.audit.services import audit_record

pytestmark = pytest.mark.django_db


def _chain(length=5):
    return [audit_record(action="test.step", actor_id=number, details={"n": number}) for number in range(length)]


def test_entries_link_to_the_one_before():
    entries = _chain()
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5]
    for before, after in zip(entries, entries[1:]):
        assert after.prev_hash == before.hash
    assert audit_chain_verify().intact


def test_entries_cannot_be_changed_or_deleted_through_the_orm():
    entry = _chain(1)[0]
    entry.action = "rewritten"
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        AuditEntry.objects.all().delete()
    with pytest.raises(TypeError):
        AuditEntry.objects.update(action="x")


def _raw(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_verify_finds_an_edited_entry():
    _chain()
    _raw("UPDATE audit_auditentry SET action = %s WHERE seq = %s", ["forged", 3])
    report = audit_chain_verify()
    assert report.broken_at == 3 and "no longer matches" in report.reason
    with pytest.raises(CommandError, match="broken at entry 3"):
        call_command("audit_verify")


def test_verify_finds_a_removed_entry_in_the_middle_and_at_the_end():
    _chain()
    _raw("DELETE FROM audit_auditentry WHERE seq = %s", [2])
    assert audit_chain_verify().broken_at == 2
    _raw("DELETE FROM audit_auditentry WHERE seq >= %s", [2])
    report = audit_chain_verify()
    assert report.broken_at == 2 and "removed" in report.reason


def test_verify_finds_a_rehashed_entry_that_no_longer_matches_the_next():
    entries = _chain()
    _raw("UPDATE audit_auditentry SET hash = %s WHERE seq = %s", ["f" * 64, 4])
    assert audit_chain_verify().broken_at == 4
    assert entries


def test_command_reports_an_intact_chain(capsys):
    _chain(3)
    call_command("audit_verify")
    assert "intact: 3 entries" in capsys.readouterr().out


def test_verify_finds_the_tail_removed_together_with_the_head():
    _chain()
    _raw("DELETE FROM audit_auditentry WHERE seq >= %s", [4])
    _raw("DELETE FROM audit_audithead", [])
    assert not audit_chain_verify().intact
