"""The writer's side: writing, checking, saving, sending to a moderator, and coming back.

A writer without an account comes back through his private link: opening it
lets this browser session reach the story, and the link's secret leaves the
address bar at once (as a password-reset link does).
"""
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from holdspace.accounts.throttle import client_key, throttled
from holdspace.stories import prechecks, writing
from holdspace.stories.forms import DraftForm, StoryForm
from holdspace.stories.models import Story

SESSION_STORIES = "hs_story_access"
SESSION_STORIES_KEEP = 20
TOO_MANY = 429
SUBMIT, DRAFT, CHECK = "submit", "draft", "check"


def _action(request: HttpRequest) -> str:
    action = request.POST.get("action", "")
    return action if action in {SUBMIT, DRAFT, CHECK} else CHECK


def _flags(data: dict, language: str) -> list[prechecks.Flag]:
    parts = {name: str(data.get(name, ""))[:10_000] for name in
             ("title", "what_i_did", "what_i_understand", "what_i_changed")}
    return prechecks.check_story(parts, language if language in dict(settings.LANGUAGES) else "en")


def _writer_form(request: HttpRequest, action: str, **kwargs) -> StoryForm:
    form_class = StoryForm if action == SUBMIT else DraftForm
    return form_class(request.POST, with_account=request.user.is_authenticated, **kwargs)


def _throttled(request: HttpRequest) -> bool:
    rate = settings.HOLDSPACE_STORY_RATE_CLIENT
    if throttled(scope="story-client", bucket=client_key(request), rate=rate):
        return True
    return request.user.is_authenticated and throttled(scope="story-account", bucket=str(request.user.pk), rate=rate)


def _grant(request: HttpRequest, story: Story) -> None:
    kept = [item for item in request.session.get(SESSION_STORIES, []) if item != story.public_id]
    request.session[SESSION_STORIES] = [story.public_id, *kept][:SESSION_STORIES_KEEP]


class SignInFirst(Exception):
    pass


def _writer_story(request: HttpRequest, public_id: str) -> Story:
    """The story, if this person wrote it (account) or opened its private link in this session; 404 otherwise."""
    found = Story.objects.filter(public_id=public_id).first()
    if found is None:
        raise Http404
    if found.author_id is not None:
        if not request.user.is_authenticated:
            raise SignInFirst
        if request.user.pk != found.author_id:
            raise Http404
    elif public_id not in request.session.get(SESSION_STORIES, []):
        raise Http404
    return found


def _page(request, template, context, status=200):
    return render(request, template, {"languages": settings.LANGUAGES, **context}, status=status)


