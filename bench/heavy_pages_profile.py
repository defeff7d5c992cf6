#!/usr/bin/env python
"""The signed-in pages with goals, timed in-process against an empty signed-in view, with a profile of each.

    python bench/heavy_pages_profile.py [--db sqlite,postgres] [--requests 50] [--cases 50000]

For each database: a fresh one (production settings), the demo data, the session circles of bench/seed_session.py
(40 men, and 5), the network of bench/seed_accountability.py (200 member organisations, 20,000 people) and the
handler's cases of bench/seed_cases.py, as bench/run.py seeds them. Then, in one process with Django's test client
(no server), signed in as bench/probe.py signs in:
- the demo member's home;
- the demo handler's case list (two-step verified, key unlocked);
- the demo facilitator's page of the session of 40 men, his key unlocked;
- the results of the network's latest assessment round, read by the demo member;
- an empty view added to the site's addresses for this run, through the full middleware, signed in as the member:
  the in-process ceiling of a signed-in page (as bench/ceiling_full.py is under load);
- the site's frame (base.html around nothing), signed in as the member: the floor of any page the site draws.
Each is asked `--requests` times after 10 warm-up requests, and the median wall time is kept (and the median CPU
time of this process, steadier on a shared machine), with its queries.
Then each page is asked `--requests` times more while its call stack is sampled every millisecond of CPU
time: each sample goes to the innermost frame of a known part, by where its code lives: crypto (PyNaCl and
holdspace.crypto), SQL (the database driver and Django's backend), the ORM, forms and widgets, the template engine,
Holdspace's own code (views, selectors), and the rest (middleware, URL, sessions, the standard library); the
shares are given as ms of the page's median CPU time. Last, 20
requests under cProfile give the functions with most own time (cProfile's overhead inflates them).

Writes bench/results/heavy_pages_profile-<db>.json. PostgreSQL needs DATABASE_URL (an administrative connection):
`scripts/with-postgres .venv/bin/python bench/heavy_pages_profile.py`.
"""
import argparse
import json
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
SESSION_MEN = (40, 5)
NETWORK_SIZE = (200, 20_000)
PROFILED = 20
INTERVAL = 0.001  # seconds of CPU time between two stack samples
EMPTY = "bench-empty-signed-in/"
FRAME = "bench-frame-signed-in/"
HEAVY = ("dashboard", "case_list", "circle_session", "assessment_results")
CASE_LIST = "/organisations/riverside-circle/cases/"

# (part, what a profiled function's file or name contains); the first that matches wins.
PARTS = [
    ("crypto", ("/nacl/", "_sodium", "holdspace/crypto/")),
    ("SQL", ("sqlite3", "psycopg", "django/db/backends/")),
    ("ORM", ("django/db/",)),
    ("template", ("django/template/", "django/templatetags/", "/templatetags/")),
    ("forms", ("django/forms/",)),
    ("holdspace", ("/holdspace/",)),
]


def _part(filename: str, name: str) -> str:
    where = f"{filename}:{name}"
    for part, marks in PARTS:
        if any(mark in where for mark in marks):
            return part
    return "rest"


def _sampled(ask, runs: int, *, median_ms: float) -> dict:
    """Each part's share of the samples taken every INTERVAL of this process's CPU time (the kernel may
    deliver fewer, evenly), as ms of the page's median time."""
    samples: dict[str, int] = {}

    def sample(_signal, frame):
        part = "rest"
        while frame is not None:
            found = _part(frame.f_code.co_filename, frame.f_code.co_name)
            if found != "rest":
                part = found
                break
            frame = frame.f_back
        samples[part] = samples.get(part, 0) + 1

    previous = signal.signal(signal.SIGPROF, sample)
    signal.setitimer(signal.ITIMER_PROF, INTERVAL, INTERVAL)
    try:
        for _ in range(runs):
            ask()
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0, 0)
        signal.signal(signal.SIGPROF, previous)
    total = sum(samples.values()) or 1
    return {part: round(median_ms * count / total, 2)
            for part, count in sorted(samples.items(), key=lambda item: -item[1])}


