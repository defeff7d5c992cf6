"""Move every authenticator and backup code out of django-otp's tables, where they lay readable.

An authenticator's secret is locked with the server's TOTP sub-key; a backup code is kept as its keyed
hash. The old rows are deleted (SQLite overwrites them: secure_delete is on). Going back restores the
authenticators; backup codes cannot be read back from their hashes, so people make new ones.
"""
from django.db import migrations

from holdspace.crypto.boxes import lock, unlock
from holdspace.crypto.derivation import lookup_hash, server_subkey

# Copied here, not imported: what this migration did must not change when the models' module does.
TOTP_KEY_PURPOSE = b"hs-totp-key"
BACKUP_CODE_PURPOSE = b"hs-backup-code"
DEVICE_FIELDS = ("user_id", "name", "confirmed", "throttling_failure_timestamp", "throttling_failure_count",
                 "created_at", "last_used_at")
TOTP_FIELDS = ("step", "t0", "digits", "tolerance", "drift", "last_t")


def _code_hash(token: str) -> str:
    return lookup_hash("".join(token.split()).replace("-", "").lower(), purpose=BACKUP_CODE_PURPOSE)


def forward(apps, schema_editor):
    OldTotp = apps.get_model("otp_totp", "TOTPDevice")
    OldStatic = apps.get_model("otp_static", "StaticDevice")
    Authenticator = apps.get_model("accounts", "Authenticator")
    BackupCodes = apps.get_model("accounts", "BackupCodes")
    BackupCode = apps.get_model("accounts", "BackupCode")
    key = server_subkey(TOTP_KEY_PURPOSE)
    for old in OldTotp.objects.order_by("pk").iterator():
        new = Authenticator.objects.create(
            **{name: getattr(old, name) for name in DEVICE_FIELDS + TOTP_FIELDS},
            key_box=lock(key, plaintext=bytes.fromhex(old.key)),
        )
        if old.created_at is not None:  # auto_now_add set it to now; keep when it was made
            Authenticator.objects.filter(pk=new.pk).update(created_at=old.created_at)
    OldTotp.objects.all().delete()
    for old in OldStatic.objects.order_by("pk").iterator():
        new = BackupCodes.objects.create(**{name: getattr(old, name) for name in DEVICE_FIELDS})
        BackupCodes.objects.filter(pk=new.pk).update(created_at=old.created_at)
        BackupCode.objects.bulk_create(
            BackupCode(device=new, code_hash=_code_hash(token)) for token in old.token_set.values_list("token", flat=True)
        )
    OldStatic.objects.all().delete()  # its tokens go with it


def backward(apps, schema_editor):
    OldTotp = apps.get_model("otp_totp", "TOTPDevice")
    Authenticator = apps.get_model("accounts", "Authenticator")
    key = server_subkey(TOTP_KEY_PURPOSE)
    for new in Authenticator.objects.order_by("pk").iterator():
        OldTotp.objects.create(**{name: getattr(new, name) for name in DEVICE_FIELDS + TOTP_FIELDS},
                               key=unlock(key, box=bytes(new.key_box)).hex())


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0003_second_factor_kept_unreadable"),
        ("otp_totp", "0003_add_timestamps"),
        ("otp_static", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(forward, backward)]
