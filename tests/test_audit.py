import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from holdspace.audit.checkpoints import checkpoint_issue, checkpoint_read, checkpoint_text
from holdspace.audit.models import GENESIS_HASH, LINK_SHA256, AuditEntry
from holdspace.audit.selectors import audit_chain_verify
from holdspace.audit.services import HASHED_FIELDS, audit_record, entry_hash, entry_mac
from tests.conftest import TEST_START

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


# The review's attack: with raw SQL, edit one entry, delete two, and recompute the chain so that every
# link matches again; `rehash` is how the attacker computes a link.
def _rewrite(rehash, *, link=None):
    _raw("UPDATE audit_auditentry SET action = %s WHERE seq = %s", ["forged", 2])
    _raw("DELETE FROM audit_auditentry WHERE seq IN (%s, %s)", [4, 5])
    _relink(rehash, link=link)


def _relink(rehash, *, link=None):
    """Number the entries again from 1 and recompute every link with `rehash`, the head too."""
    prev = GENESIS_HASH
    for seq, entry in enumerate(AuditEntry.objects.order_by("seq"), start=1):
        fields = {name: getattr(entry, name) for name in HASHED_FIELDS} | {"seq": seq, "prev_hash": prev}
        prev = rehash(**fields)
        _raw("UPDATE audit_auditentry SET seq = %s, prev_hash = %s, hash = %s WHERE id = %s",
             [seq, fields["prev_hash"], prev, entry.pk])
        if link is not None:
            _raw("UPDATE audit_auditentry SET link = %s WHERE id = %s", [link, entry.pk])
    _raw("UPDATE audit_audithead SET seq = %s, hash = %s", [seq, prev])


def test_a_chain_recomputed_with_plain_sha256_is_found_broken():
    _chain(6)
    _rewrite(entry_hash)  # the attacker has the database, not the server's key secret
    report = audit_chain_verify()
    assert not report.intact and report.broken_at == 1 and report.code == "altered"
    with pytest.raises(CommandError, match="broken at entry 1"):
        call_command("audit_verify")


def test_a_chain_passed_off_as_one_from_before_the_keys_is_found_broken():
    _chain(6)
    _rewrite(entry_hash, link=LINK_SHA256)  # every link marked as an old, unkeyed one
    report = audit_chain_verify()
    assert not report.intact and report.code == "not_keyed"


def test_old_links_are_accepted_only_before_the_keyed_ones():
    _chain(3)
    entry = AuditEntry.objects.get(seq=3)  # the newest, rewritten as an old kind of link
    fields = {name: getattr(entry, name) for name in HASHED_FIELDS}
    _raw("UPDATE audit_auditentry SET link = %s, hash = %s WHERE seq = 3", [LINK_SHA256, entry_hash(**fields)])
    _raw("UPDATE audit_audithead SET hash = %s", [entry_hash(**fields)])
    report = audit_chain_verify()
    assert report.broken_at == 3 and report.code == "unkeyed"


def test_the_links_depend_on_the_server_key_secret(settings):
    _chain(2)
    assert audit_chain_verify().intact
    settings.HOLDSPACE_KEY_SECRET = "another server's key secret " * 3
    assert audit_chain_verify().code == "altered"


def _checkpoint() -> str:
    return checkpoint_text(checkpoint_issue(now=TEST_START))


def test_a_checkpoint_catches_a_rewrite_by_someone_with_the_key_secret(tmp_path):
    _chain(5)
    kept = checkpoint_read(_checkpoint())
    assert kept.seq == 5
    _chain(2)  # life goes on after the checkpoint
    assert audit_chain_verify(checkpoints=[kept]).intact
    # The attacker has the database and the key secret: his rewritten chain is keyed and links up.
    _rewrite(entry_mac)
    assert audit_chain_verify().intact
    report = audit_chain_verify(checkpoints=[kept])
    assert not report.intact and report.code == "checkpoint_differs" and report.broken_at == 5
    path = tmp_path / "checkpoint.json"
    path.write_text(checkpoint_text(kept))
    with pytest.raises(CommandError, match="differs from the checkpoint"):
        call_command("audit_verify", "--checkpoint", str(path))


def test_a_checkpoint_catches_the_newest_entries_removed():
    _chain(5)
    kept = checkpoint_read(_checkpoint())
    _raw("DELETE FROM audit_auditentry WHERE seq >= %s", [4])
    third = AuditEntry.objects.get(seq=3)
    _raw("UPDATE audit_audithead SET seq = %s, hash = %s", [3, third.hash])  # the head moved back too
    assert audit_chain_verify().intact
    assert audit_chain_verify(checkpoints=[kept]).code == "checkpoint_beyond"


def test_a_checkpoint_altered_or_not_signed_here_is_refused(tmp_path, settings, capsys):
    _chain(3)
    text = _checkpoint()
    path = tmp_path / "checkpoint.json"
    path.write_text(text)
    call_command("audit_verify", "--checkpoint", str(path))
    assert "intact: 3 entries; it still holds 1 checkpoint(s) unchanged" in capsys.readouterr().out
    document = json.loads(text)
    with pytest.raises(ValueError, match="^signature$"):
        checkpoint_read(json.dumps(document | {"seq": 2}))
    for bad in ["", "not json", "[]", json.dumps(document | {"seq": "3"}), json.dumps(document | {"signature": "*"})]:
        with pytest.raises(ValueError, match="^unreadable$"):
            checkpoint_read(bad)
    path.write_text(json.dumps(document | {"chain": "f" * 64}))
    with pytest.raises(CommandError, match="signature is not this server's"):
        call_command("audit_verify", "--checkpoint", str(path))
    settings.HOLDSPACE_KEY_SECRET = "another server's key secret " * 3
    with pytest.raises(ValueError, match="^signature$"):
        checkpoint_read(text)


def test_audit_entries_hold_no_address_and_no_contents():
    fields = {field.name for field in AuditEntry._meta.get_fields()}
    assert fields == {"id", "seq", "at", "actor_id", "organisation_id", "action", "target_type", "target_id",
                      "details", "prev_hash", "hash", "link"}
