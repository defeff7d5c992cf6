"""The shared cache of public pages: what every signed-out visitor sees alike is drawn once and served again
without a query; nothing about a person is kept; a change the page shows, a take-down above all, is seen at once.

The cache is the real one the settings name: files under the test's var/ on the SQLite pass, Redis on the
PostgreSQL pass (scripts/with-redis)."""
import logging

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from holdspace.accountability.policy import settings_change
from holdspace.circles.models import CircleMember
from holdspace.stories import moderation
from holdspace.web.public_pages import TOKEN_PLACEHOLDER, public_pages_changed
from tests.circles_helpers import admit, make_circle
from tests.stories_helpers import published_story

pytestmark = pytest.mark.django_db


def _get(client, url, **extra):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **extra)
    return response, len(captured.captured_queries)


def _token(response) -> str:
    body = response.content.decode()
    start = body.index('name="csrfmiddlewaretoken" value="') + len('name="csrfmiddlewaretoken" value="')
    return body[start:body.index('"', start)]


@pytest.mark.parametrize("name", ["site:landing", "stories:feed", "stories:search", "stories:atom", "circles:finder",
                                  "circles:guide"])
def test_a_second_visitor_is_served_the_kept_page_without_a_query(world, name):
    published_story(world, title="Learning to listen")
    first, _ = _get(Client(), reverse(name))
    second, queries = _get(Client(), reverse(name))
    assert first.status_code == second.status_code == 200
    assert queries == 0
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Cache-Control"] == "no-store, private"  # the browser still keeps nothing


def test_each_visitor_gets_his_own_form_token_and_the_kept_page_holds_none(world):
    story, _ = published_story(world)
    url = reverse("stories:story", args=[story.public_id])
    first = Client(enforce_csrf_checks=True)
    second = Client(enforce_csrf_checks=True)
    drawn, _ = _get(first, url)
    served, queries = _get(second, url)
    assert queries == 0
    assert TOKEN_PLACEHOLDER not in drawn.content.decode() + served.content.decode()
    assert _token(drawn) != _token(served)
    assert drawn.content.replace(_token(drawn).encode(), b"") == served.content.replace(_token(served).encode(), b"")
    kept = [value for key, value in _kept_pages().items()]
    assert kept and all(TOKEN_PLACEHOLDER.encode() in body and _token(drawn).encode() not in body
                        and _token(served).encode() not in body for _, _, body in kept)
    # The token works: the second visitor switches language and says the story helped, from the kept page.
    switched = second.post(reverse("site:set_language"), {"language": "es", "next": url,
                                                           "csrfmiddlewaretoken": _token(served)})
    assert switched.status_code == 302 and switched.cookies["django_language"].value == "es"
    helped = second.post(reverse("stories:helped", args=[story.public_id]), {"csrfmiddlewaretoken": _token(served)})
    assert helped.status_code == 302


def _kept_pages() -> dict:
    # Every page in the cache: the test's own cache holds only what this test drew.
    cache = caches["public"]
    if hasattr(cache, "_list_cache_files"):  # files, on the SQLite pass
        import pickle
        import zlib

        found = {}
        for path in cache._list_cache_files():
            with open(path, "rb") as handle:
                pickle.load(handle)  # the expiry
                found[path] = pickle.loads(zlib.decompress(handle.read()))
        return {key: value for key, value in found.items() if isinstance(value, tuple)}
    client = cache._cache.get_client(write=False)
    return {key: cache._cache._serializer.loads(client.get(key)) for key in client.keys(f"{cache.key_prefix}:*page:*")}


def test_a_signed_in_person_is_never_served_a_kept_page_nor_leaves_his_in_it(world, client_for):
    mateo = client_for("mateo")
    own, queries_signed_in = _get(mateo, reverse("stories:feed"))
    assert b"Sign out" in own.content and queries_signed_in > 0
    again, queries_again = _get(mateo, reverse("stories:feed"))
    assert b"Sign out" in again.content and queries_again > 0
    visitor, _ = _get(Client(), reverse("stories:feed"))
    assert b"Sign out" not in visitor.content and b"Sign in" in visitor.content
    assert all(b"Sign out" not in body for _, _, body in _kept_pages().values())


def test_a_visitor_with_a_message_waiting_gets_a_page_that_shows_it(world):
    story, _ = published_story(world)
    url = reverse("stories:story", args=[story.public_id])
    Client().get(url)  # kept
    visitor = Client()
    visitor.post(reverse("stories:helped", args=[story.public_id]))
    shown = visitor.get(url)
    assert b"Thank you. The writer will know his story helped someone." in shown.content
    assert b"You said this story helped you." in shown.content  # his own cookie: the thanks, not the button
    assert b"This helped me</button>" in Client().get(url).content


