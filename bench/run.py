#!/usr/bin/env python
"""Load benchmarks for Holdspace against the framework ceiling on the same machine.

Starts Holdspace under gunicorn with the production server's settings (gunicorn.conf.py: the
application loaded once, access log off; `--workers`, twice the cores unless given) on loopback,
drives it with wrk, and writes bench/results/<scenario>-<db>.json
and the table in bench/README.md. Each run also measures the ceiling: a bare
Django view with no middleware (bench/ceiling.py) under the same server.

    python bench/run.py [--db sqlite,postgres] [--scenarios ceiling,landing,dashboard] [--duration 15]

PostgreSQL: the server named by DATABASE_URL (an administrative connection) gets
a fresh database `holdspace_bench`; `make bench` provides one.
"""
import argparse
import http.client
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
WORK = BENCH / ".work"
RESULTS = BENCH / "results"
PYTHON = sys.executable
# The Redis database the benchmark's public pages are kept in, apart from the tests' (1-15 by worker, 0 shared).
BENCH_REDIS_DB = 14
# What each page should reach, as a share of a ceiling measured in the same run (issue 18): signed-out pages of
# the bare ceiling ("bare"), signed-in pages of the empty view through the full stack signed in ("signed_in"),
# report submission of the Argon2id bound ("argon2").
GOALS = {
    "landing": ("bare", 0.35), "story_feed": ("bare", 0.25), "story_page": ("bare", 0.25),
    "story_search": ("bare", 0.25), "circle_finder": ("bare", 0.25), "accountability_page": ("bare", 0.25),
    "dashboard": ("signed_in", 0.5), "case_list": ("signed_in", 0.5), "circle_session": ("signed_in", 0.25),
    "assessment_results": ("signed_in", 0.25), "report_submit": ("argon2", 0.8),
}
DEMO_MEMBER = "member@demo.holdspace.invalid"

# What each Holdspace scenario requests, as whom ("member", "handler", "reporter",
# "facilitator" or None), and for POST scenarios the body the probe prepared. A
# {placeholder} in a path is filled from the probe (the id of a seeded row).
SCENARIOS = {
    "landing": ("/", None),
    "dashboard": ("/home/", "member"),
    # A report with an attachment: Argon2id for the receipt, encryption, metadata stripping.
    "report_submit": ("/o/riverside-circle/report/write/", "reporter"),
    # The handler's list of open cases, among CASES cases in the organisation.
    "case_list": ("/organisations/riverside-circle/cases/", "handler"),
    # The public finder's first page among CIRCLES open circles.
    "circle_finder": ("/circles/", None),
    # The demo facilitator's page of a session held eight days ago by a circle of SESSION_MEN
    # men (key unlocked): agenda, attendance, earlier commitments, the round, notes, feedback.
    "circle_session": ("/organisations/riverside-circle/circles/bench-session-40/sessions/{session_id}/",
                       "facilitator"),
    # Among STORIES published stories: a story sent to moderation by a writer without an account
    # (his private link made and shown), the feed's first page, one story, and a search for a common word.
    "story_submit": ("/stories/write/", "reporter"),
    "story_feed": ("/stories/", None),
    "story_page": ("/stories/{public_id}/", None),
    "story_search": ("/stories/search/?q=trust", None),
    # A network of ACCOUNTABILITY_SIZE[0] member organisations and ACCOUNTABILITY_SIZE[1] people: its public
    # accountability page, and the results of its latest assessment round (answered by two in three of them),
    # read by a member of one of its member organisations.
    "accountability_page": ("/o/north-shore-network/accountability/", None),
    "assessment_results": ("/organisations/north-shore-network/assessments/{round_id}/", "member"),
    # The demo member's own inventory of INVENTORY entries, his key unlocked ("owner"): the list opens every
    # entry, and a search for one word reads them all in his request (nothing is indexed on the server).
    "inventory_list": ("/inventory/", "owner"),
    "inventory_search": ("/inventory/", "owner"),  # a POST of q=apology, the body the probe prepared
}
INVENTORY = 5_000
INVENTORY_FIRST = 500  # the in-process cost is measured here too, to see how it grows
CASES = 50_000
CIRCLES = 10_000
SESSION_MEN = 40  # bench/seed_session.py also seeds a circle of 5, to compare the queries
STORIES = int(os.environ.get("BENCH_STORIES", 1_000_000))
# (member organisations, people): the size measured, after a tenth of it to see whether the queries grow.
ACCOUNTABILITY_SIZE = (200, 20_000)
ACCOUNTABILITY_FIRST = (20, 2_000)
STORIES_FIRST = int(os.environ.get("BENCH_STORIES_FIRST", 10_000))  # the in-process cost is measured here too, to see how it grows


