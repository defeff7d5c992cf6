"""The append-only, hash-chained record of who did what.

Each entry carries the hash of the one before it, so removing or editing any
entry breaks every later link; `manage.py audit_verify` finds the first break.
Links are keyed (LINK_KEYED) with a sub-key of the server's key secret, which the
database does not hold, so the chain cannot be recomputed from a copy of the
database alone; entries written before that keep their plain SHA-256 links
(LINK_SHA256), and one keyed entry written at the switch pins them all.
Entries hold identifiers and role names only, never protected content.
"""
from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64
LINK_SHA256 = 1  # before the chain was keyed: anyone can recompute it
LINK_KEYED = 2  # keyed BLAKE2b with the server's audit-chain sub-key


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Audit entries are append-only.")

    def delete(self):
        raise TypeError("Audit entries are append-only.")


class AuditEntry(models.Model):
    seq = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField()
    # Plain integers rather than foreign keys: deleting a person or an
    # organisation must never rewrite history.
    actor_id = models.BigIntegerField(null=True, blank=True)
    organisation_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    action = models.CharField(max_length=64)
    target_type = models.CharField(max_length=40, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    details = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    link = models.PositiveSmallIntegerField(default=LINK_KEYED)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("Audit entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Audit entries are append-only.")

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"


class AuditHead(models.Model):
    """The single row that points at the newest entry; writers lock it to append."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)
