"""Commitments were stored in the clear: their words and check-in notes are locked now.

Each commitment gets its own key; its text goes into a box locked with it, and each check-in's note
too. The key is sealed to the man's personal key when he has one, and, for a commitment made in a
circle's round, to the circle's key when it has one. A commitment nobody could open then (its man
had no key, and no circle holds it) waits under a key the server derives from its key secret until
he makes one (see docs/personal-work.md): nothing stays in the clear. Going back writes the words
out again, which needs that waiting copy: commitments sealed to people's keys cannot be read back
by a migration.
"""
import json

import django.db.models.deletion
import nacl.public
import nacl.secret
import nacl.utils
from django.conf import settings
from django.db import migrations, models

ESCROW = b"hs-commit-escrow"  # as holdspace.inventory.sealing.ESCROW


def _lock(key: bytes, text: str) -> bytes:
    return bytes(nacl.secret.SecretBox(key).encrypt(text.encode("utf-8")))


def _seal(public_key: bytes, key: bytes) -> bytes:
    return bytes(nacl.public.SealedBox(nacl.public.PublicKey(public_key)).encrypt(key))


def lock_commitments(apps, schema_editor):
    from holdspace.crypto.derivation import server_subkey

    Commitment = apps.get_model("inventory", "Commitment")
    CheckIn = apps.get_model("inventory", "CommitmentCheckIn")
    PersonalKey = apps.get_model("keys", "PersonalKey")
    Circle = apps.get_model("circles", "Circle")
    people = {user_id: bytes(public) for user_id, public in PersonalKey.objects.values_list("user_id", "public_key")}
    circles = {pk: bytes(public) for pk, public in Circle.objects.filter(public_key__isnull=False)
               .values_list("pk", "public_key")}
    escrow = nacl.secret.SecretBox(server_subkey(ESCROW))
    for commitment in Commitment.objects.select_related("source_session").iterator():
        key = nacl.utils.random(nacl.secret.SecretBox.KEY_SIZE)
        commitment.box = _lock(key, json.dumps({"text": commitment.text}, ensure_ascii=False))
        owner = people.get(commitment.owner_id)
        if owner is not None:
            commitment.seal_owner, commitment.seal_owner_to = _seal(owner, key), owner
        circle = circles.get(commitment.source_session.circle_id) if commitment.source_session_id else None
        if circle is not None:
            commitment.seal_circle, commitment.seal_circle_to = _seal(circle, key), circle
        if owner is None and circle is None:  # nobody could open it: it waits for his first key
            commitment.escrow = bytes(escrow.encrypt(key))
        commitment.text = ""
        commitment.save()
        for check_in in CheckIn.objects.filter(commitment_id=commitment.pk).exclude(note=""):
            check_in.note_box, check_in.note = _lock(key, check_in.note), ""
            check_in.save(update_fields=["note_box", "note"])


def unlock_commitments(apps, schema_editor):
    from holdspace.crypto.derivation import server_subkey

    Commitment = apps.get_model("inventory", "Commitment")
    CheckIn = apps.get_model("inventory", "CommitmentCheckIn")
    escrow = nacl.secret.SecretBox(server_subkey(ESCROW))
    for commitment in Commitment.objects.iterator():
        if commitment.escrow is None:
            raise RuntimeError("A commitment locked with people's keys cannot be written out by a migration.")
        key = escrow.decrypt(bytes(commitment.escrow))
        box = nacl.secret.SecretBox(key)
        commitment.text = json.loads(box.decrypt(bytes(commitment.box)).decode("utf-8"))["text"]
        commitment.save(update_fields=["text"])
        for check_in in CheckIn.objects.filter(commitment_id=commitment.pk, note_box__isnull=False):
            check_in.note = box.decrypt(bytes(check_in.note_box)).decode("utf-8")
            check_in.save(update_fields=["note"])


