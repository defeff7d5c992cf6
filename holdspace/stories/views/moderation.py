"""The moderators' side: the stories waiting, and one story with its pre-checks,
its take-down requests and the decision."""
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from holdspace.accounts.two_factor import two_factor_detour
from holdspace.organisations.access import organisation_access
from holdspace.organisations.models import Role
from holdspace.stories import moderation, prechecks
from holdspace.stories.forms import DecisionForm
from holdspace.stories.models import Story
from holdspace.stories.refusals import REFUSALS
from holdspace.web.actions import post_action

QUEUE_SIZE = 50


def moderator_view(view):
    """Only the moderators of the organisation that hosts stories, after two-step sign-in."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        slug = settings.HOLDSPACE_STORIES_MODERATED_BY
        if not slug:
            raise Http404
        organisation_access(request, slug=slug, roles=(Role.MODERATOR,))
        detour = two_factor_detour(request)
        if detour is not None:
            return detour
        return view(request, *args, **kwargs)

    return wrapper


@moderator_view
def queue(request: HttpRequest) -> HttpResponse:
    stories, total = moderation.waiting_for(request.user, limit=QUEUE_SIZE)
    return render(request, "stories/queue.html", {"stories": stories, "total": total})


@moderator_view
def review(request: HttpRequest, public_id: str) -> HttpResponse:
    story = moderation.story_for_review(public_id, moderator=request.user)
    if story is None:
        raise Http404
    requests = list(story.takedown_requests.filter(settled_at__isnull=True))
    form = DecisionForm(request.POST if request.method == "POST" else None, requests=requests)
    context = {"story": story, "flags": prechecks.check_story(story.parts, language=story.language),
               "requests": requests, "decisions": story.decisions.select_related("moderator")[:10], "form": form,
               "waiting": story.status == Story.Status.WAITING}
    if request.method != "POST":
        return render(request, "stories/review.html", context)
    if story.status != Story.Status.WAITING:
        messages.info(request, REFUSALS["not_waiting"])
        return redirect("stories:queue")
    # The form is checked here, so that a refused decision goes back to the story, read again: a take-down request
    # that came in while the page was open is shown before anything is decided.
    if not form.is_valid():
        return render(request, "stories/review.html", context, status=400)
    return post_action(
        request, refusals=REFUSALS, to=reverse("stories:queue"),
        refused_to=reverse("stories:review", args=[story.public_id]),
        act=lambda _data: moderation.decide(story=story, moderator=request.user,
                                            outcome=form.cleaned_data["outcome"],
                                            note=form.cleaned_data["note"].strip(),
                                            requests_read=form.requests_read()),
        done=_("Decision saved. The writer sees it on his story's page."))
