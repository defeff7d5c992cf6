"""Men's stories of harm and growth, and what happens to them on their way to readers.

Stories are meant to be public once a moderator approves them, so their text
is stored as written: it is what the feed and the search show. Nothing about a
reader is kept: "this helped me" adds to a count, and what stops repeat clicks
is a throttle counter under a keyed hash that expires (accounts/throttle.py).
"""
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# Public ids are random, so stories cannot be counted or walked through by number.
PUBLIC_ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"
PUBLIC_ID_LENGTH = 12

TITLE_MAX = 120
PART_MAX = 6000
PART_MIN = 40
PSEUDONYM_MAX = 40


def new_public_id() -> str:
    return "".join(secrets.choice(PUBLIC_ID_ALPHABET) for _ in range(PUBLIC_ID_LENGTH))


class Theme(models.TextChoices):
    CONSENT = "consent", _("Consent")
    PRESSURE = "pressure", _("Pressure")
    ALCOHOL = "alcohol", _("Alcohol")
    WORK = "work", _("Work")
    RELATIONSHIPS = "relationships", _("Relationships")
    BYSTANDING = "bystanding", _("Standing by")
    CONTROL = "control", _("Control")
    ONLINE = "online", _("Online")
    FAMILY = "family", _("Family")
    FRIENDSHIP = "friendship", _("Friendship")
    HUMOUR = "humour", _("Jokes and banter")
    REPAIR = "repair", _("Making amends")


class Story(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        WAITING = "waiting", _("Waiting for a moderator")
        RETURNED = "returned", _("Returned to you with a note")
        REJECTED = "rejected", _("Not published")
        PUBLISHED = "published", _("Published")

    public_id = models.CharField(max_length=PUBLIC_ID_LENGTH, unique=True, default=new_public_id, editable=False)
    # The writer's account when he has one. The moderator never sees it.
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                               related_name="stories")
    # Without an account, the private link is the only way back: only its keyed hash is kept.
    link_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    pseudonym = models.CharField(_("pseudonym"), max_length=PSEUDONYM_MAX, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    what_i_did = models.TextField(_("what I did"), max_length=PART_MAX)
    what_i_understand = models.TextField(_("what I understand now about its impact"), max_length=PART_MAX)
    what_i_changed = models.TextField(_("what I have changed or am changing"), max_length=PART_MAX)
    themes = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    # The latest word from the moderator to the writer: a returned story's note or a rejection's reason.
    moderator_note = models.TextField(blank=True)
    helped_count = models.PositiveIntegerField(default=0)
    # How many pre-check flags the story had when last saved: the moderators' queue shows it without re-reading.
    flag_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["-published_at", "-id"], name="story_feed_newest", condition=Q(status="published")),
            models.Index(fields=["language", "-published_at", "-id"], name="story_feed_language",
                         condition=Q(status="published")),
            models.Index(fields=["-helped_count", "-published_at", "-id"], name="story_feed_helpful",
                         condition=Q(status="published")),
            models.Index(fields=["status", "submitted_at"], name="story_moderation_queue"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def parts(self) -> dict[str, str]:
        """What the pre-checks read: the pseudonym too, which must not be anyone's real name."""
        return {"title": self.title, "what_i_did": self.what_i_did, "what_i_understand": self.what_i_understand,
                "what_i_changed": self.what_i_changed, "pseudonym": self.pseudonym}

    @property
    def editable(self) -> bool:
        return self.status in {self.Status.DRAFT, self.Status.RETURNED}

    def theme_labels(self) -> list[str]:
        labels = dict(Theme.choices)
        return [labels[code] for code in self.themes if code in labels]


class StoryTheme(models.Model):
    """One row per published story and theme, so a theme's feed is read from an index in its own order
    (newest, or most helpful: the count is kept here too)."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="theme_rows")
    theme = models.CharField(max_length=20, choices=Theme.choices)
    language = models.CharField(max_length=8)
    published_at = models.DateTimeField()
    helped_count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["story", "theme"], name="story_theme_once")]
        indexes = [
            models.Index(fields=["theme", "-published_at", "-story"], name="story_theme_newest"),
            models.Index(fields=["theme", "language", "-published_at", "-story"], name="story_theme_language"),
            models.Index(fields=["theme", "-helped_count", "-published_at", "-story"], name="story_theme_helpful"),
        ]


class ModerationDecision(models.Model):
    class Outcome(models.TextChoices):
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned with a note")
        REJECTED = "rejected", _("Rejected")

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="decisions")
    moderator = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    note = models.TextField(blank=True)
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_at"]


class TakedownRequest(models.Model):
    """Someone asked for a story to come down. Nothing about who asked is kept."""

    class Reason(models.TextChoices):
        RECOGNISE = "recognise", _("I recognise myself or someone I know in it")
        HARMS = "harms", _("It hurts me or someone I know")
        OTHER = "other", _("Another reason")
        UNSAID = "unsaid", _("No reason given")

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="takedown_requests")
    reason = models.CharField(max_length=10, choices=Reason.choices, default=Reason.UNSAID)
    # Optional words to the moderator; erased once the request is settled.
    words = models.TextField(blank=True, max_length=2000)
    requested_at = models.DateTimeField(auto_now_add=True)
    settled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at"]
        indexes = [models.Index(fields=["story", "settled_at"], name="takedown_open")]
