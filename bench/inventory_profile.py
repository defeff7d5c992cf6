#!/usr/bin/env python
"""Where the inventory list's time goes: each part of one request, in CPU time.

    python bench/inventory_profile.py [--db sqlite,postgres] [--entries 5000] [--requests 300]

For each database: a fresh one (production settings), the demo data, and the demo member's inventory
grown to the number of entries by bench/seed_inventory.py; then, in one process with Django's test client
(no server), the list page with his key unlocked and the landing page as wrk asks for it (no cookie),
each timed over `--requests` requests in five batches (the median batch is kept). Each part of the list is timed by wrapping the function that does it: the session read, the
person read, the key's cookie opened, the vault opened, his page of entries read and opened, his tags,
the entries written out for the page, the template; what is left is the rest of the middleware, the URL
and the form. CPU time of this process, not wall time, because the machine is shared: on PostgreSQL the
server's own time is not in it.

Writes bench/results/inventory_profile-<db>.json. PostgreSQL needs DATABASE_URL (an administrative
connection): `scripts/with-postgres .venv/bin/python bench/inventory_profile.py`.
"""
import argparse
import json
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

from parts import part_time  # bench/ is the script's own folder, first on the path

BENCH = Path(__file__).resolve().parent

# (label, module, attribute): what is timed, where the request finds it. A name missing from the code
# measured (an older version, say) is left out.
PARTS = [
    ("session read", "holdspace.web.sessions", "SessionStore.load"),
    ("session read", "django.contrib.sessions.backends.db", "SessionStore.load"),
    ("person read", "django.contrib.auth", "get_user"),
    ("key cookie opened", "holdspace.inventory.views.inventory", "unlocked_key"),
    ("vault opened", "holdspace.inventory.views.inventory", "vault_opened"),
    ("vault opened", "holdspace.inventory.views.inventory", "vault_open"),
    ("page of entries read and opened", "holdspace.inventory.selectors", "entries_newest"),
    ("tags", "holdspace.inventory.selectors", "tags_used"),
    ("entries written out for the page", "holdspace.inventory.views.inventory", "_lines"),
    ("template", "holdspace.inventory.views.inventory", "render"),
]


def measure(requests: int) -> dict:
    """Inside Holdspace's settings, on the seeded database."""
    import django

    django.setup()
    sys.path.insert(0, str(BENCH))
    from django.test import Client

    from probe import DEMO_MEMBER, key_client

    owner = key_client(DEMO_MEMBER, two_factor=False)

    def batches(ask) -> float:
        """CPU ms a request, the median of five batches."""
        for _ in range(20):
            ask()
        each = []
        for _ in range(5):
            started = time.process_time()
            for _ in range(requests // 5):
                ask()
            each.append((time.process_time() - started) * 1000 / (requests // 5))
        return statistics.median(each)

    def ok(response):
        assert response.status_code == 200, response.status_code

    visitor = Client(HTTP_HOST="127.0.0.1")

    def landing():  # as wrk asks for it: no cookie, so each answer makes a new form token
        visitor.cookies.clear()
        ok(visitor.get("/"))

    figures = {"landing_ms": batches(landing),
               "list_ms": batches(lambda: ok(owner.get("/inventory/")))}
    spent: dict = defaultdict(float)
    wrapped = [label for label, module, attribute in PARTS if part_time(spent, label, module, attribute)]
    for _ in range(20):
        ok(owner.get("/inventory/"))
    spent.clear()
    started = time.process_time()
    for _ in range(requests):
        ok(owner.get("/inventory/"))
    whole = (time.process_time() - started) * 1000 / requests
    parts = {label: round(spent[label] * 1000 / requests, 3) for label in dict.fromkeys(wrapped)}
    # The template's time includes the entries written out when the view does it inside render's call.
    parts["the rest: middleware, URL, form, response"] = round(whole - sum(parts.values()), 3)
    return {**{key: round(value, 3) for key, value in figures.items()},
            "list_with_parts_timed_ms": round(whole, 3), "list_parts_ms": parts}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default="sqlite,postgres")
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.requests)))
        return
    sys.path.insert(0, str(BENCH))
    from run import PYTHON, ROOT, fresh_databases, manage, measured_in, result_write

    command = "python bench/inventory_profile.py " + " ".join(sys.argv[1:])
    for db, env in fresh_databases(args.db, place="profile"):
        manage(env, "collectstatic", "--no-input")
        manage(env, "seed_demo")
        subprocess.run([PYTHON, str(BENCH / "seed_inventory.py"), str(args.entries)], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL)
        result = result_write("inventory_profile", db, {"entries": args.entries, **measured_in(
            env, __file__, "--requests", str(args.requests))}, command=command)
        print(f"[{db}] CPU ms a request: landing {result['landing_ms']}, list {result['list_ms']}")
        for label, ms in result["list_parts_ms"].items():
            print(f"[{db}]   {label:<42} {ms:>7.3f}")


if __name__ == "__main__":
    main()
