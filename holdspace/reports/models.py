from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from holdspace.reports.pathways import Pathway, Stage

# The days a stage may stay overdue before she may ask the network to step in, as a policy may set them.
STEP_IN_DAYS_MIN, STEP_IN_DAYS_MAX = 1, 30
STEP_IN_DAYS_MESSAGE = _("Choose between 1 and 30 days.")


class ReportingPolicy(models.Model):
    """How an organisation handles reports: deadlines, notice and retention."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="reporting_policy"
    )
    stage_days = models.JSONField(_("days allowed per stage"), default=dict, blank=True)
    retention_days = models.PositiveIntegerField(_("days a closed case is kept"), default=365)
    respondent_notice_required = models.BooleanField(
        _("a formal investigation always tells the respondent"), default=False
    )
    reminder_days_before = models.PositiveSmallIntegerField(_("days before a deadline to remind"), default=1)
    route_leaders_to_network = models.BooleanField(
        _("reports about our leaders go to our network"), default=True
    )
    # How long a stage may stay overdue before the reporter may ask the network to step in: a month at most, so
    # that no organisation can push her remedy out of reach.
    step_in_after_days = models.PositiveSmallIntegerField(
        _("days a stage may be overdue before the reporter may ask our network to step in"), default=14,
        validators=[MinValueValidator(STEP_IN_DAYS_MIN, message=STEP_IN_DAYS_MESSAGE),
                    MaxValueValidator(STEP_IN_DAYS_MAX, message=STEP_IN_DAYS_MESSAGE)],
    )

    class Meta:
        verbose_name = _("reporting policy")


class SupportService(models.Model):
    """An expert organisation a handler can refer a reporter to (e.g. survivor services)."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="support_services")
    name = models.CharField(_("name"), max_length=160)
    description = models.TextField(_("what they offer"), blank=True)
    contact = models.CharField(_("how to reach them"), max_length=300)

    class Meta:
        ordering = ["name"]
        verbose_name = _("support service")


class StandardOfProof(models.TextChoices):
    BALANCE = "balance", _("On the balance of probabilities")
    CLEAR = "clear", _("Clear and convincing evidence")
    BEYOND_DOUBT = "beyond_doubt", _("Beyond reasonable doubt")


class IntakeChannel(models.TextChoices):
    PHONE = "phone", _("By phone")
    IN_PERSON = "in_person", _("In person")
    OTHER = "other", _("Another way")