@login_not_required
def write(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        language = request.LANGUAGE_CODE if request.LANGUAGE_CODE in dict(settings.LANGUAGES) else "en"
        form = StoryForm(with_account=request.user.is_authenticated, initial={"language": language})
        return _page(request, "stories/write.html", {"form": form})
    action = _action(request)
    form = _writer_form(request, action)
    flags = _flags(request.POST, request.POST.get("language", ""))
    context = {"form": form, "flags": flags, "checked": True}
    if action == CHECK:
        form.is_valid()
        return _page(request, "stories/write.html", {**context, "form": _writer_form(request, DRAFT)})
    if _throttled(request):
        form.is_valid()
        form.add_error(None, _("Many stories were sent from here in a short time. Please wait an hour and send "
                               "it again; what you wrote is still here."))
        return _page(request, "stories/write.html", context, status=TOO_MANY)
    if not form.is_valid():
        return _page(request, "stories/write.html", context, status=400)
    author = request.user if request.user.is_authenticated else None
    story, secret = writing.story_create(author=author, fields=form.cleaned_data, submit=action == SUBMIT)
    _grant(request, story)
    if secret is not None:
        # Shown in this response only: the link is kept nowhere and cannot be shown again.
        link = settings.SITE_URL + reverse("stories:link", args=[secret])
        return _page(request, "stories/link.html", {"story": story, "link": link})
    messages.success(request, _sent_message(story))
    return redirect("stories:yours", public_id=story.public_id)


def _sent_message(story: Story) -> str:
    if story.status == Story.Status.WAITING:
        return _("Your story is with the moderators. You will see their answer here.")
    return _("Your draft is saved.")


@login_not_required
@require_POST
def check(request: HttpRequest) -> HttpResponse:
    """The pre-checks for what is in the form now, as a fragment the writing page swaps in."""
    return render(request, "stories/_flags.html", {
        "flags": _flags(request.POST, request.POST.get("language", "")), "checked": True})


@login_not_required
def link(request: HttpRequest, secret: str) -> HttpResponse:
    found = writing.story_by_link(secret)
    if found is None:
        return render(request, "stories/link_unknown.html", status=404)
    _grant(request, found)
    return redirect("stories:yours", public_id=found.public_id)


@login_not_required
def yours(request: HttpRequest, public_id: str) -> HttpResponse:
    try:
        story = _writer_story(request, public_id)
    except SignInFirst:
        return redirect_to_login(request.get_full_path())
    context = {"story": story, "decisions": story.decisions.all()[:5]}
    if request.method != "POST":
        form = StoryForm(with_account=story.author_id is not None, initial=StoryForm.initial_from(story))
        flags = prechecks.check_story(story.parts, story.language)
        return _page(request, "stories/yours.html", {**context, "form": form, "flags": flags})
    if not story.editable:
        messages.info(request, _("This story is not open for changes now."))
        return redirect("stories:yours", public_id=story.public_id)
    action = _action(request)
    form_class = StoryForm if action == SUBMIT else DraftForm
    form = form_class(request.POST, with_account=story.author_id is not None)
    flags = _flags(request.POST, request.POST.get("language", ""))
    context.update({"form": form, "flags": flags, "checked": True})
    if action == CHECK:
        form.is_valid()
        return _page(request, "stories/yours.html", {**context, "form": DraftForm(
            request.POST, with_account=story.author_id is not None)})
    if action == SUBMIT and _throttled(request):
        form.is_valid()
        form.add_error(None, _("Many stories were sent from here in a short time. Please wait an hour and send "
                               "it again; what you wrote is still here."))
        return _page(request, "stories/yours.html", context, status=TOO_MANY)
    if not form.is_valid():
        return _page(request, "stories/yours.html", context, status=400)
    try:
        story = writing.story_update(story=story, fields=form.cleaned_data, submit=action == SUBMIT)
    except writing.NotEditable:
        messages.info(request, _("This story is not open for changes now."))
        return redirect("stories:yours", public_id=story.public_id)
    messages.success(request, _sent_message(story))
    return redirect("stories:yours", public_id=story.public_id)


@login_not_required
@require_POST
def take_back(request: HttpRequest, public_id: str) -> HttpResponse:
    try:
        story = _writer_story(request, public_id)
    except SignInFirst:
        return redirect_to_login(reverse("stories:yours", args=[public_id]))
    try:
        writing.story_take_back(story=story)
        messages.success(request, _("Your story is a draft again. Change it and send it when you are ready."))
    except writing.NotEditable:
        messages.info(request, _("This story is being reviewed and cannot be taken back now."))
    return redirect("stories:yours", public_id=story.public_id)


@login_not_required
@require_POST
def withdraw(request: HttpRequest, public_id: str) -> HttpResponse:
    try:
        story = _writer_story(request, public_id)
    except SignInFirst:
        return redirect_to_login(reverse("stories:yours", args=[public_id]))
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Please tick the box to confirm that your story should be deleted."))
        return redirect("stories:yours", public_id=story.public_id)
    writing.story_withdraw(story=story, actor_id=request.user.pk if request.user.is_authenticated else None)
    messages.success(request, _("Your story is deleted, with everything it said."))
    return redirect("stories:mine" if request.user.is_authenticated else "stories:feed")


def mine(request: HttpRequest) -> HttpResponse:
    stories = request.user.stories.order_by("-updated_at").only(
        "public_id", "title", "status", "updated_at", "published_at", "helped_count")
    return render(request, "stories/mine.html", {"stories": stories})
