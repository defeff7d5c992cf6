"""What the home says about stories: to a writer, the stories returned to him; to a moderator, what waits."""
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Min

from holdspace.accounts.models import User
from holdspace.stories.models import Story, TakedownRequest
from holdspace.web.prepared import Prepared, count_of
from holdspace.web.scalars import Scalar


_RETURNED = Prepared(lambda user: count_of(Story.objects.filter(author_id=user, status=Story.Status.RETURNED)),
                     user=int)


def stories_returned_asked(*, user: User) -> Scalar:
    """How many of his stories a moderator returned to him with a note, to be asked with the home's other counts
    (web.scalars)."""
    return Scalar(_RETURNED, user=user.pk)


@dataclass(frozen=True)
class ModerationWaiting:
    stories: int  # stories waiting for a moderator, his own left aside
    oldest: datetime | None  # when the longest-waiting of them was sent
    takedowns: int  # take-down requests not settled yet
    oldest_takedown: datetime | None


def moderation_waiting(*, moderator: User) -> ModerationWaiting:
    """The queue and the open take-down requests, counted in two queries."""
    queue = (Story.objects.filter(status=Story.Status.WAITING).exclude(author=moderator)
             .aggregate(n=Count("pk"), oldest=Min("submitted_at")))
    requests = (TakedownRequest.objects.filter(settled_at__isnull=True).exclude(story__author=moderator)
                .aggregate(n=Count("pk"), oldest=Min("requested_at")))
    return ModerationWaiting(stories=queue["n"], oldest=queue["oldest"], takedowns=requests["n"],
                             oldest_takedown=requests["oldest"])