def _profiled(ask, runs: int) -> list[str]:
    """The five functions with most own time under cProfile, ms a request."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        ask()
    profiler.disable()
    own = [(tottime, f"{Path(filename).name}:{name}")
           for (filename, _line, name), (_calls, _primitive, tottime, _cumtime, _callers)
           in pstats.Stats(profiler).stats.items()]
    return [f"{label} {seconds * 1000 / runs:.2f}" for seconds, label in sorted(own, reverse=True)[:5]]


def measure(requests: int) -> dict:
    """Inside Holdspace's settings, on the seeded database."""
    import django

    django.setup()
    sys.path.insert(0, str(BENCH))
    from django.db import connection
    from django.http import HttpResponse
    from django.test.utils import CaptureQueriesContext
    from django.template import engines
    from django.urls import clear_url_caches, path

    from holdspace import urls
    from holdspace.assessments.models import AssessmentRound
    from probe import DEMO_MEMBER, facilitator_client, handler_client, session_showing, session_url, signed_in
    from seed_accountability import NETWORK

    def empty(request):
        return HttpResponse(b"ok", content_type="text/plain")

    # The floor of any signed-in page of the site: its frame (base.html: header, navigation, language switch,
    # footer) around nothing.
    frame = engines["django"].from_string('{% extends "base.html" %}')

    def frame_only(request):
        return HttpResponse(frame.render({}, request))

    urls.urlpatterns += [path(EMPTY, empty), path(FRAME, frame_only)]
    clear_url_caches()
    latest = AssessmentRound.objects.filter(organisation__slug=NETWORK, closed_at__isnull=False) \
        .order_by("-closed_at").values_list("pk", flat=True).first()
    member = signed_in(DEMO_MEMBER)
    pages = {
        "empty_signed_in": (member, f"/{EMPTY}", ("ok",)),
        "frame_signed_in": (member, f"/{FRAME}", ("</footer>",)),
        "dashboard": (member, "/home/", ("</main>",)),
        "case_list": (handler_client(), CASE_LIST, ("</table>",)),
        "circle_session": (facilitator_client(), session_url(SESSION_MEN[0]), session_showing()),
        "assessment_results": (member, f"/organisations/{NETWORK}/assessments/{latest}/", ("Comments",)),
    }
    figures = {}
    for name, (client, url, showing) in pages.items():
        def ask(client=client, url=url):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response

        for _ in range(10):
            page = ask().content.decode()
        assert all(text in page for text in showing), (url, showing)
        with CaptureQueriesContext(connection) as captured:
            ask()
        queries = len(captured.captured_queries)
        each, cpu = [], []
        for _ in range(requests):
            started, started_cpu = time.perf_counter(), time.process_time()
            ask()
            each.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        figures[name] = {"median_ms": round(statistics.median(each), 2),
                         "median_cpu_ms": round(statistics.median(cpu), 2), "queries": queries,
                         "bytes": len(page)}
        if name not in ("empty_signed_in", "frame_signed_in"):
            figures[name].update(parts_ms=_sampled(ask, requests, median_ms=figures[name]["median_cpu_ms"]),
                                 top_own_ms=_profiled(ask, PROFILED))
    # The share by CPU time: on a shared machine the wall time also counts the neighbours' work.
    ceiling = figures["empty_signed_in"]["median_cpu_ms"]
    for name in HEAVY:
        figures[name]["share_of_signed_in_ceiling"] = round(ceiling / figures[name]["median_cpu_ms"], 3)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default="sqlite,postgres")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--cases", type=int, default=50_000, help="cases of the handler's list, as bench/run.py")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.requests)))
        return
    sys.path.insert(0, str(BENCH))
    from run import PYTHON, ROOT, fresh_databases, manage, measured_in, result_write, seeded_vacuum

    command = "python bench/heavy_pages_profile.py " + " ".join(sys.argv[1:])
    for db, env in fresh_databases(args.db, place="heavy"):
        manage(env, "collectstatic", "--no-input")
        manage(env, "seed_demo")
        subprocess.run([PYTHON, str(BENCH / "seed_session.py"), *map(str, SESSION_MEN)], cwd=ROOT, env=env,
                       check=True, stdout=subprocess.DEVNULL)
        subprocess.run([PYTHON, str(BENCH / "seed_accountability.py"), *map(str, NETWORK_SIZE)], cwd=ROOT, env=env,
                       check=True, stdout=subprocess.DEVNULL)
        subprocess.run([PYTHON, str(BENCH / "seed_cases.py"), str(args.cases)], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL)
        seeded_vacuum(db, env)
        result = result_write("heavy_pages_profile", db, {"requests": args.requests, "cases": args.cases, **measured_in(
            env, __file__, "--requests", str(args.requests))}, command=command)
        empty = result["empty_signed_in"]
        print(f"[{db}] empty view, signed in: {empty['median_ms']} ms (CPU {empty['median_cpu_ms']}), "
              f"{empty['queries']} queries")
        frame = result["frame_signed_in"]
        print(f"[{db}] the frame alone, signed in: {frame['median_ms']} ms (CPU {frame['median_cpu_ms']}), "
              f"{frame['queries']} queries")
        for name in HEAVY:
            page = result[name]
            print(f"[{db}] {name}: {page['median_ms']} ms (CPU {page['median_cpu_ms']}), {page['queries']} queries, "
                  f"{page['share_of_signed_in_ceiling']:.1%} of the signed-in ceiling (by CPU time)")
            print(f"[{db}]   CPU by part (ms): "
                  + ", ".join(f"{part} {ms}" for part, ms in page["parts_ms"].items()))
            print(f"[{db}]   most own time under cProfile (ms): " + "; ".join(page["top_own_ms"]))


if __name__ == "__main__":
    main()
