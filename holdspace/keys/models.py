from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PersonalKey(models.Model):
    """A person's X25519 key pair. Cases, circles and (soon) his own inventory are sealed to its
    public half. The private half is stored only wrapped: once by the password and once by a
    recovery code shown once, each with its own salt and Argon2id parameters."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="personal_key")
    public_key = models.BinaryField(max_length=32)
    by_password = models.BinaryField()
    password_salt = models.BinaryField(max_length=16)
    password_parameters = models.CharField(max_length=64)
    by_recovery = models.BinaryField()
    recovery_salt = models.BinaryField(max_length=16)
    recovery_parameters = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("personal key")