def machine() -> dict:
    memory_kb = 0
    with open("/proc/meminfo") as meminfo:
        for line in meminfo:
            if line.startswith("MemTotal:"):
                memory_kb = int(line.split()[1])
    model = ""
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {
        "cores": os.cpu_count(),
        "memory_gib": round(memory_kb / 1024 / 1024, 1),
        "cpu": model,
        "python": platform.python_version(),
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def holdspace_env(db: str, admin_url: str | None, *, place: str = "") -> dict:
    """A fresh database and settings for one benchmark; `place` keeps another benchmark's apart."""
    work = WORK / (f"{place}-{db}" if place else db)
    database = f"holdspace_bench_{place}" if place else "holdspace_bench"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HOLDSPACE_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="holdspace.settings",
        HOLDSPACE_DEBUG="0",
        HOLDSPACE_SECRET_KEY=secrets.token_urlsafe(50),
        HOLDSPACE_KEY_SECRET=secrets.token_urlsafe(50),
        HOLDSPACE_VAR_DIR=str(work),
        # Loopback has no TLS; everything else is as in production.
        HOLDSPACE_SSL_REDIRECT="0",
        HOLDSPACE_SITE_URL="http://127.0.0.1",
        HOLDSPACE_SECURE_COOKIES="0",
        HOLDSPACE_HSTS_SECONDS="0",
        HOLDSPACE_STATIC_MANIFEST="1",
        HOLDSPACE_LOG_LEVEL="WARNING",
        # The load comes from one address: lift the per-client limits, not the work.
        HOLDSPACE_REPORT_RATE_CLIENT="1000000/h",
        HOLDSPACE_STORY_RATE_CLIENT="1000000/h",
        HOLDSPACE_STORIES_MODERATED_BY="riverside-circle",
        PYTHONPATH=str(ROOT),
    )
    cache_url = os.environ.get("HOLDSPACE_CACHE_URL", "")
    if cache_url.startswith("redis://"):  # public pages in Redis, as in production; emptied for a fresh run
        import redis

        env["HOLDSPACE_CACHE_URL"] = f"{cache_url.rsplit('/', 1)[0]}/{BENCH_REDIS_DB}"
        redis.Redis.from_url(env["HOLDSPACE_CACHE_URL"]).flushdb()
    if db == "postgres":
        import psycopg

        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {database}")
            admin.execute(f"CREATE DATABASE {database}")
        env["DATABASE_URL"] = admin_url.rsplit("/", 1)[0] + f"/{database}"
    else:
        env.pop("DATABASE_URL", None)
    return env


def drawn(env: dict) -> dict:
    """The environment with no public page kept: queries and in-process times count the page drawn, as before the
    shared cache, so they can be compared across sizes and runs (a page served from the cache runs none)."""
    return {**env, "HOLDSPACE_PUBLIC_CACHE_SECONDS": "0"}


def fresh_databases(databases: str, *, place: str):
    """For a benchmark script apart from the load run: a fresh, migrated database of each kind named, as
    (db, env). PostgreSQL's comes from DATABASE_URL (an administrative connection)."""
    for db in databases.split(","):
        admin_url = os.environ.get("DATABASE_URL") if db == "postgres" else None
        if db == "postgres" and not admin_url:
            raise SystemExit("PostgreSQL needs DATABASE_URL (an administrative connection); use scripts/with-postgres.")
        env = holdspace_env(db, admin_url, place=place)
        manage(env, "migrate", "--no-input")
        yield db, env


def seeded_vacuum(db: str, env: dict) -> None:
    """On PostgreSQL, the seeds' new rows vacuumed and counted now, not by autovacuum while they are measured."""
    if db == "postgres":
        import psycopg

        with psycopg.connect(env["DATABASE_URL"], autocommit=True) as seeded:
            seeded.execute("VACUUM (ANALYZE)")


