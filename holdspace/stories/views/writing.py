"""The writer's side: writing, checking, saving, sending to a moderator, and coming back.

A writer without an account comes back through his private link: opening it
lets this browser session reach the story, and the link's secret leaves the
address bar at once (as a password-reset link does).
"""
import secrets
from functools import wraps

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
from holdspace.stories.forms import BackForm, DraftForm, StoryForm
from holdspace.stories.models import PART_MAX, Story
from holdspace.stories.refusals import REFUSALS
from holdspace.web.actions import post_action

SESSION_STORIES = "hs_story_access"
# Each writing page carries a token; once a story is saved from it, sending the same page again (a reload of
# the "keep your link" page) leads to that story instead of making a second one.
SESSION_SENT = "hs_story_sent"
SESSION_SENT_KEEP = 10
SESSION_STORIES_KEEP = 20
TOO_MANY = 429
CHECK_RATE = "600/h"
BACK_RATE = "20/h"
SUBMIT, DRAFT, CHECK = "submit", "draft", "check"


def _action(request: HttpRequest) -> str:
    action = request.POST.get("action", "")
    return action if action in {SUBMIT, DRAFT, CHECK} else CHECK


def _flags(data: dict, language: str) -> list[prechecks.Flag]:
    # Bounded like the form's fields, so a pre-check never reads more than a story can hold.
    parts = {name: str(data.get(name, ""))[:PART_MAX] for name in
             ("title", "what_i_did", "what_i_understand", "what_i_changed", "pseudonym")}
    return prechecks.check_story(parts, language=language if language in dict(settings.LANGUAGES) else "en")


def _throttled(request: HttpRequest) -> bool:
    rate = settings.HOLDSPACE_STORY_RATE_CLIENT
    if throttled(scope="story-client", bucket=client_key(request), rate=rate):
        return True
    return request.user.is_authenticated and throttled(scope="story-account", bucket=str(request.user.pk), rate=rate)


def _grant(request: HttpRequest, story: Story) -> None:
    kept = [item for item in request.session.get(SESSION_STORIES, []) if item != story.public_id]
    request.session[SESSION_STORIES] = [story.public_id, *kept][:SESSION_STORIES_KEEP]


def writer_view(view):
    """Pass on the story if this person wrote it (with his account) or opened its private link in this
    browser session; 404 otherwise, and the sign-in page for a story's author who is signed out."""

    @wraps(view)
    def wrapper(request: HttpRequest, public_id: str) -> HttpResponse:
        found = Story.objects.filter(public_id=public_id).first()
        if found is None:
            raise Http404
        if found.author_id is not None:
            if not request.user.is_authenticated:
                return redirect_to_login(reverse("stories:yours", args=[public_id]))
            if request.user.pk != found.author_id:
                raise Http404
        elif public_id not in request.session.get(SESSION_STORIES, []):
            raise Http404
        return view(request, story=found)

    return login_not_required(wrapper)


def _story_page(request: HttpRequest, *, template: str, context: dict, form, status: int = 200) -> HttpResponse:
    """The writing page with what was sent in it, and the pre-checks for it."""
    return render(request, template, {**context, "form": form, "checked": True,
                                      "flags": _flags(request.POST, request.POST.get("language", ""))}, status=status)


def _story_sent(request: HttpRequest, *, template: str, context: dict, with_account: bool,
                throttle: bool) -> tuple[StoryForm | DraftForm, bool, HttpResponse | None]:
    """The story form as sent, whether it goes to the moderators, and the page to answer at once instead: too many
    stories sent from here, or the writer only asked to check it. Whatever goes wrong, the page comes back with
    everything that was typed."""
    action = _action(request)
    form = (StoryForm if action == SUBMIT else DraftForm)(request.POST, with_account=with_account)
    if throttle and action != CHECK and _throttled(request):
        form.is_valid()
        form.add_error(None, _("Many stories were sent from here in a short time. Please wait an hour and send "
                               "it again; what you wrote is still here."))
        return form, False, render(request, template, {**context, "form": form}, status=TOO_MANY)
    if action == CHECK:
        form.is_valid()
        return form, False, _story_page(request, template=template, context=context, form=form)
    return form, action == SUBMIT, None


