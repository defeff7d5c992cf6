"""The moderators' side: the stories waiting, and one story with its pre-checks,
its take-down requests and the decision."""
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from holdspace.accounts.two_factor import two_factor_detour
from holdspace.organisations.access import organisation_access
from holdspace.organisations.models import Role
from holdspace.stories import moderation, prechecks
from holdspace.stories.forms import DecisionForm
from holdspace.stories.models import Story

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
    story = moderation.story_for_review(public_id, request.user)
    if story is None:
        raise Http404
    requests = list(story.takedown_requests.filter(settled_at__isnull=True))
    form = DecisionForm(request.POST if request.method == "POST" else None, requests=requests)
    context = {"story": story, "flags": prechecks.check_story(story.parts, story.language),
               "requests": requests, "decisions": story.decisions.select_related("moderator")[:10], "form": form,
               "waiting": story.status == Story.Status.WAITING}
    if request.method != "POST":
        return render(request, "stories/review.html", context)
    if story.status != Story.Status.WAITING:
        messages.info(request, _("This story is no longer waiting: someone decided, or its writer took it back."))
        return redirect("stories:queue")
    if not form.is_valid():
        return render(request, "stories/review.html", context, status=400)
    try:
        moderation.decide(story=story, moderator=request.user, outcome=form.cleaned_data["outcome"],
                          note=form.cleaned_data["note"].strip(), requests_read=form.requests_read())
    except moderation.NotWaiting:
        messages.info(request, _("This story is no longer waiting: someone decided, or its writer took it back."))
        return redirect("stories:queue")
    except moderation.TakedownNotReviewed:
        # A request came in while the page was open: show it, and ask again.
        messages.warning(request, _("Another take-down request came in while you were reading. Please read it "
                                    "before you decide."))
        return redirect("stories:review", public_id=story.public_id)
    messages.success(request, _("Decision saved. The writer sees it on his story's page."))
    return redirect("stories:queue")
