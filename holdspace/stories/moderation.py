"""Every story waits for a moderator; a take-down request brings it back at once.

Who moderates: the people holding the moderator role in the organisation
named by HOLDSPACE_STORIES_MODERATED_BY. Nothing is ever published
automatically, whoever wrote it and however often he has written before.
"""
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from holdspace.accounts.emails import send_templated_mail
from holdspace.audit.services import audit_record
from holdspace.organisations.models import Membership, Organisation, Role
from holdspace.stories import search
from holdspace.stories.models import ModerationDecision, Story, StoryTheme, TakedownRequest


class NotWaiting(Exception):
    """The story is not waiting for a decision (someone else decided first, or its writer took it back)."""


class TakedownNotReviewed(Exception):
    """A story with an open take-down request is published again only once the moderator has read the request."""


def host_organisation() -> Organisation | None:
    slug = settings.HOLDSPACE_STORIES_MODERATED_BY
    return Organisation.objects.filter(slug=slug).first() if slug else None


def decide(*, story: Story, moderator, outcome: str, note: str = "", takedown_read: bool = False) -> Story:
    """Approve, return with a note, or reject with a reason; the writer sees the outcome."""
    host = host_organisation()
    with transaction.atomic():
        locked = Story.objects.select_for_update().get(pk=story.pk)
        if locked.status != Story.Status.WAITING:
            raise NotWaiting
        open_requests = TakedownRequest.objects.filter(story=locked, settled_at__isnull=True)
        has_requests = open_requests.exists()
        if outcome == ModerationDecision.Outcome.APPROVED and has_requests and not takedown_read:
            raise TakedownNotReviewed
        now = timezone.now()
        if outcome == ModerationDecision.Outcome.APPROVED:
            locked.status = Story.Status.PUBLISHED
            # A story published again after a take-down keeps its first date: it does not jump the feed.
            locked.published_at = locked.published_at or now
            locked.moderator_note = ""
        else:
            locked.status = (Story.Status.RETURNED if outcome == ModerationDecision.Outcome.RETURNED
                             else Story.Status.REJECTED)
            locked.moderator_note = note
        locked.save(update_fields=["status", "published_at", "moderator_note", "updated_at"])
        ModerationDecision.objects.create(story=locked, moderator=moderator, outcome=outcome, note=note)
        # The request's words were for this reading only.
        settled = open_requests.update(settled_at=now, words="")
        if locked.status == Story.Status.PUBLISHED:
            _publish(locked)
        audit_record(action=f"story.{outcome}", actor_id=moderator.pk, organisation_id=host.pk if host else None,
                     target=locked, details={"story": locked.public_id, "takedown_requests_settled": settled})
        if locked.author_id:
            author = locked.author
            transaction.on_commit(lambda: send_templated_mail(
                to=author.email, template="stories/email/decided", language=author.language or None,
                context={"story": locked, "link": reverse("stories:yours", args=[locked.public_id])}))
    return locked


def takedown(*, story: Story, reason: str, words: str = "") -> TakedownRequest:
    """Unpublish at once and put the story back before a moderator, with the request attached.

    Nobody asking is asked to prove anything, and nothing about them is kept.
    """
    host = host_organisation()
    with transaction.atomic():
        locked = Story.objects.select_for_update().get(pk=story.pk)
        was_published = locked.status == Story.Status.PUBLISHED
        if was_published:
            locked.status = Story.Status.WAITING
            locked.submitted_at = timezone.now()
            locked.save(update_fields=["status", "submitted_at", "updated_at"])
            _unpublish(locked)
        request = TakedownRequest.objects.create(story=locked, reason=reason, words=words.strip())
        audit_record(action="story.taken_down", actor_id=None, organisation_id=host.pk if host else None,
                     target=locked, details={"story": locked.public_id, "reason": reason,
                                             "was_published": was_published})
        author = locked.author if locked.author_id else None
        transaction.on_commit(lambda: _tell_about_takedown(locked, author, host))
    return request


def _publish(story: Story) -> None:
    search.index(story)
    StoryTheme.objects.filter(story=story).delete()
    StoryTheme.objects.bulk_create([
        StoryTheme(story=story, theme=theme, language=story.language, published_at=story.published_at,
                   helped_count=story.helped_count)
        for theme in dict.fromkeys(story.themes)
    ])


def _unpublish(story: Story) -> None:
    search.remove(story.pk)
    StoryTheme.objects.filter(story=story).delete()


def _tell_about_takedown(story: Story, author, host: Organisation | None) -> None:
    if author is not None:
        send_templated_mail(to=author.email, template="stories/email/taken_down", language=author.language or None,
                            context={"story": story, "link": reverse("stories:yours", args=[story.public_id])})
    if host is None:
        return
    moderators = Membership.objects.filter(organisation=host, role=Role.MODERATOR).select_related("user")
    for membership in moderators:
        send_templated_mail(to=membership.user.email, template="stories/email/takedown_waiting",
                            language=membership.user.language or None,
                            context={"link": reverse("stories:review", args=[story.public_id])})
