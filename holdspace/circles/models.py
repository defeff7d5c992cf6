from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.lookups import IsNull
from django.utils.translation import gettext_lazy as _


class Reason(models.TextChoices):
    """Why men come to men's work: the thirteen reasons a facilitator heard most (seed 000)."""

    CONNECTING = "connecting", _("Connecting with other men")
    GROWTH = "growth", _("Personal growth")
    EDUCATION = "education", _("Education")
    DEPROGRAMMING = "deprogramming", _("Dismantling patriarchal programming")
    GUILT_SHAME = "guilt_shame", _("Processing guilt and shame")
    SELF_HATRED = "self_hatred", _("Processing self-hatred")
    TRAUMA = "trauma", _("Processing trauma")
    RESENTMENT = "resentment", _("Expressing resentment")
    VALIDATION = "validation", _("Experiencing validation")
    TREATING_WOMEN = "treating_women", _("Learning to treat women better")
    COMBATING = "combating", _("Learning to combat patriarchy")
    ORGANISING = "organising", _("Acquiring tools for organising")
    WORLDVIEW = "worldview", _("Developing a new worldview")


# The finder's order: circles with a next session, soonest first, then those with none; then name and pk.
# "None planned" is a key of its own rather than NULLS LAST, whose order SQLite cannot read from an index:
# with it, both databases read the open circles' index in order and stop at the page.
NO_NEXT_SESSION = IsNull(F("next_session_at"), True)
FINDER_ORDER = (NO_NEXT_SESSION, F("next_session_at"), F("name"), F("id"))


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
    # The circle's X25519 public key: men's intake words, feedback and facilitators'
    # notes are sealed to it; the private half is sealed to each facilitator (CircleKey).
    public_key = models.BinaryField(max_length=32, null=True)
    # The number of the group agreements in force (AgreementVersion.number).
    agreements_version = models.PositiveIntegerField(default=0)
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="CircleFacilitator", related_name="circles_facilitated"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(*FINDER_ORDER, condition=Q(open_to_new=True), name="circle_finder_open"),
        ]

    def __str__(self) -> str:
        return self.name


class CircleFacilitator(models.Model):
    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="facilitator_links")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["circle", "user"], name="circle_facilitator_once")]


class CircleKey(models.Model):
    """The circle's private key, sealed to one facilitator's own public key."""

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="keys")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="circle_keys")
    sealed = models.BinaryField()
    # His copy went with a key pair he replaced: a colleague who checked with him shares it with his new one (a
    # new key pair can be made by whoever got into his mailbox, so it is never shared with on its own).
    dropped = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["circle", "user"], name="circle_key_once")]


class CircleMember(models.Model):
    """A man in a circle, asking to join it, or waiting for a place in it."""

    class Status(models.TextChoices):
        ASKED = "asked", _("Asked to join")
        MEMBER = "member", _("Member")
        WAITING = "waiting", _("On the waiting list")
        DECLINED = "declined", _("Not this time")
        LEFT = "left", _("Left")
        OFFERED = "offered", _("A place is offered")

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="circle_memberships")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ASKED)
    joined_at = models.DateTimeField(auto_now_add=True)  # when he first asked
    # The intake: the reasons he chose and his own words, as JSON sealed to the
    # circle's key, so that only its facilitators can read them (joining.intake_open).
    intake_sealed = models.BinaryField(null=True)
    # The version of the group agreements he last read and accepted.
    agreements_accepted = models.PositiveIntegerField(default=0)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A few kind words to him with the decision (about the place, never about anyone's harm).
    decision_message = models.TextField(blank=True)
    # A short mail before each session of the circle (reminders.session_reminders_send); he can turn it off.
    session_reminders = models.BooleanField(default=True)
    # A place from the waiting list (joining.places_offer): offered to him until then. Kept once he accepts an
    # offer whose request the facilitators still answer: the place stays held for him meanwhile (place_taken).
    offered_until = models.DateTimeField(null=True, blank=True)
    # When the facilitators were told that the place held for his request runs out soon (joining.holds_remind):
    # once a hold, whenever the daily job runs; cleared when he accepts an offer, which begins a new hold.
    hold_reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["circle", "user"], name="circle_member_once")]
        indexes = [models.Index(fields=["circle", "status"], name="circle_member_status")]

    @property
    def is_member(self) -> bool:
        return self.status == self.Status.MEMBER

    @property
    def holds_place(self) -> bool:
        """A request to join, from an offer he accepted, that keeps its place while the facilitators answer."""
        return self.status == self.Status.ASKED and self.offered_until is not None

    @property
    def must_reaccept(self) -> bool:
        return self.is_member and self.agreements_accepted < self.circle.agreements_version


