"""Pages every signed-out visitor sees alike, kept once in a cache that every app server shares.

A page is kept under its address, its language and the day, tagged with the version each part of the site it
shows had when it was drawn ("stories", "story:ab12cd34ef56", "circles", "organisations"). A change to one of
those parts gives it a new random version; a kept page whose tag no longer matches is drawn again, so a take-down
is gone from every server at once, and nothing has to be found and deleted page by page. The page and the
versions it needs are read together, in one round trip to the cache.

Only GET and HEAD requests from a visitor without a session and without a message waiting are served from the
cache, and only a 200 page that set no cookie is kept. Nothing about a person is in a kept page: it was drawn
for a visitor nobody knows, and its form token is a placeholder that each visitor's own token replaces.
The browser is still told to keep nothing (web.middleware.PrivateByDefaultMiddleware).
"""
import hashlib
import logging
import secrets
from collections.abc import Callable, Iterable
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.filebased import FileBasedCache
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation

CACHE = "public"
# Stands for the form token in a kept page; replaced by the visitor's own token on every answer, only inside the
# token's own field (where no visitor's words can be: they are escaped, quotes included).
TOKEN_PLACEHOLDER = "hs-form-token-of-this-visitor"
_TOKEN_FIELD = f'name="csrfmiddlewaretoken" value="{TOKEN_PLACEHOLDER}"'.encode()
_FILLING = "_public_page_filling"
_MESSAGES_COOKIE = "messages"
# What a kept page is stored as: (versions, content type, body). Part of every key, so a release that changes
# it never reads what an earlier one kept.
_FORMAT = 1

log = logging.getLogger("holdspace.public_pages")

Scopes = Iterable[str] | Callable[..., Iterable[str]]


def _cache():
    return caches[CACHE]


def _seconds() -> int:
    return settings.HOLDSPACE_PUBLIC_CACHE_SECONDS


def serves_from_cache(request: HttpRequest) -> bool:
    """A visitor the page is the same for: no session (so nobody signed in) and no message waiting to be shown."""
    return (
        _seconds() > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and _MESSAGES_COOKIE not in request.COOKIES
    )


def _version_key(scope: str) -> str:
    return f"version:{scope}"


def _version_seconds() -> int:
    # A version outlives every page tagged with it; past that, a lost version only means pages drawn again. Not
    # forever: addresses of stories that do not exist would each leave one behind.
    return 2 * _seconds()


def _versions(scopes: list[str]) -> list[str]:
    cache = _cache()
    keys = [_version_key(scope) for scope in scopes]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:  # any fresh value is a version no kept page is tagged with
            cache.add(key, secrets.token_hex(8), timeout=_version_seconds())
            found[key] = cache.get(key)
    return [found[key] for key in keys]


def _page_key(request: HttpRequest, variant: str) -> str:
    parts = [
        translation.get_language() or "",
        request.build_absolute_uri(),
        timezone.localdate().isoformat(),  # pages that say "today" or list what is still to come
        variant,
    ]
    return f"page:{_FORMAT}:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _read(key: str, scopes: list[str]) -> tuple[list[str], tuple | None]:
    """The versions of the page's parts now, and the page kept under `key` if it was drawn at those versions."""
    version_keys = [_version_key(scope) for scope in scopes]
    found = _cache().get_many([key, *version_keys])
    versions = [found.get(version_key) for version_key in version_keys]
    if None in versions:  # a part never changed yet, or its version was evicted
        versions = _versions(scopes)
    kept = found.get(key)
    if kept is not None and list(kept[0]) == versions:
        return versions, kept
    return versions, None


def _keepable(response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
    )


def _with_token(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """The visitor's own form token where the kept page has the placeholder (and the token's cookie set)."""
    if not response.streaming and _TOKEN_FIELD in response.content:
        token_field = f'name="csrfmiddlewaretoken" value="{get_token(request)}"'.encode()
        response.content = response.content.replace(_TOKEN_FIELD, token_field)
    return response


def _keeps_words_on_disk(request: HttpRequest, words: tuple[str, ...]) -> bool:
    """Whether this address carries a reader's own words (a search) and the cache is files on a disk.

    A page for a search repeats its words, and a file the cache never reads again stays on the disk after it
    expires; Redis, run as the README says, keeps nothing on disk. Such pages are drawn for each reader instead.
    """
    return any(request.GET.get(name, "").strip() for name in words) and isinstance(_cache(), FileBasedCache)


def public_page(*, scopes: Scopes = (), variant: Callable[..., str] | None = None, seconds: int | None = None,
                words: tuple[str, ...] = ()):
    """Serve this view from the shared cache to visitors it looks the same for.

    `scopes` names the parts of the site the page shows, or is a function of the request and the view's
    arguments that returns them; `variant` returns what else the page depends on for this visitor (a cookie of
    his own, say); `seconds` keeps the page for less than the site's default; `words` names the parameters in
    which a reader types his own words, never written to a disk.
    """

    def decorate(view):
        @wraps(view)
        def serve(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not serves_from_cache(request) or (words and _keeps_words_on_disk(request, words)):
                return view(request, *args, **kwargs)
            named = list(scopes(request, **kwargs) if callable(scopes) else scopes)
            try:
                key = _page_key(request, variant(request, **kwargs) if variant else "")
                versions, kept = _read(key, named)
            except Exception as error:  # the cache is down: the page is drawn as if there were none
                log.warning("The shared page cache could not be read (%s); pages are drawn without it.",
                            type(error).__name__)
                return view(request, *args, **kwargs)
            if kept is not None:
                _, content_type, body = kept
                return _with_token(request, HttpResponse(body, content_type=content_type))
            setattr(request, _FILLING, True)
            try:
                response = view(request, *args, **kwargs)
            finally:
                setattr(request, _FILLING, False)
            if _keepable(response):
                try:
                    # Tagged with the versions read before the page was drawn: if a part changed meanwhile, the
                    # tag is already old and nobody is served this page.
                    _cache().set(key, (versions, response["Content-Type"], response.content),
                                 timeout=min(seconds or _seconds(), _seconds()))
                except Exception as error:
                    log.warning("The shared page cache could not be written (%s).", type(error).__name__)
            return _with_token(request, response)

        serve.public_page = True
        return serve

    return decorate


def form_token(request: HttpRequest) -> dict:
    """Context processor: while a page is drawn to be kept, its form token is the placeholder."""
    return {"csrf_token": TOKEN_PLACEHOLDER} if getattr(request, _FILLING, False) else {}


def public_pages_changed(*scopes: str) -> None:
    """The named parts of the site changed: every server draws their pages again.

    A new version now, so this request and its own transaction see the change, and another when the transaction
    commits, so a page another server drew from the data as it was before the commit is never read again.
    """

    def renew() -> None:
        try:
            _cache().set_many({_version_key(scope): secrets.token_hex(8) for scope in scopes},
                              timeout=_version_seconds())
        except Exception as error:
            log.error("The shared page cache could not be told of a change (%s); its pages stay until they expire.",
                      type(error).__name__)

    if _seconds() <= 0 or not scopes:
        return
    renew()
    transaction.on_commit(renew)


def public_pages_watch(model: type[Model], *, scopes: Callable[[Model], Iterable[str]]) -> None:
    """Any saved or deleted row of this model changes the parts of the site `scopes` names for it."""

    def changed(sender, instance, **kwargs) -> None:
        public_pages_changed(*scopes(instance))

    uid = f"public-pages:{model._meta.label}:{scopes.__module__}"  # one per model and watching app
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=uid)
