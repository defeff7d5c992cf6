"""The stories a man wrote with his account, read back to him in his export and deleted with it; a published one
comes down from the feed and the search at once. Registered in StoriesConfig.ready."""
from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from holdspace.accounts.models import User
from holdspace.accounts.personal_data import Consequence, Part, PersonalData, Section, consequence_counted
from holdspace.stories import search
from holdspace.stories.models import Story

# The moderator's words are his to read while a story is returned to him or was not published.
NOTE_SHOWN = (Story.Status.RETURNED, Story.Status.REJECTED)


def stories_export(request: HttpRequest) -> Section:
    records = [{
        "title": story.title,
        "pseudonym": story.pseudonym,
        "language": story.get_language_display(),
        "themes": story.theme_labels(),
        "what_i_did": story.what_i_did,
        "what_i_understand": story.what_i_understand,
        "what_i_changed": story.what_i_changed,
        "status": story.get_status_display(),
        "moderator_note": story.moderator_note if story.status in NOTE_SHOWN else "",
        "helped": story.helped_count,
        "started_at": story.created_at,
        "changed_at": story.updated_at,
        "sent_at": story.submitted_at,
        "published_at": story.published_at,
    } for story in Story.objects.filter(author=request.user).order_by("-created_at", "-pk")]
    return Section(key="stories", title=_("Your stories"), parts=(Part(key="stories", title=_("Your stories"), labels={
        "title": _("Title"), "pseudonym": _("Pseudonym"), "language": _("Language"), "themes": _("Themes"),
        "what_i_did": _("What I did"), "what_i_understand": _("What I understand now about its impact"),
        "what_i_changed": _("What I have changed or am changing"), "status": _("Where it stands"),
        "moderator_note": _("The moderator's note to you"), "helped": _("Readers it helped"),
        "started_at": _("Started"), "changed_at": _("Last changed"), "sent_at": _("Sent to a moderator"),
        "published_at": _("Published"),
    }, records=records),))


def stories_consequences(user: User) -> list[Consequence]:
    counts = Story.objects.filter(author=user).aggregate(
        total=Count("pk"), published=Count("pk", filter=Q(status=Story.Status.PUBLISHED)))
    return [
        *consequence_counted(counts["total"], words=ngettext_lazy(
            "Your story is deleted.", "Your %(count)d stories are deleted.", "count")),
        *consequence_counted(counts["published"], words=ngettext_lazy(
            "The published one comes down at once: from the stories, the search and the feed.",
            "The %(count)d published ones come down at once: from the stories, the search and the feed.", "count")),
    ]


def stories_before_delete(user: User) -> dict[str, int]:
    """Take his stories out of the search index, which the cascade does not reach. The audit entry names no story:
    with his account's number it would tie him to a story he may have published under a pseudonym."""
    for story_id in Story.objects.filter(author=user).values_list("pk", flat=True):
        search.remove(story_id)
    return {}


PART = PersonalData(name="stories", order=50, export=stories_export, consequences=stories_consequences,
                    before_delete=stories_before_delete)
