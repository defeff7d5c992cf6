"""What readers see: the feed, one story, search, and "this helped me".

Every list is read from an index in the order it is shown and stops after one
page, so a page costs about the same with ten thousand stories or a million.
"""
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet

from holdspace.accounts.throttle import keyed_hash, throttled
from holdspace.stories import search
from holdspace.stories.models import HelpedMark, Story, StoryTheme

PAGE_SIZE = 20
# "Most helpful" is a ranking, not an archive: it reaches this many pages deep.
HELPFUL_PAGES = 25
LIST_FIELDS = ("public_id", "signature", "language", "title", "what_i_changed", "themes", "helped_count",
               "published_at")
NEWEST, HELPFUL = "newest", "helpful"


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


def published() -> QuerySet[Story]:
    return Story.objects.filter(status=Story.Status.PUBLISHED)


def story_public(public_id: str) -> Story | None:
    return published().filter(public_id=public_id).first()


def feed(filters: FeedFilters, *, cursor: str = "", page: int = 1, whole: bool = False) -> FeedPage:
    """One page of the feed; `whole` loads every part of each story (for the Atom feed)."""
    fields = () if whole else LIST_FIELDS
    if filters.order == HELPFUL:
        return _helpful(filters, page)
    rows = published()
    anchor = None
    if cursor:
        anchor = rows.filter(public_id=cursor).values("published_at", "id").first()
        if anchor is None:
            return FeedPage([])
    if filters.theme:
        themed = StoryTheme.objects.filter(theme=filters.theme)
        if filters.language:
            themed = themed.filter(language=filters.language)
        if anchor:
            themed = themed.filter(Q(published_at__lt=anchor["published_at"])
                                   | Q(published_at=anchor["published_at"], story_id__lt=anchor["id"]))
        ids = list(themed.order_by("-published_at", "-story_id").values_list("story_id", flat=True)[:PAGE_SIZE + 1])
        by_id = _fields(rows.filter(pk__in=ids), fields).in_bulk()
        found = [by_id[i] for i in ids if i in by_id]
    else:
        if filters.language:
            rows = rows.filter(language=filters.language)
        if anchor:
            rows = rows.filter(Q(published_at__lt=anchor["published_at"])
                               | Q(published_at=anchor["published_at"], id__lt=anchor["id"]))
        found = list(_fields(rows.order_by("-published_at", "-id"), fields)[:PAGE_SIZE + 1])
    more = len(found) > PAGE_SIZE
    found = found[:PAGE_SIZE]
    return FeedPage(found, next_cursor=found[-1].public_id if more else "")


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
    before = None
    if cursor:
        before = published().filter(public_id=cursor).values_list("id", flat=True).first()
        if before is None:
            return FeedPage([])
    ids = search.matching_ids(query, language=language, before=before, limit=PAGE_SIZE + 1)
    by_id = published().filter(pk__in=ids).only(*LIST_FIELDS).in_bulk()
    found = [by_id[i] for i in ids if i in by_id]
    more = len(ids) > PAGE_SIZE
    found = found[:PAGE_SIZE]
    return FeedPage(found, next_cursor=found[-1].public_id if more and found else "")


def helped(*, story: Story, user, client: str) -> bool:
    """Count one "this helped me", once per account, or once a day per connection without one.

    Returns whether it counted. Neither the account nor the address is kept:
    a signed-in reader leaves a keyed hash of the pair; a reader without an
    account, a keyed-hash counter that expires with the day.
    """
    if user is not None and user.is_authenticated:
        try:
            with transaction.atomic():
                HelpedMark.objects.create(mark=keyed_hash("helped", str(user.pk), str(story.pk)))
        except IntegrityError:
            return False
    else:
        if throttled(scope="story-helped", bucket=f"{story.pk}:{client}", rate="1/d"):
            return False
        if throttled(scope="story-helped-client", bucket=client, rate=settings.HOLDSPACE_HELPED_RATE_CLIENT):
            return False
    counted = bool(published().filter(pk=story.pk).update(helped_count=F("helped_count") + 1))
    if counted:
        StoryTheme.objects.filter(story_id=story.pk).update(helped_count=F("helped_count") + 1)
    return counted


def already_helped(*, story: Story, user) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return HelpedMark.objects.filter(mark=keyed_hash("helped", str(user.pk), str(story.pk))).exists()
