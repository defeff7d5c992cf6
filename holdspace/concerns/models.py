"""Concerns raised by an organisation's women's rights partners, and the organisation's answers.

The concern, each answer and each follow-up form a register the partners read. The organisation owes an answer
within the days its policy sets; a follow-up starts the clock again.

A network also takes complaints about one of its member organisations as a whole (not about a person: harm done
by a person goes to the reporting page), from anyone with an account. A complaint is a concern of its own kind,
handled the same way and within the same days; only the network's administrators and the person who lodged it
read it.
"""
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

TITLE_MAX = 160
TEXT_MAX = 6000
DEFAULT_RESPONSE_DAYS = 30
LONGEST_RESPONSE_DAYS = 90


class ConcernPolicy(models.Model):
    """How many days the organisation gives itself to answer a partner's concern (the default when absent)."""

    organisation = models.OneToOneField("organisations.Organisation", on_delete=models.CASCADE,
                                        related_name="concern_policy")
    response_days = models.PositiveSmallIntegerField(
        _("days we give ourselves to answer a partner's concern"), default=DEFAULT_RESPONSE_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(LONGEST_RESPONSE_DAYS)],
    )

    class Meta:
        verbose_name = _("concern policy")


class Concern(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting for an answer")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")

    class Kind(models.TextChoices):
        PARTNER = "partner", _("Partner's concern")
        COMPLAINT = "complaint", _("Complaint about a member organisation")

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE,
                                     related_name="partner_concerns")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PARTNER)
    # A complaint: the member organisation it is about, and its name then (kept if it leaves Holdspace).
    about = models.ForeignKey("organisations.Organisation", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="complaints_about")
    about_name = models.CharField(max_length=160, blank=True, default="")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # The women's rights organisation the representative speaks for, in her words.
    partner_name = models.CharField(_("on behalf of"), max_length=160)
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    raised_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    # When the organisation owes its next answer; moved on by each follow-up.
    respond_by = models.DateTimeField()
    # The first answer, and whether it came within the policy's days: what the public page counts.
    first_answered_at = models.DateTimeField(null=True, blank=True)
    answered_on_time = models.BooleanField(null=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at"]
        indexes = [models.Index(fields=["organisation", "status", "respond_by"], name="concern_register"),
                   models.Index(fields=["organisation", "raised_at"], name="concern_raised")]


class ConcernEntry(models.Model):
    """One contribution to a concern's thread: the concern itself, an answer, a follow-up or a closing word."""

    class Kind(models.TextChoices):
        CONCERN = "concern", _("Concern")  # a complaint's first words too
        ANSWER = "answer", _("Answer")
        FOLLOW_UP = "follow_up", _("Follow-up")
        CLOSING = "closing", _("Closing note")

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="entries")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    text = models.TextField(max_length=TEXT_MAX)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]
