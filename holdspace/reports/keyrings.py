"""Creating and opening handlers' keyrings (services), each change audited."""
import nacl.public
from django.db import transaction
from django.db.models import Exists, OuterRef

from holdspace.accounts.models import User
from holdspace.circles.models import CircleKey
from holdspace.audit.services import audit_record
from holdspace.crypto.boxes import CannotOpen
from holdspace.crypto.keyrings import (
    WrappedKey,
    keypair_new,
    private_key_unwrap,
    private_key_wrap,
    recovery_code_new,
    recovery_code_normalise,
)
from holdspace.reports.models import Case, CaseKey, HandlerKeyring, IdentitySeal

PASSWORD = b"password"
RECOVERY = b"recovery"


class WrongSecret(Exception):
    """The password or recovery code does not open this keyring."""


class LastKeyHolder(Exception):
    """A new key pair would leave open cases that nobody else can open."""


def cases_only_openable_by(user: User) -> int:
    """Open cases to which this person holds the only sealed key."""
    others = CaseKey.objects.filter(case=OuterRef("pk")).exclude(user=user)
    return Case.objects.filter(status=Case.Status.OPEN, keys__user=user).exclude(Exists(others)).count()


def keyring_create(*, user: User, password: str) -> str:
    """Give a handler a key pair; return the recovery code, to be shown once."""
    if not user.check_password(password):
        raise WrongSecret
    if HandlerKeyring.objects.filter(user=user).exists() and cases_only_openable_by(user):
        raise LastKeyHolder
    private_key = keypair_new()
    recovery = recovery_code_new()
    by_password = private_key_wrap(private_key, secret=password, purpose=PASSWORD)
    by_recovery = private_key_wrap(private_key, secret=recovery_code_normalise(recovery), purpose=RECOVERY)
    with transaction.atomic():
        # Case keys sealed to an earlier key pair can no longer be opened: remove them,
        # so those cases show as waiting for a colleague to grant access again.
        stale = CaseKey.objects.filter(user=user).delete()[0]
        IdentitySeal.objects.filter(user=user).delete()
        # The same key pair opens his circles: their keys sealed to the old pair are gone too.
        CircleKey.objects.filter(user=user).delete()
        Case.objects.filter(respondent=user, respondent_sealed__isnull=False).update(respondent_sealed=None)
        HandlerKeyring.objects.update_or_create(
            user=user,
            defaults={
                "public_key": bytes(private_key.public_key),
                "by_password": by_password.box,
                "password_salt": by_password.salt,
                "password_parameters": by_password.parameters,
                "by_recovery": by_recovery.box,
                "recovery_salt": by_recovery.salt,
                "recovery_parameters": by_recovery.parameters,
            },
        )
        audit_record(action="keyring.created", actor_id=user.pk, target=user, details={"stale_case_keys": stale})
    return recovery


def keyring_exists(user: User) -> bool:
    return user.is_authenticated and HandlerKeyring.objects.filter(user=user).exists()


def keyring_unlock(*, user: User, password: str = "", recovery_code: str = "") -> nacl.public.PrivateKey:
    """Open the handler's private key with the password or the recovery code."""
    keyring = HandlerKeyring.objects.filter(user=user).first()
    if keyring is None:
        raise WrongSecret
    if recovery_code:
        wrapped = WrappedKey(bytes(keyring.by_recovery), bytes(keyring.recovery_salt), keyring.recovery_parameters)
        secret, purpose = recovery_code_normalise(recovery_code), RECOVERY
    else:
        wrapped = WrappedKey(bytes(keyring.by_password), bytes(keyring.password_salt), keyring.password_parameters)
        secret, purpose = password, PASSWORD
    try:
        return private_key_unwrap(wrapped, secret=secret, purpose=purpose)
    except CannotOpen:
        raise WrongSecret from None


def keyring_rewrap_password(*, user: User, private_key: nacl.public.PrivateKey, password: str) -> None:
    """After a password change, wrap the (unlocked) private key under the new password."""
    wrapped = private_key_wrap(private_key, secret=password, purpose=PASSWORD)
    with transaction.atomic():
        HandlerKeyring.objects.filter(user=user, public_key=bytes(private_key.public_key)).update(
            by_password=wrapped.box, password_salt=wrapped.salt, password_parameters=wrapped.parameters
        )
        audit_record(action="keyring.password_rewrapped", actor_id=user.pk, target=user)
