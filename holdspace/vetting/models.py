"""Applications to join a network, the references asked for them, and the reviewers' work on them.

A person applies for himself, or for an organisation he administers. Referees
answer through a private link whose secret is never stored, only its keyed hash.
The network's administrators review: each may note, may declare a conflict of
interest (and from then on sees nothing of the application), and one decides,
once, with a written reason the applicant reads.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

LONG_TEXT_MAX = 4000
NAME_MAX = 160


class Application(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting for a decision")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    network = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE,
                                related_name="applications_received")
    # The person who applied and reads the decision.
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="network_applications")
    # Set when he applied for an organisation he administers; empty when he applied for himself.
    organisation = models.ForeignKey("organisations.Organisation", null=True, blank=True, on_delete=models.CASCADE,
                                     related_name="applications_made")
    motivation = models.TextField(max_length=LONG_TEXT_MAX)
    # The number of the network's code of conduct the applicant adhered to; None when none was in force.
    code_number = models.PositiveIntegerField(null=True, blank=True)
    leadership_allegation = models.BooleanField()
    leadership_allegation_explanation = models.TextField(max_length=LONG_TEXT_MAX, blank=True)
    asked_to_leave = models.BooleanField()
    asked_to_leave_explanation = models.TextField(max_length=LONG_TEXT_MAX, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.WAITING)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    # Written by the reviewer who decided; the applicant reads it on his applications page.
    decision_reason = models.TextField(max_length=LONG_TEXT_MAX, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["network", "status", "created_at"])]
        constraints = [
            # One undecided application at a time per person, and per organisation.
            models.UniqueConstraint(fields=["network", "applicant"],
                                    condition=Q(status="waiting", organisation__isnull=True),
                                    name="vetting_one_waiting_per_person"),
            models.UniqueConstraint(fields=["network", "organisation"],
                                    condition=Q(status="waiting", organisation__isnull=False),
                                    name="vetting_one_waiting_per_organisation"),
            models.CheckConstraint(condition=~Q(network=models.F("organisation")),
                                   name="vetting_network_not_applying_to_itself"),
        ]

    def __str__(self) -> str:
        return f"{self.applicant_name} → {self.network}"

    @property
    def applicant_name(self) -> str:
        """Who joins: the organisation when he applied for one, else the person."""
        return self.organisation.name if self.organisation_id else self.applicant.display_name

    @property
    def is_waiting(self) -> bool:
        return self.status == self.Status.WAITING


class Reference(models.Model):
    class Status(models.TextChoices):
        ASKED = "asked", _("Asked, no answer yet")
        ANSWERED = "answered", _("Answered")
        DECLINED = "declined", _("Could not give a reference")

    class Recommendation(models.TextChoices):
        YES = "yes", _("Yes")
        RESERVATIONS = "reservations", _("Yes, with reservations")
        NO = "no", _("No")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="references")
    position = models.PositiveSmallIntegerField()
    organisation_name = models.CharField(max_length=NAME_MAX)
    contact_name = models.CharField(max_length=NAME_MAX)
    contact_email = models.EmailField()
    # Only a keyed hash of the link's secret: a database copy opens no reference form.
    token_hash = models.CharField(max_length=64, unique=True)
    asked_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ASKED)
    answered_at = models.DateTimeField(null=True, blank=True)
    how_known = models.TextField(max_length=LONG_TEXT_MAX, blank=True)
    recommendation = models.CharField(max_length=12, choices=Recommendation.choices, blank=True)
    # The referee's comments, or the words given with a decline.
    comments = models.TextField(max_length=LONG_TEXT_MAX, blank=True)
    # The name of the person who answered for the referee's organisation.
    answered_by = models.CharField(max_length=NAME_MAX, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["application", "position"], name="vetting_reference_place")]


class ReviewerNote(models.Model):
    """A reviewer's note, read by the network's other reviewers, never by the applicant."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(max_length=LONG_TEXT_MAX)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]


class Conflict(models.Model):
    """A reviewer who declared a conflict of interest: he no longer sees or decides this application."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="conflicts")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(max_length=LONG_TEXT_MAX)
    declared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["declared_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["application", "reviewer"], name="vetting_conflict_once")]