class Case(models.Model):
    """A report and the work on it. Everything the reporter wrote is in boxes
    locked with the case's data key; the rest is what handling needs in the clear."""

    class Kind(models.TextChoices):
        COMPLAINT = "complaint", _("A complaint")
        FEEDBACK = "feedback", _("Feedback")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        WITHDRAWN = "withdrawn", _("Withdrawn by the reporter")
        CLOSED = "closed", _("Closed")

    class Outcome(models.TextChoices):
        RECORDED = "recorded", _("Recorded")
        SUPPORTED = "supported", _("Support given")
        RESOLVED_INFORMALLY = "resolved_informally", _("Resolved informally")
        AGREEMENT_KEPT = "agreement_kept", _("Restorative agreement completed")
        RESTORATIVE_STOPPED = "restorative_stopped", _("Restorative process stopped")
        UPHELD = "upheld", _("Complaint upheld")
        NOT_UPHELD = "not_upheld", _("Complaint not upheld")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        NO_FURTHER_ACTION = "no_further_action", _("No further action")

    class Risk(models.TextChoices):
        LOW = "low", _("No immediate risk seen")
        MEDIUM = "medium", _("Some risk: measures needed")
        HIGH = "high", _("Serious risk: act now")

    reference = models.CharField(max_length=12, unique=True)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="cases_reported"
    )
    handling_organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="cases_handled"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    on_behalf = models.BooleanField(default=False)
    consent_confirmed = models.BooleanField(default=False)
    # A report a handler recorded for someone who phoned or came in (how she reached them); empty when she
    # wrote it herself. Who recorded it is in the audit log.
    intake = models.CharField(max_length=12, choices=IntakeChannel.choices, blank=True, default="")
    # Her receipt code was seen by the handler who took the report (intake): the first time she opens it on the
    # receipt page, she is given a code of her own and this one stops working (submission.receipt_use).
    receipt_handed_over = models.BooleanField(default=False)
    pathway = models.CharField(max_length=12, choices=Pathway.choices)
    respondent_consent = models.BooleanField(
        default=False, help_text="The reporter agrees that the respondent may be told (formal pathway)."
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    stage = models.CharField(max_length=24, choices=Stage.choices, default=Stage.ACKNOWLEDGE)
    stage_due_at = models.DateTimeField(null=True)
    outcome = models.CharField(max_length=24, choices=Outcome.choices, blank=True)
    # Who the case is about, as a keyed hash of his account (holdspace/reports/people.py): a copy of the database
    # alone does not say who is accused. Empty while nobody is named.
    respondent_tag = models.CharField(max_length=64, blank=True, db_index=True)
    respondent_notified_at = models.DateTimeField(null=True, blank=True)
    # The key of the conversation with the respondent: locked with the data key for
    # handlers, and sealed to the respondent's own key. He never holds the data key.
    respondent_channel = models.BinaryField(null=True, blank=True)
    respondent_sealed = models.BinaryField(null=True, blank=True)
    # Told before he had a key: the conversation key also locked with a one-time notice code that only the email
    # to him carries (stretched like a receipt), so he reads what he was told as soon as he makes his key. Cleared
    # once the conversation is sealed to his key. See docs/security.md, "The respondent's notice".
    respondent_code_box = models.BinaryField(null=True, blank=True)
    respondent_code_salt = models.BinaryField(null=True, blank=True)
    respondent_code_parameters = models.CharField(max_length=64, blank=True)
    risk = models.CharField(max_length=8, choices=Risk.choices, blank=True)
    # Interim measures (e.g. the respondent steps back from a role), locked with the data key.
    interim_measures = models.BinaryField(null=True, blank=True)
    standard_of_proof = models.CharField(max_length=12, choices=StandardOfProof.choices, blank=True)
    appeal_by = models.CharField(max_length=12, blank=True)
    appeal_handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    received_at = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Kept when the case closes, so timeliness figures need no date arithmetic per row.
    days_to_close = models.FloatField(null=True, blank=True)
    purge_after = models.DateTimeField(null=True, blank=True)
    # Why the case is kept past retention, locked with the data key; empty when not on hold.
    hold_reason = models.BinaryField(null=True, blank=True)
    purge_warned_at = models.DateTimeField(null=True, blank=True)
    reporter_activity_at = models.DateTimeField()
    unread_for_handlers = models.PositiveIntegerField(default=0)
    unread_for_reporter = models.PositiveIntegerField(default=0)
    # Counts every change to the case's state (stage, pathway, closing, safety, people on it). Each
    # form that changes it carries the count its page showed, and a service refuses it once the case
    # has moved on, so a stale tab cannot complete the wrong stage (see reports.moves.case_claim).
    version = models.PositiveIntegerField(default=0)

    # What the reporter wrote, locked with the data key (JSON inside).
    content = models.BinaryField()
    # Name and contact, locked with a separate identity key; empty when anonymous.
    identity = models.BinaryField(null=True, blank=True)
    # The data key wrapped for the reporter by a key stretched from the receipt code.
    receipt_lookup = models.CharField(max_length=64, unique=True)
    receipt_box = models.BinaryField()
    receipt_salt = models.BinaryField(max_length=16)
    receipt_parameters = models.CharField(max_length=64)
    # The data key sealed to the organisation's recovery ring, and the ring's public key it was sealed to (a ring
    # made again later does not open it). Empty until a handler who holds the key covers the case.
    recovery_sealed = models.BinaryField(null=True, blank=True)
    recovery_public_key = models.BinaryField(max_length=32, null=True, blank=True)
    # The handling organisation's policy as it was when the report arrived (days per stage, retention, notice):
    # a case is handled under the rules it was received under, whoever changes them later.
    policy = models.JSONField(default=dict)
    # The identity key sealed to the recovery ring alone (with the data key's ring): no single handler opens it;
    # a release needs a second person's share. Empty for a case received before its organisation had a ring,
    # whose identity key is sealed to its handlers until one of them covers it.
    identity_ring_sealed = models.BinaryField(null=True, blank=True)
    # When the reporter asked the network to step in because a stage stayed overdue, and the organisation that
    # was handling the case until then (holdspace/reports/stepping_in.py). Empty otherwise.
    stepped_in_at = models.DateTimeField(null=True, blank=True)
    stepped_in_from = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="cases_handed_on",
        db_index=False,  # case_handed_on below
    )
    # The address the reporter chose to be told at that there is news, locked with the data key (JSON inside:
    # the address and the language to write in). Empty when she gave none or removed it.
    news_address = models.BinaryField(null=True, blank=True)
    # What happened and how serious it is, as a handler judged it (holdspace/reports/classification.py): locked
    # with the data key, never in a clear column. The organisation's figures come from CaseTally, which no case
    # links to. Empty until a handler sets them.
    classification = models.BinaryField(null=True, blank=True)

    class Meta:
        verbose_name = _("case")
        indexes = [
            # The queue by due date, and everything a handler's counts read of an open case (its id too, for
            # PostgreSQL), so that counting her open cases reads this index alone, never the cases' rows.
            models.Index(fields=["handling_organisation", "status", "stage_due_at", "stage", "acknowledged_at",
                                 "unread_for_handlers", "id"], name="case_work"),
            models.Index(fields=["status", "purge_after"], name="case_purge"),
            models.Index(fields=["handling_organisation", "status", "closed_at"], name="case_closed"),
            # A handler's list of closed cases, newest closed first, and of all her cases, newest received first:
            # each read in its order and left after a page's rows, not sorted whole (50,000 cases: 20 ms -> 0.2 on
            # SQLite, 44 -> 1.2 on PostgreSQL).
            models.Index(fields=["handling_organisation", "closed_at", "id"], name="case_closed_list",
                         condition=~models.Q(status="open")),
            models.Index(fields=["handling_organisation", "received_at", "id"], name="case_received"),
            # A man's own cases as respondent, asked on his every home page. Most cases name no respondent, so the
            # planner, knowing the plain index holds one value for nearly every row, would read the whole table.
            models.Index(fields=["respondent_tag"], name="case_respondent_told",
                         condition=models.Q(respondent_notified_at__isnull=False)),
            # The cases a network took over, on every handler's list of the organisation that handed them on:
            # few cases are, so a plain index would look like one value to the planner, as above.
            models.Index(fields=["stepped_in_from", "-stepped_in_at"], name="case_handed_on",
                         condition=models.Q(stepped_in_from__isnull=False)),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def has_identity(self) -> bool:
        return bool(self.identity)

    @property
    def has_respondent(self) -> bool:
        return bool(self.respondent_tag)


class CaseKey(models.Model):
    """The case's data key sealed to one handler's public key: his way in."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="keys")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_keys")
    sealed = models.BinaryField()
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)
    assigned = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="case_key_once")]
        indexes = [
            models.Index(fields=["user", "case"], name="case_key_by_user"),
            # The cases assigned to her, asked for each row of her list ("yours"): PostgreSQL reads them once, from
            # this index of the few keys assigned, instead of every key she holds (50,000 cases: 3.8 -> 1.4 ms a list).
            models.Index(fields=["user", "case"], name="case_key_assigned", condition=models.Q(assigned=True)),
        ]


class IdentitySeal(models.Model):
    """The identity key sealed to one handler. Opened only after a release was approved."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="identity_seals")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sealed = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="identity_seal_once")]


class IdentityRelease(models.Model):
    """A handler asks to see who the reporter is; another handler decides."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="identity_releases")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.BinaryField()  # locked with the case's data key
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    approved = models.BooleanField(null=True)


class IdentityPart(models.Model):
    """The requester's share of the recovery ring, and his reason, sealed to one colleague who may approve: an
    approval opens the identity only with the approver's own share beside it."""

    release = models.ForeignKey(IdentityRelease, on_delete=models.CASCADE, related_name="parts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sealed = models.BinaryField()
    reason = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["release", "user"], name="identity_part_once")]


