"""The moderators' side: the stories waiting, and one story with its pre-checks,
its take-down requests and the decision."""
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from holdspace.organisations.access import organisation_access, two_factor_detour
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
        organisation_access(request, slug, roles=(Role.MODERATOR,))
        detour = two_factor_detour(request)
        if detour is not None:
            return detour
        return view(request, *args, **kwargs)

    return wrapper


@moderator_view
def queue(request: HttpRequest) -> HttpResponse:
    waiting = (
        Story.objects.filter(status=Story.Status.WAITING)
        .annotate(open_requests=Count("takedown_requests", filter=Q(takedown_requests__settled_at__isnull=True)))
        .order_by("-open_requests", "submitted_at")
        .only("public_id", "title", "language", "signature", "submitted_at", "published_at", "what_i_did",
              "what_i_understand", "what_i_changed")
    )
    total = Story.objects.filter(status=Story.Status.WAITING).count()
    stories = list(waiting[:QUEUE_SIZE])
    for story in stories:
        story.flag_count = len(prechecks.check_story(story.parts, story.language))
    return render(request, "stories/queue.html", {"stories": stories, "total": total})


@moderator_view
def review(request: HttpRequest, public_id: str) -> HttpResponse:
    story = Story.objects.filter(public_id=public_id).first()
    if story is None:
        raise Http404
    requests = list(story.takedown_requests.filter(settled_at__isnull=True))
    form = DecisionForm(request.POST if request.method == "POST" else None, has_takedown=bool(requests))
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
                          note=form.cleaned_data["note"].strip(),
                          takedown_read=form.cleaned_data.get("takedown_read", False))
    except moderation.NotWaiting:
        messages.info(request, _("This story is no longer waiting: someone decided, or its writer took it back."))
        return redirect("stories:queue")
    except moderation.TakedownNotReviewed:
        form.add_error("takedown_read", _("Someone asked for this story to come down. Please confirm you have read "
                                          "their request before publishing it again."))
        return render(request, "stories/review.html", context, status=400)
    messages.success(request, _("Decision saved. The writer sees it on his story's page."))
    return redirect("stories:queue")
