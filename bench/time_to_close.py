#!/usr/bin/env python
"""A simulated year of cases through the deadline engine, and the time to close
that the handlers' case list shows for it.

Each case is submitted, then every stage of its pathway is completed by the real
services at a simulated moment, and the case is closed; nothing is timed on the
wall clock. A stage is finished inside its deadline with probability --on-time
(in 20 % to 100 % of the time allowed), otherwise in up to twice the time allowed.
Runs on a throwaway SQLite database with cheap key stretching (the deadlines, not
the cryptography, are what is simulated).

The escalation's effect, stated (and nothing else changes how late a late stage is):
the daily upkeep escalates a handlers' stage overdue by more than a day
(holdspace/reports/upkeep.py ESCALATE_AFTER) at its first run after that, so
between one and two days after the deadline. A colleague then finishes it, with the
same probability --on-time, within 20 % to 100 % of half the stage's days (at least
one day); otherwise (he is late too) the stage ends when it would have anyway. The
time that is someone else's (her view, her preparation and readiness, his answer,
the time to appeal, the agreement's follow-up) is never escalated. The reminders
before and at the deadline are given no effect: the 80 % on time already includes
them.

The first answer to the reporter is the first message a handler writes to her on
her page (here written with the acknowledgment, as the case page offers); the
automatic confirmation of receipt is not counted. It is measured for the reports
received in the year.

    python bench/time_to_close.py [--cases 250] [--on-time 0.8] [--seed 7] [--warmup-days 180] [--json PATH]
"""
import argparse
import json
import math
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
        HOLDSPACE_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",  # the respondent's notice codes
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
    from holdspace.reports.models import Case, CaseMessage
    from holdspace.reports.pathways import OTHERS_TIME, stage_days
    from holdspace.reports.statistics import time_to_close
    from holdspace.reports.submission import Submission, report_submit
    from holdspace.reports.upkeep import ESCALATE_AFTER

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

    escalate_after = ESCALATE_AFTER / timedelta(days=1)

    def delay(stage: str) -> timedelta:
        allowed = stage_days(stage)
        if rng.random() < on_time:
            return timedelta(days=allowed * rng.uniform(0.2, 1.0))
        late = allowed * rng.uniform(1.0, 2.0)
        if stage not in OTHERS_TIME:
            escalated = allowed + escalate_after + rng.uniform(0.0, 1.0)  # the first daily run after a day late
            if late > escalated and rng.random() < on_time:
                late = min(late, escalated + max(1.0, allowed / 2) * rng.uniform(0.2, 1.0))
        return timedelta(days=late)

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
            # The acknowledgment comes with a person's first message to her.
            first = "simulated first answer" if case.stage == "acknowledge" else ""
            following = handling.stage_complete(case, actor=user, data_key=data_key, note=note, standard=standard,
                                                now=now, reporter_message=first)
            if following is None:
                handling.case_close(case, actor=user, outcome=outcome, now=now)
                break
    figures = time_to_close(organisation, now=year_end)
    still_open = Case.objects.filter(status=Case.Status.OPEN).count()
    closed = Case.objects.filter(status=Case.Status.CLOSED, closed_at__gte=year_start, closed_at__lte=year_end)
    by_pathway = {pathway: sorted(closed.filter(pathway=pathway).values_list("days_to_close", flat=True))
                  for pathway in PATHWAY_MIX}
    # Days to the first handler message to her, for the reports received in the year; one still unanswered at
    # the year's end counts with the days it has waited (so it is never left out).
    first_answers = []
    for case_id, received in Case.objects.filter(received_at__gte=year_start).values_list("pk", "received_at"):
        first = CaseMessage.objects.filter(case_id=case_id, channel=CaseMessage.Channel.REPORTER,
                                           author=CaseMessage.Author.HANDLER).order_by("created_at").first()
        end = first.created_at if first else year_end
        first_answers.append((end - received).total_seconds() / 86400)
    first_answers.sort()
    return {"figures": figures, "still_open": still_open, "cases": arrivals, "by_pathway": by_pathway,
            "first_answers": first_answers}


def median(values: list[float]) -> float | None:
    if not values:
        return None
    middle = values[(len(values) - 1) // 2: len(values) // 2 + 1]
    return round(sum(middle) / len(middle), 1)


def nearest_rank(values: list[float], share: float) -> float | None:
    return round(values[math.ceil(share * len(values)) - 1], 1) if values else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=250)
    parser.add_argument("--on-time", type=float, default=0.8)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--warmup-days", type=int, default=180)
    parser.add_argument("--json", help="also write the figures to this file (bench/results/time_to_close.json)")
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
    answers = result["first_answers"]
    within_two = sum(days <= 2 for days in answers) / len(answers)
    print(f"First answer from a person to the reporter ({len(answers)} reports received in the year): median "
          f"{median(answers)} days, 90th percentile {nearest_rank(answers, 0.9)} days, {within_two:.1%} within 2 days.")
    for pathway, days in result["by_pathway"].items():
        print(f"  {pathway}: {len(days)} closed, median {median(days)} days, 90th percentile "
              f"{nearest_rank(days, 0.9)} days")
    if args.json:
        command = "python bench/time_to_close.py " + " ".join(
            f"--{name.replace('_', '-')} {value}" for name, value in
            (("cases", args.cases), ("on_time", args.on_time), ("seed", args.seed), ("warmup_days", args.warmup_days),
             ("json", args.json)))
        figures_out = {
            "first_answer_p90_days": nearest_rank(answers, 0.9),
            "first_answer_median_days": median(answers),
            "first_answer_share_within_2_days": round(within_two, 3),
            **{f"close_median_days_{pathway}": median(days) for pathway, days in result["by_pathway"].items()},
            **{f"close_p90_days_{pathway}": nearest_rank(days, 0.9) for pathway, days in result["by_pathway"].items()},
            "close_median_days_all": figures.median_days,
            "close_p90_days_all": figures.p90_days,
            "closed_in_year": figures.cases,
            "still_open_at_year_end": result["still_open"],
            "on_time": args.on_time,
            "cases_per_year": args.cases,
            "seed": args.seed,
            "command": command,
        }
        Path(args.json).write_text(json.dumps(figures_out, indent=2) + "\n")


if __name__ == "__main__":
    main()
