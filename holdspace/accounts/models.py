import time
from base64 import b32encode
from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.oath import TOTP
from nacl.utils import random as random_bytes

from holdspace.crypto.boxes import lock, unlock
from holdspace.crypto.derivation import lookup_hash, server_subkey


def normalise_email(email: str) -> str:
    """Email addresses are compared case-insensitively everywhere."""
    return email.strip().lower()


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields):
        user = self.model(email=normalise_email(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.setdefault("is_staff", True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser):
    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(
        _("name shown to others"),
        max_length=80,
        help_text=_("A first name or a name you choose. Other people see only this."),
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, blank=True)
    email_verified_at = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.display_name or self.email

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    # The project has no Django admin; these keep contrib.auth's expectations met.
    def has_perm(self, perm, obj=None) -> bool:
        return False

    def has_module_perms(self, app_label) -> bool:
        return False


class ThrottleBucket(models.Model):
    """How many attempts one keyed hash made in one time window."""

    key = models.CharField(max_length=64, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)


# Two-step sign-in. django-otp's own TOTP and static devices keep the authenticator's secret and the
# backup codes as they are; these keep neither readable from the database (docs/security.md).
TOTP_KEY_PURPOSE = b"hs-totp-key"
BACKUP_CODE_PURPOSE = b"hs-backup-code"
TOTP_KEY_BYTES = 20


def totp_key_lock(key: bytes) -> bytes:
    """An authenticator's secret locked with the server's TOTP sub-key, which the database never holds.

    Not sealed to the person's own key: the code is checked at sign-in before anything of his is open.
    """
    return lock(server_subkey(TOTP_KEY_PURPOSE), plaintext=key)


def new_totp_key_box() -> bytes:
    return totp_key_lock(random_bytes(TOTP_KEY_BYTES))


def backup_code_normalise(text: str) -> str:
    return "".join(str(text).split()).replace("-", "").lower()


def backup_code_hash(code: str) -> str:
    """What is stored of a backup code: a keyed BLAKE2b of it (40 random bits), never the code."""
    return lookup_hash(backup_code_normalise(code), purpose=BACKUP_CODE_PURPOSE)


class Authenticator(TimestampMixin, ThrottlingMixin, Device):
    """An authenticator app's shared secret (TOTP, RFC 6238), kept locked with a server sub-key."""

    key_box = models.BinaryField(default=new_totp_key_box)
    step = models.PositiveSmallIntegerField(default=30)
    t0 = models.BigIntegerField(default=0)
    digits = models.PositiveSmallIntegerField(default=6)
    tolerance = models.PositiveSmallIntegerField(default=1)
    drift = models.SmallIntegerField(default=0)
    # The time step of the last code accepted: a code is accepted once, and none older after it.
    last_t = models.BigIntegerField(default=-1)

    class Meta(Device.Meta):
        verbose_name = _("authenticator app")

    @property
    def bin_key(self) -> bytes:
        return unlock(server_subkey(TOTP_KEY_PURPOSE), box=bytes(self.key_box))

    @property
    def key(self) -> str:
        """The secret in hex, as an authenticator app is given it; set it to lock a new one."""
        return self.bin_key.hex()

    @key.setter
    def key(self, value: str) -> None:
        self.key_box = totp_key_lock(bytes.fromhex(value))

    def get_throttle_factor(self) -> int:
        return 1

    def verify_token(self, token) -> bool:
        allowed, _reason = self.verify_is_allowed()
        if not allowed:
            return False
        try:
            number = int(token)
        except (TypeError, ValueError):
            number = None
        verified = False
        if number is not None:
            totp = TOTP(self.bin_key, self.step, self.t0, self.digits, self.drift)
            totp.time = time.time()
            verified = totp.verify(number, self.tolerance, self.last_t + 1)
        if not verified:
            self.throttle_increment(commit=True)
            return False
        self.last_t = totp.t()
        self.drift = totp.drift  # a phone whose clock runs a step off is followed
        self.throttle_reset(commit=False)
        self.set_last_used_timestamp(commit=False)
        self.save()
        return True

    @property
    def config_url(self) -> str:
        """The otpauth:// address an authenticator app reads from the QR code."""
        issuer = settings.OTP_TOTP_ISSUER.replace(":", "")
        label = quote(f"{issuer}:{self.user.get_username()}")
        query = urlencode(
            {"secret": b32encode(self.bin_key).decode("ascii").rstrip("="), "algorithm": "SHA1",
             "digits": self.digits, "period": self.step, "issuer": issuer},
            quote_via=quote,
        )
        return f"otpauth://totp/{label}?{query}"


class BackupCodes(TimestampMixin, ThrottlingMixin, Device):
    """A person's single-use backup codes, stored only as keyed hashes."""

    class Meta(Device.Meta):
        verbose_name = _("backup codes")

    def get_throttle_factor(self) -> int:
        return 1

    def verify_token(self, token) -> bool:
        allowed, _reason = self.verify_is_allowed()
        if not allowed:
            return False
        # Deleting is what accepts it: of two requests with the same code, only one deletes its row.
        used, _counts = self.codes.filter(code_hash=backup_code_hash(token)).delete()
        if not used:
            self.throttle_increment(commit=True)
            return False
        self.throttle_reset(commit=False)
        self.set_last_used_timestamp(commit=False)
        self.save()
        return True


class BackupCode(models.Model):
    device = models.ForeignKey(BackupCodes, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64, db_index=True)
