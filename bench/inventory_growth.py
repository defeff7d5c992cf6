"""Run inside Holdspace's settings: the in-process cost of the demo member's inventory list and
search at the number of entries seeded now (bench/seed_inventory.py), so runs at 500 and 5,000 compare.

    python bench/inventory_growth.py [--requests 40]

Prints JSON: for each page, the entries, the queries, the median and the 95th percentile
milliseconds over the requests (after five warm-up requests), one request at a time with Django's
test client and the member's key unlocked: no server, no network, one process.
"""
import json
import statistics
import sys
import time

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from holdspace.inventory.models import Entry  # noqa: E402
from probe import DEMO_MEMBER, key_client  # noqa: E402
from seed_inventory import SEARCHED  # noqa: E402

# (address, what a search posts): the list is a GET; searches are POSTs, as the page sends them.
PAGES = {"inventory_list": ("/inventory/", None), "inventory_search": ("/inventory/", {"q": SEARCHED}),
         "inventory_tag": ("/inventory/", {"tag": "repair"})}


def measure(client, url: str, posted: dict | None, requests: int) -> dict:
    def ask():
        return client.post(url, posted) if posted else client.get(url)

    for _ in range(5):
        assert ask().status_code == 200, url
    with CaptureQueriesContext(connection) as captured:
        ask()
    query_count = len(captured)
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        ask()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {"queries": query_count, "median_ms": round(statistics.median(times), 2),
            "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 2)}


def main() -> None:
    requests = int(sys.argv[sys.argv.index("--requests") + 1]) if "--requests" in sys.argv else 40
    client = key_client(DEMO_MEMBER, two_factor=False)
    entries = Entry.objects.filter(owner__email=DEMO_MEMBER).count()
    print(json.dumps({"entries": entries, "requests": requests,
                      "pages": {name: measure(client, url, posted, requests) for name, (url, posted) in PAGES.items()}}))


if __name__ == "__main__":
    main()
