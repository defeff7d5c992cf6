"""Run inside Holdspace's settings: prepare sessions, request bodies, and count queries per page.

Prints JSON: the Cookie header for each kind of visitor, the bodies of POST
scenarios (written to files), the queries each scenario's request runs, the
values that complete a scenario's path (the id of the seeded session), and
extra figures a scenario's result keeps.
"""
import io
import json
import re
import sys
import tempfile
from urllib.parse import urlencode

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from PIL import Image  # noqa: E402

from holdspace.accounts.models import User  # noqa: E402
from holdspace.circles.models import Circle  # noqa: E402
from holdspace.inventory.models import Entry  # noqa: E402
from holdspace.keys.services import personal_key_unlock  # noqa: E402
from holdspace.keys.session import UNLOCKED, unlocked_key_keep  # noqa: E402
from holdspace.site.demo import DEMO_PASSWORD  # noqa: E402
from holdspace.stories.models import Story  # noqa: E402

DEMO_MEMBER = "member@demo.holdspace.invalid"
HANDLER = "handler@demo.holdspace.invalid"
FACILITATOR = "facilitator@demo.holdspace.invalid"
REPORT_FORM = "/o/riverside-circle/report/write/"
CASE_LIST = "/organisations/riverside-circle/cases/"


def queries(client: Client, url: str, *, showing: tuple[str, ...] = ()) -> int:
    client.get(url)  # warm caches, as a running server would have
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    page = response.content.decode()
    for text in showing:
        assert text in page, (url, text)
    return len(captured.captured_queries)


def submission_queries(reporter: Client, data: dict) -> int:
    for attempt in range(2):  # the first one warms caches
        data["files"].seek(0)
        with CaptureQueriesContext(connection) as captured:
            response = reporter.post(REPORT_FORM, data=data)
        assert response.status_code == 200, response.status_code
    return len(captured.captured_queries)


def cookie_header(client: Client) -> str:
    return "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())


def signed_in(email: str) -> Client:
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(email=email))
    return client


def key_client(email: str, *, two_factor: bool) -> Client:
    """Signed in (with two-step verification if asked) and the personal key unlocked, as after the key page."""
    user = User.objects.get(email=email)
    client = signed_in(email)
    session = client.session
    if two_factor:
        session[DEVICE_ID_SESSION_KEY] = user.authenticator_set.get().persistent_id
    request = type("Request", (), {"session": session})()
    response = HttpResponse()
    unlocked_key_keep(request, response=response, private_key=personal_key_unlock(user, password=DEMO_PASSWORD))
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    client.cookies[UNLOCKED] = response.cookies[UNLOCKED].value
    return client


def handler_client() -> Client:
    return key_client(HANDLER, two_factor=True)


def facilitator_client() -> Client:
    """The demo facilitator with his key unlocked: the session page opens the sealed notes and feedback words."""
    return key_client(FACILITATOR, two_factor=False)


def session_url(size: int) -> str | None:
    """The facilitator's page of the session seeded by bench/seed_session.py for `size` men, if seeded."""
    from seed_session import ORGANISATION, benchmarked_session, circle_slug

    session = benchmarked_session(size) if Circle.objects.filter(slug=circle_slug(size)).exists() else None
    if session is None:
        return None
    return f"/organisations/{ORGANISATION}/circles/{circle_slug(size)}/sessions/{session.pk}/"


def session_showing() -> tuple[str, ...]:
    """What the page shows only with the facilitator's key unlocked: a note and a man's feedback words."""
    from seed_session import FEEDBACK, NOTES

    return NOTES[0], FEEDBACK[0][2]


def report_body(reporter: Client) -> tuple[bytes, dict]:
    page = reporter.get(REPORT_FORM).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    picture = io.BytesIO()
    Image.new("RGB", (320, 240), "teal").save(picture, format="JPEG")
    picture.seek(0)
    picture.name = "photo.jpg"
    data = {
        "csrfmiddlewaretoken": str(token), "kind": "complaint", "on_behalf": "no", "pathway": "informal",
        "what": "A fictional account for the benchmark. " * 20, "when": "roughly last month", "files": picture,
    }
    return encode_multipart(BOUNDARY, data), data