def test_languages_and_addresses_are_kept_apart(world):
    english = Client().get(reverse("stories:feed"))
    spanish = Client(headers={"accept-language": "es"}).get(reverse("stories:feed"))
    by_cookie = Client()
    by_cookie.cookies["django_language"] = "es"
    assert b'lang="en"' in english.content and b'lang="es"' in spanish.content
    assert b'lang="es"' in by_cookie.get(reverse("stories:feed")).content
    assert b'lang="en"' in Client().get(reverse("stories:feed")).content
    helpful, _ = _get(Client(), reverse("stories:feed") + "?order=helpful")
    assert b'value="helpful" selected' in helpful.content
    assert b'value="helpful" selected' not in Client().get(reverse("stories:feed")).content


def test_a_page_with_a_mistake_in_its_address_is_not_kept(world):
    url = reverse("stories:feed") + "?theme=not-a-theme"
    first, _ = _get(Client(), url)
    second, queries = _get(Client(), url)
    assert first.status_code == second.status_code == 400 and queries > 0
    missing = reverse("stories:story", args=["abcdefabcdef"])
    assert Client().get(missing).status_code == 404 and _get(Client(), missing)[1] > 0


def test_a_take_down_is_gone_from_every_page_at_once(world):
    story, _ = published_story(world, title="Learning to listen")
    page = reverse("stories:story", args=[story.public_id])
    lists = [reverse("stories:feed"), reverse("stories:search") + "?q=listen", reverse("stories:atom")]
    for url in [page, *lists]:
        assert b"Learning to listen" in Client().get(url).content
        assert _get(Client(), url)[1] == 0 or (_in_files() and "?q=" in url)  # kept (a search: in Redis only)
    moderation.takedown(story=story, reason="unsaid")
    assert Client().get(page).status_code == 404
    for url in lists:
        assert b"Learning to listen" not in Client().get(url).content


def test_drafts_and_stories_waiting_for_a_moderator_leave_the_kept_pages_be(world):
    from tests.stories_helpers import story_fields, waiting_story
    from holdspace.stories import writing

    published_story(world, title="Learning to listen")
    feed = reverse("stories:feed")
    Client().get(feed)
    draft, _ = writing.story_create(author=None, fields=story_fields(title="Still writing"))
    writing.story_update(story=draft, fields=story_fields(title="Still writing, again"))
    waiting, _ = waiting_story(title="Asking a moderator")
    assert _get(Client(), feed)[1] == 0  # still kept
    moderation.decide(story=waiting, moderator=world.moses, outcome="approved")
    assert b"Asking a moderator" in Client().get(feed).content


def test_this_helped_me_renews_the_count_on_the_story_and_the_lists(world):
    story, _ = published_story(world, title="Learning to listen")
    page = reverse("stories:story", args=[story.public_id])
    assert b"0 readers said this story helped." in Client().get(page).content
    assert b"helped 1 reader" not in Client().get(reverse("stories:feed")).content
    Client().post(reverse("stories:helped", args=[story.public_id]))
    assert b"1 reader said this story helped." in Client().get(page).content
    assert b"helped 1 reader" in Client().get(reverse("stories:feed")).content


def test_the_finder_and_a_circle_show_places_taken_and_a_renamed_organisation_at_once(world):
    circle = make_circle(world, capacity=2)
    entry = reverse("circles:circle", args=[circle.slug])
    places = "<dt>Places left</dt><dd>{}</dd>"
    assert places.format(2) in Client().get(entry).content.decode()
    assert _get(Client(), entry)[1] == 0
    admit(circle, world.harry)
    assert CircleMember.objects.filter(circle=circle, status=CircleMember.Status.MEMBER).count() == 1
    assert places.format(1) in Client().get(entry).content.decode()
    public = reverse("organisations:public", args=[world.riverside.slug])
    assert b"Riverside Gathering" not in Client().get(public).content
    world.riverside.name = "Riverside Gathering"
    world.riverside.save()
    assert b"Riverside Gathering" in Client().get(entry).content
    assert b"Riverside Gathering" in Client().get(public).content


def test_an_accountability_page_turned_off_is_gone_at_once(world):
    url = reverse("accountability:page", args=[world.network.slug])
    assert Client().get(url).status_code == 200
    assert _get(Client(), url)[1] == 0
    settings_change(organisation=world.network, actor=world.nadia, public_page=False, concern_response_days=30)
    assert Client().get(url).status_code == 404


def test_a_change_is_renewed_again_when_its_transaction_commits(world, django_capture_on_commit_callbacks):
    url = reverse("stories:feed")
    Client().get(url)
    with django_capture_on_commit_callbacks() as callbacks:
        public_pages_changed("stories")
    assert len(callbacks) == 1
    Client().get(url)  # drawn again between the change and its commit, as another server might
    assert _get(Client(), url)[1] == 0
    callbacks[0]()  # the commit
    assert _get(Client(), url)[1] > 0


