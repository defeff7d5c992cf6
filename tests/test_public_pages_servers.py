"""Two app servers share one cache of public pages: a story taken down through one is gone from the other at once.

Each server is its own gunicorn process on loopback, on the test's database and the cache the settings name
(Redis on the PostgreSQL pass, files shared through var/ on the SQLite pass, whose database is copied to a file
both servers open)."""
import http.cookiejar
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.urls import reverse

from tests.stories_helpers import published_story

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parent.parent


def _database_url(tmp_path: Path) -> str:
    if connection.vendor == "sqlite":  # the test database lives in memory: both servers open a copy on disk
        path = tmp_path / "shared.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()
        return f"sqlite:///{path}"
    given = connection.settings_dict
    return (f"postgresql://{urllib.parse.quote(given['USER'] or '')}@{given['HOST'] or '127.0.0.1'}:"
            f"{given['PORT'] or 5432}/{given['NAME']}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    def __init__(self, environment: dict, log: Path):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.process = subprocess.Popen(
            # The production server's settings, one worker each.
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{self.port}",
             "--workers", "1", "--log-level", "warning"],
            cwd=ROOT, env=environment, stdout=log.open("wb"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60  # how long a busy machine may take to start Django, not a measurement
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.1)
        raise AssertionError(f"the server did not start: {log.read_text()}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


class Visitor:
    """A browser without a session: its own cookies, nothing else. It asks for the site by one name whichever
    server answers, as behind a load balancer."""

    def __init__(self):
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, url: str) -> tuple[int, str]:
        try:
            with self.opener.open(_for_the_site(url), timeout=30) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def post(self, url: str, data: dict) -> tuple[int, str]:
        try:
            with self.opener.open(_for_the_site(url, data=urllib.parse.urlencode(data).encode()), timeout=30) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


def _for_the_site(url: str, data: bytes | None = None) -> urllib.request.Request:
    return urllib.request.Request(url, data=data, headers={"Host": "localhost"})


@pytest.fixture
def two_servers(tmp_path, world):
    story, _ = published_story(world, title="Learning to listen")
    environment = {
        **os.environ, "DATABASE_URL": _database_url(tmp_path), "HOLDSPACE_STORIES_MODERATED_BY": "riverside",
        # The same var/ as this test, so the file cache of the SQLite pass is the one both servers share.
        "HOLDSPACE_VAR_DIR": str(settings.VAR_DIR), "HOLDSPACE_CACHE_URL": settings.HOLDSPACE_CACHE_URL,
    }
    servers = [Server(environment, tmp_path / f"server-{n}.log") for n in (1, 2)]
    yield story, servers
    for server in servers:
        server.stop()


def test_a_take_down_through_one_server_is_gone_from_the_other_at_once(two_servers):
    story, (first, second) = two_servers
    page, feed = reverse("stories:story", args=[story.public_id]), reverse("stories:feed")
    for server in (first, second):  # both have the pages kept
        for url in (page, feed):
            status, body = Visitor().get(server.url + url)
            assert status == 200 and "Learning to listen" in body
    reader = Visitor()
    status, form = reader.get(first.url + reverse("stories:takedown", args=[story.public_id]))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    status, done = reader.post(first.url + reverse("stories:takedown", args=[story.public_id]),
                               {"csrfmiddlewaretoken": token, "reason": "", "words": ""})
    assert status == 200, done
    assert Visitor().get(second.url + page)[0] == 404
    status, body = Visitor().get(second.url + feed)
    assert status == 200 and "Learning to listen" not in body
    assert Visitor().get(first.url + page)[0] == 404


def test_a_page_kept_by_one_server_is_served_by_the_other(two_servers, tmp_path):
    story, (first, second) = two_servers
    page = reverse("stories:story", args=[story.public_id])  # its "this helped me" form has a token
    # A kept page is kept for its day (public_pages: the day is in its key). Should the day turn between the two
    # servers' answers, the second rightly draws the page again: the same steps are then taken on the new day.
    for _ in range(2):
        day = _servers_day()
        _retitle_without_telling_anyone(tmp_path, story, "Learning to listen")
        assert "Learning to listen" in Visitor().get(first.url + page)[1]
        # The title changes in the database behind the cache's back (no service, no signal): the second server
        # still shows the page the first one drew, so it came from the shared cache, with a form token of its own
        # visitor.
        _retitle_without_telling_anyone(tmp_path, story, "Another title")
        status, body = Visitor().get(second.url + page)
        if _servers_day() == day:
            break
    assert status == 200 and "Learning to listen" in body and "Another title" not in body
    assert re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', body) and "hs-form-token" not in body
    assert "Traceback" not in first.log.read_text() + second.log.read_text()


def _servers_day():
    """The day on the servers' own clock: this test's is the suite's steady one (tests/conftest.py)."""
    return time_machine.escape_hatch.datetime.datetime.now(tz=ZoneInfo(settings.TIME_ZONE)).date()


def _retitle_without_telling_anyone(tmp_path, story, title: str) -> None:
    if connection.vendor == "sqlite":
        with sqlite3.connect(tmp_path / "shared.sqlite3") as shared:
            shared.execute("UPDATE stories_story SET title = ? WHERE id = ?", [title, story.pk])
    else:
        with connection.cursor() as cursor:
            cursor.execute("UPDATE stories_story SET title = %s WHERE id = %s", [title, story.pk])
