"""A man's own inventory: write against a prompt or freely, read, search, tag, change and delete.

Every page needs his key unlocked in this session: what he wrote is opened in his request, for him
alone, and nothing of it is kept on the server in the clear, not even to search it.
"""
from datetime import date
from functools import lru_cache, wraps
from typing import TypedDict

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_POST

from holdspace.inventory import entries, prompts, selectors, sharing
from holdspace.inventory.forms import (
    AMENDS_STATUS_LABELS,
    EntryDeleteForm,
    EntryForm,
    EntrySearchForm,
    EntryToStoryForm,
)
from holdspace.inventory.refusals import REFUSALS
from holdspace.inventory.vault import vault_opened
from holdspace.keys.session import unlocked_key, unlocked_key_forget
from holdspace.keys.views import key_url
from holdspace.web import dates
from holdspace.web.actions import post_action
from holdspace.web.inputs import query_page
from holdspace.web.refusals import Refusal, refusal_message


# What of his a page's address may name, and how it is found: anyone else's is a 404.
_HIS = {
    "entry_id": ("entry", lambda user, pk: selectors.entry_of(user, entry_id=pk)),
    "plan_id": ("plan", lambda user, pk: selectors.amends_plan_of(user, plan_id=pk)),
}


def inventory_view(view=None, *, keeps_typed=None):
    """His own entry or amends plan (404 for anyone else's, before anything else), then his current key
    unlocked in this session. A page he writes on (`keeps_typed`) comes back with what he typed when the key
    was locked meanwhile, so he can unlock it in another tab and save again."""
    if view is None:
        return lambda chosen: inventory_view(chosen, keeps_typed=keeps_typed)

    @wraps(view)
    @sensitive_variables("private_key", "vault")
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        for id_name, (name, find) in _HIS.items():
            if id_name in kwargs:
                found = find(request.user, kwargs.pop(id_name))
                if found is None:
                    raise Http404
                kwargs[name] = found
        private_key = unlocked_key(request)
        if private_key is None:
            if request.method == "POST" and keeps_typed is not None:
                return keeps_typed(request, **kwargs)
            return redirect(key_url(next_path=_back_to(request, kwargs)))
        try:
            vault = vault_opened(request.user, private_key=private_key)
        except Refusal as refused:
            response = redirect(key_url(next_path=_back_to(request, kwargs)))
            if refused.code == "key_changed":  # an older key of his, still unlocked here: lock it
                unlocked_key_forget(request, response=response)
            messages.error(request, refusal_message(refused, messages=REFUSALS))
            return response
        if vault is None and ("entry" in kwargs or "plan" in kwargs):  # none can exist without his vault
            raise Http404
        return view(request, *args, private_key=private_key, vault=vault, **kwargs)

    return wrapper


def _back_to(request: HttpRequest, found: dict) -> str:
    """Where the key page sends him back: the page's own address, never what he searched for; after a
    step sent from a page (deleting, marking a plan), that page, since the step's address takes no GET."""
    if request.method == "POST" and "entry" in found:
        return reverse("inventory:entry", args=[found["entry"].pk])
    if request.method == "POST" and "plan" in found:
        return reverse("inventory:amends_plan", args=[found["plan"].pk])
    return request.path


def _language() -> str:
    return translation.get_language()