@login_not_required
def write(request: HttpRequest) -> HttpResponse:
    with_account = request.user.is_authenticated
    if request.method != "POST":
        language = request.LANGUAGE_CODE if request.LANGUAGE_CODE in dict(settings.LANGUAGES) else "en"
        form = StoryForm(with_account=with_account, initial={"language": language})
        return render(request, "stories/write.html", {"form": form, "sent_token": secrets.token_urlsafe(16)})
    sent_token = request.POST.get("sent_token", "")[:40] or secrets.token_urlsafe(16)
    already = request.session.get(SESSION_SENT, {}).get(sent_token)
    if already:
        messages.info(request, _("This story was already saved. If it has a private link, the link was shown "
                                 "once, when you saved it."))
        return redirect("stories:yours", public_id=already)

    page = {"template": "stories/write.html", "context": {"sent_token": sent_token}}
    form, submit, instead = _story_sent(request, **page, with_account=with_account, throttle=True)
    if instead is not None:
        return instead
    if not form.is_valid():
        return _story_page(request, **page, form=form, status=400)
    # Not through post_action: creating a story refuses nothing, and a writer without an account is answered
    # with the page of his private link, shown in this response only (the link is kept nowhere).
    story, secret = writing.story_create(author=request.user if with_account else None, fields=form.cleaned_data,
                                         submit=submit)
    _grant(request, story)
    sent = {**request.session.get(SESSION_SENT, {}), sent_token: story.public_id}
    request.session[SESSION_SENT] = dict(list(sent.items())[-SESSION_SENT_KEEP:])
    if secret is not None:
        link = settings.SITE_URL + reverse("stories:link", args=[secret])
        return render(request, "stories/link.html", {"story": story, "link": link})
    messages.success(request, _sent_message(story))
    return redirect("stories:yours", public_id=story.public_id)


def write_after_expired_form(request: HttpRequest) -> HttpResponse:
    """A story sent after its security token expired (a long writing session): give it back as typed."""
    form = StoryForm(with_account=request.user.is_authenticated, initial=_posted_story(request))
    messages.info(request, _("This page was open for a long time, so it was not sent. Everything you wrote is "
                             "below: please send it again."))
    return render(request, "stories/write.html", {"form": form, "sent_token": secrets.token_urlsafe(16)}, status=403)


@writer_view
def yours_after_expired_form(request: HttpRequest, story: Story) -> HttpResponse:
    """Changes to a story sent after the form expired: give them back as typed."""
    if not story.editable:
        return redirect("stories:yours", public_id=story.public_id)
    form = StoryForm(with_account=story.author_id is not None, initial=_posted_story(request))
    messages.info(request, _("This page was open for a long time, so it was not sent. Everything you wrote is "
                             "below: please send it again."))
    return render(request, "stories/yours.html", {"story": story, "form": form}, status=403)


def _posted_story(request: HttpRequest) -> dict:
    initial = {name: request.POST.get(name, "") for name in
               ("title", "what_i_did", "what_i_understand", "what_i_changed", "language", "pseudonym")}
    initial["themes"] = request.POST.getlist("themes")
    return initial


def _sent_message(story: Story) -> str:
    if story.status == Story.Status.WAITING:
        return _("Your story is with the moderators. You will see their answer here.")
    return _("Your draft is saved.")


@login_not_required
@require_POST
def check(request: HttpRequest) -> HttpResponse:
    """The pre-checks for what is in the form now, as a fragment the writing page swaps in.

    The page asks after each pause in typing; the limit is far above what a writer needs and keeps the
    checks from being used to load the server.
    """
    if throttled(scope="story-check", bucket=client_key(request), rate=CHECK_RATE):
        return HttpResponse(status=TOO_MANY)
    return render(request, "stories/_flags.html", {
        "flags": _flags(request.POST, request.POST.get("language", "")), "checked": True})


