from django.urls import path, register_converter

from holdspace.stories.feeds import atom
from holdspace.stories.views import moderation, public, writing


class PublicIdConverter:
    regex = "[a-z0-9]{12}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(PublicIdConverter, "story_id")

app_name = "stories"
urlpatterns = [
    path("stories/", public.feed, name="feed"),
    path("stories/search/", public.search, name="search"),
    path("stories/feed.atom", atom, name="atom"),
    path("stories/write/", writing.write, name="write"),
    path("stories/check/", writing.check, name="check"),
    path("stories/mine/", writing.mine, name="mine"),
    path("stories/private/<str:secret>/", writing.link, name="link"),
    path("stories/back/", writing.back, name="back"),
    path("stories/moderation/", moderation.queue, name="queue"),
    path("stories/moderation/<story_id:public_id>/", moderation.review, name="review"),
    path("stories/<story_id:public_id>/", public.story, name="story"),
    path("stories/<story_id:public_id>/helped/", public.helped, name="helped"),
    path("stories/<story_id:public_id>/take-down/", public.takedown, name="takedown"),
    path("stories/<story_id:public_id>/yours/", writing.yours, name="yours"),
    path("stories/<story_id:public_id>/yours/take-back/", writing.take_back, name="take_back"),
    path("stories/<story_id:public_id>/yours/withdraw/", writing.withdraw, name="withdraw"),
]