class CaseExclusion(models.Model):
    """Someone who must never see this case: the respondent, those who report to
    him, and handlers who declared a conflict of interest."""

    class Reason(models.TextChoices):
        RESPONDENT = "respondent", _("Named as respondent")
        REPORTS_TO_RESPONDENT = "reports_to_respondent", _("Reports to the respondent")
        CONFLICT = "conflict", _("Declared a conflict of interest")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="exclusions")
    # The person, as a keyed hash of his account (holdspace/reports/people.py), never his id.
    person_tag = models.CharField(max_length=64)
    reason = models.CharField(max_length=24, choices=Reason.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "person_tag"], name="case_exclusion_once")]
        indexes = [models.Index(fields=["person_tag"], name="case_exclusion_person")]


class CaseStage(models.Model):
    """One stage a case went through, with its deadline; the latest open one is current."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="stages")
    stage = models.CharField(max_length=24, choices=Stage.choices)
    started_at = models.DateTimeField()
    due_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.BinaryField(null=True, blank=True)  # locked with the data key
    reminded_before = models.BooleanField(default=False)
    reminded_after = models.BooleanField(default=False)
    # When the overdue stage was escalated to the organisation's administrators and other handlers (once).
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["started_at", "pk"]
        indexes = [models.Index(fields=["completed_at", "due_at"], name="stage_open_due")]


class CaseMessage(models.Model):
    """A message or added information on a case, locked with the data key."""

    class Channel(models.TextChoices):
        REPORTER = "reporter", _("With the reporter")
        RESPONDENT = "respondent", _("With the respondent")
        INTERNAL = "internal", _("Handlers' notes")

    class Author(models.TextChoices):
        REPORTER = "reporter", _("Reporter")
        HANDLER = "handler", _("Handler")
        RESPONDENT = "respondent", _("Respondent")
        SYSTEM = "system", _("Holdspace")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages")
    channel = models.CharField(max_length=12, choices=Channel.choices)
    author = models.CharField(max_length=12, choices=Author.choices)
    author_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.BinaryField()
    is_information = models.BooleanField(default=False)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]


class CaseAttachment(models.Model):
    """A file added to a case: name and bytes locked with the data key, metadata stripped first."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(CaseMessage, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments")
    # A file of an entry in the evidence and interview log (holdspace/reports/evidence.py).
    evidence = models.ForeignKey("EvidenceEntry", null=True, blank=True, on_delete=models.CASCADE, related_name="files")
    name = models.BinaryField()
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    data = models.BinaryField()
    added_by = models.CharField(max_length=12, choices=CaseMessage.Author.choices)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]


