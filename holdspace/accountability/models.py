"""What an organisation chooses about being accountable in public: whether its accountability page is
published. (The days it gives itself to answer a partner's concern belong to concerns' policy.)"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountabilitySettings(models.Model):
    organisation = models.OneToOneField("organisations.Organisation", on_delete=models.CASCADE,
                                        related_name="accountability_settings")
    # None until the administrator chooses: networks publish by default, organisations opt in.
    public_page = models.BooleanField(_("publish our accountability page"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("accountability settings")


NAME_MAX = 160
MINUTES_MAX = 20000


class SteeringSeat(models.Model):
    """A seat on the organisation's (or the network's) steering committee: who holds it, of what kind, from when
    to when. The standards ask for at least two women's rights organisations among the seats."""

    class Kind(models.TextChoices):
        WOMENS_RIGHTS = "womens_rights", _("Women's rights organisation")
        MEMBER = "member", _("Member organisation")
        INDEPENDENT = "independent", _("Independent person")
        OTHER = "other", _("Other")

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE,
                                     related_name="steering_seats")
    holder = models.CharField(_("who holds the seat"), max_length=NAME_MAX)
    kind = models.CharField(_("kind of seat"), max_length=16, choices=Kind.choices)
    # A person's name is shown on the public page only when an administrator says so; an organisation's always.
    is_person = models.BooleanField(_("held by a person, not an organisation"), default=False)
    name_public = models.BooleanField(_("the person's name may be shown in public"), default=False)
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["since", "pk"]
        indexes = [models.Index(fields=["organisation", "until"], name="steering_seat_current")]

    def __str__(self) -> str:
        return self.holder

    def is_current(self, today) -> bool:
        return self.since <= today and (self.until is None or self.until >= today)

    @property
    def shown_in_public(self) -> bool:
        return not self.is_person or self.name_public


class PartnerMeeting(models.Model):
    """A meeting with women's rights partner organisations, planned or held. The standards ask for at least two
    a year. Its minutes may name people and harm, so they are sealed (see accountability/minutes.py)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE,
                                     related_name="partner_meetings")
    on = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    # The partner organisations that took part (or are invited), one a line, as the administrator writes them.
    partners = models.TextField(_("partner organisations taking part"), max_length=2000)
    minutes_sealed = models.BinaryField(null=True, blank=True)
    minutes_written_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-on", "-pk"]
        indexes = [models.Index(fields=["organisation", "status", "on"], name="partner_meeting_held")]

    def partner_names(self) -> list[str]:
        return [line.strip() for line in self.partners.splitlines() if line.strip()]


class MeetingActionPoint(models.Model):
    """An action point agreed at a partner meeting: the point itself lives in the organisation's list
    (assessments.ActionPoint); this remembers which meeting it came from."""

    meeting = models.ForeignKey(PartnerMeeting, on_delete=models.CASCADE, related_name="point_links")
    action_point = models.OneToOneField("assessments.ActionPoint", on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["pk"]


class MinutesKey(models.Model):
    """The organisation's key pair for partner meetings' minutes: minutes are sealed to its public half (writing
    needs no secret); its private half is sealed to each administrator's own key (MinutesKeyCopy)."""

    organisation = models.OneToOneField("organisations.Organisation", on_delete=models.CASCADE,
                                        related_name="minutes_key")
    public_key = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)


class MinutesKeyCopy(models.Model):
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sealed = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "user"], name="minutes_key_copy_once")]
