#!/usr/bin/env python
"""Where a report's submission spends its time, next to its bound: one Argon2id derivation.

    python bench/submit_profile.py [--db sqlite] [--runs 20] [--top 30]

For each database: a fresh one with production settings (Argon2id as the settings give it: t=3,
m=64 MiB, p=1 unless HOLDSPACE_ARGON2_* say otherwise), migrated and seeded with the demo data; then,
in one process with Django's test client (no server):

- one Argon2id derivation as a receipt's key is made (`key_from_secret`), the median of `--runs`;
  and derivations a second with one process per core deriving at once, next to cores / one
  derivation's time (the bound the load benchmark compares with: whether cores scale that way);
- one whole submission: the POST the load benchmark sends (bench/probe.py: the reporting form with a
  320x240 JPEG), the median of `--runs`;
- what one submission does: its Argon2id derivations, its queries, the CPU time of each part below
  (timed by wrapping the function that does it, over `--runs` submissions), and a cProfile of
  `--runs` more (the top entries by cumulative time).

Times are given as wall and CPU time of this process (user + system: Argon2id's memory is paged in
by the kernel). The machine is shared, so CPU time is the steadier figure; on PostgreSQL the
server's own time is not in it. `cpu_submission_per_derivation` is a submission's CPU time over one
derivation's: 1.0 is the bound, 1.25 is 80 % of it.

Writes bench/results/submit_profile-<db>.json and prints the profile. PostgreSQL needs DATABASE_URL
(an administrative connection): `scripts/with-postgres .venv/bin/python bench/submit_profile.py --db postgres`.
"""
import argparse
import cProfile
import io
import json
import pstats
import resource
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

from parts import part_time  # bench/ is the script's own folder, first on the path

BENCH = Path(__file__).resolve().parent

# (label, module, attribute): what is timed, where the request finds it. A name missing from the code
# measured (an older version, say) is left out.
PARTS = [
    ("Argon2id", "holdspace.crypto.derivation", "hash_secret_raw"),
    ("Argon2id", "holdspace.crypto.derivation", "argon2id"),
    ("throttle counted", "holdspace.reports.views.reporter", "throttled"),
    ("body parsed (multipart)", "django.http.request", "HttpRequest._load_post_and_files"),
    ("form checked", "holdspace.reports.views.reporter", "ReportForm.is_valid"),
    ("image checked and re-encoded", "holdspace.reports.forms", "attachment_clean"),
    ("where it goes, who holds keys", "holdspace.reports.submission", "handling_organisation_for"),
    ("where it goes, who holds keys", "holdspace.reports.submission", "keyholders"),
    ("where it goes, who holds keys", "holdspace.reports.submission", "receivers_for"),
    ("recovery ring", "holdspace.reports.submission", "ring_ensure"),
    ("recovery ring", "holdspace.reports.submission", "ring_ensure_held"),
    ("recovery ring", "holdspace.reports.submission", "ring_reaches"),
    ("locked and sealed", "holdspace.reports.submission", "lock"),
    ("locked and sealed", "holdspace.reports.submission", "seal_to"),
    ("locked and sealed", "holdspace.reports.submission", "content_lock"),
    ("stage and audit written", "holdspace.reports.submission", "stage_start"),
    ("stage and audit written", "holdspace.reports.submission", "audit_record"),
    ("the rest of report_submit: rows written", "holdspace.reports.views.reporter", "report_submit"),
    ("receipt page drawn", "holdspace.reports.views.reporter", "render"),
]

def _timed(runs: int, do) -> tuple[float, float]:
    """Median wall and CPU ms of one call."""
    wall, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        do()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def _derive_in_turn(derive, ready, runs: int, done) -> None:
    derive()  # its memory paged in, as in a worker that has served a report
    ready.wait()
    started = time.perf_counter()
    for _ in range(runs):
        derive()
    done.put(runs / (time.perf_counter() - started))


def parallel_derivations(derive, runs: int) -> tuple[int, float]:
    """Derivations a second with one process per core deriving at the same time."""
    import multiprocessing
    import os

    cores = os.cpu_count() or 1
    forked = multiprocessing.get_context("fork")
    ready, done = forked.Barrier(cores), forked.Queue()
    processes = [forked.Process(target=_derive_in_turn, args=(derive, ready, runs, done)) for _ in range(cores)]
    for process in processes:
        process.start()
    rates = [done.get() for _ in processes]
    for process in processes:
        process.join()
    return cores, sum(rates)