class AgreementAction(models.Model):
    """One action agreed in a restorative process: what, who, by when; the text is locked."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="agreement_actions")
    description = models.BinaryField()
    owner = models.BinaryField()
    due_on = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]


class RecoveryRing(models.Model):
    """An organisation's way back into its cases when no handler's key opens them any more. Each case's data key
    is also sealed to this public key; its private half exists only as shares, each sealed to one administrator's
    or handler's own key. Two of them together rebuild it, for one step, on the server; nobody can alone."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="recovery_ring"
    )
    public_key = models.BinaryField(max_length=32)
    threshold = models.PositiveSmallIntegerField(default=2)
    created_at = models.DateTimeField()
    # When the shares were last dealt to the people who hold them now.
    dealt_at = models.DateTimeField()

    class Meta:
        verbose_name = _("recovery ring")


class RecoveryShare(models.Model):
    """One person's share of the ring's private key, sealed to his own key."""

    ring = models.ForeignKey(RecoveryRing, on_delete=models.CASCADE, related_name="shares")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sealed = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ring", "user"], name="recovery_share_once")]


class RecoveryRequest(models.Model):
    """A step only two people can take together: one starts it with his share, a second completes it with hers."""

    class Kind(models.TextChoices):
        CASES = "cases", _("Give a handler the keys to cases")
        DEAL = "deal", _("Deal the parts of the recovery key again")

    ring = models.ForeignKey(RecoveryRing, on_delete=models.CASCADE, related_name="requests")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    cases = models.ManyToManyField(Case, related_name="+", blank=True)
    # For a dealing: the people who get a part, as the second person sees them; completing it deals to no one else.
    deal_to = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]