def place_taken(prefix: str = "") -> Q:
    """The men who take one of a circle's places: its members, a man a place is offered to, and a man whose
    request, from an offer he accepted, still holds his place. `prefix` reads them through a relation
    ("members__")."""
    Status = CircleMember.Status
    return (Q(**{f"{prefix}status__in": [Status.MEMBER, Status.OFFERED]})
            | Q(**{f"{prefix}status": Status.ASKED, f"{prefix}offered_until__isnull": False}))


class AgreementVersion(models.Model):
    """One version of a circle's group agreements; members accept each new one."""

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="agreement_versions")
    number = models.PositiveIntegerField()
    # [{"title": ..., "text": ...}, ...] in the circle's language.
    items = models.JSONField(default=list)
    change_note = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["circle", "number"], name="agreement_version_once")]


class AgreementTranslation(models.Model):
    """A version of the group agreements in another offered language, item by item in the version's order. It
    belongs to that version: a man accepts the version's number, whichever language he read it in, and a new
    version is read in the circle's language until its facilitators translate it too."""

    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=8, choices=settings.LANGUAGES)
    items = models.JSONField(default=list)  # [{"title": ..., "text": ...}, ...], one for each of the version's
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["version", "language"], name="agreement_translation_once")]


class Exercise(models.Model):
    """An exercise in the library: one that ships with Holdspace (its texts come from
    circles/content in the reader's language) or one a facilitator wrote."""

    class Kind(models.TextChoices):
        OPENING = "opening", _("Opening")
        LEARNING = "learning", _("Learning")
        REFLECTION = "reflection", _("Reflection")
        ROLEPLAY = "roleplay", _("Role-play")
        COMMITMENTS = "commitments", _("Commitments")
        CLOSING = "closing", _("Closing")

    key = models.SlugField(max_length=80, unique=True, null=True, blank=True)  # built-in exercises only
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="exercises"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="exercises"
    )
    shared = models.BooleanField(_("share with my organisation's facilitators"), default=False)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    duration_minutes = models.PositiveSmallIntegerField(_("minutes"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="en")
    title = models.CharField(_("title"), max_length=160, blank=True)
    purpose = models.TextField(_("purpose"), blank=True)
    materials = models.TextField(_("materials"), blank=True)
    steps = models.TextField(_("steps"), blank=True)
    notes = models.TextField(_("notes for facilitators"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["organisation", "shared"], name="exercise_organisation")]

    @property
    def builtin(self) -> bool:
        return bool(self.key)


class CircleSession(models.Model):
    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("length in minutes"), default=180)
    place = models.CharField(_("where"), max_length=200, blank=True)
    theme = models.CharField(_("theme"), max_length=160, blank=True)
    # When the daily job mailed its members a reminder; set back to none when the session is moved.
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["circle", "starts_at"], name="circle_session_next")]


class AgendaItem(models.Model):
    """One exercise in a session's agenda, in order, with the minutes given to it."""

    session = models.ForeignKey(CircleSession, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField()
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    minutes = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position", "pk"]


class Attendance(models.Model):
    session = models.ForeignKey(CircleSession, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    present = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="attendance_once")]


class SessionNote(models.Model):
    """A facilitator's private note on a session, sealed to the circle's key."""

    session = models.ForeignKey(CircleSession, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    sealed = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


class FeedbackGiven(models.Model):
    """That a man gave feedback on a session, so he gives it once. His answer is
    not stored apart: it only adds to the session's counts (FeedbackTally)."""

    session = models.ForeignKey(CircleSession, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="feedback_once")]