@login_not_required
def link(request: HttpRequest, secret: str) -> HttpResponse:
    found = writing.story_by_link(secret)
    if found is None:
        # Logged without the secret part of the path (web/logs.py).
        return render(request, "stories/link_unknown.html", status=404)
    _grant(request, found)
    return redirect("stories:yours", public_id=found.public_id)


@login_not_required
def back(request: HttpRequest) -> HttpResponse:
    """Back to a story by pasting its private link: the secret travels in the form, never in an address the
    browser keeps in its history."""
    form = BackForm(request.POST if request.method == "POST" else None)
    if request.method != "POST":
        return render(request, "stories/back.html", {"form": form})
    if throttled(scope="story-back", bucket=client_key(request), rate=BACK_RATE):
        form.is_valid()
        form.add_error(None, _("Too many links were tried from here just now. Please wait an hour and try again."))
        return render(request, "stories/back.html", {"form": form}, status=TOO_MANY)
    if not form.is_valid():
        return render(request, "stories/back.html", {"form": form}, status=400)
    found = writing.story_by_link(form.secret())
    if found is None:
        form.add_error("link", _("This link does not open a story. Please check that the whole link was copied."))
        return render(request, "stories/back.html", {"form": form}, status=400)
    _grant(request, found)
    return redirect("stories:yours", public_id=found.public_id)


@writer_view
def yours(request: HttpRequest, story: Story) -> HttpResponse:
    with_account = story.author_id is not None
    if request.method != "POST":
        form = StoryForm(with_account=with_account, initial=StoryForm.initial_from(story))
        flags = prechecks.check_story(story.parts, language=story.language)
        return render(request, "stories/yours.html", {"story": story, "form": form, "flags": flags})
    here = reverse("stories:yours", args=[story.public_id])
    if not story.editable:
        messages.info(request, REFUSALS["not_editable"])
        return redirect(here)
    page = {"template": "stories/yours.html", "context": {"story": story}}
    # Only sending to the moderators counts against the limit: saving a draft again and again does not.
    form, submit, instead = _story_sent(request, **page, with_account=with_account,
                                        throttle=request.POST.get("action") == SUBMIT)
    if instead is not None:
        return instead
    return post_action(
        request, form=form, refusals=REFUSALS, to=here, done=_sent_message,
        act=lambda fields: writing.story_update(story=story, fields=fields, submit=submit),
        again=lambda typed: _story_page(request, **page, form=typed))


@require_POST
@writer_view
def take_back(request: HttpRequest, story: Story) -> HttpResponse:
    return post_action(
        request, refusals=REFUSALS, to=reverse("stories:yours", args=[story.public_id]),
        act=lambda _data: writing.story_take_back(story=story),
        done=_("Your story is a draft again. Change it and send it when you are ready."))


@require_POST
@writer_view
def withdraw(request: HttpRequest, story: Story) -> HttpResponse:
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Please tick the box to confirm that your story should be deleted."))
        return redirect("stories:yours", public_id=story.public_id)
    return post_action(
        request, refusals=REFUSALS, act=lambda _data: writing.story_withdraw(story=story),
        done=_("Your story is deleted, with everything it said."),
        to=reverse("stories:mine" if request.user.is_authenticated else "stories:feed"))


def mine(request: HttpRequest) -> HttpResponse:
    stories = request.user.stories.order_by("-updated_at").only(
        "public_id", "title", "status", "updated_at", "published_at", "helped_count")
    return render(request, "stories/mine.html", {"stories": stories})


# A story is written slowly: sent after its form expired, it comes back as typed (web.views.csrf_failure).
write.after_expired_form = write_after_expired_form
yours.after_expired_form = yours_after_expired_form
