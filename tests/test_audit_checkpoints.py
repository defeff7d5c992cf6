"""An organisation's administrators keep checkpoints of the record of changes and compare them later."""
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from holdspace.audit.checkpoints import checkpoint_read, checkpoint_text, verify_key_text
from holdspace.audit.models import AuditEntry
from holdspace.audit.services import audit_record, entry_mac
from tests.conftest import sign_in
from tests.test_audit import _raw, _relink, _rewrite

pytestmark = pytest.mark.django_db


def _admin(world) -> Client:
    return sign_in(Client(), world.ada)


def _urls(world):
    return (reverse("organisations:audit_checkpoint", args=[world.riverside.slug]),
            reverse("organisations:audit_checkpoint_compare", args=[world.riverside.slug]))


def test_an_administrator_downloads_a_checkpoint_and_finds_it_held_later(world):
    for number in range(4):
        audit_record(action="role.granted", actor_id=world.ada.pk, organisation_id=world.riverside.pk,
                     details={"n": number})
    client = _admin(world)
    download, compare = _urls(world)
    page = client.get(reverse("organisations:audit_log", args=[world.riverside.slug]))
    assert verify_key_text() in page.content.decode() and download in page.content.decode()

    response = client.get(download)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="holdspace-audit-checkpoint-2026-06-15-')
    text = response.content.decode()
    kept = checkpoint_read(text)
    assert kept.seq == AuditEntry.objects.order_by("-seq").first().seq
    assert set(json.loads(text)) == {"format", "seq", "chain", "issued_at", "signature", "verify_key"}

    audit_record(action="role.revoked", actor_id=world.ada.pk, organisation_id=world.riverside.pk)
    held = client.post(compare, {"file": SimpleUploadedFile("checkpoint.json", text.encode())})
    assert held.status_code == 200
    assert "still holds this checkpoint unchanged" in held.content.decode()
    pasted = client.post(compare, {"text": text})
    assert "still holds this checkpoint unchanged" in pasted.content.decode()

    # Someone with the database and the server's key secret rewrites the chain (one entry edited, two
    # deleted): it links up, but no longer reaches the checkpoint's entry.
    _rewrite(entry_mac)
    found = client.post(compare, {"text": text}).content.decode()
    assert "no longer reaches the entry this checkpoint names" in found and "still holds this checkpoint" not in found
    # An entry edited at the checkpoint itself, the chain recomputed with the key and nothing deleted.
    audit_record(action="role.granted", actor_id=world.ada.pk, organisation_id=world.riverside.pk)
    again = checkpoint_read(client.get(download).content.decode())
    _raw("UPDATE audit_auditentry SET action = %s WHERE seq = %s", ["forged", again.seq])
    _relink(entry_mac)
    found = client.post(compare, {"text": checkpoint_text(again)}).content.decode()
    assert "The entry this checkpoint names is no longer the same" in found




def test_a_text_that_is_no_checkpoint_is_refused_and_kept_as_typed(world):
    client = _admin(world)
    _download, compare = _urls(world)
    response = client.post(compare, {"text": "my notes from the board meeting"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "This is not a checkpoint" in page and "my notes from the board meeting" in page
    assert "no longer" not in page and "still holds this checkpoint" not in page
    empty = client.post(compare, {"text": ""})
    assert empty.status_code == 400 and "Choose the checkpoint file you kept" in empty.content.decode()
    binary = client.post(compare, {"file": SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff\xe0" * 50)})
    assert binary.status_code == 400 and "This is not a checkpoint" in binary.content.decode()


def test_a_checkpoint_with_a_changed_number_is_refused(world):
    client = _admin(world)
    download, compare = _urls(world)
    audit_record(action="role.granted", actor_id=world.ada.pk, organisation_id=world.riverside.pk)
    document = json.loads(client.get(download).content)
    response = client.post(compare, {"text": json.dumps(document | {"seq": document["seq"] - 1})})
    assert response.status_code == 400 and "signature is not this server" in response.content.decode()


def test_only_this_organisations_administrators_reach_checkpoints(world):
    download, compare = _urls(world)
    for person in (world.nadia, world.hana, world.mateo):  # a network's administrator, a handler, a member
        client = sign_in(Client(), person)
        assert client.get(download).status_code == 404
        assert client.post(compare, {"text": "{}"}).status_code == 404