def measured_in(env: dict, script: str, *args: str) -> dict:
    """Run a benchmark script's --measure part inside Holdspace's settings and read the JSON it prints."""
    done = subprocess.run([PYTHON, script, "--measure", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{script} --measure failed:\n{done.stderr}")
    return json.loads(done.stdout)


def result_write(scenario: str, db: str, figures: dict, *, command: str) -> dict:
    """Keep a benchmark script's figures as results/<scenario>-<db>.json, with when, where and how."""
    result = {"scenario": scenario, "db": db, **figures,
              "measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"), "machine": machine(),
              "command": command}
    (RESULTS / f"{scenario}-{db}.json").write_text(json.dumps(result, indent=2) + "\n")
    return result


def manage(env: dict, *args: str) -> str:
    result = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def start_server(app: str, env: dict, workers: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = subprocess.Popen(
        # The production server's settings (gunicorn.conf.py), with this run's address and workers.
        [PYTHON, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), app, "--workers", str(workers),
         "--bind", f"127.0.0.1:{port}", "--worker-class", "sync", "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server, f"http://127.0.0.1:{port}"
        except OSError:
            if server.poll() is not None:
                raise SystemExit(f"{app} did not start:\n{server.stderr.read().decode()}")
            time.sleep(0.2)
    raise SystemExit(f"{app} did not start within 30 s")


def stop_server(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:  # a worker stuck in a request: stop it hard
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=30)


def load(url: str, *, duration: int, connections: int, threads: int, cookie: str | None, body: dict | None = None) -> dict:
    wrk_env = {**os.environ, "WRK_BODY_FILE": "", "WRK_CONTENT_TYPE": ""}
    if body:
        wrk_env.update(WRK_BODY_FILE=body["file"], WRK_CONTENT_TYPE=body["content_type"])

    def wrk(seconds: int) -> str:
        command = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--latency",
                   "--timeout", "10s", "-s", str(BENCH / "report.lua")]
        if cookie:
            command += ["-H", f"Cookie: {cookie}"]
        return subprocess.run([*command, url], capture_output=True, text=True, check=True, env=wrk_env).stdout

    if not body:  # wrk counts only answers from 400 up as errors: a redirect (to sign in) must not pass
        where = urlsplit(url)
        connection = http.client.HTTPConnection(where.hostname, where.port, timeout=30)
        connection.request("GET", where.path, headers={"Cookie": cookie} if cookie else {})
        status = connection.getresponse().status
        connection.close()
        if status != 200:
            raise SystemExit(f"{url}: answered {status}, not 200")
    wrk(2)  # warm up the workers
    output = wrk(duration)
    figures = json.loads(output.split("JSON", 1)[1])
    if figures["non2xx"] or figures["errors"] or not figures["requests"]:
        raise SystemExit(f"{url}: {figures['non2xx']} non-2xx answers and {figures['errors']} errors:\n{output}")
    seconds = figures["duration_us"] / 1e6
    return {
        "rps": round(figures["requests"] / seconds, 1),
        "p50_ms": round(figures["p50_us"] / 1000, 2),
        "p95_ms": round(figures["p95_us"] / 1000, 2),
        "p99_ms": round(figures["p99_us"] / 1000, 2),
        "requests": figures["requests"],
    }


def run_db(db: str, scenarios: list[str], args, admin_url: str | None, command: str) -> list[dict]:
    env = holdspace_env(db, admin_url)
    manage(env, "migrate", "--no-input")
    manage(env, "collectstatic", "--no-input")
    manage(env, "seed_demo")
    if "case_list" in scenarios:
        subprocess.run([PYTHON, str(BENCH / "seed_cases.py"), str(CASES)], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL)
    if "circle_finder" in scenarios:
        subprocess.run([PYTHON, str(BENCH / "seed_circles.py"), str(CIRCLES)], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL)
    if "circle_session" in scenarios:
        subprocess.run([PYTHON, str(BENCH / "seed_session.py"), str(SESSION_MEN), "5"], cwd=ROOT, env=env,
                       check=True, stdout=subprocess.DEVNULL)
    if any(scenario.startswith("story_") for scenario in scenarios):
        seed_and_grow(db, env, name="story", seed="seed_stories.py", timing="story_growth.py",
                      totals=(STORIES_FIRST, STORIES))
    inventory = None
    if {"inventory_list", "inventory_search"} & set(scenarios):
        inventory = seed_and_grow(db, env, name="inventory", seed="seed_inventory.py", timing="inventory_growth.py",
                                  totals=(INVENTORY_FIRST, INVENTORY))
    accountability = None
    if {"accountability_page", "assessment_results"} & set(scenarios):
        accountability = seed_accountability(db, env)
    seeded_vacuum(db, env)
    probed = subprocess.run([PYTHON, str(BENCH / "probe.py"), DEMO_MEMBER], cwd=ROOT, env=drawn(env),
                            capture_output=True, text=True)
    if probed.returncode != 0:
        raise SystemExit(f"The probe failed:\n{probed.stderr}")
    probe = json.loads(probed.stdout)
    if accountability is not None:
        first, full = accountability
        probe["path_args"]["assessment_results"] = {"round_id": full["round_id"]}
        for scenario in ("accountability_page", "assessment_results"):
            probe["queries"][scenario] = full["queries"][scenario]
            probe["extra"][scenario] = {
                "organisations": full["organisations"], "members": full["members"], "answers": full["answers"],
                f"queries_at_{first['organisations']}_organisations": first["queries"][scenario],
                f"queries_at_{full['organisations']}_organisations": full["queries"][scenario],
                f"uncached_ms_at_{first['organisations']}_organisations": first["uncached_ms"][scenario],
                f"uncached_ms_at_{full['organisations']}_organisations": full["uncached_ms"][scenario]}
    if inventory is not None:
        for scenario in ("inventory_list", "inventory_search"):
            probe["extra"][scenario] = {
                "entries": inventory[INVENTORY]["entries"],
                "inprocess_p95_ms": inventory[INVENTORY]["pages"][scenario]["p95_ms"],
                f"inprocess_p95_ms_at_{INVENTORY_FIRST}_entries": inventory[INVENTORY_FIRST]["pages"][scenario]["p95_ms"],
                f"queries_at_{INVENTORY_FIRST}_entries": inventory[INVENTORY_FIRST]["pages"][scenario]["queries"]}
    options = {"duration": args.duration, "connections": args.connections, "threads": args.threads}

    server, base = start_server("bench.ceiling:application", env, args.workers)
    try:
        ceiling = load(base + "/", cookie=None, **options)
    finally:
        stop_server(server)
    print(f"[{db}] ceiling: {ceiling['rps']} req/s, p95 {ceiling['p95_ms']} ms")
    server, base = start_server("bench.ceiling_full:application", env, args.workers)
    try:
        anonymous = load(base + "/", cookie=None, **options)
        signed_in = load(base + "/", cookie=probe["cookies"]["member"], **options)
        frame = load(base + "/frame/", cookie=probe["cookies"]["member"], **options)
    finally:
        stop_server(server)
    print(f"[{db}] empty view through Holdspace's stack: {anonymous['rps']} req/s signed out, "
          f"{signed_in['rps']} signed in; the site's frame around nothing, signed in: {frame['rps']}")
    bound = measured_in(env, str(BENCH / "argon2_bound.py")) if "report_submit" in scenarios else None

    results = []
    common = {
        "db": db,
        "ceiling_rps": ceiling["rps"],
        "ceiling_p95_ms": ceiling["p95_ms"],
        "ceiling_anonymous_rps": anonymous["rps"],
        "ceiling_signed_in_rps": signed_in["rps"],
        "ceiling_frame_rps": frame["rps"],
        "public_cache": "redis" if env.get("HOLDSPACE_CACHE_URL") else "files",
        "measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": machine(),
        "server": f"gunicorn -c gunicorn.conf.py, {args.workers} sync workers",
        "load": f"wrk, {args.threads} threads, {args.connections} connections, {args.duration} s",
        "command": command,
    }
    if "ceiling" in scenarios:
        results.append({"scenario": "ceiling", **ceiling, "queries_per_request": 0, "ratio_to_ceiling": 1.0, **common})
    # The ceiling a page's goal names is measured again right after the page, on servers left running beside it:
    # on a machine shared with others, a ceiling measured minutes before can be from a faster or slower moment.
    servers = {name: start_server(app, env, args.workers) for name, app in (
        ("page", "holdspace.wsgi:application"), ("bare", "bench.ceiling:application"),
        ("full", "bench.ceiling_full:application"))}
    member = probe["cookies"]["member"]
    beside = {"bare": [("adjacent_ceiling_rps", "bare", "/", None)],
              "signed_in": [("adjacent_ceiling_rps", "full", "/", member),
                            ("adjacent_frame_rps", "full", "/frame/", member)]}
    try:
        base = servers["page"][1]
        for scenario in [s for s in scenarios if s != "ceiling"]:
            path, visitor = SCENARIOS[scenario]
            path = path.format(**probe["path_args"].get(scenario, {}))
            cookie = probe["cookies"][visitor] if visitor else None
            figures = load(base + path, cookie=cookie, body=probe["bodies"].get(scenario), **options)
            ratio = round(figures["rps"] / ceiling["rps"], 3)
            extra = dict(probe["extra"].get(scenario, {}))
            if scenario == "report_submit" and bound is not None:
                extra.update(bound)
            for field, server_name, where, who in beside.get(GOALS.get(scenario, ("",))[0], []):
                extra[field] = load(servers[server_name][1] + where, cookie=who, **options)["rps"]
            if scenario == "report_submit":  # its bound, timed again with the servers idle
                again = measured_in(env, str(BENCH / "argon2_bound.py"))
                extra["adjacent_ceiling_rps"] = again["argon2_bound_rps"]
                extra["adjacent_all_cores_rps"] = again["argon2_all_cores_rps"]
            result = {"scenario": scenario, **figures, "queries_per_request": probe["queries"][scenario],
                      **extra, "ratio_to_ceiling": ratio, **common}
            result.update(goal_of(result))
            results.append(result)
            print(f"[{db}] {scenario}: {figures['rps']} req/s, p95 {figures['p95_ms']} ms, {ratio:.1%} of ceiling"
                  + (f"; goal {result['goal']}: {result['goal_share']:.2f}" if "goal" in result else ""))
    finally:
        for server, _base in servers.values():
            stop_server(server)
    return results


def goal_of(result: dict) -> dict:
    """The page's goal, the share it reached of the ceiling the goal names, and whether it met it."""
    if result["scenario"] not in GOALS:
        return {}
    against, share = GOALS[result["scenario"]]
    # The ceiling measured right after the page when there is one, else the run's own.
    ceiling = result.get("adjacent_ceiling_rps") or {
        "bare": result["ceiling_rps"], "signed_in": result["ceiling_signed_in_rps"],
        "argon2": result.get("argon2_bound_rps")}[against]
    if not ceiling:
        return {}
    reached = round(result["rps"] / ceiling, 3)
    found = {"goal": f"{share:.2f} of {against}", "goal_share": reached, "goal_met": reached >= share}
    frame = result.get("adjacent_frame_rps") or (result.get("ceiling_frame_rps") if against == "signed_in" else None)
    if frame:
        # Beside the goal: the share of the site's frame around nothing, the floor of any page drawn in it.
        found["frame_share"] = round(result["rps"] / frame, 3)
    all_cores = result.get("adjacent_all_cores_rps") or result.get("argon2_all_cores_rps")
    if against == "argon2" and all_cores:
        # Beside it: the share of what this machine derives with every core deriving at once and nothing else.
        found["all_cores_share"] = round(result["rps"] / all_cores, 3)
    return found


def seed_and_grow(db: str, env: dict, *, name: str, seed: str, timing: str, totals: tuple[int, int]) -> dict:
    """Seed to each total in turn and time the pages in-process after each, into results/<name>_growth-<db>.json."""
    growth = {}
    for total in totals:
        started = time.time()
        subprocess.run([PYTHON, str(BENCH / seed), str(total)], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL)
        print(f"[{db}] {name}: {total} seeded in {time.time() - started:.0f} s")
        measured = subprocess.run([PYTHON, str(BENCH / timing)], cwd=ROOT, env=drawn(env), check=True,
                                  capture_output=True, text=True)
        growth[total] = json.loads(measured.stdout)
    (RESULTS / f"{name}_growth-{db}.json").write_text(json.dumps({
        "db": db, "measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"), "machine": machine(),
        "growth": growth}, indent=2) + "\n")
    return growth


def seed_accountability(db: str, env: dict) -> tuple[dict, dict]:
    """Seed the network at a tenth of its size and count the pages' queries, then at its full size."""
    measured = []
    for organisations, members in (ACCOUNTABILITY_FIRST, ACCOUNTABILITY_SIZE):
        started = time.time()
        seeded = subprocess.run([PYTHON, str(BENCH / "seed_accountability.py"), str(organisations), str(members)],
                                cwd=ROOT, env=drawn(env), check=True, capture_output=True, text=True)
        measured.append(json.loads(seeded.stdout))
        print(f"[{db}] a network of {organisations} organisations and {members} people seeded in "
              f"{time.time() - started:.0f} s; queries {measured[-1]['queries']}, "
              f"in-process ms uncached {measured[-1]['uncached_ms']}")
    return measured[0], measured[1]


def _goal_cell(result: dict) -> str:
    if "goal" not in result:
        return ""
    cell = f"{result['goal']}: {result['goal_share']:.3f} {'met' if result['goal_met'] else 'not met'}"
    return (cell + (f" ({result['frame_share']:.2f} of the frame)" if "frame_share" in result else "")
            + (f" ({result['all_cores_share']:.2f} of every core deriving)" if "all_cores_share" in result else ""))


def write_table(results: list[dict]) -> None:
    readme = BENCH / "README.md"
    text = readme.read_text()
    start, end = "<!-- results:start -->", "<!-- results:end -->"
    rows = [
        "| scenario | db | req/s | p50 ms | p95 ms | p99 ms | ceiling req/s | share of ceiling | queries/request "
        "| goal (share reached) | measured |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    every = {}
    for path in sorted(RESULTS.glob("*.json")):
        entry = json.loads(path.read_text())
        if "rps" in entry:  # other measurements (e.g. the receipt unlock) keep their own files
            every[(entry["scenario"], entry["db"])] = entry
    for (scenario, db), r in sorted(every.items(), key=lambda item: (item[0][1], item[0][0] != "ceiling", item[0][0])):
        rows.append(
            f"| {scenario} | {db} | {r['rps']:.0f} | {r['p50_ms']} | {r['p95_ms']} | {r['p99_ms']} | "
            f"{r['ceiling_rps']:.0f} | {r['ratio_to_ceiling']:.1%} | {r['queries_per_request']} | {_goal_cell(r)} | "
            f"{r['measured_at'][:10]} |"
        )
    sample = results[0] if results else next(iter(every.values()))
    rows.append("")
    for db in sorted({db for _, db in every}):
        latest = max((r for (_, d), r in every.items() if d == db and "ceiling_signed_in_rps" in r),
                     key=lambda r: r["measured_at"], default=None)
        if latest is not None:
            bound = every.get(("report_submit", db), {}).get("argon2_bound_rps")
            rows.append(f"{db}: the empty view through Holdspace's stack serves {latest['ceiling_anonymous_rps']:.0f} "
                        f"req/s signed out and {latest['ceiling_signed_in_rps']:.0f} signed in"
                        + (f", and the site's frame around nothing {latest['ceiling_frame_rps']:.0f} signed in"
                           if latest.get("ceiling_frame_rps") else "")
                        + (f"; one Argon2id derivation bounds report submission at {bound:.1f} req/s" if bound else "")
                        + f" (public pages kept in {latest['public_cache']}, {latest['measured_at'][:10]}).  ")
    rows.append("")
    rows.append(
        f"Machine: {sample['machine']['cores']} cores, {sample['machine']['memory_gib']} GiB, "
        f"{sample['machine']['cpu']}; {sample['server']}; {sample['load']}. Command: `{sample['command']}`"
    )
    before, rest = text.split(start, 1)
    _, after = rest.split(end, 1)
    readme.write_text(before + start + "\n" + "\n".join(rows) + "\n" + end + after)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default="sqlite,postgres")
    parser.add_argument("--scenarios", default="ceiling," + ",".join(SCENARIOS))
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    scenarios = args.scenarios.split(",")
    unknown = set(scenarios) - {"ceiling", *SCENARIOS}
    if unknown:
        raise SystemExit(f"Unknown scenarios: {sorted(unknown)}")
    command = "python bench/run.py " + " ".join(sys.argv[1:]) if sys.argv[1:] else "make bench"
    RESULTS.mkdir(exist_ok=True)
    results = []
    for db in args.db.split(","):
        admin_url = os.environ.get("DATABASE_URL") if db == "postgres" else None
        if db == "postgres" and not admin_url:
            raise SystemExit("PostgreSQL needs DATABASE_URL (an administrative connection); `make bench` sets it.")
        for result in run_db(db, scenarios, args, admin_url, command):
            (RESULTS / f"{result['scenario']}-{db}.json").write_text(json.dumps(result, indent=2) + "\n")
            results.append(result)
    write_table(results)


if __name__ == "__main__":
    main()
