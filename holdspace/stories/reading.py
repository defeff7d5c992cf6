"""What readers see: the feed, one story, search, and "this helped me".

Every list is read from an index in the order it is shown and stops after one
page, so a page costs about the same with ten thousand stories or a million.
"""
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, QuerySet

from holdspace.accounts.throttle import throttled
from holdspace.stories import search
from holdspace.stories.models import Story, StoryTheme
from holdspace.web.public_pages import public_pages_changed

PAGE_SIZE = 20
# "Most helpful" is a ranking, not an archive: it reaches this many pages deep.
HELPFUL_PAGES = 25
LIST_FIELDS = ("public_id", "pseudonym", "language", "title", "what_i_changed", "themes", "helped_count",
               "published_at")
NEWEST, HELPFUL = "newest", "helpful"
# The parts of the site the readers' pages show, for the shared cache of public pages (web.public_pages): the lists
# change with any story and with any "this helped me", since they show the counts; a story's own page changes with
# any story (it may be the one) and with its own count.
STORIES, HELPED = "stories", "stories-helped"
LISTS = (STORIES, HELPED)
# A take-down renews the pages at once; should the cache not hear of it (unreachable at that moment), a story's
# pages are still gone within this time.
KEPT_SECONDS = 60


def story_scopes(public_id: str) -> list[str]:
    return [STORIES, f"story:{public_id}"]

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
CURSOR = re.compile(r"(?P<micros>[0-9]{1,18})-(?P<public_id>[a-z0-9]{12})")


@dataclass(frozen=True)
class FeedFilters:
    order: str = NEWEST
    theme: str = ""
    language: str = ""


@dataclass
class FeedPage:
    stories: list[Story]
    next_cursor: str = ""  # public id of the last story, for "older stories"
    next_page: int | None = None  # for "most helpful"
    lost_place: bool = False  # the story a search continued after is gone


def published() -> QuerySet[Story]:
    return Story.objects.filter(status=Story.Status.PUBLISHED)


def story_public(public_id: str) -> Story | None:
    return published().filter(public_id=public_id).first()


def cursor_for(story: Story) -> str:
    """Where "older stories" starts: the last story's publication time (in microseconds) and its public id.

    The time is in the cursor itself, so the page after still comes if that story is taken down meanwhile.
    """
    since_epoch = story.published_at - EPOCH
    return f"{since_epoch // timedelta(microseconds=1)}-{story.public_id}"


def _anchor(cursor: str) -> tuple[datetime, int] | None:
    """The publication time and id to continue after; None for a cursor that cannot be read."""
    match = CURSOR.fullmatch(cursor)
    if match is None:
        return None
    published_at = EPOCH + timedelta(microseconds=int(match["micros"]))
    # A story that left the feed leaves no id: continue after its time alone.
    story_id = published().filter(public_id=match["public_id"]).values_list("id", flat=True).first()
    return published_at, story_id if story_id is not None else 0


def story_for_takedown(public_id: str) -> Story | None:
    """A story someone may ask to take down: published, or down already after being published (a request
    can still be added). Never a draft or a story nobody but its writer and the moderators has seen."""
    return Story.objects.filter(public_id=public_id, status__in=[Story.Status.PUBLISHED, Story.Status.WAITING, Story.Status.RETURNED],
                                published_at__isnull=False).first()


