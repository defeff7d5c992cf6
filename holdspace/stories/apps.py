from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _search_index_matches_stories(sender, using="default", **kwargs) -> None:
    # The search index is not a model, so a test database flush leaves it
    # behind: when no story is left, neither may any entry be.
    from holdspace.stories import search
    from holdspace.stories.models import Story

    if not Story.objects.using(using).exists():
        search.clear()


class StoriesConfig(AppConfig):
    name = "holdspace.stories"
    label = "stories"
    verbose_name = _("Stories")

    def ready(self) -> None:
        from holdspace.audit.words import audit_words_register
        from holdspace.stories import audit_words
        audit_words_register(actions=audit_words.ACTIONS, details=audit_words.DETAILS, values=audit_words.VALUES)
        from holdspace.accounts.personal_data import personal_data_register
        from holdspace.stories.personal_data import PART

        personal_data_register(PART)

        post_migrate.connect(_search_index_matches_stories, sender=self)
        from holdspace.stories.models import Story
        from holdspace.stories.reading import STORIES
        from holdspace.web.public_pages import public_pages_watch

        # Only a story that is or once was published is on a public page: a draft saved, or one waiting for a
        # moderator, leaves the kept pages be. A story keeps its first publication's day when taken down.
        public_pages_watch(Story, scopes=lambda story: [STORIES] if story.published_at is not None else [])
