#!/usr/bin/env python
"""What a signed-in page costs before its own work, and where the home's time goes, in CPU time.

    python bench/signed_in_profile.py [--requests 300] [--cases 0]

A throwaway SQLite database under a temporary HOLDSPACE_VAR_DIR gets the demo data (`manage.py seed_demo`,
HOLDSPACE_DEBUG=1, stories moderated by riverside-circle) and, with `--cases N`, N more cases for the handler
(bench/seed_cases.py). Then, in one process with production-like settings and Django's test client (no
server), demo people are signed in and each page is asked `--requests` times after a warm-up: a page that does
nothing (an unknown address: the whole middleware stack, then a 404) signed out, signed in (the member) and
after a two-step sign-in (the handler: her authenticator is read too), the home of the member, the
organisation administrator and the case handler (two-step verified, key unlocked), and the handler's case
list. Each figure is the median request's CPU time; each of the home's to-do lookups is timed by wrapping it
where the home calls it, as the median of its calls. CPU time of this process, not wall time, because the
machine is shared. Also the queries each page runs.

Writes bench/results/signed_in_profile-sqlite.json.
"""
import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent

MEMBER = "member@demo.holdspace.invalid"
ADMIN = "org-admin@demo.holdspace.invalid"
HANDLER = "handler@demo.holdspace.invalid"
NOTHING = "/no-such-page/"
HOME = "/home/"
CASE_LIST = "/organisations/riverside-circle/cases/"
# Where the home finds each lookup it asks; a name missing from the code measured is left out.
HOME_MODULE = "holdspace.site.views"
ORGANISATION_LOOKUPS = ("holdspace.organisations.selectors", ["organisations_of_user", "invitations_for_user"])
LOOKUPS = [
    "organisations_of_user", "invitations_for_user", "cases_about", "kept_count", "awaiting_signature",
    "organisations_awaiting_signature", "rounds_waiting_for", "personal_work_waiting", "handler_counts",
    "circles_waiting_for_member", "circles_waiting_for_facilitator", "moderation_waiting",
    "codes_waiting_for_admin", "rounds_open_for_admin", "concerns_waiting", "applications_waiting_for_admin",
    "todo_of_user",
]


def _median_ms(ask, requests: int) -> float:
    for _ in range(20):  # caches settle, as in a running server
        ask()
    each = []
    for _ in range(requests):
        started = time.process_time()
        ask()
        each.append(time.process_time() - started)
    return round(statistics.median(each) * 1000, 3)


def _wrap(spent: dict, module, name: str) -> bool:
    original = getattr(module, name, None)
    if original is None or not callable(original):
        return False

    def timed(*args, **kwargs):
        started = time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            spent[name].append(time.process_time() - started)

    timed.original = original
    setattr(module, name, timed)
    return True


def measure(requests: int) -> dict:
    """Inside Holdspace's settings, on the seeded database."""
    import django

    django.setup()
    sys.path.insert(0, str(BENCH))
    import importlib

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from probe import key_client, signed_in

    member, admin, handler = signed_in(MEMBER), signed_in(ADMIN), key_client(HANDLER, two_factor=True)

    def page(client, url: str, status: int = 200):
        def ask():
            response = client.get(url)
            assert response.status_code == status, (url, response.status_code)
        return ask

    from django.test import Client

    asks = {
        "nothing_signed_out": page(Client(HTTP_HOST="127.0.0.1"), NOTHING, 404),
        "nothing_signed_in": page(member, NOTHING, 404),
        "nothing_two_step": page(handler, NOTHING, 404),
        "home_member": page(member, HOME),
        "home_admin": page(admin, HOME),
        "home_handler": page(handler, HOME),
        "case_list_handler": page(handler, CASE_LIST),
    }
    queries = {}
    for name, ask in asks.items():
        ask()
        with CaptureQueriesContext(connection) as captured:
            ask()
        queries[name] = len(captured.captured_queries)
    figures = {f"{name}_ms": _median_ms(ask, requests) for name, ask in asks.items()}

    modules = [(importlib.import_module(HOME_MODULE), LOOKUPS),
               (importlib.import_module(ORGANISATION_LOOKUPS[0]), ORGANISATION_LOOKUPS[1])]
    lookups = {}
    for who in ("member", "admin", "handler"):
        spent: dict = defaultdict(list)
        wrapped = [(module, name) for module, names in modules for name in names if _wrap(spent, module, name)]
        for _ in range(20):
            asks[f"home_{who}"]()
        spent.clear()
        for _ in range(requests):
            asks[f"home_{who}"]()
        # A lookup asked n times a request (the handler's counts, once per organisation): its median call.
        lookups[who] = {name: round(statistics.median(spent[name]) * 1000, 3) for _, name in wrapped if spent[name]}
        for module, name in wrapped:
            setattr(module, name, getattr(module, name).original)
    return {**figures, "queries": queries, "home_lookups_ms": lookups}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--cases", type=int, default=0)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.requests)))
        return
    command = "python bench/signed_in_profile.py " + " ".join(sys.argv[1:])
    with tempfile.TemporaryDirectory(prefix="holdspace-signed-in-") as var:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("HOLDSPACE_", "DJANGO_"))}
        env.update(DJANGO_SETTINGS_MODULE="holdspace.settings", HOLDSPACE_VAR_DIR=var, HOLDSPACE_DEBUG="1",
                   HOLDSPACE_SECRET_KEY=secrets.token_urlsafe(50), HOLDSPACE_KEY_SECRET=secrets.token_urlsafe(50),
                   HOLDSPACE_STORIES_MODERATED_BY="riverside-circle", HOLDSPACE_LOG_LEVEL="WARNING",
                   PYTHONPATH=str(ROOT))
        python = sys.executable
        for step in (["migrate", "--no-input"], ["seed_demo"]):
            subprocess.run([python, "manage.py", *step], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
        if args.cases:
            subprocess.run([python, str(BENCH / "seed_cases.py"), str(args.cases)], cwd=ROOT, env=env, check=True,
                           stdout=subprocess.DEVNULL)
        # Production-like from here: no debug, static files from the manifest, as bench/run.py serves them.
        env.update(HOLDSPACE_DEBUG="0", HOLDSPACE_SSL_REDIRECT="0", HOLDSPACE_SITE_URL="http://127.0.0.1",
                   HOLDSPACE_SECURE_COOKIES="0", HOLDSPACE_HSTS_SECONDS="0", HOLDSPACE_STATIC_MANIFEST="1")
        subprocess.run([python, "manage.py", "collectstatic", "--no-input"], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL)
        done = subprocess.run([python, __file__, "--measure", "--requests", str(args.requests)], cwd=ROOT, env=env,
                              capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"--measure failed:\n{done.stderr}")
    sys.path.insert(0, str(BENCH))
    from run import result_write

    result = result_write("signed_in_profile", "sqlite", {"requests": args.requests, "cases": args.cases,
                                                          **json.loads(done.stdout)}, command=command)
    for name, value in result.items():
        if name.endswith("_ms") and name != "home_lookups_ms":
            print(f"{name:<24} {value:>8.3f} ms CPU, {result['queries'][name[:-3]]} queries")
    for who, lookups in result["home_lookups_ms"].items():
        print(f"home of the {who}: " + ", ".join(f"{name} {ms}" for name, ms in lookups.items()))


if __name__ == "__main__":
    main()
