from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    class Kind(models.TextChoices):
        ORGANISATION = "organisation", _("Organisation")
        NETWORK = "network", _("Network")

    name = models.CharField(_("name"), max_length=160)
    slug = models.SlugField(_("short name for links"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ORGANISATION)
    description = models.TextField(_("what this organisation does"), blank=True)
    # A default in the database too: rows written through older migrations' models (which lack it) stay valid.
    city = models.CharField(_("city"), max_length=120, blank=True, default="", db_default="")
    country = models.CharField(_("country"), max_length=80, blank=True)
    # The language its description is written in; versions in other languages are DescriptionTranslation rows.
    language = models.CharField(_("language of the description"), max_length=8, choices=settings.LANGUAGES,
                                default=settings.LANGUAGE_CODE, db_default=settings.LANGUAGE_CODE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    @property
    def is_network(self) -> bool:
        return self.kind == self.Kind.NETWORK


class DescriptionTranslation(models.Model):
    """The organisation's description in another offered language, written by one of its administrators."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="description_translations")
    language = models.CharField(max_length=8, choices=settings.LANGUAGES)
    description = models.TextField(_("what this organisation does"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "language"],
                                               name="description_translation_once")]


class NetworkMembership(models.Model):
    """An organisation that belongs to a network (a network's members are organisations)."""

    network = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="member_links")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="network_links")
    joined_at = models.DateTimeField(auto_now_add=True)
    # The suspension in force, if the network suspended this member (its record keeps when, by whom and why).
    suspension = models.ForeignKey("NetworkSanction", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    @property
    def is_suspended(self) -> bool:
        return self.suspension_id is not None

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["network", "organisation"], name="network_member_once"),
            models.CheckConstraint(
                condition=~models.Q(network=models.F("organisation")), name="network_not_its_own_member"
            ),
        ]


SANCTION_REASON_MAX = 4000


class NetworkSanction(models.Model):
    """A step a network took on one of its member organisations, with its reason: a suspension (until the network
    lifts it) or an expulsion (the membership ends). Kept after the membership ends, so the history stays
    readable: when, by whom, why."""

    class Kind(models.TextChoices):
        SUSPENSION = "suspension", _("Suspension")
        EXPULSION = "expulsion", _("Expulsion")

    network = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="sanctions_given")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="sanctions_received")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    # Read by the network's administrators and the member organisation's; never written to the audit log.
    reason = models.TextField(_("reason"), max_length=SANCTION_REASON_MAX)
    decided_at = models.DateTimeField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    member_since = models.DateTimeField(null=True, blank=True)  # when the organisation had joined
    # A suspension ends when it is lifted, or when the member is expelled.
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")

    class Meta:
        ordering = ["-decided_at", "-pk"]
        indexes = [models.Index(fields=["network", "decided_at"], name="sanction_by_network"),
                   models.Index(fields=["organisation", "decided_at"], name="sanction_of_member")]
        constraints = [models.UniqueConstraint(
            fields=["network", "organisation"], condition=models.Q(kind="suspension", ended_at=None),
            name="one_suspension_in_force")]

    @property
    def in_force(self) -> bool:
        return self.kind == self.Kind.SUSPENSION and self.ended_at is None


class Role(models.TextChoices):
    MEMBER = "member", _("Member")
    FACILITATOR = "facilitator", _("Facilitator")
    CASE_HANDLER = "case_handler", _("Case handler")
    MODERATOR = "moderator", _("Moderator")
    ORG_ADMIN = "org_admin", _("Administrator")
    PARTNER_REP = "partner_rep", _("Partner representative")
    # Receives the safety concerns raised in the organisation's circles (circles.safety).
    STEWARD = "steward", _("Steward")


def ordered_roles(roles) -> list[str]:
    """Roles in the order people think of them (member first), not alphabetically."""
    return [role for role in Role.values if role in set(roles)]


# Roles that open other people's sensitive information: they need two-step sign-in.
ROLES_NEEDING_TWO_FACTOR = frozenset({Role.CASE_HANDLER, Role.MODERATOR, Role.ORG_ADMIN, Role.STEWARD})


class Membership(models.Model):
    """One role held by one person in one organisation; a person may hold several."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    granted_at = models.DateTimeField(auto_now_add=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organisation", "role"], name="role_held_once")]
        indexes = [models.Index(fields=["organisation", "role"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation} · {self.get_role_display()}"


class Invitation(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    roles = models.JSONField(default=list)
    # Only a hash of the link's secret is kept: a database copy opens no invitation.
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["email"])]

    @property
    def is_open(self) -> bool:
        return not (self.accepted_at or self.revoked_at) and self.expires_at > timezone.now()

    def role_labels(self) -> list[str]:
        return [str(Role(role).label) for role in ordered_roles(self.roles)]


class ReportingLine(models.Model):
    """Who a person reports to in an organisation. A case about a manager is kept
    from everyone who reports to him, so nobody handles his superior's case."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="reporting_lines")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports_to")
    manager = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="direct_reports")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "person"], name="one_manager_per_organisation"),
            models.CheckConstraint(condition=~models.Q(person=models.F("manager")), name="not_own_manager"),
        ]