def measure(runs: int, top: int) -> dict:
    """Inside Holdspace's settings, on the seeded database."""
    import django

    django.setup()
    sys.path.insert(0, str(BENCH))
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from holdspace.crypto import receipts
    from holdspace.crypto.derivation import current_parameters, key_from_secret, new_salt
    from probe import REPORT_FORM, report_body

    parameters = current_parameters()
    code = receipts.receipt_normalise(receipts.receipt_new())

    def derive():
        key_from_secret(code, salt=new_salt(), parameters=parameters, purpose=b"receipt")

    reporter = Client(HTTP_HOST="127.0.0.1")
    _body, data = report_body(reporter)

    def submit():
        data["files"].seek(0)
        response = reporter.post(REPORT_FORM, data=data)
        assert response.status_code == 200, response.status_code
        assert b"receipt-code" in response.content, "the receipt page was not shown"

    for _ in range(2):  # warm caches, as a running server would have
        derive()
        submit()
    # Taken in turn, so that what the rest of the machine does weighs on both alike.
    derivation_wall, derivation_cpu, submission_wall, submission_cpu, kernel = [], [], [], [], []
    for _ in range(runs):
        kernel_before = resource.getrusage(resource.RUSAGE_SELF).ru_stime
        wall, cpu = _timed(1, derive)
        kernel.append((resource.getrusage(resource.RUSAGE_SELF).ru_stime - kernel_before) * 1000)
        derivation_wall.append(wall)
        derivation_cpu.append(cpu)
        wall, cpu = _timed(1, submit)
        submission_wall.append(wall)
        submission_cpu.append(cpu)
    with CaptureQueriesContext(connection) as captured:
        submit()
    queries = len(captured.captured_queries)  # now: the next request's connection starts a new log
    connection.close()  # not shared with the processes forked below
    cores, parallel_rate = parallel_derivations(derive, max(runs // 4, 3))

    spent: dict = defaultdict(float)
    counts: dict = defaultdict(int)
    wrapped = [label for label, module, attribute in PARTS if part_time(spent, label, module, attribute, counts)]
    submit()
    spent.clear()
    counts.clear()
    started = time.process_time()
    for _ in range(runs):
        submit()
    whole = (time.process_time() - started) * 1000 / runs
    parts = {label: round(spent[label] * 1000 / runs, 2) for label in dict.fromkeys(wrapped)}
    parts["the rest: middleware, CSRF, response"] = round(whole - sum(parts.values()), 2)
    calls = {label: counts[label] / runs for label in dict.fromkeys(wrapped)}

    profile = cProfile.Profile()
    profile.enable()
    for _ in range(runs):
        submit()
    profile.disable()
    printed = io.StringIO()
    pstats.Stats(profile, stream=printed).sort_stats("cumulative").print_stats(top)
    figures = {
        "derivation_ms": statistics.median(derivation_wall),
        "derivation_cpu_ms": statistics.median(derivation_cpu),
        # Of which in the kernel: mostly paging in (and zeroing) Argon2id's memory.
        "derivation_system_cpu_ms": statistics.median(kernel),
        "submission_ms": statistics.median(submission_wall),
        "submission_cpu_ms": statistics.median(submission_cpu),
    }
    return {
        "argon2": parameters.as_text(),
        **{name: round(value, 1) for name, value in figures.items()},
        "submission_per_derivation": round(figures["submission_ms"] / figures["derivation_ms"], 3),
        "cpu_submission_per_derivation": round(figures["submission_cpu_ms"] / figures["derivation_cpu_ms"], 3),
        "cores": cores,
        "bound_per_second": round(cores * 1000 / figures["derivation_ms"], 2),
        "derivations_per_second_on_all_cores": round(parallel_rate, 2),
        "derivations_per_report": calls.get("Argon2id", 0.0),
        "queries_per_report": queries,
        "cpu_ms_per_part": parts,
        "calls_per_report": calls,
        "cpu_ms_whole_with_parts_timed": round(whole, 1),
        "profile": printed.getvalue(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default="sqlite")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.runs, args.top)))
        return
    sys.path.insert(0, str(BENCH))
    from run import fresh_databases, manage, measured_in, result_write

    command = "python bench/submit_profile.py " + " ".join(sys.argv[1:])
    for db, env in fresh_databases(args.db, place="submit"):
        manage(env, "collectstatic", "--no-input")
        manage(env, "seed_demo")
        figures = measured_in(env, __file__, "--runs", str(args.runs), "--top", str(args.top))
        profile = figures.pop("profile")
        result = result_write("submit_profile", db, figures, command=command)
        print(profile)
        print(f"[{db}] {result['argon2']}: one derivation {result['derivation_ms']} ms "
              f"({result['derivation_cpu_ms']} ms CPU, {result['derivation_system_cpu_ms']} of it in the kernel), one submission {result['submission_ms']} ms "
              f"({result['submission_cpu_ms']} ms CPU): {result['cpu_submission_per_derivation']} derivations in CPU "
              f"time ({result['submission_per_derivation']} in wall time)")
        print(f"[{db}] bound: {result['cores']} cores / one derivation = {result['bound_per_second']} a second; "
              f"{result['cores']} processes deriving at once: {result['derivations_per_second_on_all_cores']} a second")
        print(f"[{db}] per report: {result['derivations_per_report']} Argon2id derivations, "
              f"{result['queries_per_report']} queries; CPU ms of each part:")
        for label, ms in result["cpu_ms_per_part"].items():
            print(f"[{db}]   {label:<44} {ms:>8.2f}")


if __name__ == "__main__":
    main()
