#!/usr/bin/env python
"""The cost of opening the personal key at sign-in, with the production Argon2id parameters.

    python bench/sign_in_unlock.py [--db sqlite,postgres] [--runs 30]

For each database: a fresh one (migrated, production settings, the Argon2id parameters of the
settings' defaults, never the tests' cheap ones), two people signing in with the password alone,
one with a personal key and one without. Timed one at a time in-process (Django's test client, no
server), after two warm-up runs each:

- `sign_in_without_key`: the sign-in POST of someone without a key (Django's Argon2 password check);
- `sign_in_with_key`: the same POST for someone with a key, which also opens the key for his session;
- `key_unwrap`: the key's Argon2id unwrap alone (stretching, sub-key, secret box), no database;
- `password_check`: Django's password check alone, for comparison.

Writes bench/results/sign_in_unlock-<db>.json. PostgreSQL needs DATABASE_URL (an administrative
connection): `scripts/with-postgres .venv/bin/python bench/sign_in_unlock.py`.
"""
import argparse
import json
import statistics
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
WITH_KEY = "with-key@bench.holdspace.invalid"
WITHOUT_KEY = "without-key@bench.holdspace.invalid"
PASSWORD = "a bench password with some length 2026"


def figures(timings: list[float]) -> dict:
    timings = sorted(timings)
    return {"median_ms": round(statistics.median(timings), 1),
            "p95_ms": round(timings[max(0, -(-len(timings) * 95 // 100) - 1)], 1),
            "min_ms": round(timings[0], 1), "runs": len(timings)}


def measure(runs: int) -> dict:
    """Inside Holdspace's settings, on the fresh database: time the four steps."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.hashers import get_hasher
    from django.test import Client

    from holdspace.accounts.models import ThrottleBucket, User
    from holdspace.crypto.derivation import current_parameters
    from holdspace.crypto.keyrings import WrappedKey, private_key_unwrap
    from holdspace.keys.models import PersonalKey
    from holdspace.keys.services import PASSWORD as PASSWORD_PURPOSE
    from holdspace.keys.services import personal_key_create
    from holdspace.keys.session import UNLOCKED

    with_key = User.objects.create_user(email=WITH_KEY, password=PASSWORD, display_name="With a key")
    User.objects.create_user(email=WITHOUT_KEY, password=PASSWORD, display_name="Without a key")
    personal_key_create(with_key, password=PASSWORD)
    stored = PersonalKey.objects.get(user=with_key)
    wrapped = WrappedKey(bytes(stored.by_password), bytes(stored.password_salt), stored.password_parameters)

    def sign_in(email: str, *, opens_key: bool) -> float:
        ThrottleBucket.objects.all().delete()  # one address signs in again and again: lift the limit, not the work
        client = Client(HTTP_HOST="127.0.0.1")
        started = time.perf_counter()
        response = client.post("/accounts/login/", {"email": email, "password": PASSWORD})
        took = (time.perf_counter() - started) * 1000
        assert response.status_code == 302, response.status_code
        assert (UNLOCKED in response.cookies) == opens_key
        return took

    def timed(step) -> float:
        started = time.perf_counter()
        step()
        return (time.perf_counter() - started) * 1000

    steps = {
        "sign_in_without_key": lambda: sign_in(WITHOUT_KEY, opens_key=False),
        "sign_in_with_key": lambda: sign_in(WITH_KEY, opens_key=True),
        "key_unwrap": lambda: timed(lambda: private_key_unwrap(wrapped, secret=PASSWORD, purpose=PASSWORD_PURPOSE)),
        "password_check": lambda: timed(lambda: with_key.check_password(PASSWORD)),
    }
    measured = {}
    for name, step in steps.items():
        for _ in range(2):
            step()
        measured[name] = figures([step() for _ in range(runs)])
    hasher = get_hasher()
    return {
        "key_parameters": current_parameters().as_text(),
        "password_hasher": f"{hasher.algorithm}: t={hasher.time_cost}, m={hasher.memory_cost} KiB, "
                           f"p={hasher.parallelism}",
        "debug": settings.HOLDSPACE_DEBUG,
        "steps": measured,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default="sqlite,postgres")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.runs)))
        return
    sys.path.insert(0, str(BENCH))
    from run import fresh_databases, measured_in, result_write

    command = "python bench/sign_in_unlock.py " + " ".join(sys.argv[1:])
    for db, env in fresh_databases(args.db, place="sign_in"):  # no HOLDSPACE_ARGON2_* override reaches it
        result = result_write("sign_in_unlock", db, measured_in(env, __file__, "--runs", str(args.runs)),
                              command=command)
        for name, step in result["steps"].items():
            print(f"[{db}] {name:<20} median {step['median_ms']:>7} ms, p95 {step['p95_ms']:>7} ms")


if __name__ == "__main__":
    main()