class RecoveryPart(models.Model):
    """The starter's share, sealed to one colleague who may complete the request (never kept openable alone)."""

    request = models.ForeignKey(RecoveryRequest, on_delete=models.CASCADE, related_name="parts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sealed = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["request", "user"], name="recovery_part_once")]


class KeptReport(models.Model):
    """A report its reporter keeps with her account, so a lost receipt does not lose it. The row names her, and
    holds only a box sealed to her personal key with the case's id and data key: the database says she keeps a
    report, never which one. No time is kept, so it cannot be matched with a case's arrival."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="kept_reports")
    # The public key it was sealed to: a new key pair of hers no longer opens it.
    public_key = models.BinaryField(max_length=32)
    sealed = models.BinaryField()

    class Meta:
        verbose_name = _("kept report")
class EvidenceEntry(models.Model):
    """One dated entry of a case's evidence and interview log: what was found or said and who took it, both
    locked with the data key; its files are CaseAttachments locked the same way."""

    class Kind(models.TextChoices):
        EVIDENCE = "evidence", _("Evidence")
        INTERVIEW = "interview", _("Interview")
        OTHER = "other", _("Other")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evidence_entries")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    happened_on = models.DateField()
    text = models.BinaryField()
    taken_by = models.BinaryField()
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["happened_on", "pk"]


class CaseFinding(models.Model):
    """The outcome of a formal finding, recorded once the findings stage is complete; its result and summary are
    locked with the case's data key."""

    class Result(models.TextChoices):
        UPHELD = "upheld", _("Upheld")
        PARTLY_UPHELD = "partly_upheld", _("Partly upheld")
        NOT_UPHELD = "not_upheld", _("Not upheld")

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="finding")
    # One of Result, locked with the case's data key (padded to one length: the box's size tells nothing).
    result = models.BinaryField()
    summary = models.BinaryField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    recorded_at = models.DateTimeField()


class CaseMeasure(models.Model):
    """A measure decided on a finding (a warning, training, ...): its kind and text locked, an optional follow-up
    date (in the clear: the daily upkeep reminds the case's handlers of it), and a mark once it is done."""

    class Kind(models.TextChoices):
        WARNING = "warning", _("A warning")
        TRAINING = "training", _("Training")
        ROLE_REMOVAL = "role_removal", _("Removal from a role")
        EXCLUSION = "exclusion", _("Exclusion")
        OTHER = "other", _("Another measure")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="measures")
    # One of Kind, locked with the case's data key (padded to one length, as the finding's result).
    kind = models.BinaryField()
    description = models.BinaryField()
    follow_up_on = models.DateField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField()
    reminded_before = models.BooleanField(default=False)
    reminded_after = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["done_at", "follow_up_on"], name="measure_follow_up")]
class CaseType(models.Model):
    """A type of harm an organisation adds to the default list. Retired types stay, so a case sealed with one
    still reads its name; they are no longer offered."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="case_types")
    name = models.CharField(_("name"), max_length=80)
    retired = models.BooleanField(default=False)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("type of case")


class CaseTally(models.Model):
    """How many cases of an organisation carry a type and a severity: the figure, never which cases. The service
    that sets a case's type and severity moves one count from the old pair to the new one."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    case_type = models.CharField(max_length=24)  # a default type's code, or "org:<CaseType id>"
    severity = models.CharField(max_length=12)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "case_type", "severity"], name="case_tally_once")]


class CaseLink(models.Model):
    """Two cases of one organisation a handler linked by hand (the lower id first)."""

    first = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    linked_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["first", "second"], name="case_link_once")]
