"""The Atom feed of published stories, newest first, optionally in one language or theme."""
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _

from holdspace.stories import reading
from holdspace.stories.models import Story, Theme
from holdspace.web.public_pages import public_page

FEED_SIZE = 20  # one page of the feed


class StoriesFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request):
        language = request.GET.get("language", "")
        theme = request.GET.get("theme", "")
        return reading.FeedFilters(
            language=language if language in dict(settings.LANGUAGES) else "",
            theme=theme if theme in Theme.values else "",
        )

    def title(self, obj):
        return _("Holdspace: men's stories of harm and growth")

    def subtitle(self, obj):
        return _("Accounts by men who hurt someone, what they understand now and what they changed. "
                 "Each one read by a moderator before publication.")

    def link(self, obj):
        return reverse("stories:feed")

    def items(self, obj):
        return reading.feed(obj, whole=True).stories[:FEED_SIZE]

    def item_title(self, item: Story):
        return item.title

    def item_description(self, item: Story):
        # Atom marks the summary as HTML, which feed readers render: the writer's words are escaped first,
        # so they arrive as text, in paragraphs.
        return "".join(linebreaks(escape(part)) for part in (item.what_i_did, item.what_i_understand,
                                                              item.what_i_changed))

    def item_link(self, item: Story):
        return reverse("stories:story", args=[item.public_id])

    def item_author_name(self, item: Story):
        return item.pseudonym or _("Anonymous")

    def item_pubdate(self, item: Story):
        return item.published_at

    def item_updateddate(self, item: Story):
        return item.published_at

    def item_categories(self, item: Story):
        return item.theme_labels()


atom = login_not_required(public_page(scopes=reading.LISTS, seconds=reading.KEPT_SECONDS)(StoriesFeed()))
