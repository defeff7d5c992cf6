"""Run inside Holdspace's settings: the in-process cost of the stories' feed, pages and
searches at the number of stories seeded now, so runs at 10,000 and 1,000,000 compare.

    python bench/story_growth.py [--requests 60]

Prints JSON: for each page, the number of stories, the queries, and the median
and 90th percentile milliseconds over the requests (after ten warm-up requests),
timed with Django's test client: no server, no network, one process.
"""
import json
import statistics
import sys
import time

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from holdspace.stories.models import Story  # noqa: E402
from holdspace.stories.reading import cursor_for  # noqa: E402
from seed_stories import QUERIES  # noqa: E402


def pages() -> dict[str, str]:
    newest = Story.objects.filter(status="published").order_by("-published_at", "-id")
    deep = cursor_for(newest[500])  # "older stories" 25 pages down
    story = newest.values_list("public_id", flat=True)[123]
    found = {
        "feed_newest": "/stories/",
        "feed_older_25_pages": f"/stories/?after={deep}",
        "feed_theme_language": "/stories/?theme=alcohol&language=es",
        "feed_helpful": "/stories/?order=helpful",
        "feed_helpful_theme": "/stories/?order=helpful&theme=consent",
        "story_page": f"/stories/{story}/",
        "atom": "/stories/feed.atom",
    }
    found.update({f"search_{name}": f"/stories/search/?q={query.replace(' ', '+')}" for name, query in QUERIES.items()})
    return found


def measure(client: Client, url: str, requests: int) -> dict:
    for _ in range(10):
        assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    query_count = len(captured)  # now: the next request empties the query log
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {"queries": query_count, "median_ms": round(statistics.median(times), 2),
            "p90_ms": round(times[int(len(times) * 0.9) - 1], 2)}


def main() -> None:
    requests = int(sys.argv[sys.argv.index("--requests") + 1]) if "--requests" in sys.argv else 60
    client = Client(HTTP_HOST="127.0.0.1")
    count = Story.objects.filter(status="published").count()
    print(json.dumps({"stories": count, "requests": requests,
                      "pages": {name: measure(client, url, requests) for name, url in pages().items()}}))


if __name__ == "__main__":
    main()