def test_pages_are_drawn_without_the_cache_when_it_cannot_be_reached(world, settings, caplog):
    settings.CACHES = {**settings.CACHES, "public": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:9/0",
        "OPTIONS": {"socket_timeout": 0.2, "socket_connect_timeout": 0.2}}}
    with caplog.at_level(logging.WARNING, logger="holdspace.public_pages"):
        response = Client().get(reverse("stories:feed"))
    assert response.status_code == 200 and b"Stories" in response.content
    assert "could not be read (ConnectionError)" in caplog.text and "127.0.0.1" not in caplog.text


def test_no_public_page_is_kept_when_the_site_keeps_none(world, settings):
    settings.HOLDSPACE_PUBLIC_CACHE_SECONDS = 0
    Client().get(reverse("stories:feed"))
    assert _get(Client(), reverse("stories:feed"))[1] > 0


def test_the_language_switch_needs_no_token_and_refuses_another_site(world, client_for):
    landing = Client().get(reverse("site:landing"))
    assert b"csrfmiddlewaretoken" not in landing.content and "csrftoken" not in landing.cookies
    url = reverse("site:set_language")
    strict = Client(enforce_csrf_checks=True)
    same = strict.post(url, {"language": "es", "next": "/"}, headers={"sec-fetch-site": "same-origin"})
    assert same.status_code == 302 and same.cookies["django_language"].value == "es"
    by_origin = strict.post(url, {"language": "en", "next": "/"}, headers={"origin": "http://testserver"})
    assert by_origin.status_code == 302 and by_origin.cookies["django_language"].value == "en"
    for headers in ({"sec-fetch-site": "cross-site"}, {"sec-fetch-site": "same-site"},
                    {"origin": "https://elsewhere.example"}, {"origin": "null"}):
        refused = Client(enforce_csrf_checks=True).post(url, {"language": "es", "next": "/"}, headers=headers)
        assert refused.status_code == 403 and "django_language" not in refused.cookies, headers
    mateo = client_for("mateo")
    mateo.post(url, {"language": "es", "next": "/"}, headers={"sec-fetch-site": "cross-site"})
    world.mateo.refresh_from_db()
    assert world.mateo.language != "es"


def _in_files() -> bool:
    from django.core.cache.backends.filebased import FileBasedCache

    return isinstance(caches["public"], FileBasedCache)


def test_a_readers_search_words_are_never_written_to_a_disk(world):
    published_story(world, title="Learning to listen")
    for url in (reverse("stories:search") + "?q=listen", reverse("circles:finder") + "?where=Lakeside"):
        Client().get(url)
        queries = _get(Client(), url)[1]
        if _in_files():
            assert queries > 0
            assert not [body for _, _, body in _kept_pages().values() if b"listen" in body or b"Lakeside" in body]
        else:  # Redis, which keeps nothing on disk
            assert queries == 0
    assert _get(Client(), reverse("stories:search"))[1] == 0  # the search form itself is kept everywhere


def test_the_token_goes_only_into_its_own_field_never_into_a_writers_words(world):
    story, _ = published_story(world, title=f"Why I wrote {TOKEN_PLACEHOLDER} here")
    url = reverse("stories:story", args=[story.public_id])
    Client().get(url)
    served = Client().get(url).content.decode()
    assert f"Why I wrote {TOKEN_PLACEHOLDER} here" in served
    assert served.count(TOKEN_PLACEHOLDER) == served.count(f"Why I wrote {TOKEN_PLACEHOLDER} here")
    assert 'name="csrfmiddlewaretoken" value="' + TOKEN_PLACEHOLDER not in served


def test_versions_do_not_outlive_the_pages_they_tag(world, settings):
    from holdspace.web.public_pages import _version_key

    Client().get(reverse("stories:story", args=["abcdefabcdef"]))  # a story that does not exist
    cache = caches["public"]
    key = cache.make_and_validate_key(_version_key("story:abcdefabcdef"))
    if _in_files():
        import pickle
        import time

        with open(cache._key_to_file(_version_key("story:abcdefabcdef")), "rb") as handle:
            expires = pickle.load(handle)
        # The tests' clock is frozen (tests/conftest.py): the cache wrote the expiry from the same clock.
        assert 0 < expires - time.time() <= 2 * settings.HOLDSPACE_PUBLIC_CACHE_SECONDS
    else:
        lifetime = cache._cache.get_client(key, write=False).ttl(key)
        assert 0 < lifetime <= 2 * settings.HOLDSPACE_PUBLIC_CACHE_SECONDS


def test_the_daily_refresh_of_next_sessions_renews_the_finder(world):
    from holdspace.circles.services import next_session_refresh

    make_circle(world)
    Client().get(reverse("circles:finder"))
    assert _get(Client(), reverse("circles:finder"))[1] == 0
    next_session_refresh()
    assert _get(Client(), reverse("circles:finder"))[1] > 0
