#!/usr/bin/env python
"""A simulated year of cases through the deadline engine, and the time to close
that the handlers' case list shows for it.

Each case is submitted, then every stage of its pathway is completed by the real
services at a simulated moment, and the case is closed; nothing is timed on the
wall clock. Handlers finish a stage inside its deadline with probability
--on-time, otherwise up to twice the time allowed. Runs on a throwaway SQLite
database with cheap key stretching (the deadlines, not the cryptography, are
what is simulated).

    python bench/time_to_close.py [--cases 250] [--on-time 0.8] [--seed 7] [--warmup-days 180]
"""
import argparse
import os
import random
import secrets
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Pathways as reporters might choose them, and how often a process ends early.
PATHWAY_MIX = {"record": 0.15, "support": 0.25, "informal": 0.25, "restorative": 0.10, "formal": 0.25}
RESTORATIVE_STOPPED = 0.2
FORMAL_APPEALED = 0.15


def configure(folder: str) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="holdspace.settings",
        HOLDSPACE_DEBUG="1",
        HOLDSPACE_SECRET_KEY=secrets.token_urlsafe(40),
        HOLDSPACE_KEY_SECRET=secrets.token_urlsafe(40),
        HOLDSPACE_VAR_DIR=folder,
        HOLDSPACE_ARGON2_TIME_COST="1",
        HOLDSPACE_ARGON2_MEMORY_KIB="8192",
        HOLDSPACE_LOG_LEVEL="WARNING",
    )
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def simulate(cases: int, on_time: float, seed: int, warmup_days: int = 180) -> dict:
    from holdspace.accounts.models import User
    from holdspace.keys.services import personal_key_create
    from holdspace.organisations.models import Membership, Organisation, Role
    from holdspace.reports import handling, reporter
    from holdspace.reports.content import ReportContent
    from holdspace.reports.models import Case
    from holdspace.reports.pathways import stage_days
    from holdspace.reports.statistics import time_to_close
    from holdspace.reports.submission import Submission, report_submit

    rng = random.Random(seed)
    organisation = Organisation.objects.create(name="Simulated", slug="simulated")
    handlers = []
    for name in ("first", "second"):
        user = User.objects.create_user(email=f"{name}@sim.invalid", password="simulated password 1", display_name=name)
        Membership.objects.create(user=user, organisation=organisation, role=Role.CASE_HANDLER)
        handlers.append((user, personal_key_create(user, password="simulated password 1").private_key))
    respondent = User.objects.create_user(email="him@sim.invalid", password="simulated password 2", display_name="R")
    Membership.objects.create(user=respondent, organisation=organisation, role=Role.MEMBER)

    year_start = datetime(2025, 1, 1, 9, tzinfo=timezone.utc)
    year_end = year_start + timedelta(days=365)

    def delay(stage: str) -> timedelta:
        allowed = stage_days(stage)
        share = rng.uniform(0.2, 1.0) if rng.random() < on_time else rng.uniform(1.0, 2.0)
        return timedelta(days=allowed * share)

    pathways, weights = zip(*PATHWAY_MIX.items())
    # Cases keep arriving at the same rate during a warm-up before the year, so
    # the year's closings include long cases begun earlier, as in a running organisation.
    arrivals = round(cases * (365 + warmup_days) / 365)
    for _ in range(arrivals):
        received = year_start + timedelta(days=rng.uniform(-warmup_days, 365))
        pathway = rng.choices(pathways, weights)[0]
        case, _ = report_submit(
            organisation=organisation,
            submission=Submission(kind="complaint", pathway=pathway, content=ReportContent(what="simulated"),
                                  respondent_consent=True),
            now=received,
        )
        user, private_key = handlers[0]
        data_key = handling.data_key_open(case, user=user, private_key=private_key)
        now = received
        outcome = {"record": "recorded", "support": "supported", "informal": "resolved_informally",
                   "restorative": "agreement_kept", "formal": "upheld"}[pathway]
        stopped = pathway == "restorative" and rng.random() < RESTORATIVE_STOPPED
        while True:
            now += delay(case.stage)
            if now > year_end:
                break
            if case.stage == "notify":
                handling.respondent_link(case, actor=user, respondent=respondent)
                handling.respondent_notify(case, actor=user, data_key=data_key, notice="simulated", now=now)
            if stopped and case.stage == "rj_readiness":
                reporter.reporter_restorative_stop(case, now=now)
                break
            if case.stage == "appeal_window" and rng.random() < FORMAL_APPEALED:
                handling.appeal_open(case, actor=None, by="respondent", handler=handlers[1][0], now=now)
                user = handlers[1][0]
                continue
            if case.stage == "appeal_window":  # its stage ends only once the time to appeal has run out
                now = max(now, case.stage_due_at)
            standard = "balance" if case.stage == "findings" else ""
            # A stage that records someone's word completes early only with a note of what they said.
            note = "simulated" if case.stage in ("response", "reporter_view") else ""
            following = handling.stage_complete(case, actor=user, data_key=data_key, note=note, standard=standard,
                                                now=now)
            if following is None:
                handling.case_close(case, actor=user, outcome=outcome, now=now)
                break
    figures = time_to_close(organisation, now=year_end)
    still_open = Case.objects.filter(status=Case.Status.OPEN).count()
    return {"figures": figures, "still_open": still_open, "cases": arrivals}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=250)
    parser.add_argument("--on-time", type=float, default=0.8)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--warmup-days", type=int, default=180)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        configure(folder)
        result = simulate(args.cases, args.on_time, args.seed, args.warmup_days)
    figures = result["figures"]
    print(
        f"{result['cases']} cases arriving over {args.warmup_days} days of warm-up and a year, "
        f"{args.on_time:.0%} of stages on time: {figures.cases} closed within the year, median {figures.median_days} days, "
        f"90th percentile {figures.p90_days} days, {figures.share_over_100_days:.1%} over 100 days; "
        f"{result['still_open']} still open at the year's end."
    )


if __name__ == "__main__":
    main()
