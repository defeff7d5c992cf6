#!/usr/bin/env python
"""The circle finder's selector alone, in-process, among many open circles, with its query plans.

    python bench/finder_profile.py [--db sqlite,postgres] [--circles 10000] [--calls 300]

For each database: a fresh one (production settings), the demo data, then open circles up to the number by
bench/seed_circles.py (three sessions each, a third of them with a member). Then, in one process, each case
below is called `--calls` times after 20 warm-up calls; the median wall time of one call is kept (wall time,
because on PostgreSQL the server's work is the point). The plan of each query of the first page is printed:
EXPLAIN QUERY PLAN on SQLite, EXPLAIN ANALYZE on PostgreSQL.

Writes bench/results/finder_profile-<db>.json. PostgreSQL needs DATABASE_URL (an administrative
connection): `scripts/with-postgres .venv/bin/python bench/finder_profile.py`.
"""
import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent

# (label, filters, page): what a visitor asks the finder most, and the pages that cross to circles with no
# session planned (the last pages).
CASES = [
    ("first page", {}, 1),
    ("second page", {}, 2),
    ("workshops online, first page", {"kind": "workshop", "where": "online"}, 1),
    ("a city, in Spanish, first page", {"where": "harbour", "language": "es"}, 1),
    ("page 490 (deep, no session planned)", {}, 490),
]


def measure(calls: int) -> dict:
    """Inside Holdspace's settings, on the seeded database."""
    import django

    django.setup()
    from django.db import connection

    from holdspace.circles.selectors import FinderFilters, finder

    def timed(filters: dict, page: int) -> float:
        ask = FinderFilters(**filters)
        for _ in range(20):
            finder(ask, page=page)
        each = []
        for _ in range(calls):
            started = time.perf_counter()
            finder(ask, page=page)
            each.append((time.perf_counter() - started) * 1000)
        return round(statistics.median(each), 3)

    run: list[tuple[str, list]] = []

    def keep(execute, sql, params, many, context):
        run.append((sql, list(params or ())))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(keep):
        finder(FinderFilters(), page=1)
    plans = []
    with connection.cursor() as cursor:
        for sql, params in run:
            if connection.vendor == "sqlite":
                cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
                plans.append([row[-1] for row in cursor.fetchall()])
            else:
                cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) " + sql, params)
                plans.append([row[0] for row in cursor.fetchall()])
    return {"median_ms": {label: timed(filters, page) for label, filters, page in CASES},
            "queries_first_page": len(run), "plans_first_page": plans}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default="sqlite,postgres")
    parser.add_argument("--circles", type=int, default=10_000)
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.calls)))
        return
    sys.path.insert(0, str(BENCH))
    from run import PYTHON, ROOT, fresh_databases, manage, measured_in, result_write

    command = "python bench/finder_profile.py " + " ".join(sys.argv[1:])
    for db, env in fresh_databases(args.db, place="finder"):
        manage(env, "seed_demo")
        subprocess.run([PYTHON, str(BENCH / "seed_circles.py"), str(args.circles)], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL)
        result = result_write("finder_profile", db, {"circles": args.circles, "calls": args.calls, **measured_in(
            env, __file__, "--calls", str(args.calls))}, command=command)
        for label, ms in result["median_ms"].items():
            print(f"[{db}] {label:<36} {ms:>8.3f} ms")
        print(f"[{db}] queries for the first page: {result['queries_first_page']}")
        for plan in result["plans_first_page"]:
            print(f"[{db}] plan:\n" + "\n".join(f"    {line}" for line in plan))


if __name__ == "__main__":
    main()
