"""Handlers' keyrings become people's personal keys (holdspace.keys).

Every row is copied as it is: the wrapped private keys, their salts and Argon2id parameters,
so every existing key still opens with the same password or recovery code. Only then is the
old table dropped.
"""
from django.db import migrations

FIELDS = ("user_id", "public_key", "by_password", "password_salt", "password_parameters",
          "by_recovery", "recovery_salt", "recovery_parameters", "created_at")


def keyrings_to_personal_keys(apps, schema_editor):
    HandlerKeyring = apps.get_model("reports", "HandlerKeyring")
    PersonalKey = apps.get_model("keys", "PersonalKey")
    rows = HandlerKeyring.objects.values(*FIELDS).order_by("pk")
    PersonalKey.objects.bulk_create(PersonalKey(**row) for row in rows.iterator(chunk_size=500))
    # auto_now_add set a new time on every row: keep the day each key was really made.
    for row in rows.values("user_id", "created_at").iterator(chunk_size=500):
        PersonalKey.objects.filter(user_id=row["user_id"]).update(created_at=row["created_at"])


def personal_keys_to_keyrings(apps, schema_editor):
    HandlerKeyring = apps.get_model("reports", "HandlerKeyring")
    PersonalKey = apps.get_model("keys", "PersonalKey")
    rows = PersonalKey.objects.values(*FIELDS).order_by("pk")
    HandlerKeyring.objects.bulk_create(HandlerKeyring(**row) for row in rows.iterator(chunk_size=500))
    for row in rows.values("user_id", "created_at").iterator(chunk_size=500):
        HandlerKeyring.objects.filter(user_id=row["user_id"]).update(created_at=row["created_at"])


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0002_cases"),
        ("keys", "0001_personal_keys"),
    ]

    operations = [
        migrations.RunPython(keyrings_to_personal_keys, personal_keys_to_keyrings),
        migrations.DeleteModel(name="HandlerKeyring"),
    ]