class FeedbackScale(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")


class FeedbackTally(models.Model):
    """A session's anonymous feedback as counts, with no row per answer: neither the
    order of rows nor a copy of the database ties an answer to the man who gave it.
    The words of "what would you change" are sealed to the circle's key, each put in
    at a random place in the list."""

    session = models.OneToOneField(CircleSession, on_delete=models.CASCADE, related_name="feedback_tally")
    answers = models.PositiveIntegerField(default=0)
    felt_safe = models.JSONField(default=dict)  # {"yes": n, "partly": n, "no": n}
    honest = models.JSONField(default=dict)
    changes = models.JSONField(default=list)  # sealed boxes, base64


class SafetyConcern(models.Model):
    """A safety concern raised from a session, on its way from the moment to a steward of the organisation.

    What happened, who raised it and whom it concerns are locked with the concern's own data key (`content`),
    sealed to each steward who may read it (SafetyConcernKey): the row says nothing about any person. The man it
    concerns is never a reader of it. Its arrival is kept to the hour, as a report's is."""

    class Stage(models.TextChoices):
        RAISED = "raised", _("Waiting for a steward")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        FORMAL = "formal", _("Formal concern")
        REPORTED = "reported", _("Reported to the organisation")
        CLOSED = "closed", _("Closed")

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="safety_concerns")
    session = models.ForeignKey(CircleSession, null=True, on_delete=models.SET_NULL, related_name="+")
    # Someone may be in danger now: the steward's first deadline is hours, not days.
    urgent = models.BooleanField(default=False)
    content = models.BinaryField()
    stage = models.CharField(max_length=12, choices=Stage.choices, default=Stage.RAISED)
    # The deadline of the stage it is in (acknowledge, decide, act); none once reported or closed.
    due_at = models.DateTimeField(null=True, blank=True)
    raised_at = models.DateTimeField()  # to the hour
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="+")
    # The formal concern: what the steward must do, locked with the data key, and by when (due_at).
    formal_at = models.DateTimeField(null=True, blank=True)
    formal_action = models.BinaryField(null=True)
    told_at = models.DateTimeField(null=True, blank=True)  # the man concerned was told (SafetyNotice)
    reported_at = models.DateTimeField(null=True, blank=True)  # to the hour; the case is not linked
    closed_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["-raised_at", "-pk"]
        indexes = [models.Index(fields=["circle", "stage"], name="safety_concern_stage")]


class SafetyConcernKey(models.Model):
    """A safety concern's data key, sealed to one steward's own public key."""

    concern = models.ForeignKey(SafetyConcern, on_delete=models.CASCADE, related_name="keys")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sealed = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["concern", "user"], name="safety_key_once")]
        indexes = [models.Index(fields=["user", "concern"], name="safety_key_reader")]


class SafetyNotice(models.Model):
    """What a steward chose to tell the man a concern is about: that there is one and what is expected of him, in
    the steward's words sealed to his own key. It names no one else; nothing on it leads to who raised it, nor to the
    concern itself, whose row names nobody: kept to the hour, as the concern's `told_at` is, not even the moment
    pairs them."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safety_notices")
    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="+")
    sealed = models.BinaryField()
    respond_by = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "created_at"], name="safety_notice_for")]


class CircleMessage(models.Model):
    """A few words from a circle's facilitators to its members ("room 4 this time"), sealed to the circle's key
    for the facilitators' own record; each member's copy is sealed to his own key (CircleMessageCopy)."""

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    sealed = models.BinaryField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["circle", "created_at"], name="circle_message_sent")]


class CircleMessageCopy(models.Model):
    """One member's copy of a message, sealed to his own key; none (`sealed` empty) when he had no key yet, so
    that his page can say a message was written that could not be sealed to him."""

    message = models.ForeignKey(CircleMessage, on_delete=models.CASCADE, related_name="copies")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="circle_messages")
    sealed = models.BinaryField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["message", "user"], name="circle_message_copy_once")]
        indexes = [models.Index(fields=["user", "message"], name="circle_message_for")]


class Referral(models.Model):
    """A facilitator's referral of one of his circle's men to a service of the organisation's support directory
    (professional help, a behaviour-change programme): which service, its contact details and the facilitator's
    words, sealed to the man's own key, so that nobody else can read where he was referred. The row keeps no
    trace of the service; the man reads it on his page and deletes it when he wishes."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="circle_referrals")
    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="+")
    sealed = models.BinaryField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "created_at"], name="circle_referral_for")]
