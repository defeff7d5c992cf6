"""A man writing his story: drafts, sending it to a moderator, taking it back, withdrawing it.

A writer without an account gets a private link when he first saves. Only a
keyed hash of the link's secret is kept, so the link itself is shown once and
never stored or logged.
"""
import secrets

from django.db import transaction
from django.utils import timezone

from holdspace.audit.services import audit_record
from holdspace.crypto.derivation import lookup_hash
from holdspace.stories import prechecks, search
from holdspace.stories.models import Story, StoryTheme
from holdspace.web.refusals import Refusal

LINK_BYTES = 24  # 192 bits
WRITABLE_FIELDS = ("title", "what_i_did", "what_i_understand", "what_i_changed", "pseudonym", "language", "themes")


def link_hash(secret: str) -> str:
    return lookup_hash(secret, purpose=b"story-link")


def story_by_link(secret: str) -> Story | None:
    # A real secret is 32 characters; anything far longer is not worth hashing.
    if not secret or len(secret) > 100:
        return None
    return Story.objects.filter(link_hash=link_hash(secret)).first()


def story_create(*, author, fields: dict, submit: bool = False) -> tuple[Story, str | None]:
    """Save a new story as a draft, or send it straight to moderation.

    Returns the story and, for a writer without an account, the secret of his
    private link, which is shown to him once.
    """
    secret = None if author is not None else secrets.token_urlsafe(LINK_BYTES)
    story = Story(author=author, link_hash=link_hash(secret) if secret else None)
    _apply(story, fields)
    if submit:
        _mark_submitted(story)
    story.save()
    return story, secret


def story_update(*, story: Story, fields: dict, submit: bool = False) -> Story:
    """Change a draft or a returned story, and send it to the moderators if asked; a story with the moderators
    or published cannot change now."""
    with transaction.atomic():
        locked = Story.objects.select_for_update().get(pk=story.pk)
        if not locked.editable:
            raise Refusal("not_editable")
        _apply(locked, fields)
        if submit:
            _mark_submitted(locked)
        locked.save()
    return locked


def story_take_back(*, story: Story) -> Story:
    """A story waiting for its first reading goes back to being a draft, so its writer can change it.

    A story taken down on request stays with the moderator: its writer cannot pull it out of review.
    """
    with transaction.atomic():
        locked = Story.objects.select_for_update().get(pk=story.pk)
        if locked.status != Story.Status.WAITING or locked.takedown_requests.filter(settled_at__isnull=True).exists():
            raise Refusal("in_review")
        locked.status = Story.Status.DRAFT
        locked.submitted_at = None
        locked.save(update_fields=["status", "submitted_at", "updated_at"])
    return locked


def story_withdraw(*, story: Story) -> None:
    """The writer removes his story for good, wherever it stands.

    The audit entry names the story but not who withdrew it: with the writer's
    account it would tie him to a story he may have published under a pseudonym.
    """
    with transaction.atomic():
        locked = Story.objects.select_for_update().filter(pk=story.pk).first()
        if locked is None:
            return
        audit_record(action="story.withdrawn", actor_id=None, target=locked,
                     details={"story": locked.public_id, "was_published": locked.status == Story.Status.PUBLISHED})
        search.remove(locked.pk)
        StoryTheme.objects.filter(story=locked).delete()
        locked.delete()


def _apply(story: Story, fields: dict) -> None:
    for name in WRITABLE_FIELDS:
        if name in fields:
            setattr(story, name, fields[name])
    if story.author_id is None:
        story.pseudonym = ""  # without an account a story is always anonymous
    story.flag_count = len(prechecks.check_story(story.parts, language=story.language))


def _mark_submitted(story: Story) -> None:
    story.status = Story.Status.WAITING
    story.submitted_at = timezone.now()
    story.moderator_note = ""