def feed(filters: FeedFilters, *, cursor: str = "", page: int = 1, whole: bool = False) -> FeedPage:
    """One page of the feed; `whole` loads every part of each story (for the Atom feed)."""
    fields = () if whole else LIST_FIELDS
    if filters.order == HELPFUL:
        return _helpful(filters, page)
    rows = published()
    anchor = _anchor(cursor) if cursor else None
    if filters.theme:
        themed = StoryTheme.objects.filter(theme=filters.theme)
        if filters.language:
            themed = themed.filter(language=filters.language)
        if anchor:
            themed = themed.filter(Q(published_at__lt=anchor[0]) | Q(published_at=anchor[0], story_id__lt=anchor[1]))
        ids = list(themed.order_by("-published_at", "-story_id").values_list("story_id", flat=True)[:PAGE_SIZE + 1])
        by_id = _fields(rows.filter(pk__in=ids), fields).in_bulk()
        found = [by_id[i] for i in ids if i in by_id]
    else:
        if filters.language:
            rows = rows.filter(language=filters.language)
        if anchor:
            rows = rows.filter(Q(published_at__lt=anchor[0]) | Q(published_at=anchor[0], id__lt=anchor[1]))
        found = list(_fields(rows.order_by("-published_at", "-id"), fields)[:PAGE_SIZE + 1])
    more = len(found) > PAGE_SIZE
    found = found[:PAGE_SIZE]
    return FeedPage(found, next_cursor=cursor_for(found[-1]) if more else "")


def _fields(rows: QuerySet[Story], fields: tuple[str, ...]) -> QuerySet[Story]:
    return rows.only(*fields) if fields else rows


def _helpful(filters: FeedFilters, page: int) -> FeedPage:
    page = min(max(page, 1), HELPFUL_PAGES)
    rows = published()
    if filters.language:
        rows = rows.filter(language=filters.language)
    start = (page - 1) * PAGE_SIZE
    if filters.theme:
        themed = StoryTheme.objects.filter(theme=filters.theme)
        if filters.language:
            themed = themed.filter(language=filters.language)
        ids = list(themed.order_by("-helped_count", "-published_at", "-story_id")
                   .values_list("story_id", flat=True)[start:start + PAGE_SIZE + 1])
        by_id = rows.filter(pk__in=ids).only(*LIST_FIELDS).in_bulk()
        found = [by_id[i] for i in ids if i in by_id]
    else:
        found = list(rows.order_by("-helped_count", "-published_at", "-id").only(*LIST_FIELDS)[start:start + PAGE_SIZE + 1])
    more = len(found) > PAGE_SIZE and page < HELPFUL_PAGES
    return FeedPage(found[:PAGE_SIZE], next_page=page + 1 if more else None)


def search_stories(query: str, *, language: str = "", cursor: str = "") -> FeedPage:
    """Stories with every word of `query`, most recently written first (the order the index keeps)."""
    before = None
    if cursor:
        before = Story.objects.filter(public_id=cursor).values_list("id", flat=True).first()
        if before is None:  # the story deleted since: the list starts again from the top
            return FeedPage([], lost_place=True)
    ids = search.matching_ids(query, language=language, before=before, limit=PAGE_SIZE + 1)
    by_id = published().filter(pk__in=ids).only(*LIST_FIELDS).in_bulk()
    found = [by_id[i] for i in ids if i in by_id]
    more = len(ids) > PAGE_SIZE
    found = found[:PAGE_SIZE]
    return FeedPage(found, next_cursor=found[-1].public_id if more and found else "")


def helped(*, story: Story, user, client: str) -> bool:
    """Count one "this helped me": once a week per account, once a day per connection without one.

    Returns whether it counted. What stops repeat clicks is a throttle counter
    under a keyed hash that expires: no lasting record says who found which
    story helpful, even to someone holding the database and the server's keys.
    """
    if user is not None and user.is_authenticated:
        if throttled(scope="story-helped-account", bucket=f"{story.pk}:{user.pk}", rate="1/w"):
            return False
    else:
        if throttled(scope="story-helped", bucket=f"{story.pk}:{client}", rate="1/d"):
            return False
        if throttled(scope="story-helped-client", bucket=client, rate=settings.HOLDSPACE_HELPED_RATE_CLIENT):
            return False
    with transaction.atomic():
        counted = bool(published().filter(pk=story.pk).update(helped_count=F("helped_count") + 1))
        if counted:
            StoryTheme.objects.filter(story_id=story.pk).update(helped_count=F("helped_count") + 1)
            public_pages_changed(HELPED, f"story:{story.public_id}")
    return counted
