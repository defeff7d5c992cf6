from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class HandlerKeyring(models.Model):
    """A case handler's X25519 key pair. The private half is stored only wrapped:
    once by the handler's password and once by a recovery code shown once."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="keyring")
    public_key = models.BinaryField(max_length=32)
    by_password = models.BinaryField()
    password_salt = models.BinaryField(max_length=16)
    password_parameters = models.CharField(max_length=64)
    by_recovery = models.BinaryField()
    recovery_salt = models.BinaryField(max_length=16)
    recovery_parameters = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("handler keyring")
