from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Circle(models.Model):
    """A men's group or workshop an organisation runs, listed in the public finder when open."""

    class Kind(models.TextChoices):
        GROUP = "group", _("Ongoing men's group")
        SERIES = "series", _("Workshop series")
        WORKSHOP = "workshop", _("One-off workshop")

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="circles")
    name = models.CharField(_("name"), max_length=160)
    slug = models.SlugField(_("short name for links"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    description = models.TextField(_("what happens in it"), blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    online = models.BooleanField(_("meets online"), default=False)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="en")
    schedule = models.CharField(_("when it meets"), max_length=160, help_text=_('For example "monthly, 3 hours".'))
    capacity = models.PositiveSmallIntegerField(_("places"), default=12)
    open_to_new = models.BooleanField(_("open to new members"), default=True)
    # Kept from the sessions (services.next_session_refresh), so the finder sorts on an index.
    next_session_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["open_to_new", "next_session_at", "name"], name="circle_finder"),
        ]

    def __str__(self) -> str:
        return self.name


class CircleMember(models.Model):
    """A man in a circle, or waiting for a place in it."""

    class Status(models.TextChoices):
        ASKED = "asked", _("Asked to join")
        MEMBER = "member", _("Member")
        WAITING = "waiting", _("On the waiting list")

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="circle_memberships")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ASKED)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["circle", "user"], name="circle_member_once")]
        indexes = [models.Index(fields=["circle", "status"], name="circle_member_status")]


class CircleSession(models.Model):
    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("length in minutes"), default=180)
    place = models.CharField(_("where"), max_length=200, blank=True)

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["circle", "starts_at"], name="circle_session_next")]
