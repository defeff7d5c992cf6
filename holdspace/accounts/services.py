"""What happens to an account: sign-up, verification, two-factor, preferences."""
from base64 import b32encode
from collections.abc import Iterable

from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from nacl.utils import random as random_bytes

from holdspace.accounts.emails import send_templated_mail
from holdspace.accounts.models import (
    TOTP_KEY_BYTES, Authenticator, BackupCode, BackupCodes, User, backup_code_hash, new_totp_key_box,
    normalise_email,
)
from holdspace.accounts.password_locks import Relock
from holdspace.accounts.personal_data import deletion_blocks, personal_data
from holdspace.accounts.tokens import email_verification_token
from holdspace.audit.services import audit_record
from holdspace.crypto.boxes import CannotOpen
from holdspace.web.refusals import Refusal

BACKUP_CODE_COUNT = 10
BACKUP_CODE_BYTES = 5  # eight symbols of base32, as people have always had them


def user_signup(*, email: str, display_name: str, password: str, language: str = "") -> User | None:
    """Create an account and mail its confirmation link, or, when the address already
    has an account, mail its owner instead.

    Both end the same way for the person signing up, so the sign-up form never
    tells whether someone uses Holdspace. Returns the new account, or None.
    """
    email = normalise_email(email)
    existing = User.objects.filter(email=email).first()
    if existing is None:
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    email=email, password=password, display_name=display_name.strip(), language=language
                )
                audit_record(action="account.created", actor_id=user.pk, target=user)
        except IntegrityError:  # the same address signed up a moment ago
            return None
        email_verification_send(user=user)
        return user
    make_password(password)  # the same work as a new account, so timing tells nothing either
    send_templated_mail(
        to=existing.email,
        template="accounts/email/signup_existing",
        context={"user": existing},
        language=existing.language or language or None,
    )
    return None


def email_verification_send(*, user: User) -> None:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = email_verification_token.make_token(user)
    path = reverse("accounts:verify_email", kwargs={"uidb64": uid, "token": token})
    send_templated_mail(
        to=user.email,
        template="accounts/email/verify",
        context={"user": user, "path": path},
        language=user.language or None,
    )


def email_verify(*, user: User) -> None:
    if user.email_verified:
        return
    with transaction.atomic():
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
        audit_record(action="account.email_verified", actor_id=user.pk, target=user)


def password_reset_complete(*, user: User) -> None:
    """Record a password set through an emailed link, which also proves the address."""
    with transaction.atomic():
        if not user.email_verified:
            user.email_verified_at = timezone.now()
            user.save(update_fields=["email_verified_at"])
        audit_record(action="account.password_reset", actor_id=user.pk, target=user)


def user_language_set(*, user: User, language: str) -> None:
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


def user_profile_update(*, user: User, display_name: str, language: str | None = None) -> None:
    """His name as others see it and, when given, the language his pages and emails come in: one change."""
    with transaction.atomic():
        user.display_name = display_name.strip()
        fields = ["display_name"]
        if language is not None and user.language != language:
            user.language = language
            fields.append("language")
        user.save(update_fields=fields)
        audit_record(action="account.profile_changed", actor_id=user.pk, target=user)


def user_password_change(*, user: User, password: str, relock: Iterable[Relock] = ()) -> None:
    """Set a new password, and lock again with it what was locked with the old one, in one transaction."""
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        for again in relock:
            again(password)
        audit_record(action="account.password_changed", actor_id=user.pk, target=user)


def two_factor_enabled(user: User) -> bool:
    return Authenticator.objects.filter(user=user, confirmed=True).exists()


def totp_enrolment_key_box() -> bytes:
    """A new authenticator's secret, locked as it will be stored: the session keeps it so until a code matches."""
    return new_totp_key_box()


def totp_key_box_valid(key_box: bytes) -> bool:
    try:
        return len(Authenticator(key_box=key_box).bin_key) == TOTP_KEY_BYTES
    except CannotOpen:
        return False


def totp_device_for(*, user: User, key_box: bytes) -> Authenticator:
    """The authenticator the person is adding, not saved: what the page shows (its QR code) comes from it."""
    return Authenticator(user=user, key_box=key_box, name="authenticator", confirmed=False)


def totp_enrolment_confirm(
    *, user: User, key_box: bytes, token: str
) -> tuple[Authenticator | None, list[str] | None]:
    """Store the authenticator once a code from it matches; return it with fresh backup codes, or (None, None)."""
    with transaction.atomic():
        device = Authenticator.objects.create(user=user, key_box=key_box, name="authenticator", confirmed=False)
        if not device.verify_token(token):
            device.delete()
            return None, None
        Authenticator.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _backup_codes_replace(user=user)
        audit_record(action="account.two_factor_enabled", actor_id=user.pk, target=user)
    return device, codes


def backup_codes_renew(*, user: User) -> list[str]:
    with transaction.atomic():
        codes = _backup_codes_replace(user=user)
        audit_record(action="account.backup_codes_renewed", actor_id=user.pk, target=user)
    return codes


def _backup_codes_replace(*, user: User) -> list[str]:
    """Fresh codes to show once; only their keyed hashes are kept."""
    device, _created = BackupCodes.objects.get_or_create(user=user, name="backup", defaults={"confirmed": True})
    device.codes.all().delete()
    codes = [b32encode(random_bytes(BACKUP_CODE_BYTES)).decode("ascii").lower() for _ in range(BACKUP_CODE_COUNT)]
    BackupCode.objects.bulk_create(BackupCode(device=device, code_hash=backup_code_hash(code)) for code in codes)
    return codes


def two_factor_disable(*, user: User) -> None:
    with transaction.atomic():
        Authenticator.objects.filter(user=user).delete()
        BackupCodes.objects.filter(user=user).delete()
        audit_record(action="account.two_factor_disabled", actor_id=user.pk, target=user)


def user_delete(user: User, *, password: str) -> None:
    """Delete a person's account with everything the apps hold of his, in one transaction.

    Refuses "wrong_password", and the code of the first app that must stop it now (he alone administers an
    organisation, or holds the only key to an open case). Each app does first what its rows' cascade would not
    (`PersonalData.before_delete`), then his account and every row that is his go. The audit entry records that
    an account was deleted, with counts from the apps: never his name or his address.
    """
    if not user.check_password(password):
        raise Refusal("wrong_password")
    with transaction.atomic():
        if User.objects.select_for_update().filter(pk=user.pk).first() is None:
            return  # deleted a moment ago, from another tab: done already
        blocked = deletion_blocks(user)
        if blocked:
            raise Refusal(blocked[0])
        details: dict[str, int] = {}
        for contribution in personal_data():
            if contribution.before_delete is not None:
                details.update(contribution.before_delete(user))
        audit_record(action="account.deleted", actor_id=user.pk, target=user, details=details)
        user.delete()