@inventory_view
def entries_page(request: HttpRequest, *, private_key, vault) -> HttpResponse:
    # A search is sent by POST and answered on the spot: his words and tags stay out of addresses,
    # and so out of his browser's history and any log of addresses on the way. It changes nothing.
    search = EntrySearchForm(request.POST if request.method == "POST" else None)
    words, tag = (search.cleaned_data["q"], search.cleaned_data["tag"]) if search.is_valid() else ("", "")
    page = (search.cleaned_data["page"] or 1) if search.is_valid() else query_page(request, last=100_000)
    if words or tag:  # every entry is opened to look in it, here in his request, and only here
        result = selectors.entries_search(request.user, vault=vault, words=words, tag=tag, page=page)
        found, count = result.entries, result.matching
        older, has_entries = page * selectors.ENTRIES_PER_PAGE < count, result.total > 0
    else:
        found, older = selectors.entries_newest(request.user, vault=vault, page=page)
        count = None
        has_entries = bool(found) or (page > 1 and selectors.entries_exist(request.user))
    return render(request, "inventory/entries.html", {
        "lines": _lines(found), "has_entries": has_entries, "found": count, "searching": bool(words or tag),
        "search": search, "page": page, "older": older, "words": words, "tag": tag,
        "tags": selectors.tags_used(vault),
    })


class EntryLine(TypedDict):
    """One entry as his list shows it, written out here so the page only places it (25 a page). A dict: the
    template engine reads a key before it tries an attribute."""

    address: str
    heading: str  # his title, or the first words of his text
    day: str
    prompt_title: str
    tags: SafeString  # each of his tags escaped in its own span (a loop in the page cost more than the rest)


def _lines(found: list[entries.OpenedEntry]) -> list[EntryLine]:
    language, here = _language(), timezone.get_current_timezone()
    titles = {prompt.key: prompt.title for theme in prompts.themes(language=language) for prompt in theme.prompts}
    base = reverse("inventory:entries")
    return [EntryLine(address=f"{base}{entry.pk}/",
                      heading=entry.title or Truncator(entry.text).words(10, truncate=" …"),
                      day=_day(entry.created_at.astimezone(here).date(), language),
                      prompt_title=titles.get(entry.prompt, ""),
                      tags=mark_safe("".join(f' <span class="tag">{escape(tag)}</span>' for tag in entry.tags)))
            for entry in found]


@lru_cache(maxsize=1024)
def _day(day: date, language: str) -> str:
    """A calendar day as the language writes it (only days and words for them are kept, nothing of his)."""
    return dates.day(day)


def _form_page(request: HttpRequest, form: EntryForm, *, entry=None, prompt_key: str = "",
               status: int = 200) -> HttpResponse:
    return render(request, "inventory/entry_form.html", {
        "form": form, "entry": entry, "prompt": prompts.prompt(prompt_key, language=_language()) if prompt_key else None,
        # A new entry without a prompt offers them all first.
        "themes": prompts.themes(language=_language()) if entry is None and not prompt_key else [],
    }, status=status)


KEY_LOCKED_MEANWHILE = gettext_lazy("Your key was locked while you wrote, so nothing was saved. Unlock it in another "
                                    "tab, then press Save again: everything you wrote is still here.")


def _typed_while_locked(request: HttpRequest, *, entry=None) -> HttpResponse:
    """His key was locked while he wrote: everything he typed comes back, with how to save it."""
    form = EntryForm(request.POST)
    form.is_valid()
    form.add_error(None, KEY_LOCKED_MEANWHILE)
    opened_prompt = request.POST.get("prompt", "")[:60]
    return _form_page(request, form, entry=entry, prompt_key=opened_prompt if prompts.prompt(opened_prompt) else "",
                      status=403)


@inventory_view(keeps_typed=_typed_while_locked)
def entry_new(request: HttpRequest, *, private_key, vault) -> HttpResponse:
    if request.method != "POST":
        key = request.GET.get("prompt", "")[:60]
        key = key if prompts.prompt(key) is not None else ""
        return _form_page(request, EntryForm(initial={"prompt": key}), prompt_key=key)
    form = EntryForm(request.POST)
    return post_action(
        request, form=form, refusals=REFUSALS, fields={"entry_empty": "text", "tag_too_long": "tags",
                                                       "too_many_tags": "tags"},
        again=lambda typed: _form_page(request, typed, prompt_key=request.POST.get("prompt", "")[:60]),
        act=lambda data: entries.entry_write(owner=request.user, private_key=private_key, prompt=data["prompt"],
                                             title=data["title"], text=data["text"], tags=data["tags"]),
        done=_("Saved. Only you can read it."),
        to=lambda entry: reverse("inventory:entry", args=[entry.pk]), refused_to=reverse("inventory:entries"))


