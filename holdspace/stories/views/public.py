"""The reader's side: the feed, a story, search, the Atom feed, "this helped me" and
asking for a take-down. No sign-in needed, and nothing about a reader is kept."""
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from holdspace.accounts.throttle import client_key, throttled
from holdspace.stories import moderation, reading
from holdspace.stories.forms import FeedForm, SearchForm, TakedownForm
from holdspace.stories.models import Story, TakedownRequest
from holdspace.stories.refusals import REFUSALS
from holdspace.web.actions import post_action
from holdspace.web.inputs import query_page
from holdspace.web.public_pages import public_page

HELPED_COOKIE = "hs_helped"
HELPED_COOKIE_KEEP = 200  # story ids a browser remembers having marked
TOO_MANY = 429


def _cursor(request: HttpRequest) -> str:
    # Read strictly in reading.py; here only bounded, so odd input costs nothing.
    value = request.GET.get("after", "")
    return value if value.isascii() and len(value) <= 40 else ""


@login_not_required
@public_page(scopes=reading.LISTS, seconds=reading.KEPT_SECONDS)
def feed(request: HttpRequest) -> HttpResponse:
    form = FeedForm(request.GET or None)
    filters = reading.FeedFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = reading.FeedFilters(order=data["order"] or reading.NEWEST, theme=data["theme"],
                                      language=data["language"])
    page = reading.feed(filters, cursor=_cursor(request), page=query_page(request, last=reading.HELPFUL_PAGES))
    query = request.GET.copy()
    query.pop("after", None)
    query.pop("page", None)
    return render(request, "stories/feed.html", {
        "form": form, "page": page, "query": query.urlencode(), "filters": filters,
    }, status=400 if form.is_bound and not form.is_valid() else 200)


@login_not_required
@public_page(scopes=reading.LISTS, seconds=reading.KEPT_SECONDS, words=("q",))
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    page, searched = reading.FeedPage([]), False
    if form.is_bound and form.is_valid() and form.cleaned_data["q"].strip():
        searched = True
        page = reading.search_stories(form.cleaned_data["q"], language=form.cleaned_data["language"],
                                      cursor=_cursor(request))
    query = request.GET.copy()
    query.pop("after", None)
    return render(request, "stories/search.html", {
        "form": form, "page": page, "searched": searched, "query": query.urlencode(),
    }, status=400 if form.is_bound and not form.is_valid() else 200)


def _marked(request: HttpRequest) -> list[str]:
    value = request.get_signed_cookie(HELPED_COOKIE, default="", salt="stories.helped")
    return [item for item in value.split(",") if item][:HELPED_COOKIE_KEEP]


def _story_scopes(request: HttpRequest, *, public_id: str) -> list[str]:
    return reading.story_scopes(public_id)


def _marked_here(request: HttpRequest, *, public_id: str) -> str:
    # Whether this browser said the story helped it: the page offers the button or thanks.
    return "marked" if public_id in _marked(request) else ""


@login_not_required
@public_page(scopes=_story_scopes, variant=_marked_here, seconds=reading.KEPT_SECONDS)
def story(request: HttpRequest, public_id: str) -> HttpResponse:
    found = reading.story_public(public_id)
    if found is None:
        raise Http404
    url = settings.SITE_URL + reverse("stories:story", args=[found.public_id])
    marked = found.public_id in _marked(request)
    share = _("“%(title)s”: a man's story of harm and growth. #ImperfectMen %(url)s") % {
        "title": found.title, "url": url}
    return render(request, "stories/story.html", {"story": found, "marked": marked, "share_text": share})


@login_not_required
@require_POST
def helped(request: HttpRequest, public_id: str) -> HttpResponse:
    found = reading.story_public(public_id)
    if found is None:
        raise Http404
    marked = _marked(request)
    back = reverse("stories:story", args=[found.public_id]) + "#helped"
    if found.public_id in marked:
        messages.info(request, _("You already said this story helped you. Thank you."))
        return redirect(back)
    response = post_action(
        request, refusals=REFUSALS, to=back,
        act=lambda _data: reading.helped(story=found, user=request.user, client=client_key(request)),
        done=lambda counted: _("Thank you. The writer will know his story helped someone.") if counted
        else _("Thank you. This story already counts your help."))
    response.set_signed_cookie(HELPED_COOKIE, ",".join([found.public_id, *marked][:HELPED_COOKIE_KEEP]),
                               salt="stories.helped", max_age=60 * 60 * 24 * 365, httponly=True,
                               secure=settings.SECURE_COOKIES, samesite="Lax")
    return response


@login_not_required
def takedown(request: HttpRequest, public_id: str) -> HttpResponse:
    """Second click of two: the story comes down as soon as this form is sent."""
    found = reading.story_for_takedown(public_id)
    if found is None:
        raise Http404
    form = TakedownForm(request.POST if request.method == "POST" else None)
    if request.method != "POST":
        return render(request, "stories/takedown.html", {"story": found, "form": form})
    if not form.is_valid():
        return render(request, "stories/takedown.html", {"story": found, "form": form}, status=400)
    # A published story always comes down when asked. Only further requests on a story already down are
    # limited per connection, so nobody can flood the moderators; nobody is refused the first one.
    if found.status != Story.Status.PUBLISHED and throttled(
            scope="story-takedown", bucket=client_key(request), rate=settings.HOLDSPACE_TAKEDOWN_RATE_CLIENT):
        form.add_error(None, _("Many take-down requests came from this connection today. This story is already "
                               "down and waiting for a moderator; please try again tomorrow."))
        return render(request, "stories/takedown.html", {"story": found, "form": form}, status=TOO_MANY)
    # Not through post_action: nothing is refused (a story its writer deleted meanwhile is down all the same), and
    # the answer is a page of its own, with where to find support, rather than a message on another page.
    moderation.takedown(story=found, reason=form.cleaned_data["reason"] or TakedownRequest.Reason.UNSAID,
                        words=form.cleaned_data["words"])
    return render(request, "stories/takedown_done.html", {"story": found})


def takedown_after_expired_form(request: HttpRequest, public_id: str) -> HttpResponse:
    """A take-down request sent after its form expired: the words come back, and one more press sends it."""
    found = reading.story_for_takedown(public_id)
    if found is None:
        raise Http404
    form = TakedownForm(initial={"reason": request.POST.get("reason", ""), "words": request.POST.get("words", "")})
    messages.info(request, _("This page was open for a long time, so the request was not sent. Please press the "
                             "button again."))
    return render(request, "stories/takedown.html", {"story": found, "form": form}, status=403)


# A take-down request must never need typing twice (web.views.csrf_failure).
takedown.after_expired_form = takedown_after_expired_form