class Migration(migrations.Migration):

    dependencies = [
        ("inventory", "0003_amends_plans"),
        ("keys", "0001_personal_keys"),
        ("circles", "0002_joining_agreements_library_sessions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(model_name="commitment", name="box", field=models.BinaryField(null=True)),
        migrations.AddField(model_name="commitment", name="seal_owner", field=models.BinaryField(null=True)),
        migrations.AddField(model_name="commitment", name="seal_owner_to",
                            field=models.BinaryField(max_length=32, null=True)),
        migrations.AddField(model_name="commitment", name="seal_circle", field=models.BinaryField(null=True)),
        migrations.AddField(model_name="commitment", name="seal_circle_to",
                            field=models.BinaryField(max_length=32, null=True)),
        migrations.AddField(model_name="commitment", name="circle_reads", field=models.BooleanField(default=True)),
        migrations.AddField(model_name="commitment", name="seal_partner", field=models.BinaryField(null=True)),
        migrations.AddField(model_name="commitment", name="seal_partner_to",
                            field=models.BinaryField(max_length=32, null=True)),
        migrations.AddField(model_name="commitment", name="escrow", field=models.BinaryField(null=True)),
        migrations.AddField(model_name="commitment", name="rekey_due", field=models.BooleanField(default=False)),
        migrations.AddField(model_name="commitment", name="change_asked_at",
                            field=models.DateTimeField(blank=True, null=True)),
        migrations.AddField(
            model_name="commitment", name="change_every",
            field=models.CharField(blank=True, choices=[("session", "At each session of the circle"),
                                                        ("week", "Every week"), ("fortnight", "Every two weeks"),
                                                        ("month", "Every month")], max_length=10)),
        migrations.AddField(
            model_name="commitment", name="change_status",
            field=models.CharField(blank=True, choices=[("active", "Keeping it"),
                                                        ("completed", "Done: it is part of me now"),
                                                        ("released", "Set down")], max_length=10)),
        migrations.AddField(model_name="commitment", name="reminded_for",
                            field=models.DateTimeField(blank=True, null=True)),
        migrations.AddField(model_name="commitmentcheckin", name="note_box", field=models.BinaryField(null=True)),
        migrations.AddField(model_name="commitmentcheckin", name="confirmed_at",
                            field=models.DateTimeField(blank=True, null=True)),
        migrations.RunPython(lock_commitments, unlock_commitments),
        migrations.RemoveField(model_name="commitment", name="text"),
        migrations.RemoveField(model_name="commitmentcheckin", name="note"),
        migrations.AlterField(model_name="commitment", name="box", field=models.BinaryField()),
        migrations.AddIndex(model_name="commitment",
                            index=models.Index(fields=["partner", "status"], name="commitment_partner")),
        migrations.CreateModel(
            name="Encouragement",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("box", models.BinaryField()),
                ("at", models.DateTimeField()),
                ("author", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL,
                                             related_name="+", to=settings.AUTH_USER_MODEL)),
                ("commitment", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                                 related_name="encouragements", to="inventory.commitment")),
            ],
            options={"ordering": ["-at", "-pk"],
                     "indexes": [models.Index(fields=["commitment", "-at"], name="encouragement_newest")]},
        ),
        migrations.CreateModel(
            name="PartnerInvitation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("token_hash", models.CharField(max_length=64, null=True, unique=True)),
                ("key_by_token", models.BinaryField(null=True)),
                ("key_sealed", models.BinaryField(null=True)),
                ("key_sealed_to", models.BinaryField(max_length=32, null=True)),
                ("address_box", models.BinaryField(null=True)),
                ("status", models.CharField(choices=[("open", "Waiting for an answer"), ("accepted", "Accepted"),
                                                     ("declined", "Declined"), ("withdrawn", "Withdrawn"),
                                                     ("expired", "Expired")],
                                            default="open", max_length=10)),
                ("created_at", models.DateTimeField()),
                ("expires_at", models.DateTimeField()),
                ("answered_at", models.DateTimeField(blank=True, null=True)),
                ("commitment", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                                 related_name="invitations", to="inventory.commitment")),
                ("invitee", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE,
                                              related_name="partner_invitations", to=settings.AUTH_USER_MODEL)),
            ],
            options={"ordering": ["-created_at", "-pk"],
                     "indexes": [models.Index(fields=["invitee", "status"], name="partner_invitation_invitee")]},
        ),
        migrations.CreateModel(
            name="ReminderOptOut",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("at", models.DateTimeField(auto_now_add=True)),
                ("owner", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                               to=settings.AUTH_USER_MODEL)),
            ],
        ),
    ]