def _entry_page(request: HttpRequest, opened, *, data_key, delete_form=None, status: int = 200) -> HttpResponse:
    plans = selectors.amends_plans_from_entry(request.user, data_key=data_key, entry_id=opened.pk)
    return render(request, "inventory/entry.html", {
        "entry": opened, "prompt": prompts.prompt(opened.prompt, language=_language()) if opened.prompt else None,
        "delete_form": delete_form or EntryDeleteForm(),
        "plans": [(plan, AMENDS_STATUS_LABELS[plan.status]) for plan in plans],
    }, status=status)


@inventory_view
def entry_page(request: HttpRequest, *, entry, private_key, vault) -> HttpResponse:
    return _entry_page(request, entries.entry_unbox(entry, data_key=vault.data_key), data_key=vault.data_key)


@inventory_view(keeps_typed=lambda request, entry: _typed_while_locked(request, entry=entry))
def entry_edit(request: HttpRequest, *, entry, private_key, vault) -> HttpResponse:
    data_key = vault.data_key
    opened = entries.entry_unbox(entry, data_key=data_key)
    if request.method != "POST":
        return _form_page(request, EntryForm(initial={"prompt": opened.prompt, "title": opened.title,
                                                      "text": opened.text, "tags": ", ".join(opened.tags)}),
                          entry=opened, prompt_key=opened.prompt)
    return post_action(
        request, form=EntryForm(request.POST), refusals=REFUSALS,
        fields={"entry_empty": "text", "tag_too_long": "tags", "too_many_tags": "tags"},
        again=lambda typed: _form_page(request, typed, entry=opened, prompt_key=opened.prompt),
        act=lambda data: entries.entry_update(entry, owner=request.user, data_key=data_key, title=data["title"],
                                              text=data["text"], tags=data["tags"]),
        done=_("Saved. Only you can read it."), to=reverse("inventory:entry", args=[entry.pk]))


@require_POST
@inventory_view
def entry_delete(request: HttpRequest, *, entry, private_key, vault) -> HttpResponse:
    data_key = vault.data_key
    return post_action(
        request, form=EntryDeleteForm(request.POST), refusals=REFUSALS,
        again=lambda typed: _entry_page(request, entries.entry_unbox(entry, data_key=data_key), data_key=data_key,
                                        delete_form=typed),
        act=lambda data: entries.entry_delete(entry, owner=request.user, data_key=data_key),
        done=_("The entry is deleted for good."), to=reverse("inventory:entries"))


def _to_story_page(request: HttpRequest, opened, *, form=None, status: int = 200) -> HttpResponse:
    return render(request, "inventory/entry_to_story.html", {"entry": opened, "form": form or EntryToStoryForm()},
                  status=status)


@inventory_view
def entry_to_story(request: HttpRequest, *, entry, private_key, vault) -> HttpResponse:
    """Start a story draft from this entry, after reading what that means for others named in it."""
    data_key = vault.data_key
    opened = entries.entry_unbox(entry, data_key=data_key)
    if request.method != "POST":
        return _to_story_page(request, opened)
    return post_action(
        request, form=EntryToStoryForm(request.POST), refusals=REFUSALS,
        again=lambda typed: _to_story_page(request, opened, form=typed),
        act=lambda _data: sharing.entry_to_story(entry, owner=request.user, data_key=data_key,
                                                 language=_language()),
        done=_("A story draft is started from your entry. Only you see it until you send it to the moderators."),
        to=lambda story: reverse("stories:yours", args=[story.public_id]),
        refused_to=reverse("inventory:entry", args=[entry.pk]))
