"""An organisation's code of conduct: versions made of clauses, members' comments
on the clauses while a draft is open for them, and signatures per version.

A version is never changed once published: a change is a new version, and
everyone signs again. Old versions and their signatures are kept, so any two
versions can be compared and anyone's signing history read back.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

CLAUSE_TITLE_MAX = 160
CLAUSE_TEXT_MAX = 4000
COMMENT_MAX = 2000


class CodeVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("In force")
        SUPERSEDED = "superseded", _("Replaced by a later version")

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE,
                                     related_name="code_versions")
    # 0 while a draft; the next number when published, so numbers count only versions that were in force.
    number = models.PositiveIntegerField(default=0)
    language = models.CharField(max_length=8, choices=settings.LANGUAGES)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    # Members comment on a draft's clauses until this moment; None when comments are not open.
    comments_close_at = models.DateTimeField(null=True, blank=True)
    # What changed and why, in the administrator's words, shown to everyone asked to sign again.
    change_note = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # One draft and one version in force at a time.
            models.UniqueConstraint(fields=["organisation"], condition=Q(status="draft"), name="code_one_draft"),
            models.UniqueConstraint(fields=["organisation"], condition=Q(status="published"),
                                    name="code_one_in_force"),
            models.UniqueConstraint(fields=["organisation", "number"], condition=Q(number__gt=0),
                                    name="code_number_once"),
        ]
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"{self.organisation} v{self.number}" if self.number else f"{self.organisation} draft"


class Clause(models.Model):
    version = models.ForeignKey(CodeVersion, on_delete=models.CASCADE, related_name="clauses")
    position = models.PositiveIntegerField()
    title = models.CharField(max_length=CLAUSE_TITLE_MAX)
    text = models.TextField(max_length=CLAUSE_TEXT_MAX)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["version", "position"], name="clause_position_once")]


class ClauseComment(models.Model):
    """A member's word on a draft clause: what is missing, unclear, or would not work in practice."""

    clause = models.ForeignKey(Clause, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(max_length=COMMENT_MAX)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]


class Signature(models.Model):
    """A person signing a version for himself, or a member organisation's administrator signing a
    network's version on his organisation's behalf."""

    version = models.ForeignKey(CodeVersion, on_delete=models.CASCADE, related_name="signatures")
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                               related_name="code_signatures")
    on_behalf_of = models.ForeignKey("organisations.Organisation", null=True, blank=True, on_delete=models.CASCADE,
                                     related_name="code_signatures")
    signed_at = models.DateTimeField(auto_now_add=True)
    # The language the version was shown in when it was signed (its original or a translation); "" before this
    # was kept.
    read_in = models.CharField(max_length=8, blank=True, default="")

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(person__isnull=False) ^ Q(on_behalf_of__isnull=False),
                                   name="signature_person_or_organisation"),
            models.UniqueConstraint(fields=["version", "person"], condition=Q(person__isnull=False),
                                    name="signature_person_once"),
            models.UniqueConstraint(fields=["version", "on_behalf_of"], condition=Q(on_behalf_of__isnull=False),
                                    name="signature_organisation_once"),
        ]


class CodeTranslation(models.Model):
    """A published version of the code in another offered language, clause by clause in the version's order. It
    belongs to that version alone: a new version is read in its original until someone translates it too. A
    signature stays the version's, whichever language it was read in."""

    version = models.ForeignKey(CodeVersion, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=8, choices=settings.LANGUAGES)
    # [{"title": ..., "text": ...}, ...], one for each of the version's clauses, in their order.
    clauses = models.JSONField(default=list)
    change_note = models.TextField(blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["version", "language"], name="code_translation_once")]
