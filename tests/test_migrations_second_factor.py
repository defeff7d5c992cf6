"""Authenticators and backup codes made before they were kept unreadable still sign in after migrating.

The database is taken back to before accounts' 0003; an authenticator and backup codes are written
into django-otp's own tables as the old code wrote them (the secret in hex, the codes as they are);
then it is migrated forward and the new code checks codes against what the migration made of them.
"""
import pytest
from django.db import connection
from django_otp.oath import TOTP

from tests.migrations_helpers import latest, migrate_to
from tests.test_accounts import _every_stored_value

BEFORE = [("accounts", "0002_throttle_bucket"), ("otp_totp", "0003_add_timestamps"),
          ("otp_static", "0003_add_timestamps")]
OLD_KEY = "3132333435363738393031323334353637383930"  # 20 bytes in hex, as django-otp stored them
OLD_CODES = ["abcd2345", "efgh6723"]


@pytest.fixture
def old_schema(transactional_db):
    apps = migrate_to(BEFORE)
    yield apps
    migrate_to(latest())


def test_an_authenticator_and_backup_codes_made_before_still_sign_in(old_schema):
    User = old_schema.get_model("accounts", "User")
    TOTPDevice = old_schema.get_model("otp_totp", "TOTPDevice")
    StaticDevice = old_schema.get_model("otp_static", "StaticDevice")
    StaticToken = old_schema.get_model("otp_static", "StaticToken")
    person = User.objects.create(email="hana.before@example.org", display_name="Hana")
    TOTPDevice.objects.create(user=person, name="authenticator", confirmed=True, key=OLD_KEY, last_t=7, drift=1)
    backup = StaticDevice.objects.create(user=person, name="backup", confirmed=True)
    for code in OLD_CODES:
        StaticToken.objects.create(device=backup, token=code)
    assert OLD_KEY in _every_stored_value() and OLD_CODES[0] in _every_stored_value()

    migrate_to(latest())

    from holdspace.accounts.models import Authenticator, BackupCodes

    stored = _every_stored_value()
    assert OLD_KEY not in stored and not any(code in stored for code in OLD_CODES)
    with connection.cursor() as cursor:
        for table in ("otp_totp_totpdevice", "otp_static_staticdevice", "otp_static_statictoken"):
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            assert cursor.fetchone()[0] == 0, table

    device = Authenticator.objects.get(user_id=person.pk)
    assert device.key == OLD_KEY and device.confirmed and (device.last_t, device.drift) == (7, 1)
    code = TOTP(bytes.fromhex(OLD_KEY), device.step, device.t0, device.digits, device.drift).token()
    assert device.verify_token(f"{code:06d}")
    codes = BackupCodes.objects.get(user_id=person.pk)
    assert codes.verify_token(OLD_CODES[1].upper())
    codes.throttle_reset()
    assert not codes.verify_token(OLD_CODES[1])  # still single-use
    codes.throttle_reset()
    assert codes.verify_token(OLD_CODES[0])
