"""Applications to join a network, the references asked for them, and the reviewers' work on them.

A person applies for himself, or for an organisation he administers. Referees
answer through a private link whose secret is never stored, only its keyed hash.
The network's administrators review: each may note, may declare a conflict of
interest (and from then on sees nothing of the application), and one decides,
once, with a written reason the applicant reads.

A member organisation is vetted again on the schedule its network sets: a renewal is an Application of the
"renewal" kind, opened by a network administrator and answered by one of the member's administrators. A declined
application, or a renewal not renewed, may be appealed once; the appeal is heard by a reviewer who took no part
in the first decision and has declared no conflict on it. Referees come from women's rights organisations the
network keeps a list of; a reference from one not on the list is flagged to the reviewers.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

LONG_TEXT_MAX = 4000
NAME_MAX = 160
# The longest a network may wait between vetting a member and vetting it again: ten years.
EVERY_MONTHS_MAX = 120


class Application(models.Model):
    class Kind(models.TextChoices):
        JOINING = "joining", _("Application to join")
        RENEWAL = "renewal", _("Vetting again")

    class Status(models.TextChoices):
        # Only a renewal: opened by the network, waiting for the member organisation's answer.
        ASKED = "asked", _("Waiting for the member's answer")
        WAITING = "waiting", _("Waiting for a decision")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # Not decided or withdrawn yet: a renewal asked of the member, or anything waiting for a decision.
    OPEN = (Status.ASKED, Status.WAITING)

    network = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE,
                                related_name="applications_received")
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.JOINING)
    # The person who applied and reads the decision; for a renewal, the member's administrator who answered
    # (empty until one did).
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="network_applications")
    # Set when he applied for an organisation he administers; empty when he applied for himself.
    organisation = models.ForeignKey("organisations.Organisation", null=True, blank=True, on_delete=models.CASCADE,
                                     related_name="applications_made")
    motivation = models.TextField(max_length=LONG_TEXT_MAX, blank=True)
    # The number of the network's code of conduct the applicant adhered to; None when none was in force.
    code_number = models.PositiveIntegerField(null=True, blank=True)
    leadership_allegation = models.BooleanField(default=False)
    leadership_allegation_explanation = models.TextField(max_length=LONG_TEXT_MAX, blank=True)
    asked_to_leave = models.BooleanField(default=False)
    asked_to_leave_explanation = models.TextField(max_length=LONG_TEXT_MAX, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.WAITING)
    created_at = models.DateTimeField(default=timezone.now)
    # A renewal: who opened it, by when the member is asked to answer, and when it did.
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    answer_by = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    # Written by the reviewer who decided; the applicant reads it on his applications page.
    decision_reason = models.TextField(max_length=LONG_TEXT_MAX, blank=True)
    # Why the reviewer decided without any reference answered (required then); read by reviewers only.
    no_reference_reason = models.TextField(max_length=LONG_TEXT_MAX, blank=True)

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
            # One renewal open at a time per member organisation (asked, or answered and waiting).
            models.UniqueConstraint(fields=["network", "organisation"],
                                    condition=Q(kind="renewal", status="asked"),
                                    name="vetting_one_renewal_asked_per_organisation"),
            # A renewal is always of an organisation; an application to join always has its applicant.
            models.CheckConstraint(condition=Q(kind="joining", applicant__isnull=False)
                                   | Q(kind="renewal", organisation__isnull=False),
                                   name="vetting_kind_has_its_party"),
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

    @property
    def is_renewal(self) -> bool:
        return self.kind == self.Kind.RENEWAL

    @property
    def is_open(self) -> bool:
        """Not decided or withdrawn yet (OPEN)."""
        return self.status in self.OPEN

    @property
    def status_words(self) -> str:
        """The status as the people concerned say it: a renewal is renewed, or not renewed."""
        if self.is_renewal and self.status == self.Status.ACCEPTED:
            return str(_("Renewed"))
        if self.is_renewal and self.status == self.Status.DECLINED:
            return str(_("Not renewed"))
        return str(self.get_status_display())


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
    # The network's listed women's rights organisation this referee speaks for; empty when the name typed is not
    # on the network's list, which the reviewers see flagged.
    listed = models.ForeignKey("vetting.RefereeOrganisation", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="references")
    # Typed, and not found on the list the network keeps: the reviewers see it flagged.
    off_list = models.BooleanField(default=False)
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


class VettingSchedule(models.Model):
    """How often a network vets its member organisations again: every `every_months` months from the last
    decision on them (or from when they joined); never when empty."""

    network = models.OneToOneField("organisations.Organisation", on_delete=models.CASCADE,
                                   related_name="vetting_schedule")
    every_months = models.PositiveSmallIntegerField(null=True, blank=True)
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")


class RefereeOrganisation(models.Model):
    """A women's rights organisation on a network's list, from which referees are chosen."""

    network = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE,
                                related_name="referee_organisations")
    name = models.CharField(max_length=NAME_MAX)
    country = models.CharField(max_length=NAME_MAX)
    city = models.CharField(max_length=NAME_MAX, blank=True)
    contact = models.CharField(max_length=NAME_MAX, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(Lower("name"), "network", name="vetting_referee_organisation_once")]

    def __str__(self) -> str:
        return self.name


class Appeal(models.Model):
    """The applicant's one appeal of a declined application (or a renewal not renewed), heard by a reviewer who
    took no part in the first decision and has declared no conflict on the application."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Appeal waiting for a decision")
        GRANTED = "granted", _("Appeal granted")
        REFUSED = "refused", _("Appeal not granted")

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="appeal")
    appellant = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reasons = models.TextField(max_length=LONG_TEXT_MAX)
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.WAITING)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decision_reason = models.TextField(max_length=LONG_TEXT_MAX, blank=True)

    @property
    def is_waiting(self) -> bool:
        return self.status == self.Status.WAITING
