"""A man's personal work: his inventory, his amends plans, and his commitments with their check-ins
and his accountability partner. What he writes is locked: his inventory with his own data key, which
only his unlocked personal key opens; each commitment with its own key, sealed to those who may read
it. The server alone can read none of it."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Commitment(models.Model):
    """A concrete change of behaviour a man commits to, and checks in on.

    What he commits to, his check-in notes and his partner's encouragement are locked with the
    commitment's own key (see `sealing`), which is sealed to each reader's public key: to his own
    personal key, to the circle's key for a commitment made in a circle's round, and to his
    accountability partner's key once the partner accepts. The server alone opens none of them.
    """

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
    # {"text": ...}, locked with the commitment's key.
    box = models.BinaryField()
    check_in_every = models.CharField(_("how often I check in"), max_length=10, choices=Every.choices,
                                      default=Every.SESSION)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    # Made in a circle's commitments round: that circle's facilitators see it and its check-ins.
    source_session = models.ForeignKey(
        "circles.CircleSession", null=True, blank=True, on_delete=models.SET_NULL, related_name="commitments"
    )
    # The man he chose to see this commitment and its check-ins (never his inventory), once he accepted.
    partner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="partnered_commitments"
    )
    # The commitment's key sealed to each reader, beside the public key it is sealed to: a seal made
    # to an earlier key pair is stale, and is made again by the next person who opens the key.
    seal_owner = models.BinaryField(null=True)
    seal_owner_to = models.BinaryField(max_length=32, null=True)
    seal_circle = models.BinaryField(null=True)
    seal_circle_to = models.BinaryField(max_length=32, null=True)
    # The circle of its round reads it while he belongs to the circle; not once he has left it.
    circle_reads = models.BooleanField(default=True)
    seal_partner = models.BinaryField(null=True)
    seal_partner_to = models.BinaryField(max_length=32, null=True)
    # Only for commitments written in the clear before they were locked, whose man had no key yet:
    # the key wrapped by a server key until he sets up his own (then sealed to it and this is cleared).
    escrow = models.BinaryField(null=True)
    # A partner left while his key was locked: the next person to open the key moves the words to a fresh one.
    rekey_due = models.BooleanField(default=False)
    # Weakening waits: setting it down or checking in less often takes effect after a delay.
    change_asked_at = models.DateTimeField(null=True, blank=True)
    change_every = models.CharField(max_length=10, choices=Every.choices, blank=True)
    change_status = models.CharField(max_length=10, choices=Status.choices, blank=True)
    # The due time of the check-in he was last reminded of (one mail per due check-in).
    reminded_for = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["owner", "status"], name="commitment_owner"),
            models.Index(fields=["partner", "status"], name="commitment_partner"),
        ]
        constraints = [
            # One commitment per man per session's round: saving the round again edits it.
            models.UniqueConstraint(fields=["source_session", "owner"], name="one_commitment_per_round"),
        ]

    def __str__(self) -> str:
        return f"commitment {self.pk}"


class CommitmentCheckIn(models.Model):
    class Outcome(models.TextChoices):
        KEPT = "kept", _("I kept it")
        PARTLY = "partly", _("Partly")
        NOT_YET = "not_yet", _("Not this time")

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="check_ins")
    # How it went stays plain: a circle counts kept commitments, never reading a word.
    outcome = models.CharField(_("how it went"), max_length=8, choices=Outcome.choices)
    # His word on it, locked with the commitment's key; None when he wrote none.
    note_box = models.BinaryField(null=True)
    at = models.DateTimeField(auto_now_add=True)
    # His accountability partner confirmed it (the field's "referee").
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["commitment", "at"], name="check_in_latest")]


class Encouragement(models.Model):
    """A word his accountability partner left on a commitment, locked with the commitment's key."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="encouragements")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    box = models.BinaryField()
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["commitment", "-at"], name="encouragement_newest")]


class PartnerInvitation(models.Model):
    """A man asks another member to be his accountability partner for one commitment.

    The commitment's key travels with the invitation: sealed to the invited member's own key when
    he was chosen from a circle and has one, or else locked with a key made from the invitation's
    secret, which only the link in the mail carries (the row keeps a keyed hash to find it). The
    address he wrote is locked with the commitment's key: only the man reads it back.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        EXPIRED = "expired", _("Expired")

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="invitations")
    invitee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="partner_invitations")
    token_hash = models.CharField(max_length=64, unique=True, null=True)
    key_by_token = models.BinaryField(null=True)
    key_sealed = models.BinaryField(null=True)
    key_sealed_to = models.BinaryField(max_length=32, null=True)
    address_box = models.BinaryField(null=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["invitee", "status"], name="partner_invitation_invitee")]


class ReminderOptOut(models.Model):
    """He turned off mails that say a check-in is due."""

    owner = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(auto_now_add=True)


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


class AmendsPlan(models.Model):
    """One amends plan. Everything in it (whom he harmed, what happened, its impact, what repair could look
    like, whether contact is wanted and safe, its status, his reasons, its history and the entry it came from)
    is one locked box: the server keeps only whose plan it is and when it was made and last changed."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="amends_plans")
    box = models.BinaryField()
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        indexes = [models.Index(fields=["owner", "-updated_at"], name="amends_owner_changed")]
