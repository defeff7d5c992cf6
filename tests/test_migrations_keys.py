"""Data made before the house was put in order still opens after migrating.

The database is taken back to the schema before the personal keys moved to `keys` and the
concern days moved to `concerns`; rows are written there as the old code wrote them; then it
is migrated forward and the new code reads them.
"""
import nacl.public
import pytest

from holdspace.crypto.boxes import new_data_key, open_sealed, seal_to
from holdspace.crypto.keyrings import private_key_wrap, recovery_code_new, recovery_code_normalise
from holdspace.web.refusals import Refusal
from tests.migrations_helpers import latest, migrate_to

BEFORE = [("reports", "0002_cases"), ("accountability", "0001_accountability_settings"), ("keys", None),
          ("concerns", "0001_partner_concerns")]
PASSWORD = "an old long passphrase 2026"


@pytest.fixture
def old_schema(transactional_db):
    apps = migrate_to(BEFORE)
    yield apps
    migrate_to(latest())


def test_keyrings_and_concern_days_made_before_the_move_still_open(old_schema):
    User = old_schema.get_model("accounts", "User")
    Organisation = old_schema.get_model("organisations", "Organisation")
    HandlerKeyring = old_schema.get_model("reports", "HandlerKeyring")
    AccountabilitySettings = old_schema.get_model("accountability", "AccountabilitySettings")

    person = User.objects.create(email="hana.before@example.org", display_name="Hana")
    organisation = Organisation.objects.create(name="Before", slug="before")
    # What the old keyring_create stored: the key wrapped by the password and by a recovery code.
    private_key = nacl.public.PrivateKey.generate()
    recovery = recovery_code_new()
    by_password = private_key_wrap(private_key, secret=PASSWORD, purpose=b"password")
    by_recovery = private_key_wrap(private_key, secret=recovery_code_normalise(recovery), purpose=b"recovery")
    HandlerKeyring.objects.create(
        user_id=person.pk, public_key=bytes(private_key.public_key),
        by_password=by_password.box, password_salt=by_password.salt, password_parameters=by_password.parameters,
        by_recovery=by_recovery.box, recovery_salt=by_recovery.salt, recovery_parameters=by_recovery.parameters,
    )
    made = HandlerKeyring.objects.get(user_id=person.pk).created_at
    AccountabilitySettings.objects.create(organisation_id=organisation.pk, public_page=True, concern_response_days=12)
    sealed = seal_to(bytes(private_key.public_key), secret=(data_key := new_data_key()))

    migrate_to(latest())

    from holdspace.accounts.models import User as CurrentUser
    from holdspace.concerns.policy import response_days_of
    from holdspace.keys.models import PersonalKey
    from holdspace.keys.selectors import public_key_of
    from holdspace.keys.services import personal_key_unlock
    from holdspace.organisations.models import Organisation as CurrentOrganisation

    person = CurrentUser.objects.get(pk=person.pk)
    assert public_key_of(person) == bytes(private_key.public_key)
    assert PersonalKey.objects.get(user=person).created_at == made
    assert open_sealed(personal_key_unlock(person, password=PASSWORD), sealed=sealed) == data_key
    assert open_sealed(personal_key_unlock(person, recovery_code=recovery), sealed=sealed) == data_key
    with pytest.raises(Refusal):
        personal_key_unlock(person, password="not the old one")
    assert response_days_of(CurrentOrganisation.objects.get(pk=organisation.pk)) == 12