def story_probe(reporter: Client, counts: dict, bodies: dict, path_args: dict, extra: dict) -> None:
    """Queries of the stories' scenarios, and the body a writer without an account sends to moderation."""
    anonymous = Client(HTTP_HOST="127.0.0.1")
    newest = Story.objects.filter(status="published").order_by("-published_at", "-id")
    # A story a little way down the feed; the demo's few stories when the stories were not seeded.
    public_id = newest.values_list("public_id", flat=True)[min(123, newest.count() - 1)]
    counts["story_feed"] = queries(anonymous, "/stories/")
    counts["story_page"] = queries(anonymous, f"/stories/{public_id}/")
    counts["story_search"] = queries(anonymous, "/stories/search/?q=trust")
    path_args["story_page"] = {"public_id": public_id}
    extra["story_feed"] = extra["story_page"] = extra["story_search"] = {
        "stories": newest.count()}
    page = reporter.get("/stories/write/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = {"csrfmiddlewaretoken": token, "action": "submit", "language": "en", "themes": ["work", "consent"],
            "title": "What I did at the office party",
            "what_i_did": "A fictional account for the benchmark, written the way a man might write it. " * 4,
            "what_i_understand": "What it did to her, as far as I can see it now, with its weight. " * 4,
            "what_i_changed": "What I do differently now, and what I am still working on every week. " * 4}
    for _ in range(2):  # the first one warms caches
        with CaptureQueriesContext(connection) as captured:
            response = reporter.post("/stories/write/", data)
        assert response.status_code == 200 and "/stories/private/" in response.content.decode()
    counts["story_submit"] = len(captured.captured_queries)
    body_file = tempfile.NamedTemporaryFile(prefix="story-", suffix=".form", delete=False)
    body_file.write(urlencode(data, doseq=True).encode())
    body_file.close()
    bodies["story_submit"] = {"file": body_file.name, "content_type": "application/x-www-form-urlencoded"}


def main() -> None:
    member_email = sys.argv[1]
    member = signed_in(member_email)
    handler = handler_client()
    reporter = Client(HTTP_HOST="127.0.0.1")
    body, data = report_body(reporter)
    body_file = tempfile.NamedTemporaryFile(prefix="report-", suffix=".multipart", delete=False)
    body_file.write(body)
    body_file.close()
    counts = {
        "landing": queries(Client(HTTP_HOST="127.0.0.1"), "/"),
        "dashboard": queries(member, "/home/"),
        "case_list": queries(handler, CASE_LIST),
        "circle_finder": queries(Client(HTTP_HOST="127.0.0.1"), "/circles/"),
    }
    counts["report_submit"] = submission_queries(reporter, data)
    bodies = {"report_submit": {"file": body_file.name, "content_type": MULTIPART_CONTENT}}
    path_args, extra = {}, {}
    if Story.objects.filter(status="published").exists():
        story_probe(reporter, counts, bodies, path_args, extra)
    # The facilitator's session page, when bench/seed_session.py seeded it: 40 men, and 5 to compare.
    facilitator_cookie = None
    big, small = session_url(40), session_url(5)
    if big:
        facilitator = facilitator_client()
        counts["circle_session"] = queries(facilitator, big, showing=session_showing())
        path_args["circle_session"] = {"session_id": int(big.rstrip("/").rsplit("/", 1)[1])}
        if small:
            few = queries(facilitator, small, showing=session_showing())
            extra["circle_session"] = {"queries_with_5_attendees": few}
        load_client = facilitator_client()
        facilitator_cookie = cookie_header(load_client)
        queries(load_client, big, showing=session_showing())  # the load run's session opens the page unlocked
    # The member's own inventory, when bench/seed_inventory.py grew it: his key unlocked, as after the key page.
    owner_cookie = None
    if Entry.objects.filter(owner__email=DEMO_MEMBER).exists():
        owner = key_client(DEMO_MEMBER, two_factor=False)
        counts["inventory_list"] = queries(owner, "/inventory/")
        # A search is a POST (his words stay out of addresses): count it, and give the load run its body.
        for _ in range(2):  # the first one warms caches
            with CaptureQueriesContext(connection) as captured:
                found = owner.post("/inventory/", {"q": "apology"})
        assert found.status_code == 200 and "entries found" in found.content.decode()
        counts["inventory_search"] = len(captured.captured_queries)
        load_owner = key_client(DEMO_MEMBER, two_factor=False)
        load_owner.get("/inventory/")
        token = load_owner.cookies[settings.CSRF_COOKIE_NAME].value
        search_file = tempfile.NamedTemporaryFile(prefix="inventory-", suffix=".form", delete=False)
        search_file.write(urlencode({"csrfmiddlewaretoken": token, "q": "apology"}).encode())
        search_file.close()
        bodies["inventory_search"] = {"file": search_file.name, "content_type": "application/x-www-form-urlencoded"}
        owner_cookie = cookie_header(load_owner)
    # Fresh sessions for the load run, so the probe's requests leave them untouched.
    print(
        json.dumps(
            {
                "cookies": {
                    "member": cookie_header(signed_in(member_email)),
                    "handler": cookie_header(handler_client()),
                    "reporter": cookie_header(reporter),
                    "facilitator": facilitator_cookie,
                    "owner": owner_cookie,
                },
                "bodies": bodies,
                "queries": counts,
                "path_args": path_args,
                "extra": extra,
            }
        )
    )


if __name__ == "__main__":
    main()
