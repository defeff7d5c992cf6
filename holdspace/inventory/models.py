"""A man's personal work: his inventory, and his commitments with their check-ins; amends plans
join them here. What he writes in his inventory is locked with his own data key, which only his
unlocked personal key opens: the server alone can read none of it."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Commitment(models.Model):
    """A concrete change of behaviour a man commits to, and checks in on."""

    class Every(models.TextChoices):
        SESSION = "session", _("At each session of the circle")
        WEEK = "week", _("Every week")
        FORTNIGHT = "fortnight", _("Every two weeks")
        MONTH = "month", _("Every month")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Keeping it")
        COMPLETED = "completed", _("Done: it is part of me now")
        RELEASED = "released", _("Set down")

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="commitments")
    text = models.TextField(_("what I commit to do"))
    check_in_every = models.CharField(_("how often I check in"), max_length=10, choices=Every.choices,
                                      default=Every.SESSION)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    # Made in a circle's commitments round: that circle's facilitators see it and its check-ins.
    source_session = models.ForeignKey(
        "circles.CircleSession", null=True, blank=True, on_delete=models.SET_NULL, related_name="commitments"
    )
    # Someone he chose to see this commitment and its check-ins (never his inventory).
    partner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="partnered_commitments"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["owner", "status"], name="commitment_owner"),
        ]
        constraints = [
            # One commitment per man per session's round: saving the round again edits it.
            models.UniqueConstraint(fields=["source_session", "owner"], name="one_commitment_per_round"),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class CommitmentCheckIn(models.Model):
    class Outcome(models.TextChoices):
        KEPT = "kept", _("I kept it")
        PARTLY = "partly", _("Partly")
        NOT_YET = "not_yet", _("Not this time")

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="check_ins")
    outcome = models.CharField(_("how it went"), max_length=8, choices=Outcome.choices)
    note = models.TextField(_("a word on it"), blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["commitment", "at"], name="check_in_latest")]


class Vault(models.Model):
    """A man's own data key for his personal work, sealed to his personal key's public half.

    Only his key, unlocked in his session, opens it; if he loses both his password and his recovery
    code, nobody can, and a new key pair leaves what it locked unreadable (he is told first).
    """

    owner = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="vault")
    sealed_key = models.BinaryField()
    # The public key it is sealed to: a vault sealed to an earlier key pair no longer opens.
    sealed_to = models.BinaryField(max_length=32)
    # His tags and how many entries carry each, locked with the data key: the list shows them without
    # opening every entry.
    tags_box = models.BinaryField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)


class Entry(models.Model):
    """One inventory entry. Everything he wrote (the prompt he answered, a title, the text and his
    tags) is one locked box: the server keeps only who wrote it and when."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inventory_entries")
    box = models.BinaryField()
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-pk"]
        # In the order his list and searches read them (the newest first, the later of two written at once
        # first): the database reads his entries from the index, never sorts them.
        indexes = [models.Index(fields=["owner", "-created_at", "-id"], name="entry_owner_newest_first")]
