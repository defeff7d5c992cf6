"""Every story waits for a moderator; a take-down request brings it back at once.

Who moderates: the people holding the moderator role in the organisation
named by HOLDSPACE_STORIES_MODERATED_BY. Nothing is ever published
automatically, whoever wrote it and however often he has written before.
"""
from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from holdspace.accounts.emails import send_templated_mail
from holdspace.audit.services import audit_record
from holdspace.organisations.models import Membership, Organisation, Role
from holdspace.stories import search
from holdspace.stories.models import ModerationDecision, Story, StoryTheme, TakedownRequest
from holdspace.web.refusals import Refusal


REVIEWABLE = (Story.Status.WAITING, Story.Status.PUBLISHED, Story.Status.REJECTED)


def waiting_for(moderator, *, limit: int) -> tuple[list[Story], int]:
    """Stories waiting for this moderator, take-down requests first, then the oldest; and how many wait in all.

    His own stories are left for another moderator. Read as two short index walks, not a count over every
    waiting story, so the queue opens as fast on a day with a hundred thousand stories waiting.
    """
    waiting = Story.objects.filter(status=Story.Status.WAITING).exclude(author=moderator)
    fields = ("public_id", "title", "language", "submitted_at", "published_at", "flag_count")
    open_requests = TakedownRequest.objects.filter(settled_at__isnull=True)
    asked = list(waiting.filter(pk__in=open_requests.values("story")).order_by("submitted_at").only(*fields)[:limit])
    rest = list(waiting.exclude(pk__in=[story.pk for story in asked]).order_by("submitted_at")
                .only(*fields)[:limit - len(asked)])
    counts = dict(open_requests.filter(story__in=asked).values_list("story").annotate(open=Count("id"))
                  .values_list("story", "open"))
    for story in asked + rest:
        story.open_requests = counts.get(story.pk, 0)
    return asked + rest, waiting.count()


def story_for_review(public_id: str, *, moderator) -> Story | None:
    """A story a moderator may open: waiting, or decided. Drafts and returned stories are the writer's own
    work in progress, and a moderator's own story is for another moderator."""
    return (Story.objects.filter(public_id=public_id, status__in=REVIEWABLE).exclude(author=moderator)
            .first())


def host_organisation() -> Organisation | None:
    slug = settings.HOLDSPACE_STORIES_MODERATED_BY
    return Organisation.objects.filter(slug=slug).first() if slug else None


def decide(*, story: Story, moderator, outcome: str, note: str = "",
           requests_read: frozenset[int] = frozenset()) -> Story:
    """Approve, return with a note, or reject with a reason; the writer sees the outcome.

    `requests_read` holds the take-down requests the moderator confirmed he
    read: a story comes back only when that covers every open request, so one
    that arrived while he was reading keeps it down. Refused when the story no
    longer waits (someone decided first, or its writer took it back) and for a
    moderator's own story: another moderator reads it.
    """
    host = host_organisation()
    with transaction.atomic():
        locked = Story.objects.select_for_update().filter(pk=story.pk).first()
        if locked is None or locked.status != Story.Status.WAITING:
            raise Refusal("not_waiting")
        if locked.author_id is not None and locked.author_id == moderator.pk:
            raise Refusal("own_story")
        open_requests = TakedownRequest.objects.filter(story=locked, settled_at__isnull=True)
        open_ids = set(open_requests.values_list("pk", flat=True))
        if outcome == ModerationDecision.Outcome.APPROVED and not open_ids <= requests_read:
            raise Refusal("takedown_unread")
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
        settled = 0
        if outcome != ModerationDecision.Outcome.RETURNED:
            # Settled once the story is published again or refused; the words were for that reading only.
            # A returned story keeps its requests, so they come back with it when it is sent again.
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


def takedown(*, story: Story, reason: str, words: str = "") -> TakedownRequest | None:
    """Unpublish at once and put the story back before a moderator, with the request attached.

    Nobody asking is asked to prove anything, and nothing about them is kept. A story its writer deleted
    meanwhile is down all the same: None, and nothing to record.
    """
    host = host_organisation()
    with transaction.atomic():
        locked = Story.objects.select_for_update().filter(pk=story.pk).first()
        if locked is None:
            return None
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
        if was_published:  # further requests on a story already down are read with it, without more mail
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
